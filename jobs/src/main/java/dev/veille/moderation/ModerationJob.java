package dev.veille.moderation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.veille.analytics.ModerationReport;
import dev.veille.common.ConfigException;
import dev.veille.common.CrashPoints;
import dev.veille.common.Handles;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille moderate}: first-level moderation of the comments not moderated yet
 * (docs/moderation.md).
 *
 * <p>Reads {@code comments} (comment_key, post_key, created_at, text, author_pseudonym, platform,
 * created_month) created in the {@code lookback_days} before the cutoff (older months' partitions are
 * not read), drops the brand's own replies (authors among {@code accounts[].handles}: ingest keeps
 * those handles as they are while people become {@code u_} pseudonyms), marks the comments the
 * {@code moderation} table already holds, adds the sentiment label from {@code sentiment} and
 * {@code sentiment_links} when the sentiment stage has run, and runs {@link #moderate}: the comments
 * not moderated yet get their labels, scores, reasons and action ({@link CommentModerator}), with
 * copy-paste waves found among all the window's comments ({@link SpamWaves}). Writes
 * {@link Tables#MODERATION} through {@link TableWriter} (keyed by comment_key: a rerun writes the same
 * rows) and, when asked, {@code reports/<date>/moderation.csv}. When the table already holds every
 * comment of the window (a rerun, a night without comments), the window is only counted.
 */
public final class ModerationJob implements Job<ModerationJob.Result> {

  /**
   * What a night moderated.
   *
   * @param looked comments of the window (the brand's replies excluded)
   * @param brandReplies the brand's own replies in the window (never moderated)
   * @param moderated comments moderated tonight (not moderated before)
   * @param byAction tonight's comments per action
   * @param byLabel tonight's comments per label
   * @param inWaves tonight's comments in a copy-paste wave
   * @param file where moderation.csv was written, or null
   */
  public record Result(LocalDate date, long looked, long brandReplies, long moderated, Map<String, Long> byAction,
      Map<String, Long> byLabel, long inWaves, String modelVersion, String file) {}

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

  private final VeilleConfig config;
  private final ModerationSettings settings;
  private final LocalDate date;
  private final Instant cutoff;
  private final boolean writeFiles;

  /**
   * @param cutoff the night's instant: comments created at or after it are not read; rows carry it
   *     as {@code moderated_at}
   * @param writeFiles also write reports/<date>/moderation.csv (the report writes it otherwise)
   */
  public ModerationJob(VeilleConfig config, ModerationSettings settings, LocalDate date, Instant cutoff,
      boolean writeFiles) {
    this.config = config;
    this.settings = settings;
    this.date = date;
    this.cutoff = cutoff;
    this.writeFiles = writeFiles;
  }

  @Override
  public void validate() {
    ConfigException.check(date != null, "Missing moderation date (expected --date YYYY-MM-DD)");
    ConfigException.check(date.getYear() >= 2000 && date.getYear() <= 2200,
        "Invalid --date: %s (expected a date between 2000 and 2200)", date);
    // Fails here, before Spark works, when the jar lacks the model.
    ModerationModel.shipped();
  }

  /** The brand's handles, normalised as ingest stores them. */
  public static Set<String> brandHandles(VeilleConfig config) {
    return Handles.ofAccounts(config.accounts());
  }

  @Override
  public Result run(SparkSession spark) {
    return withStagePartitions(spark, () -> runStage(spark));
  }

  /**
   * Runs {@code body} with as many shuffle partitions as the session has cores instead of Spark's
   * 200: the stage's joins and aggregations carry a night's comments and their distinct texts, and
   * on 2 cores 200 tiny tasks per shuffle cost more than the work (the MinHashLSH join of 7,000
   * texts took 13.7 s with 200 partitions, 2.5 s with 4). The session's setting is restored after.
   */
  public static <T> T withStagePartitions(SparkSession spark, java.util.function.Supplier<T> body) {
    return dev.veille.common.ScopedConf.with(spark, dev.veille.common.ScopedConf.partitionsPerCore(spark), body);
  }

  private Result runStage(SparkSession spark) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    String version = ModerationModel.shipped().version();
    if (!wh.hasTable(Tables.COMMENTS)) {
      Progress.log("moderation", "%s: no comments table: nothing to moderate", date);
      return new Result(date, 0, 0, 0, Map.of(), Map.of(), 0, version, writeFiles ? writeQueue(spark, wh) : null);
    }
    Instant from = cutoff.minus(Duration.ofDays(settings.lookbackDays()));
    Progress.log("moderation", "%s: comments created %s to %s", date, from, cutoff);
    Dataset<Row> window = window(spark, wh, from, cutoff);
    Set<String> brand = brandHandles(config);
    Column isBrand = brand.isEmpty() ? lit(false)
        : col("author_pseudonym").isNotNull().and(col("author_pseudonym").isin(brand.toArray()));
    Dataset<Row> people = window.filter(isBrand.unary_$bang());
    Column todo = lit(true);
    boolean moderatedBefore = wh.hasTable(Tables.MODERATION);
    Dataset<Row> done = null;
    if (moderatedBefore) {
      done = wh.read(spark, Tables.MODERATION)
          .filter(col("created_month").geq(lit(MONTH.format(from))).and(col("created_month").leq(lit(MONTH.format(cutoff)))))
          .select(col("comment_key").as("_done"));
      people = people.join(done, col("comment_key").equalTo(col("_done")), "left");
      todo = col("_done").isNull();
    }
    people = people.withColumn("todo", todo).drop("_done");
    Long brandCounted = null;
    if (moderatedBefore) {
      // A rerun, or a night without new comments: one narrow count instead of parsing every text
      // of the window and looking for waves that could change no row. The brand's replies are
      // counted in the same job (a second count of the window was a Spark job of its own); they
      // match no moderated comment in the join, so that each window row is counted once.
      Row counts = window.withColumn("_brand", isBrand)
          .join(done, col("comment_key").equalTo(col("_done")).and(col("_brand").unary_$bang()), "left")
          .agg(count(when(col("_brand").unary_$bang(), 1)),
              count(when(col("_brand").unary_$bang().and(col("_done").isNull()), 1)),
              count(when(col("_brand"), 1)))
          .first();
      brandCounted = counts.getLong(2);
      if (counts.getLong(1) == 0) {
        long looked = counts.getLong(0);
        long brandReplies = brandCounted;
        Progress.log("moderation", "%s: %,d comments in the window (%,d brand replies left alone), all moderated"
            + " before: nothing to do", date, looked, brandReplies);
        String file = writeFiles ? writeQueue(spark, wh) : null;
        return new Result(date, looked, brandReplies, 0, Map.of(), Map.of(), 0, version, file);
      }
    }
    people = withSentiment(spark, wh, people);
    Moderated m = moderate(people, settings.waves(), cutoff);
    long looked = 0;
    long n = 0;
    long inWaves = 0;
    Map<String, Long> byAction = new TreeMap<>();
    Map<String, Long> byLabel = new TreeMap<>();
    try {
      looked = m.looked();
      // The night's verdicts counted in one job over the cached rows: (action, labels, in a wave) -> count.
      for (Row r : m.rows().groupBy("action", "labels", "_in_wave").count().collectAsList()) {
        long c = r.getLong(3);
        n += c;
        byAction.merge(r.getString(0), c, Long::sum);
        for (Object l : r.getList(1)) {
          byLabel.merge((String) l, c, Long::sum);
        }
        if (r.getBoolean(2)) {
          inWaves += c;
        }
      }
      if (n > 0) {
        TableWriter writer = new TableWriter(spark, wh, "moderation-" + date + "-" + System.currentTimeMillis());
        writer.write(Tables.MODERATION, m.rows().drop("_in_wave"), List.of(col("moderated_at").desc()));
        writer.discard();
      }
    } finally {
      m.unpersist();
    }
    CrashPoints.reached("moderation:before-queue");
    // The brand's replies of the window, counted apart (never moderated): counted above with the
    // comments to do when the table existed (the comments table does not change in this stage),
    // otherwise a narrow count of the window.
    long brandReplies = brandCounted != null ? brandCounted : brand.isEmpty() ? 0 : window.filter(isBrand).count();
    Progress.log("moderation", "%s: %,d comments in the window (%,d brand replies left alone), %,d not moderated"
        + " before, %,d in copy-paste waves (%,d distinct texts in the waves found)", date, looked, brandReplies, n,
        inWaves, m.waves().size());
    String file = writeFiles ? writeQueue(spark, wh) : null;
    Progress.log("moderation", "%s: moderated %,d comments: %s", date, n, byAction);
    return new Result(date, looked, brandReplies, n, byAction, byLabel, inWaves, version, file);
  }

  /**
   * The night's moderation rows ({@link Tables#MODERATION} plus {@code _in_wave}), cached, with the
   * waves they were judged with and the window's comment count.
   */
  public record Moderated(Dataset<Row> rows, Dataset<Row> assessed, Map<String, CommentModerator.Wave> waves,
      long looked) {
    public void unpersist() {
      rows.unpersist();
      assessed.unpersist();
    }
  }

  /** What the first pass adds to each comment: its wave text and, for a comment to do, its verdict without waves. */
  static final StructType ASSESSED = new StructType()
      .add("comment_key", DataTypes.StringType).add("post_key", DataTypes.StringType)
      .add("author_pseudonym", DataTypes.StringType).add("created_at", DataTypes.TimestampType)
      .add("platform", DataTypes.StringType).add("created_month", DataTypes.StringType)
      .add("text", DataTypes.StringType).add("sentiment_label", DataTypes.StringType)
      .add("todo", DataTypes.BooleanType).add("norm", DataTypes.StringType)
      .add("labels", DataTypes.createArrayType(DataTypes.StringType, false))
      .add("scores", DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false))
      .add("action", DataTypes.StringType)
      .add("reasons", DataTypes.createArrayType(DataTypes.StringType, false));

  /**
   * Window size (comments) above which waves are searched from the new comments' texts. On the
   * nightly benchmark the stage took 5.4 and 7.1 s with the search in rounds against 5.2 and 6.2 s
   * with the whole join on a window of 2,732 comments (each round is a Spark job), and 16.9 and
   * 22.1 s against 34.9 and 36.8 s on one of 47,608.
   */
  static final long SEARCH_FROM_NEW_ABOVE = 10_000;

  /**
   * The stage's work on the window's comments (comment_key, post_key, author_pseudonym, created_at,
   * platform, created_month, text, sentiment_label, {@code todo}: not moderated yet): one pass parses
   * every text once, giving the comments to do their verdict and every comment its wave text; the
   * waves are found among all ({@link SpamWaves}); a last pass keeps the verdicts of the comments to do
   * and judges again only those in a wave. The model loads once per executor JVM.
   *
   * @param rules the waves' rules, or null for no waves (the benchmark's comparison)
   */
  public static Moderated moderate(Dataset<Row> window, SpamWaves.Rules rules, Instant moderatedAt) {
    Dataset<Row> assessed = window.select("comment_key", "post_key", "author_pseudonym", "created_at", "platform",
            "created_month", "text", "sentiment_label", "todo")
        .mapPartitions(assess(rules == null ? Integer.MAX_VALUE : rules.minTokens()), Encoders.row(ASSESSED))
        .persist(StorageLevel.MEMORY_AND_DISK());
    Row counts = assessed.agg(count(lit(1)), sum(when(col("todo"), 1).otherwise(0))).first();
    long looked = counts.getLong(0);
    Map<String, CommentModerator.Wave> waves = Map.of();
    if (rules != null) {
      // Only the waves of the comments to do change a verdict: in a large window the search starts
      // from their texts (SpamWaves.find). In a small one, or when every comment is to do (a first
      // night), one join of every text with every other costs less than a search in rounds.
      Set<String> seeds = null;
      if (looked > SEARCH_FROM_NEW_ABOVE && !counts.isNullAt(1) && counts.getLong(1) < looked) {
        seeds = new java.util.HashSet<>();
        for (Row r : assessed.filter(col("todo").and(col("norm").isNotNull())).select("norm").distinct()
            .collectAsList()) {
          seeds.add(r.getString(0));
        }
      }
      waves = SpamWaves.find(assessed, rules, seeds);
    }
    Broadcast<Map<String, CommentModerator.Wave>> bw = new org.apache.spark.api.java.JavaSparkContext(
        spark(window).sparkContext()).broadcast(new java.util.HashMap<>(waves));
    Dataset<Row> rows = assessed.filter(col("todo"))
        .mapPartitions(decide(bw, moderatedAt), Encoders.row(Tables.MODERATION.schema().add("_in_wave",
            DataTypes.BooleanType, false)))
        .persist(StorageLevel.MEMORY_AND_DISK());
    return new Moderated(rows, assessed, waves, looked);
  }

  private static SparkSession spark(Dataset<Row> d) {
    return d.sparkSession();
  }

  /**
   * First pass: each text parsed once; the comments to do get their verdict as if in no wave, the
   * others only their wave text.
   */
  static MapPartitionsFunction<Row, Row> assess(int minTokens) {
    return rows -> {
      CommentModerator m = new CommentModerator(ModerationModel.shipped());
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          boolean todo = r.getBoolean(8);
          // A comment moderated before needs only its tokens (its wave text): not the word lists,
          // links, contacts and language that a verdict needs, which cost most of the parse.
          CommentFeatures.Parsed p = todo ? m.parse(r.getString(6)) : null;
          List<String> tokens = todo ? p.tokens() : ModerationText.tokens(ModerationText.clean(r.getString(6)));
          String norm = SpamWaves.norm(tokens, minTokens);
          Object[] out = new Object[ASSESSED.size()];
          for (int i = 0; i < 9; i++) {
            out[i] = r.get(i);
          }
          out[9] = norm;
          if (todo) {
            CommentModerator.Verdict v = m.moderate(p, r.getString(7), null);
            out[10] = seq(v.labels());
            out[11] = scala.jdk.javaapi.CollectionConverters.asScala(v.scores());
            out[12] = v.action();
            out[13] = seq(v.reasons());
          }
          return RowFactory.create(out);
        }
      };
    };
  }

  /** Last pass: the verdicts of the first, judged again for the comments in a wave. */
  static MapPartitionsFunction<Row, Row> decide(Broadcast<Map<String, CommentModerator.Wave>> waves,
      Instant moderatedAt) {
    return rows -> {
      CommentModerator m = new CommentModerator(ModerationModel.shipped());
      Map<String, CommentModerator.Wave> w = waves.value();
      String version = m.modelVersion();
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          String norm = r.getString(9);
          CommentModerator.Wave wave = norm == null ? null : w.get(norm);
          Object labels = r.get(10);
          Object scores = r.get(11);
          Object action = r.get(12);
          Object reasons = r.get(13);
          if (wave != null) {
            CommentModerator.Verdict v = m.moderate(r.getString(6), r.getString(7), wave);
            labels = seq(v.labels());
            scores = scala.jdk.javaapi.CollectionConverters.asScala(v.scores());
            action = v.action();
            reasons = seq(v.reasons());
          }
          return RowFactory.create(r.get(0), r.get(1), r.get(3), labels, scores, action, reasons, version,
              moderatedAt, r.get(4), r.get(5), wave != null);
        }
      };
    };
  }

  private String writeQueue(SparkSession spark, Warehouse wh) {
    ModerationReport.Report report = ModerationReport.read(spark, wh, config, settings, cutoff);
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(wh.path("reports/" + date), "moderation.csv");
    wh.writeTextAtomically(p, ModerationReport.csv(report.queue()));
    org.apache.hadoop.fs.Path q = wh.fs().makeQualified(p);
    return "file".equals(q.toUri().getScheme()) ? q.toUri().getPath() : q.toString();
  }

  /** Comments created in [from, cutoff): comment_key, post_key, created_at, text, author_pseudonym, platform. */
  static Dataset<Row> window(SparkSession spark, Warehouse wh, Instant from, Instant cutoff) {
    return wh.read(spark, Tables.COMMENTS)
        .filter(col("created_month").geq(lit(MONTH.format(from))).and(col("created_month").leq(lit(MONTH.format(cutoff)))))
        .filter(col("created_at").geq(lit(from)).and(col("created_at").lt(lit(cutoff))))
        .select("comment_key", "post_key", "created_at", "text", "author_pseudonym", "platform", "created_month");
  }

  /** Adds {@code sentiment_label} (null when the comment has not been scored). */
  static Dataset<Row> withSentiment(SparkSession spark, Warehouse wh, Dataset<Row> comments) {
    if (!wh.hasTable(Tables.SENTIMENT) || !wh.hasTable(Tables.SENTIMENT_LINKS)) {
      return comments.withColumn("sentiment_label", lit(null).cast("string"));
    }
    Dataset<Row> keys = comments.select(col("comment_key").as("item_key"));
    Dataset<Row> links = wh.read(spark, Tables.SENTIMENT_LINKS).filter(col("source").equalTo("comments"))
        .join(broadcast(keys), "item_key").select(col("item_key"), col("text_hash"));
    // Only the labels of the window's texts: the sentiment table holds every text ever scored, and
    // joining it whole shuffled and sorted a year of texts each night for a week of comments.
    Dataset<Row> labels = wh.read(spark, Tables.SENTIMENT).select(col("text_hash").as("_h"),
        col("label").as("sentiment_label"))
        .join(broadcast(links.select(col("text_hash").as("_lh")).distinct()), col("_h").equalTo(col("_lh")),
            "left_semi");
    return comments.join(links, col("comment_key").equalTo(col("item_key")), "left")
        .join(labels, col("text_hash").equalTo(col("_h")), "left")
        .drop("item_key", "text_hash", "_h");
  }

  private static scala.collection.immutable.Seq<String> seq(List<String> l) {
    return scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(l)).toList();
  }
}
