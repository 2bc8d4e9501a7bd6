package dev.veille.topics;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import dev.veille.text.TopicTokenizer;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code topics:} section of veille.yaml: how themes are found.
 *
 * @param model         the model family (see {@link Family}); default {@link Family#KMEANS_TFIDF}
 * @param k             a fixed number of themes, or 0 to choose it in [{@code kMin}, {@code kMax}]
 * @param kMin          smallest k tried when k is automatic
 * @param kMax          largest k tried when k is automatic
 * @param seed          random seed of the clustering (and of the sample used to choose k)
 * @param vocabSize     largest vocabulary (most frequent tokens kept)
 * @param minDf         a token must appear in at least this many posts
 * @param bigrams       also count adjacent word pairs
 * @param keepMentions  keep non-pseudonymised @handles (brands, partners) as tokens
 * @param maxIter       clustering iterations
 * @param matchThreshold smallest cosine similarity between term distributions for a new theme to
 *                      inherit an old theme's id when a model is retrained
 * @param retrainDays   nightly retrains when the current model is older than this many days
 * @param trainingWindowDays posts published in this many days before the latest post are trained on
 * @param minPosts      fewer posts than this: no model is trained (nothing meaningful to find)
 * @param terms         what a token is: words as written, folded keys, or keys with French domain
 *                      words counted as their English counterpart (see {@link TopicTokenizer})
 */
public record TopicsConfig(Family model, int k, int kMin, int kMax, long seed, int vocabSize, int minDf,
    boolean bigrams, boolean keepMentions, int maxIter, double matchThreshold, int retrainDays,
    int trainingWindowDays, int minPosts, TopicTokenizer.Terms terms) {

  /** The model families compared (docs/themes.md has their numbers). */
  public enum Family {
    /** Spherical k-means (cosine) on L2-normalised TF-IDF vectors: the default, best measured. */
    KMEANS_TFIDF("kmeans-tfidf"),
    /** Spherical k-means on the mean MLlib Word2Vec embedding of a post's tokens. */
    KMEANS_WORD2VEC("kmeans-word2vec"),
    /** MLlib LDA (online variational Bayes) on token counts; a post's theme is its likeliest topic. */
    LDA("lda");

    public final String id;

    Family(String id) {
      this.id = id;
    }

    public static Family parse(String value) {
      for (Family f : values()) {
        if (f.id.equals(value.trim().toLowerCase(Locale.ROOT))) {
          return f;
        }
      }
      return null;
    }

    public static String ids() {
      StringBuilder sb = new StringBuilder();
      for (Family f : values()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(f.id);
      }
      return sb.toString();
    }
  }

  public static final TopicsConfig DEFAULT = new TopicsConfig(Family.KMEANS_TFIDF, 0, 3, 12, 42L, 20_000, 3,
      false, true, 40, 0.3, 30, 365, 50, TopicTokenizer.Terms.SURFACE);

  public TopicsConfig {
    ConfigException.check(model != null, "Missing topics.model (expected one of %s)", Family.ids());
    ConfigException.check(terms != null, "Missing topics.terms (expected surface, folded or bilingual)");
    ConfigException.check(k == 0 || (k >= 2 && k <= 200), "Invalid topics.k: %d (expected 2 to 200)", k);
    ConfigException.check(kMin >= 2 && kMin <= kMax && kMax <= 200,
        "Invalid topics.k_range: [%d, %d] (expected 2 <= k_min <= k_max <= 200)", kMin, kMax);
    ConfigException.check(vocabSize >= 10, "Invalid topics.vocab_size: %d (expected at least 10)", vocabSize);
    ConfigException.check(minDf >= 1, "Invalid topics.min_df: %d (expected at least 1)", minDf);
    ConfigException.check(maxIter >= 1, "Invalid topics.max_iter: %d (expected at least 1)", maxIter);
    ConfigException.check(matchThreshold >= 0 && matchThreshold <= 1,
        "Invalid topics.match_threshold: %s (expected a number from 0 to 1)", matchThreshold);
  }

  public boolean automaticK() {
    return k == 0;
  }

  public TopicsConfig withModel(Family f) {
    return new TopicsConfig(f, k, kMin, kMax, seed, vocabSize, minDf, bigrams, keepMentions, maxIter,
        matchThreshold, retrainDays, trainingWindowDays, minPosts, terms);
  }

  public TopicsConfig withK(int newK) {
    return new TopicsConfig(model, newK, kMin, kMax, seed, vocabSize, minDf, bigrams, keepMentions, maxIter,
        matchThreshold, retrainDays, trainingWindowDays, minPosts, terms);
  }

  public TopicsConfig withSeed(long newSeed) {
    return new TopicsConfig(model, k, kMin, kMax, newSeed, vocabSize, minDf, bigrams, keepMentions, maxIter,
        matchThreshold, retrainDays, trainingWindowDays, minPosts, terms);
  }

  public TopicsConfig withBigrams(boolean b) {
    return new TopicsConfig(model, k, kMin, kMax, seed, vocabSize, minDf, b, keepMentions, maxIter,
        matchThreshold, retrainDays, trainingWindowDays, minPosts, terms);
  }

  public TopicsConfig withMinDf(int df) {
    return new TopicsConfig(model, k, kMin, kMax, seed, vocabSize, df, bigrams, keepMentions, maxIter,
        matchThreshold, retrainDays, trainingWindowDays, minPosts, terms);
  }

  public TopicsConfig withTerms(TopicTokenizer.Terms t) {
    return new TopicsConfig(model, k, kMin, kMax, seed, vocabSize, minDf, bigrams, keepMentions, maxIter,
        matchThreshold, retrainDays, trainingWindowDays, minPosts, t);
  }

  public TopicTokenizer tokenizer() {
    return TopicTokenizer.of(terms, bigrams, keepMentions);
  }

  private static final Set<String> KEYS = Set.of("model", "k", "k_range", "seed", "vocab_size", "min_df",
      "bigrams", "keep_mentions", "max_iter", "match_threshold", "retrain_days", "training_window_days",
      "min_posts", "terms");

  /** Parses a {@code topics:} node; a missing node gives {@link #DEFAULT}. */
  public static TopicsConfig from(ConfigNode node) {
    if (!node.isPresent()) {
      return DEFAULT;
    }
    if (!node.isObject()) {
      throw node.error("a mapping with keys such as model, k or k_range");
    }
    node.allowOnly(KEYS);
    TopicsConfig d = DEFAULT;
    Family family = d.model();
    if (node.has("model")) {
      family = Family.parse(node.get("model").text("one of " + Family.ids()));
      if (family == null) {
        throw node.get("model").error("one of " + Family.ids());
      }
    }
    int k = 0;
    if (node.has("k")) {
      String v = node.get("k").text("a whole number from 2 to 200, or auto");
      if (!v.trim().equalsIgnoreCase("auto")) {
        k = wholeNumber(node.get("k"), 2, 200, "a whole number from 2 to 200, or auto");
      }
    }
    int kMin = d.kMin();
    int kMax = d.kMax();
    if (node.has("k_range")) {
      ConfigNode r = node.get("k_range");
      if (!r.isArray() || r.list().size() != 2) {
        throw r.error("a list of two whole numbers [k_min, k_max] with 2 <= k_min <= k_max <= 200");
      }
      kMin = wholeNumber(r.list().get(0), 2, 200, "a whole number from 2 to 200");
      kMax = wholeNumber(r.list().get(1), 2, 200, "a whole number from 2 to 200");
      if (kMin > kMax) {
        throw r.error("k_min <= k_max");
      }
    }
    TopicTokenizer.Terms terms = d.terms();
    if (node.has("terms")) {
      terms = TopicTokenizer.Terms.parse(node.get("terms").text("surface, folded or bilingual"));
      if (terms == null) {
        throw node.get("terms").error("surface, folded or bilingual");
      }
    }
    long seed = node.has("seed") ? (long) node.get("seed").number(d.seed(), Long.MIN_VALUE, Long.MAX_VALUE)
        : d.seed();
    return new TopicsConfig(family, k, kMin, kMax, seed,
        node.has("vocab_size") ? wholeNumber(node.get("vocab_size"), 10, 10_000_000, "a whole number >= 10")
            : d.vocabSize(),
        node.has("min_df") ? wholeNumber(node.get("min_df"), 1, 1_000_000, "a whole number >= 1") : d.minDf(),
        node.has("bigrams") ? bool(node.get("bigrams")) : d.bigrams(),
        node.has("keep_mentions") ? bool(node.get("keep_mentions")) : d.keepMentions(),
        node.has("max_iter") ? wholeNumber(node.get("max_iter"), 1, 10_000, "a whole number >= 1") : d.maxIter(),
        node.get("match_threshold").number(d.matchThreshold(), 0, 1),
        node.has("retrain_days") ? wholeNumber(node.get("retrain_days"), 1, 36_500, "a number of days >= 1")
            : d.retrainDays(),
        node.has("training_window_days")
            ? wholeNumber(node.get("training_window_days"), 1, 36_500, "a number of days >= 1")
            : d.trainingWindowDays(),
        node.has("min_posts") ? wholeNumber(node.get("min_posts"), 2, 100_000_000, "a whole number >= 2")
            : d.minPosts(), terms);
  }

  private static int wholeNumber(ConfigNode n, int min, int max, String expected) {
    double v = n.number(Double.NaN, min, max);
    if (v != Math.rint(v)) {
      throw n.error(expected);
    }
    return (int) v;
  }

  private static boolean bool(ConfigNode n) {
    String v = n.text("true or false").trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw n.error("true or false");
  }
}
