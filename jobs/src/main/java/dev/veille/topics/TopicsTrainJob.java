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
    Dataset<Row> window = posts.filter(col("published_at").geq(from)).persist(StorageLevel.MEMORY_AND_DISK());
    long n = window.count();
    ConfigException.check(n >= topics.minPosts(),
        "Too few posts to train themes: %d published from %s to %s (topics.min_posts is %d)", n, from, to,
        topics.minPosts());
    Result r = train(spark, wh, window, topics, from, to);
    window.unpersist();
    return r;
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
    ObjectNode card = Json.object();
    card.put("version", version);
    card.put("previous_version", previous);
    card.put("created_at", Instant.now().toString());
    card.put("veille_version", Versions.veille());
    card.put("spark_version", spark);
    card.put("model", c.model().id);
    card.put("k", f.k());
    card.put("k_chosen_by", f.kChosenBy());
    card.set("silhouette_by_k", Json.MAPPER.valueToTree(f.silhouetteByK()));
    ObjectNode search = card.putObject("k_search");
    search.put("sample_posts", f.samplePosts());
    search.put("sample_max", TopicModeler.K_SAMPLE);
    search.put("kmeans_restarts", c.model() == TopicsConfig.Family.LDA ? 0 : TopicModeler.RESTARTS);
    card.put("seed", c.seed());
    ObjectNode window = card.putObject("training_window");
    window.put("from", from == null ? null : from.toString());
    window.put("to", to == null ? null : to.toString());
    card.put("training_posts", f.trainingPosts());
    card.put("posts_with_tokens", f.postsWithTokens());
    card.put("vocabulary_size", f.vocabularySize());
    ObjectNode tok = card.putObject("tokenizer");
    tok.put("bigrams", c.bigrams());
    tok.put("keep_mentions", c.keepMentions());
    tok.put("min_df", c.minDf());
    tok.put("vocab_size_limit", c.vocabSize());
    tok.set("stop_lists", Json.MAPPER.valueToTree(TopicTokenizer.STOP_LISTS));
    tok.put("terms", c.terms().id);
    if (c.terms() == TopicTokenizer.Terms.BILINGUAL) {
      tok.put("lexicon", TopicTokenizer.LEXICON);
    }
    ObjectNode metrics = card.putObject("metrics");
    metrics.put("silhouette", f.silhouetteByK().getOrDefault(f.k(), null));
    metrics.put("train_seconds", TopicModeler.round(seconds));
    ObjectNode identity = card.putObject("identity");
    identity.put("match_threshold", c.matchThreshold());
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
