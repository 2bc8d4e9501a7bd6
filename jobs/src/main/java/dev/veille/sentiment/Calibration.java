package dev.veille.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.common.Lazy;
import dev.veille.common.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A multinomial logistic regression (negative, neutral, positive) over {@link SentimentFeatures}:
 * standardised inputs, L2-regularised, fitted by Newton's method (deterministic: the same data
 * gives the same weights, byte for byte). Small enough to ship as JSON in
 * {@code models/sentiment/calibration.json} and to read in a review.
 */
public final class Calibration {
  public static final String RESOURCE = "models/sentiment/calibration.json";
  /** The French calibration (over {@link FrenchFeatures}, no CoreNLP). */
  public static final String FRENCH_RESOURCE = "models/sentiment/fr/calibration.json";
  public static final String[] LABELS = {"negative", "neutral", "positive"};

  private final List<String> features;
  private final List<String> universe;
  private final int[] index;
  private final double[] mean;
  private final double[] sd;
  private final double[][] weights;
  private final DomainWords domainWords;
  private final String json;

  private Calibration(List<String> features, double[] mean, double[] sd, double[][] weights,
      DomainWords domainWords, String json, List<String> universe) {
    this.features = List.copyOf(features);
    this.universe = universe;
    this.domainWords = domainWords;
    this.index = new int[features.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = universe.indexOf(features.get(i));
      if (index[i] < 0) {
        throw new IllegalArgumentException("Unknown calibration feature: " + features.get(i));
      }
    }
    this.mean = mean;
    this.sd = sd;
    this.weights = weights;
    this.json = json;
  }

  public List<String> features() {
    return features;
  }

  /** A short fingerprint of the model (first 8 hex digits of the SHA-256 of its JSON). */
  public String fingerprint() {
    return Versions.sha256(json).substring(0, 8);
  }

  public String toJson() {
    return json;
  }

  /** The learned word polarities this model reads (null when it reads none). */
  public DomainWords domainWords() {
    return domainWords;
  }

  /** Probabilities of negative, neutral, positive of a raw text and CoreNLP's analysis of it. */
  public double[] predict(String raw, CoreNlpSentiment.Analysis analysis) {
    return predict(SentimentFeatures.of(raw, analysis, domainWords));
  }

  /** Probabilities of negative, neutral, positive from all {@link SentimentFeatures}. */
  public double[] predict(double[] all) {
    double[] z = new double[3];
    for (int k = 0; k < 3; k++) {
      double s = weights[k][index.length];
      for (int i = 0; i < index.length; i++) {
        s += weights[k][i] * (all[index[i]] - mean[i]) / sd[i];
      }
      z[k] = s;
    }
    return softmax(z);
  }

  /** The most probable class (ties go to the lower index: negative, then neutral). */
  public static int argmax(double[] p) {
    return p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
  }

  static double[] softmax(double[] z) {
    double max = Math.max(z[0], Math.max(z[1], z[2]));
    double[] p = new double[3];
    double sum = 0;
    for (int k = 0; k < 3; k++) {
      p[k] = Math.exp(z[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < 3; k++) {
      p[k] /= sum;
    }
    return p;
  }

  /**
   * Fits the model on rows of all {@link SentimentFeatures} and labels 0/1/2, using only the
   * named features. Classes are weighted to count equally. {@code domainWords} is shipped with
   * the model (it fills the {@code domain.*} features when scoring); the rows' {@code domain.*}
   * values must come from ratios fitted on other texts (cross-fitting).
   */
  public static Calibration fit(List<double[]> rows, int[] labels, List<String> features, double l2,
      DomainWords domainWords, ObjectNode metadata) {
    return fit(rows, labels, features, l2, domainWords, metadata, SentimentFeatures.NAMES);
  }

  /**
   * As {@link #fit(List, int[], List, double, DomainWords, ObjectNode)} over rows of another
   * feature list ({@code universe}: {@link SentimentFeatures#NAMES} or {@link FrenchFeatures#NAMES}).
   */
  public static Calibration fit(List<double[]> rows, int[] labels, List<String> features, double l2,
      DomainWords domainWords, ObjectNode metadata, List<String> universe) {
    int n = rows.size();
    int d = features.size();
    int[] idx = features.stream().mapToInt(universe::indexOf).toArray();
    double[] mean = new double[d];
    double[] sd = new double[d];
    for (double[] r : rows) {
      for (int i = 0; i < d; i++) {
        mean[i] += r[idx[i]] / n;
      }
    }
    for (double[] r : rows) {
      for (int i = 0; i < d; i++) {
        sd[i] += Math.pow(r[idx[i]] - mean[i], 2) / n;
      }
    }
    for (int i = 0; i < d; i++) {
      sd[i] = Math.sqrt(sd[i]) < 1e-9 ? 1 : Math.sqrt(sd[i]);
    }
    double[][] x = new double[n][d];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < d; i++) {
        x[j][i] = (rows.get(j)[idx[i]] - mean[i]) / sd[i];
      }
    }
    double[] classCount = new double[3];
    for (int y : labels) {
      classCount[y]++;
    }
    double[] classWeight = new double[3];
    for (int k = 0; k < 3; k++) {
      classWeight[k] = classCount[k] == 0 ? 0 : n / (3.0 * classCount[k]);
    }
    double[][] w = newton(x, labels, classWeight, l2);
    ObjectNode o = Json.object();
    boolean french = universe.equals(FrenchFeatures.NAMES);
    o.put("model", french ? "multinomial logistic regression over French lexicon and social features"
        : "multinomial logistic regression over CoreNLP sentiment and social features");
    if (french) {
      o.put("language", "fr");
    }
    o.set("labels", Json.MAPPER.valueToTree(LABELS));
    o.set("features", Json.MAPPER.valueToTree(features));
    o.set("mean", array(mean));
    o.set("sd", array(sd));
    ArrayNode ws = o.putArray("weights");
    for (double[] row : w) {
      ws.add(array(row));
    }
    o.put("l2", l2);
    if (metadata != null) {
      o.set("training", metadata);
    }
    if (domainWords != null && features.stream().anyMatch(f -> f.startsWith("domain."))) {
      o.set("domain_words", domainWords.toJson());
    }
    return parse(Json.pretty(o), universe);
  }

  /**
   * Minimises the class-weighted mean cross-entropy plus {@code l2/2 * |weights|^2} (biases not
   * penalised) by Newton's method with step halving: the loss is convex, so this finds its
   * minimum in a few dozen steps, the same for the same data.
   */
  private static double[][] newton(double[][] x, int[] labels, double[] classWeight, double l2) {
    int n = x.length;
    int d = n == 0 ? 0 : x[0].length;
    int m = 3 * (d + 1);
    double[] theta = new double[m];
    double loss = loss(x, labels, classWeight, l2, theta);
    for (int iter = 0; iter < 100; iter++) {
      double[] g = new double[m];
      double[][] h = new double[m][m];
      double[] xi = new double[d + 1];
      for (int j = 0; j < n; j++) {
        System.arraycopy(x[j], 0, xi, 0, d);
        xi[d] = 1;
        double[] p = probabilities(theta, xi);
        double cw = classWeight[labels[j]] / n;
        for (int k = 0; k < 3; k++) {
          double r = cw * (p[k] - (labels[j] == k ? 1 : 0));
          for (int i = 0; i <= d; i++) {
            g[k * (d + 1) + i] += r * xi[i];
          }
          for (int l = k; l < 3; l++) {
            double c = cw * p[k] * ((k == l ? 1 : 0) - p[l]);
            for (int i = 0; i <= d; i++) {
              double ci = c * xi[i];
              int row = k * (d + 1) + i;
              for (int t = 0; t <= d; t++) {
                h[row][l * (d + 1) + t] += ci * xi[t];
              }
            }
          }
        }
      }
      for (int a = 0; a < m; a++) {
        for (int b = 0; b < a; b++) {
          if (b / (d + 1) < a / (d + 1)) {
            h[a][b] = h[b][a];
          }
        }
        boolean bias = a % (d + 1) == d;
        // The three biases can all move by the same amount without changing any probability: a
        // tiny penalty pins them down.
        h[a][a] += bias ? 1e-6 : l2;
        g[a] += (bias ? 1e-6 : l2) * theta[a];
      }
      double[] step = new org.apache.commons.math3.linear.LUDecomposition(
          new org.apache.commons.math3.linear.Array2DRowRealMatrix(h, false)).getSolver()
          .solve(new org.apache.commons.math3.linear.ArrayRealVector(g, false)).toArray();
      double size = 1;
      double[] next = new double[m];
      double nextLoss;
      do {
        for (int a = 0; a < m; a++) {
          next[a] = theta[a] - size * step[a];
        }
        nextLoss = loss(x, labels, classWeight, l2, next);
        size /= 2;
      } while (nextLoss > loss && size > 1e-6);
      double change = 0;
      for (int a = 0; a < m; a++) {
        change = Math.max(change, Math.abs(next[a] - theta[a]));
      }
      theta = next;
      loss = nextLoss;
      if (change < 1e-9) {
        break;
      }
    }
    double[][] w = new double[3][d + 1];
    for (int k = 0; k < 3; k++) {
      System.arraycopy(theta, k * (d + 1), w[k], 0, d + 1);
    }
    return w;
  }

  private static double[] probabilities(double[] theta, double[] xi) {
    int d1 = xi.length;
    double[] z = new double[3];
    for (int k = 0; k < 3; k++) {
      double s = 0;
      for (int i = 0; i < d1; i++) {
        s += theta[k * d1 + i] * xi[i];
      }
      z[k] = s;
    }
    return softmax(z);
  }

  private static double loss(double[][] x, int[] labels, double[] classWeight, double l2, double[] theta) {
    int n = x.length;
    int d = n == 0 ? 0 : x[0].length;
    double[] xi = new double[d + 1];
    double sum = 0;
    for (int j = 0; j < n; j++) {
      System.arraycopy(x[j], 0, xi, 0, d);
      xi[d] = 1;
      sum -= classWeight[labels[j]] * Math.log(Math.max(1e-300, probabilities(theta, xi)[labels[j]])) / n;
    }
    for (int a = 0; a < theta.length; a++) {
      sum += (a % (d + 1) == d ? 1e-6 : l2) * theta[a] * theta[a] / 2;
    }
    return sum;
  }

  private static ArrayNode array(double[] v) {
    ArrayNode a = Json.MAPPER.createArrayNode();
    for (double x : v) {
      a.add(Math.round(x * 1e6) / 1e6);
    }
    return a;
  }

  public static Calibration parse(String text) {
    return parse(text, SentimentFeatures.NAMES);
  }

  /** A calibration over {@code universe}'s features. */
  public static Calibration parse(String text, List<String> universe) {
    try {
      JsonNode o = Json.MAPPER.readTree(text);
      List<String> features = new ArrayList<>();
      o.get("features").forEach(f -> features.add(f.asText()));
      int d = features.size();
      double[] mean = new double[d];
      double[] sd = new double[d];
      double[][] w = new double[3][d + 1];
      for (int i = 0; i < d; i++) {
        mean[i] = o.get("mean").get(i).asDouble();
        sd[i] = o.get("sd").get(i).asDouble();
      }
      for (int k = 0; k < 3; k++) {
        for (int i = 0; i <= d; i++) {
          w[k][i] = o.get("weights").get(k).get(i).asDouble();
        }
      }
      DomainWords words = o.has("domain_words") ? DomainWords.fromJson(o.get("domain_words")) : null;
      if (words == null && features.stream().anyMatch(f -> f.startsWith("domain."))) {
        throw new IllegalArgumentException("features name domain.* but there is no domain_words table");
      }
      return new Calibration(features, mean, sd, w, words, text, universe);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Invalid calibration model: " + e.getMessage(), e);
    }
  }

  private static final Lazy<Calibration> SHIPPED =
      Lazy.of(() -> readShipped(RESOURCE, SentimentFeatures.NAMES));
  private static final Lazy<Calibration> SHIPPED_FRENCH =
      Lazy.of(() -> readShipped(FRENCH_RESOURCE, FrenchFeatures.NAMES));

  /** The calibration shipped in the jar, read once per JVM (its word table makes it ~70 KB of JSON). */
  public static Calibration shipped() {
    return SHIPPED.get();
  }

  /** The French calibration shipped in the jar, read once per JVM. */
  public static Calibration shippedFrench() {
    return SHIPPED_FRENCH.get();
  }

  private static Calibration readShipped(String resource, List<String> universe) {
    try (InputStream in = Calibration.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource + " on the classpath (it ships in veille.jar)");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), universe);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }
}
