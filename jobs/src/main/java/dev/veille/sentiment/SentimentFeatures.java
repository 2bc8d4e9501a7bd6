package dev.veille.sentiment;

import dev.veille.common.Lazy;
import dev.veille.text.SocialLexicon;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inputs of the calibration, one code path for training and scoring:
 *
 * <ul>
 *   <li>{@code corenlp}: CoreNLP's five-class distribution of the sentences, weighted by tokens;
 *   <li>{@code extremes}: its most negative and most positive sentence;
 *   <li>{@code words}: CoreNLP's predictions at the words (the tree's pre-terminals): the share of
 *       words it calls negative and positive, and the most negative and most positive word;
 *   <li>{@code phrases}: the same over every phrase of two tokens or more (the sentences included),
 *       plus their mean: a tweet with one strongly polar clause in a neutral frame;
 *   <li>{@code vader}: positive and negative valence of the words in the VADER lexicon
 *       ({@code models/sentiment/vader_lexicon.tsv}, rated for social media), flipped after a
 *       negation in the three words before, and VADER's normalised compound of the two;
 *   <li>{@code domain}: the words' learned polarity on tweets ({@link DomainWords}), zero when the
 *       calibration has none;
 *   <li>{@code lexicon}: emoji and emoticon polarity and count from the social lexicon (raw text,
 *       before normalisation turns them into words);
 *   <li>{@code negation}, {@code punctuation} (! and ?), {@code emphasis} (ALL CAPS words,
 *       elongations), {@code length}: read on the raw text.
 * </ul>
 *
 * Every count is capped, so one odd text cannot dominate. Expected values map CoreNLP's five
 * classes to -1, -0.5, 0, 0.5, 1.
 */
public final class SentimentFeatures {
  /** Feature names, in the order of {@link #of}; groups share a prefix (used by ablations). */
  public static final List<String> NAMES = List.of(
      "corenlp.very_negative", "corenlp.negative", "corenlp.neutral", "corenlp.positive", "corenlp.very_positive",
      "extremes.min_sentence", "extremes.max_sentence",
      "words.negative_share", "words.positive_share", "words.min", "words.max",
      "phrases.negative_share", "phrases.positive_share", "phrases.min", "phrases.max", "phrases.mean",
      "vader.positive", "vader.negative", "vader.compound",
      "domain.negative", "domain.neutral", "domain.positive",
      "lexicon.polarity", "lexicon.count",
      "negation.count",
      "punctuation.exclamations", "punctuation.questions",
      "emphasis.caps_words", "emphasis.elongations",
      "length.log_tokens");

  /** Index of the first {@code domain.*} feature (filled by {@link DomainWords}). */
  static final int DOMAIN = NAMES.indexOf("domain.negative");

  public static final String VADER_RESOURCE = "models/sentiment/vader_lexicon.tsv";

  private static final Pattern NEGATION = Pattern.compile(
      "(?i)\\b(?:not|no|never|nothing|nobody|none|nor|cannot|can't|cant|won't|wont|don't|dont|doesn't|doesnt"
          + "|didn't|didnt|isn't|isnt|aren't|arent|wasn't|wasnt|shouldn't|couldn't|wouldn't|ain't|n't)\\b");
  /** Negations as CoreNLP splits them ("don't" is "do" + "n't"). */
  private static final Set<String> NEGATION_TOKENS = Set.of("not", "n't", "no", "never", "nothing", "nobody",
      "none", "nor", "cannot", "neither", "without", "dont", "cant", "wont", "didnt", "doesnt", "isnt", "aint");
  /** VADER's damping of a negated word's valence, and its normalisation constant. */
  private static final double NEGATED = -0.74;
  private static final double VADER_ALPHA = 15;
  private static final Pattern CAPS = Pattern.compile("\\b\\p{Lu}{3,}\\b");
  private static final Pattern ELONGATED = Pattern.compile("(\\p{L})\\1{2,}");

  private static final Lazy<Map<String, Double>> VADER = Lazy.of(SentimentFeatures::loadVader);

  private SentimentFeatures() {}

  /** Every feature of a text; the {@code domain.*} ones from {@code domain} (zero when null). */
  public static double[] of(String raw, CoreNlpSentiment.Analysis a, DomainWords domain) {
    return of(raw, a, domain, null);
  }

  /**
   * As {@link #of(String, CoreNlpSentiment.Analysis, DomainWords)}, computing only the feature
   * groups in {@code groups} (null: all); the others stay zero. A calibration reads only its own
   * groups, and the regular expressions of the groups it dropped were an eighth of the lexical
   * tier's time per text.
   */
  public static double[] of(String raw, CoreNlpSentiment.Analysis a, DomainWords domain, Set<String> groups) {
    double[] f = new double[NAMES.size()];
    for (int c = 0; c < 5; c++) {
      f[c] = a.distribution()[c];
    }
    f[5] = a.minSentence();
    f[6] = a.maxSentence();
    if (wants(groups, "words")) {
      nodes(a.phrases(), true, f, 7);
    }
    if (wants(groups, "phrases")) {
      nodes(a.phrases(), false, f, 11);
    }
    if (wants(groups, "vader")) {
      vader(a.words(), f, 16);
    }
    if (domain != null && wants(groups, "domain")) {
      System.arraycopy(domain.features(a.words()), 0, f, DOMAIN, 3);
    }
    if (wants(groups, "lexicon")) {
      SocialLexicon.Polarity p = SocialLexicon.get().polarity(raw);
      f[22] = clip(p.sum(), 3);
      f[23] = clip(p.emoji() + p.emoticons(), 3);
    }
    if (wants(groups, "negation")) {
      f[24] = clip(count(NEGATION, raw.replace('\u2019', '\'')), 3);
    }
    f[25] = clip(countChar(raw, '!'), 3);
    f[26] = clip(countChar(raw, '?'), 3);
    if (wants(groups, "emphasis")) {
      f[27] = clip(count(CAPS, raw), 3);
      f[28] = clip(count(ELONGATED, raw.toLowerCase(Locale.ROOT)), 3);
    }
    f[29] = Math.log1p(a.tokens());
    return f;
  }

  private static boolean wants(Set<String> groups, String group) {
    return groups == null || groups.contains(group);
  }

  /**
   * Over the words ({@code words}: nodes spanning one token) or the phrases (two or more): share
   * predicted negative, share predicted positive, lowest and highest expected value, and for
   * phrases their mean expected value. Zeros when there is none.
   */
  private static void nodes(double[][] phrases, boolean words, double[] f, int at) {
    int n = 0;
    int negative = 0;
    int positive = 0;
    double min = 0;
    double max = 0;
    double sum = 0;
    for (double[] row : phrases) {
      if ((row[0] == 1) != words) {
        continue;
      }
      int best = 0;
      double expected = 0;
      for (int c = 0; c < 5; c++) {
        if (row[c + 1] > row[best + 1]) {
          best = c;
        }
        expected += row[c + 1] * (c - 2) / 2.0;
      }
      negative += best < 2 ? 1 : 0;
      positive += best > 2 ? 1 : 0;
      min = n == 0 ? expected : Math.min(min, expected);
      max = n == 0 ? expected : Math.max(max, expected);
      sum += expected;
      n++;
    }
    if (n == 0) {
      return;
    }
    f[at] = negative / (double) n;
    f[at + 1] = positive / (double) n;
    f[at + 2] = min;
    f[at + 3] = max;
    if (!words) {
      f[at + 4] = sum / n;
    }
  }

  /** VADER's word valences (without its other heuristics: the calibration weighs punctuation and caps). */
  private static void vader(List<String> words, double[] f, int at) {
    Map<String, Double> lexicon = vaderLexicon();
    double positive = 0;
    double negative = 0;
    for (int i = 0; i < words.size(); i++) {
      Double v = lexicon.get(words.get(i));
      if (v == null) {
        continue;
      }
      double valence = v;
      for (int j = Math.max(0, i - 3); j < i; j++) {
        if (NEGATION_TOKENS.contains(words.get(j))) {
          valence *= NEGATED;
          break;
        }
      }
      if (valence > 0) {
        positive += valence;
      } else {
        negative -= valence;
      }
    }
    double s = positive - negative;
    f[at] = Math.min(positive, 12) / 4;
    f[at + 1] = Math.min(negative, 12) / 4;
    f[at + 2] = s / Math.sqrt(s * s + VADER_ALPHA);
  }

  /** token to mean valence (-4..4), loaded once per JVM. */
  static Map<String, Double> vaderLexicon() {
    return VADER.get();
  }

  private static Map<String, Double> loadVader() {
    Map<String, Double> m = new HashMap<>();
    try (InputStream in = SentimentFeatures.class.getClassLoader().getResourceAsStream(VADER_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + VADER_RESOURCE + " on the classpath (it ships in veille.jar)");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("# ")) {
          continue;
        }
        String[] cols = line.split("\t");
        if (cols.length != 2) {
          throw new IllegalStateException("Invalid " + VADER_RESOURCE + " line " + n + ": " + line
              + " (expected token and valence separated by a tab)");
        }
        m.put(cols[0], Double.parseDouble(cols[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + VADER_RESOURCE, e);
    }
    return Map.copyOf(m);
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static int countChar(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
