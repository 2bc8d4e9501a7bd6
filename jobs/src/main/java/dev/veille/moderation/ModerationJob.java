package dev.veille.moderation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.veille.common.Account;
import dev.veille.common.ConfigException;
import dev.veille.common.Handles;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.TableWriter;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
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
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille moderate}: first-level moderation of the comments not moderated yet (README,
 * "Moderation").
 *
 * <p>Reads {@code comments} created in the {@code lookback_days} before the cutoff (older months'
 * partitions are not read), drops the brand's own replies (authors among {@code accounts[].handles}:
 * ingest keeps those handles as they are while people become {@code u_} pseudonyms) and the comments
 * the {@code moderation} table already holds, and gives each remaining comment its labels, scores,
 * reasons and action ({@link CommentModerator}), with the sentiment label from {@code sentiment} and
 * {@code sentiment_links} when the sentiment stage has run, and copy-paste waves found among all the
 * window's comments ({@link SpamWaves}). Writes {@link Tables#MODERATION} (keyed by comment_key: a
 * rerun writes the same rows) and, when asked, {@code reports/<date>/moderation.csv}.
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
    Set<String> h = new HashSet<>();
    for (Account a : config.accounts()) {
      a.handles().forEach(x -> h.add(Handles.normalise(x)));
    }
    return h;
  }

  @Override
  public Result run(SparkSession spark) {
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
    Dataset<Row> all = window.withColumn("_brand", isBrand).persist(StorageLevel.MEMORY_AND_DISK());
    long looked = 0;
    long brandReplies = 0;
    // One pass for both counts: each Spark job costs more than the night's few comments do.
    for (Row r : all.groupBy("_brand").count().collectAsList()) {
      if (r.getBoolean(0)) {
        brandReplies = r.getLong(1);
      } else {
        looked = r.getLong(1);
      }
    }
    Dataset<Row> people = all.filter(col("_brand").unary_$bang()).drop("_brand");

    Dataset<Row> todo = people;
    if (wh.hasTable(Tables.MODERATION)) {
      Dataset<Row> done = wh.read(spark, Tables.MODERATION)
          .filter(col("created_month").geq(lit(MONTH.format(from))).and(col("created_month").leq(lit(MONTH.format(cutoff)))))
          .select(col("comment_key").as("_done"));
      todo = todo.join(done, col("comment_key").equalTo(col("_done")), "left_anti");
    }
    todo = withSentiment(spark, wh, todo);
    Map<String, Long> byAction = new TreeMap<>();
    Map<String, Long> byLabel = new TreeMap<>();
    long inWaves = 0;
    long n = 0;
    if (looked > 0) {
      Map<String, CommentModerator.Wave> waves = SpamWaves.find(spark, people, settings.waves());
      Broadcast<Map<String, CommentModerator.Wave>> bw = new org.apache.spark.api.java.JavaSparkContext(
          spark.sparkContext()).broadcast(new java.util.HashMap<>(waves));
      Dataset<Row> rows = todo.mapPartitions(moderate(bw, cutoff), Encoders.row(Tables.MODERATION.schema()))
          .persist(StorageLevel.MEMORY_AND_DISK());
      // The night's verdicts, few: counted on the driver in one job.
      for (Row r : rows.select("comment_key", "action", "labels").collectAsList()) {
        n++;
        byAction.merge(r.getString(1), 1L, Long::sum);
        for (Object l : r.getList(2)) {
          byLabel.merge((String) l, 1L, Long::sum);
        }
        if (waves.containsKey(r.getString(0))) {
          inWaves++;
        }
      }
      if (n > 0) {
        TableWriter writer = new TableWriter(spark, wh, "moderation-" + date + "-" + System.currentTimeMillis());
        writer.write(Tables.MODERATION, rows, List.of(col("moderated_at").desc()));
        writer.discard();
      }
      rows.unpersist();
      bw.destroy();
    }
    all.unpersist();
    Progress.log("moderation", "%s: %,d comments in the window (%,d brand replies left alone), %,d not moderated"
        + " before", date, looked, brandReplies, n);
    String file = writeFiles ? writeQueue(spark, wh) : null;
    Progress.log("moderation", "%s: moderated %,d comments: %s", date, n, byAction);
    return new Result(date, looked, brandReplies, n, byAction, byLabel, inWaves, version, file);
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
    Dataset<Row> labels = wh.read(spark, Tables.SENTIMENT).select(col("text_hash").as("_h"),
        col("label").as("sentiment_label"));
    return comments.join(links, col("comment_key").equalTo(col("item_key")), "left")
        .join(labels, col("text_hash").equalTo(col("_h")), "left")
        .drop("item_key", "text_hash", "_h");
  }

  /** Comment rows in, moderation rows out; the model loads once per executor JVM. */
  static MapPartitionsFunction<Row, Row> moderate(Broadcast<Map<String, CommentModerator.Wave>> waves,
      Instant moderatedAt) {
    return rows -> {
      CommentModerator m = new CommentModerator(ModerationModel.shipped());
      Map<String, CommentModerator.Wave> w = waves.value();
      return new Iterator<Row>() {
        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row r = rows.next();
          String key = r.getAs("comment_key");
          CommentModerator.Verdict v = m.moderate(r.getAs("text"), r.getAs("sentiment_label"), w.get(key));
          return toRow(r, v, m.modelVersion(), moderatedAt);
        }
      };
    };
  }

  static Row toRow(Row comment, CommentModerator.Verdict v, String version, Instant moderatedAt) {
    return RowFactory.create(comment.getAs("comment_key"), comment.getAs("post_key"), comment.getAs("created_at"),
        seq(v.labels()), scala.jdk.javaapi.CollectionConverters.asScala(v.scores()),
        v.action(), seq(v.reasons()), version, moderatedAt, comment.getAs("platform"), comment.getAs("created_month"));
  }

  private static scala.collection.immutable.Seq<String> seq(List<String> l) {
    return scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(l)).toList();
  }
}
