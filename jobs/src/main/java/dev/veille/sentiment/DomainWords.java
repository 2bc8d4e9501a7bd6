package dev.veille.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What words mean on social platforms, learned from labelled tweets: for each word and each class
 * (negative, neutral, positive), the naive-Bayes log-count ratio of the class against the two
 * others (Wang and Manning 2012), from the share of texts of each that contain the word. The
 * sentence model learnt its words from movie reviews; this is how the calibration hears that
 * "sick" or "dropped" mean something else in a tweet.
 *
 * <p>A text's three features are the sums of its distinct known words' ratios divided by the
 * square root of its distinct words, so one polar word in a long post still counts, but less than
 * in a short one. Words seen in fewer than {@link #MIN_TEXTS} training texts are left out: their
 * ratios would be noise. The ratios must be estimated on other texts than the ones whose features
 * train the regression over them (cross-fitting; see {@link CalibrationTrainer}), or the
 * regression would trust them far too much.
 */
public final class DomainWords {
  /** A word must occur in at least this many training texts to get a ratio. */
  static final int MIN_TEXTS = 3;
  /** Add-one smoothing of the per-class word counts. */
  private static final double SMOOTHING = 1.0;

  private final Map<String, double[]> ratios;

  private DomainWords(Map<String, double[]> ratios) {
    this.ratios = ratios;
  }

  public int size() {
    return ratios.size();
  }

  /** The ratios of a word (negative, neutral, positive), or null when it is not known. */
  public double[] ratios(String word) {
    return ratios.get(word);
  }

  /** The words a text is read by: distinct, with at least one letter (lower-cased by CoreNLP's split). */
  static Set<String> terms(List<String> words) {
    Set<String> t = new LinkedHashSet<>();
    for (String w : words) {
      if (w.codePoints().anyMatch(Character::isLetter)) {
        t.add(w);
      }
    }
    return t;
  }

  /** Fits the ratios on texts' words and their labels (0/1/2). */
  public static DomainWords fit(List<List<String>> texts, int[] labels) {
    Map<String, int[]> counts = new HashMap<>();
    for (int i = 0; i < texts.size(); i++) {
      for (String w : terms(texts.get(i))) {
        counts.computeIfAbsent(w, k -> new int[3])[labels[i]]++;
      }
    }
    counts.values().removeIf(c -> c[0] + c[1] + c[2] < MIN_TEXTS);
    double[] total = new double[3];
    for (int[] c : counts.values()) {
      for (int k = 0; k < 3; k++) {
        total[k] += c[k] + SMOOTHING;
      }
    }
    Map<String, double[]> ratios = new TreeMap<>();
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      int[] c = e.getValue();
      double[] r = new double[3];
      for (int k = 0; k < 3; k++) {
        double in = (c[k] + SMOOTHING) / total[k];
        double out = (c[(k + 1) % 3] + c[(k + 2) % 3] + 2 * SMOOTHING) / (total[(k + 1) % 3] + total[(k + 2) % 3]);
        r[k] = Math.round(Math.log(in / out) * 1e4) / 1e4;
      }
      ratios.put(e.getKey(), r);
    }
    return new DomainWords(ratios);
  }

  /** The three features of a text's words (all zero when it has no known word). */
  public double[] features(List<String> words) {
    double[] f = new double[3];
    Set<String> t = terms(words);
    for (String w : t) {
      double[] r = ratios.get(w);
      if (r != null) {
        for (int k = 0; k < 3; k++) {
          f[k] += r[k];
        }
      }
    }
    double norm = Math.sqrt(Math.max(1, t.size()));
    for (int k = 0; k < 3; k++) {
      f[k] /= norm;
    }
    return f;
  }

  /** {@code {"word": [negative, neutral, positive], ...}}, words sorted (stable diffs). */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    ratios.forEach((w, r) -> {
      ArrayNode a = o.putArray(w);
      for (double x : r) {
        a.add(x);
      }
    });
    return o;
  }

  public static DomainWords fromJson(JsonNode o) {
    Map<String, double[]> ratios = new TreeMap<>();
    o.properties().forEach(e -> {
      JsonNode a = e.getValue();
      if (!a.isArray() || a.size() != 3) {
        throw new IllegalArgumentException("domain word " + e.getKey() + ": " + a + " (expected 3 ratios)");
      }
      ratios.put(e.getKey(), new double[] {a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble()});
    });
    return new DomainWords(ratios);
  }
}
