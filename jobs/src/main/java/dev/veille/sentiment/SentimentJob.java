package dev.veille.sentiment;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.veille.common.ConfigException;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.RunIds;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.SeenFiles;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.text.SocialText;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille sentiment}: scores the texts of posts and comments that the sentiment table does
 * not have yet.
 *
 * <p>Load: posts and comments (key, text); in nightly runs only the rows of export files ingested
 * since the stage last ran ({@link SeenFiles}). Transform: hash each normalised text; anti-join with
 * the sentiment table first, so only new texts reach CoreNLP; score them partition by partition
 * ({@code mapPartitions}, one text at a time, never a whole partition in memory) with a
 * {@link SentimentScorer} whose pipeline is built once per executor JVM (English texts through
 * CoreNLP, French ones through the French model). Texts stored earlier with a null sentiment
 * because no model read their language ({@code unsupported_language:*}) are scored again once a
 * model reads them (French, since it is supported). With {@code sentiment.tier: lexical} English texts
 * are read by CoreNLP's tokenizer and the lexical calibration (their own {@code model_version}); with
 * {@code sentiment.prior_correction: em} the run's calibrated probabilities, labels and scores are
 * re-weighted by the class priors EM estimates on its texts, per model version ({@link PriorShift}).
 * Write: merge into
 * {@code sentiment} (one row per text hash) and {@code sentiment_links} (one row per post or
 * comment) with {@link TableWriter}, so a rerun changes nothing.
 */
public final class SentimentJob implements Job<SentimentResult> {
  static final String HASH_UDF = "veille_text_hash";
  static final String ROUTE_UDF = "veille_sentiment_readable";
  static final String UNSUPPORTED = "unsupported_language:";
  /** Column of the texts to score: the partition of the row a new score replaces (null: the run's month). */
  static final String KEEP_MONTH = "keep_month";
  /** Distinct texts up to which stored hashes and links are filtered by a broadcast of the texts. */
  private static final long BROADCAST_MAX = 200_000;
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final VeilleConfig config;
  private final SentimentSettings settings;
  private final Instant scoredAt;
  private final boolean newFilesOnly;

  /** Every stored text is looked at (what {@code veille sentiment} does). */
  public SentimentJob(VeilleConfig config, SentimentSettings settings) {
    this(config, settings, null, false);
  }

  /**
   * @param scoredAt the instant stamped on new rows ({@code scored_at}, {@code linked_at}); null for
   *     the wall clock. Nightly passes its run date's instant, so a rerun or a backfill of a date
   *     writes the same rows whenever it runs.
   * @param newFilesOnly look only at the rows of export files ingested since the stage last ran
   *     ({@link SeenFiles}), so the cost follows the new data, not the warehouse (nightly);
   *     false: every stored text is normalised, hashed and checked.
   */
  public SentimentJob(VeilleConfig config, SentimentSettings settings, Instant scoredAt, boolean newFilesOnly) {
    this.config = config;
    this.settings = settings;
    this.scoredAt = scoredAt;
    this.newFilesOnly = newFilesOnly;
  }

  @Override
  public void validate() {
    ConfigException.check(config.warehouse() != null, "Missing warehouse");
    // The models must be on the classpath (bin/veille: target/lib; spark-submit: --jars).
    String model = "edu/stanford/nlp/models/sentiment/sentiment.ser.gz";
    if (SentimentJob.class.getClassLoader().getResource(model) == null) {
      throw new ConfigException("Missing the CoreNLP models on the classpath (" + model + "): add"
          + " stanford-corenlp-4.5.10-models.jar and -models-english.jar (bin/veille finds them in"
          + " jobs/target/lib; with spark-submit pass them with --jars)");
    }
  }

  /** Registers the text-hash function (SHA-256 of the normalised text) as a SQL function. */
  public static void registerHash(SparkSession spark) {
    spark.udf().register(HASH_UDF,
        (UDF1<String, String>) t -> t == null ? null : SentimentScorer.hash(SocialText.normalise(t)),
        DataTypes.StringType);
  }

  @Override
  public SentimentResult run(SparkSession spark) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    String runId = RunIds.next("sentiment", started);
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    registerHash(spark);
    SentimentScorer scorer = new SentimentScorer(settings);
    String modelVersion = scorer.modelVersions();
    spark.udf().register(ROUTE_UDF, (UDF1<String, Boolean>) t -> t != null
        && scorer.route(SentimentScorer.detectLanguage(t), t) != null, DataTypes.BooleanType);

    SeenFiles seen = SeenFiles.of(warehouse, SeenFiles.SENTIMENT, null);
    SeenFiles.Snapshot files = seen.read();
    if (newFilesOnly && files.pendingPaths() != null && files.pendingPaths().isEmpty()) {
      // Every ingested file was looked at by an earlier run: no text can be new, and the queries
      // below would each cost Spark jobs (a night without new exports, a rerun after a crash).
      double seconds = Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
      Progress.log("sentiment", "no export file ingested since the last run: nothing to score");
      return new SentimentResult(runId, 0, 0, 0, 0, new TreeMap<>(), new TreeMap<>(), modelVersion, Map.of(),
          seconds, warehouse.root());
    }
    Dataset<Row> posts = warehouse.read(spark, Tables.POSTS);
    Dataset<Row> comments = warehouse.read(spark, Tables.COMMENTS);
    if (newFilesOnly && files.pendingPaths() != null) {
      Progress.log("sentiment", "looking at the rows of %,d export files ingested since the last run",
          files.pendingPaths().size());
      Column fromNewFiles = col("source_file").isin(files.pendingPaths().toArray());
      posts = posts.filter(fromNewFiles);
      comments = comments.filter(fromNewFiles);
    } else if (newFilesOnly) {
      Progress.log("sentiment", "no record of the export files looked at before: looking at every text once");
    }
    Dataset<Row> texts = posts
        .select(col("post_key").as("item_key"), lit("posts").as("source"), col("text"))
        .unionByName(comments
            .select(col("comment_key").as("item_key"), lit("comments").as("source"), col("text")))
        .filter(col("text").isNotNull())
        .withColumn("text_hash", callUDF(HASH_UDF, col("text")))
        .persist(StorageLevel.MEMORY_AND_DISK());
    spark.sparkContext().setJobDescription("veille: sentiment: find new texts");

    Dataset<Row> known = warehouse.read(spark, Tables.SENTIMENT)
        .select("text_hash", "reason", "scored_month");
    Dataset<Row> distinct = texts.groupBy("text_hash").agg(min("text").as("text"));
    long total = distinct.count();
    // A night's texts are few: the stored hashes are filtered by them (broadcast) before the
    // anti-join, instead of shuffling every stored hash and link.
    boolean few = total <= BROADCAST_MAX;
    if (few) {
      known = known.join(broadcast(distinct.select("text_hash")), toSeq("text_hash"), "left_semi");
    }
    Dataset<Row> fresh = distinct.join(known, distinct.col("text_hash").equalTo(known.col("text_hash")), "left_anti")
        .withColumn(KEEP_MONTH, lit(null).cast(DataTypes.StringType));
    // Texts stored with no sentiment because no model read their language (e.g. French before
    // French was supported) are scored again when a model now reads them. The new row goes to
    // the old row's partition (scored_month stays the month the text was first looked at), where
    // the merge replaces it: later scored_at, and a sentiment wins a tie. The others stay as they are.
    Dataset<Row> unsupported = known.filter(col("reason").startsWith(UNSUPPORTED))
        .select(col("text_hash"), col("scored_month").as(KEEP_MONTH));
    Dataset<Row> readable = distinct.join(unsupported, toSeq("text_hash"), "inner")
        .filter(callUDF(ROUTE_UDF, col("text")));
    Dataset<Row> todo = fresh.unionByName(readable);
    long rescored = readable.count();
    long alreadyScored = total - todo.count();
    Progress.log("sentiment", "%,d distinct texts, %,d already scored, %,d to score%s (%s)", total,
        alreadyScored, total - alreadyScored,
        rescored > 0 ? String.format(Locale.ROOT, ", of which %,d stored without a sentiment for their language", rescored)
            : "", modelVersion);

    Instant scoredAt = this.scoredAt != null ? this.scoredAt : Instant.now();
    String month = MONTH.format(scoredAt);
    spark.sparkContext().setJobDescription("veille: sentiment: score");
    Dataset<Row> scored = todo
        .mapPartitions(scorePartition(scorer, modelVersion, scoredAt, month),
            Encoders.row(Tables.SENTIMENT.schema()))
        .persist(StorageLevel.MEMORY_AND_DISK());
    long nScored = scored.count();
    Map<String, PriorShift.Estimate> priors = Map.of();
    if (settings.priorCorrection() == SentimentSettings.PriorCorrection.EM && nScored > 0) {
      spark.sparkContext().setJobDescription("veille: sentiment: prior correction");
      priors = PriorShift.estimate(scored);
      priors.forEach((model, e) -> Progress.log("sentiment", e.applied()
          ? String.format(Locale.ROOT, "prior correction %s: %,d texts, priors negative %.3f, neutral %.3f,"
              + " positive %.3f (%d EM iterations)", model, e.texts(), e.priors()[0], e.priors()[1],
              e.priors()[2], e.iterations())
          : String.format(Locale.ROOT, "prior correction %s: %,d texts, fewer than %d: left as they are", model,
              e.texts(), PriorShift.MIN_TEXTS)));
      Dataset<Row> corrected = PriorShift.apply(scored, priors).persist(StorageLevel.MEMORY_AND_DISK());
      corrected.count();
      scored.unpersist();
      scored = corrected;
    }
    TableWriter writer = new TableWriter(spark, warehouse, runId);
    if (nScored > 0) {
      writer.write(Tables.SENTIMENT, TableWriter.fewFiles(spark, scored, nScored),
          List.of(col("scored_at").desc(), col("score").isNull().asc()));
    }

    Dataset<Row> existingLinks = warehouse.read(spark, Tables.SENTIMENT_LINKS);
    if (few) {
      existingLinks = existingLinks.join(broadcast(texts.select("item_key").distinct()), toSeq("item_key"),
          "left_semi");
    }
    Dataset<Row> newLinks = texts.select("item_key", "source", "text_hash")
        .join(existingLinks.select("item_key", "text_hash"), toSeq("item_key", "text_hash"), "left_anti")
        .withColumn("linked_at", lit(scoredAt));
    long linksWritten = newLinks.count();
    if (linksWritten > 0) {
      writer.write(Tables.SENTIMENT_LINKS, newLinks, List.of(col("linked_at").desc()));
    }

    Map<String, SentimentResult.Coverage> coverage = new TreeMap<>();
    for (Row r : scored.groupBy("language")
        .agg(count(lit(1)).as("n"), sum(when(col("reason").isNull(), 1).otherwise(0)).as("ok"))
        .collectAsList()) {
      long n = r.getLong(1);
      long ok = r.getLong(2);
      coverage.put(r.getString(0), new SentimentResult.Coverage(n, ok, SentimentMetrics.round(ok / (double) n)));
      Progress.log("sentiment", "language %s: %,d texts, %,d with a sentiment (%.1f%%)", r.getString(0), n, ok,
          100.0 * ok / n);
    }
    Map<String, Long> reasons = new TreeMap<>();
    for (Row r : scored.filter(col("reason").isNotNull()).groupBy("reason").count().collectAsList()) {
      reasons.put(r.getString(0), r.getLong(1));
    }
    scored.unpersist();
    texts.unpersist();
    // Both tables are published: the staging folder (and the old partitions a merge set aside in
    // it) is no longer needed. A run killed before this leaves it to StagingRecovery.
    writer.discard();
    seen.record(files);
    double seconds = Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    Progress.log("sentiment", "scored %,d texts in %.1f s; wrote %,d links", nScored, seconds, linksWritten);
    return new SentimentResult(runId, total, alreadyScored, nScored, linksWritten, coverage, reasons,
        modelVersion, priors, seconds, warehouse.root());
  }

  private static scala.collection.immutable.Seq<String> toSeq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }

  /**
   * Rows {@code (text_hash, text)} in, sentiment rows out, lazily (see {@link SentimentScorer#perRow});
   * a row's {@code model_version} is the model that scored it (English or French), or
   * {@code modelVersion} (both) when none did.
   */
  static MapPartitionsFunction<Row, Row> scorePartition(SentimentScorer scorer, String modelVersion,
      Instant scoredAt, String month) {
    return SentimentScorer.perRow(scorer, in -> {
      int keep = java.util.Arrays.asList(in.schema().fieldNames()).indexOf(KEEP_MONTH);
      return toRow(in.getString(in.fieldIndex("text_hash")), scorer.score(in.getString(in.fieldIndex("text"))),
          modelVersion, scoredAt, keep < 0 || in.isNullAt(keep) ? month : in.getString(keep));
    });
  }

  static Row toRow(String hash, SentimentScorer.Scored s, String modelVersion, Instant scoredAt, String month) {
    double[] d = s.corenlp();
    double[] p = s.probabilities();
    return RowFactory.create(hash,
        d == null ? null : d[0], d == null ? null : d[1], d == null ? null : d[2], d == null ? null : d[3],
        d == null ? null : d[4],
        p == null ? null : p[0], p == null ? null : p[1], p == null ? null : p[2],
        s.score(), s.label(), s.sentences(), s.truncated(), s.language(), s.reason(),
        s.modelVersion() != null ? s.modelVersion() : modelVersion, scoredAt, month);
  }
}
