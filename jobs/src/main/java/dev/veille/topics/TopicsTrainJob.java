package dev.veille.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.ConfigException;
import dev.veille.common.Job;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.Versions;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.text.TopicTokenizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille topics train}: fits a theme model on the posts of the training window, labels its
 * themes, carries ids over from the current model ({@link ThemeIdentity}), saves the new version in
 * the model store, refreshes the {@code themes} table and makes the version current.
 */
public final class TopicsTrainJob implements Job<TopicsTrainJob.Result> {
  private final VeilleConfig config;
  private final TopicsConfig topics;

  public TopicsTrainJob(VeilleConfig config, TopicsConfig topics) {
    this.config = config;
    this.topics = topics;
  }

  public record Result(String model_version, String previous_version, String model, int k, String k_chosen_by,
      long training_posts, int vocabulary_size, int themes_kept, int themes_new, int themes_retired,
      double train_s, String model_dir) {}

  @Override
  public void validate() {
    ConfigException.check(config.warehouse() != null, "Missing warehouse");
  }

  @Override
  public Result run(SparkSession spark) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    Dataset<Row> posts = wh.read(spark, Tables.POSTS).select("post_key", "text", "hashtags", "published_at");
    Row last = posts.agg(max(col("published_at"))).first();
    if (last.isNullAt(0)) {
      throw new ConfigException("No posts in the warehouse " + config.warehouse()
          + " to train themes on (run veille ingest first)");
    }
    Instant to = last.getAs(0);
    Instant from = to.minus(Duration.ofDays(topics.trainingWindowDays()));
    Dataset<Row> inWindow = posts.filter(col("published_at").geq(from));
    long n = inWindow.count();
    ConfigException.check(n >= topics.minPosts(),
        "Too few posts to train themes: %d published from %s to %s (topics.min_posts is %d)", n, from, to,
        topics.minPosts());
    Dataset<Row> window = inStableOrder(inWindow, n).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return train(spark, wh, window, topics, from, to);
    } finally {
      window.unpersist();
    }
  }

  /**
   * The same posts in the same partitions in the same order wherever and whenever this runs (the
   * warehouse's file names carry run ids, so its read order is not stable): a seeded fit on them
   * gives the same model, which the demo model's regeneration and the nightly's reruns rely on.
   */
  public static Dataset<Row> inStableOrder(Dataset<Row> posts, long n) {
    int parts = (int) Math.max(1, Math.min(200, n / 20_000));
    return posts.repartition(parts, col("post_key")).sortWithinPartitions("post_key");
  }

  /** Trains on {@code posts} (post_key, text, hashtags) and publishes a new version. */
  public static Result train(SparkSession spark, Warehouse wh, Dataset<Row> posts, TopicsConfig topics,
      Instant from, Instant to) {
    long t0 = System.nanoTime();
    ModelStore store = new ModelStore(wh);
    String previous = store.current().orElse(null);
    String version = store.nextVersion();
    Progress.log("topics", "training %s (%s) on posts from %s to %s", version, topics.model().id, from, to);
    TopicModeler.Fitted fitted = TopicModeler.fit(spark, posts, topics);
    Dataset<Row> assigned = TopicModeler.assign(fitted.model(), topics.tokenizer(), posts.select("post_key", "text", "hashtags"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    List<ThemeLabeller.ThemeStats> stats = ThemeLabeller.describe(assigned, topics.tokenizer());
    assigned.unpersist();
    List<ThemeIdentity.Theme> before = previous == null ? List.of() : store.catalogue(previous);
    ThemeIdentity.Matched matched = ThemeIdentity.match(before, stats, version, topics.matchThreshold());
    double seconds = (System.nanoTime() - t0) / 1e9;

    int kept = matched.similarity().size();
    int fresh = stats.size() - kept;
    int retired = 0;
    for (ThemeIdentity.Theme t : before) {
      if (t.active() && matched.catalogue().stream().anyMatch(x -> x.theme_id().equals(t.theme_id()) && !x.active())) {
        retired++;
      }
    }
    ObjectNode card = card(version, previous, topics, fitted, from, to, matched, kept, fresh, retired, seconds,
        spark.version());
    store.save(version, fitted.model(), card, matched.catalogue());
    writeThemesTable(spark, wh, matched.catalogue(), version);
    store.setCurrent(version);
    Progress.log("topics", "%s is current: k=%d, %d themes kept, %d new, %d retired", version, fitted.k(), kept,
        fresh, retired);
    return new Result(version, previous, topics.model().id, fitted.k(), fitted.kChosenBy(), fitted.trainingPosts(),
        fitted.vocabularySize(), kept, fresh, retired, TopicModeler.round(seconds), store.dir(version).toString());
  }

  static ObjectNode card(String version, String previous, TopicsConfig c, TopicModeler.Fitted f, Instant from,
      Instant to, ThemeIdentity.Matched matched, int kept, int fresh, int retired, double seconds, String spark) {
    ObjectNode settings = settings(c);
    ObjectNode card = Json.object();
    card.put("version", version);
    card.put("previous_version", previous);
    card.put("created_at", Instant.now().toString());
    card.put("veille_version", Versions.veille());
    card.put("spark_version", spark);
    card.set("model", settings.get("model"));
    card.put("k", f.k());
    card.put("k_chosen_by", f.kChosenBy());
    card.set("silhouette_by_k", Json.MAPPER.valueToTree(f.silhouetteByK()));
    ObjectNode search = card.putObject("k_search");
    search.put("sample_posts", f.samplePosts());
    search.setAll((ObjectNode) settings.get("k_search"));
    card.set("seed", settings.get("seed"));
    card.set("max_iter", settings.get("max_iter"));
    ObjectNode window = card.putObject("training_window");
    window.setAll((ObjectNode) settings.get("training_window"));
    window.put("from", from == null ? null : from.toString());
    window.put("to", to == null ? null : to.toString());
    card.put("training_posts", f.trainingPosts());
    card.put("posts_with_tokens", f.postsWithTokens());
    card.put("vocabulary_size", f.vocabularySize());
    card.set("tokenizer", settings.get("tokenizer"));
    ObjectNode metrics = card.putObject("metrics");
    metrics.put("silhouette", f.silhouetteByK().getOrDefault(f.k(), null));
    metrics.put("train_seconds", TopicModeler.round(seconds));
    ObjectNode identity = card.putObject("identity");
    identity.setAll((ObjectNode) settings.get("identity"));
    identity.put("kept", kept);
    identity.put("new", fresh);
    identity.put("retired", retired);
    ArrayNode ids = card.putArray("theme_id_by_index");
    for (int i = 0; i < f.k(); i++) {
      ids.add(matched.idByIndex().get(i));
    }
    ObjectNode sims = identity.putObject("similarity_by_theme");
    for (Map.Entry<Integer, Double> e : matched.similarity().entrySet()) {
      sims.put(matched.idByIndex().get(e.getKey()), e.getValue());
    }
    return card;
  }

  /**
   * What a model card says of the settings a model was trained with, at the same places in the
   * card: what fixes the model given its posts (family, k search, seed, tokeniser with fingerprints
   * of its stop words and lexicon, identity threshold). {@code DemoThemeModelTest} compares the
   * demo model's card with this for the default settings.
   */
  public static ObjectNode settings(TopicsConfig c) {
    ObjectNode s = Json.object();
    s.put("model", c.model().id);
    s.put("k_chosen_by", c.automaticK() ? "silhouette" : "config");
    ObjectNode search = s.putObject("k_search");
    if (c.automaticK()) {
      search.set("k_range", Json.MAPPER.valueToTree(List.of(c.kMin(), c.kMax())));
    }
    search.put("sample_max", TopicModeler.K_SAMPLE);
    search.put("kmeans_restarts", c.model() == TopicsConfig.Family.LDA ? 0 : TopicModeler.RESTARTS);
    s.put("seed", c.seed());
    s.put("max_iter", c.maxIter());
    s.putObject("training_window").put("days", c.trainingWindowDays());
    ObjectNode tok = s.putObject("tokenizer");
    tok.put("bigrams", c.bigrams());
    tok.put("keep_mentions", c.keepMentions());
    tok.put("min_df", c.minDf());
    tok.put("vocab_size_limit", c.vocabSize());
    tok.set("stop_lists", Json.MAPPER.valueToTree(TopicTokenizer.STOP_LISTS));
    tok.put("stop_words_sha256", Versions.sha256(String.join("\n",
        new java.util.TreeSet<>(TopicTokenizer.stopWords(TopicTokenizer.STOP_LISTS)))));
    tok.put("terms", c.terms().id);
    if (c.terms() == TopicTokenizer.Terms.BILINGUAL) {
      tok.put("lexicon", TopicTokenizer.LEXICON);
      tok.put("lexicon_sha256", Versions.sha256(String.join("\n",
          new java.util.TreeMap<>(TopicTokenizer.lexicon(TopicTokenizer.LEXICON)).entrySet().stream()
              .map(e -> e.getKey() + "\t" + e.getValue()).toList())));
    }
    s.putObject("identity").put("match_threshold", c.matchThreshold());
    return s;
  }

  static void writeThemesTable(SparkSession spark, Warehouse wh, List<ThemeIdentity.Theme> catalogue,
      String version) {
    List<Row> rows = new ArrayList<>();
    for (ThemeIdentity.Theme t : catalogue) {
      rows.add(RowFactory.create(t.theme_id(), t.label(), scala(t.top_terms()), scala(t.hashtags()), t.size(),
          scala(t.representative_post_keys()), t.status(), t.first_model_version(), t.last_model_version()));
    }
    Dataset<Row> df = spark.createDataFrame(rows, Tables.THEMES.schema());
    TableWriter writer = new TableWriter(spark, wh, "topics-" + version);
    writer.write(Tables.THEMES, df, List.of(col("last_model_version").desc(), col("status").desc()));
    writer.discard();
  }

  private static scala.collection.immutable.Seq<String> scala(List<String> l) {
    return scala.jdk.javaapi.CollectionConverters.asScala(l == null ? List.<String>of() : l).toList();
  }
}
