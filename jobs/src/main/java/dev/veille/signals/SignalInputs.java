package dev.veille.signals;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.veille.common.Tables;
import dev.veille.common.warehouse.Warehouse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the detectors read, cut to the history they need before the cutoff (partitions of older
 * months are not read). Each frame is a pure function of the warehouse tables:
 *
 * <ul>
 *   <li>{@code posts}: post_key, platform, account_id, account_name, published_at, url, text, hashtags;</li>
 *   <li>{@code snapshots}: post_key, observed_at, interactions (reactions + comments + shares + saves, the
 *       report's definition), observed before the cutoff;</li>
 *   <li>{@code comments}: comment_key, post_key, created_at, text, author_pseudonym, platform, account_id,
 *       account_name (of the post), score (null when not scored), negative (null when not scored), created
 *       before the cutoff;</li>
 *   <li>{@code themes}: post_key, theme_id, theme_label (empty when the themes stage has not run).</li>
 * </ul>
 */
public record SignalInputs(Dataset<Row> posts, Dataset<Row> snapshots, Dataset<Row> comments,
    Dataset<Row> themes) {

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

  /** Reads the warehouse from {@code from} (inclusive) to {@code cutoff} (exclusive). */
  public static SignalInputs read(SparkSession spark, Warehouse wh, Instant from, Instant cutoff) {
    return read(spark, wh, from, from, cutoff);
  }

  /**
   * Reads posts, snapshots and themes from {@code from} and comments from {@code commentsFrom}
   * (inclusive) to {@code cutoff} (exclusive): comments are the widest input and only the crisis
   * test reads them, over a shorter history ({@link SignalsSettings#commentDays()}).
   */
  public static SignalInputs read(SparkSession spark, Warehouse wh, Instant from, Instant commentsFrom,
      Instant cutoff) {
    Column months = col("published_month").geq(lit(MONTH.format(from)))
        .and(col("published_month").leq(lit(MONTH.format(cutoff))));
    Dataset<Row> posts = wh.read(spark, Tables.POSTS).filter(months)
        .filter(col("published_at").geq(lit(from)).and(col("published_at").lt(lit(cutoff))))
        .select("post_key", "platform", "account_id", "account_name", "published_at", "url", "text", "hashtags");
    Dataset<Row> snapshots = snapshots(wh.read(spark, Tables.ENGAGEMENT).filter(months), cutoff);
    Dataset<Row> comments = comments(spark, wh, commentsFrom, cutoff);
    Dataset<Row> themes;
    if (wh.hasTable(Tables.THEMES_ASSIGNED)) {
      Dataset<Row> assigned = wh.read(spark, Tables.THEMES_ASSIGNED).filter(col("published_month")
          .geq(lit(MONTH.format(from)))).filter(col("theme_id").isNotNull()).select("post_key", "theme_id");
      Dataset<Row> labels = wh.read(spark, Tables.THEMES).select(col("theme_id").as("_tid"),
          col("label").as("theme_label"));
      themes = assigned.join(labels, col("theme_id").equalTo(col("_tid")), "left").drop("_tid");
    } else {
      themes = spark.emptyDataFrame().selectExpr("CAST(NULL AS STRING) AS post_key",
          "CAST(NULL AS STRING) AS theme_id", "CAST(NULL AS STRING) AS theme_label").limit(0);
    }
    return new SignalInputs(posts, snapshots, comments, themes);
  }

  /** The inputs as a night before the last one saw them: nothing published, observed or commented after {@code cutoff}. */
  public SignalInputs until(Instant cutoff) {
    return new SignalInputs(posts.filter(col("published_at").lt(lit(cutoff))),
        snapshots.filter(col("observed_at").lt(lit(cutoff))), comments.filter(col("created_at").lt(lit(cutoff))),
        themes);
  }

  /** The same inputs kept in memory: every detector reads them, some twice. */
  public SignalInputs cached() {
    org.apache.spark.storage.StorageLevel level = org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK();
    return new SignalInputs(posts.persist(level), snapshots.persist(level), comments.persist(level),
        themes.persist(level));
  }

  public void unpersist() {
    posts.unpersist();
    snapshots.unpersist();
    comments.unpersist();
    themes.unpersist();
  }

  /**
   * {@code platform|account_id} -> the account's name on its latest row of {@code rows} (by the
   * {@code time} column, then the greatest name), for accounts with a name. An account renamed during
   * the period is named as it is now, and the same on every run: {@code first(account_name)} in an
   * aggregation gave whichever row a task met first, so that a rerun could name it otherwise.
   */
  static java.util.Map<String, String> latestNames(Dataset<Row> rows, String time) {
    java.util.Map<String, String> names = new java.util.HashMap<>();
    for (Row r : rows.filter(col("account_name").isNotNull())
        .groupBy("platform", "account_id")
        .agg(org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.struct(col(time), col("account_name")))
            .as("_latest"))
        .select(col("platform"), col("account_id"), col("_latest.account_name"))
        .collectAsList()) {
      names.put(r.getString(0) + "|" + r.getString(1), r.getString(2));
    }
    return names;
  }

  /** Engagement snapshots observed before the cutoff, with their interactions. */
  public static Dataset<Row> snapshots(Dataset<Row> engagement, Instant cutoff) {
    Column any = col("reactions").isNotNull().or(col("comments").isNotNull()).or(col("shares").isNotNull())
        .or(col("saves").isNotNull());
    Column sum = coalesce(col("reactions"), lit(0L)).plus(coalesce(col("comments"), lit(0L)))
        .plus(coalesce(col("shares"), lit(0L))).plus(coalesce(col("saves"), lit(0L)));
    return engagement.filter(col("observed_at").lt(lit(cutoff)))
        .select(col("post_key"), col("observed_at"), when(any, sum).as("interactions"));
  }

  /** Up to this many comments in the history read, their keys are broadcast (a hash table of about 150 MB at most). */
  static final long BROADCAST_KEYS = 2_000_000;

  private static Dataset<Row> comments(SparkSession spark, Warehouse wh, Instant from, Instant cutoff) {
    Dataset<Row> window = wh.read(spark, Tables.COMMENTS)
        .filter(col("created_month").geq(lit(MONTH.format(from))).and(col("created_month").leq(lit(MONTH.format(cutoff)))))
        .filter(col("created_at").geq(lit(from)).and(col("created_at").lt(lit(cutoff))))
        .select("comment_key", "post_key", "created_at", "text", "author_pseudonym");
    // A comment's account is its post's, which may be older than the history read: its two columns
    // are read from every month (a comment under a year-old post still counts).
    Dataset<Row> owners = wh.read(spark, Tables.POSTS).select(col("post_key").as("_pk"), col("platform"),
        col("account_id"), col("account_name"));
    // The history's comments are few next to the tables they are joined to (every post, every
    // comment link, every score). When their keys fit in memory they are broadcast, and each table
    // is cut to the rows of those comments as it is read, instead of being shuffled whole each night.
    boolean cut = window.count() <= BROADCAST_KEYS;
    if (cut) {
      owners = owners.join(broadcast(window.select(col("post_key").as("_wk")).distinct()),
          col("_pk").equalTo(col("_wk")), "left_semi");
    }
    Dataset<Row> c = window.join(owners, col("post_key").equalTo(col("_pk"))).drop("_pk");
    if (!wh.hasTable(Tables.SENTIMENT) || !wh.hasTable(Tables.SENTIMENT_LINKS)) {
      return c.withColumn("score", lit(null).cast("double")).withColumn("negative", lit(null).cast("boolean"));
    }
    Dataset<Row> links = wh.read(spark, Tables.SENTIMENT_LINKS).filter(col("source").equalTo("comments"))
        .select(col("item_key"), col("text_hash"));
    Dataset<Row> scores = wh.read(spark, Tables.SENTIMENT).select(col("text_hash").as("_h"), col("score"),
        col("label"));
    if (cut) {
      links = links.join(broadcast(window.select(col("comment_key").as("_wc"))), col("item_key").equalTo(col("_wc")),
          "left_semi");
      scores = scores.join(broadcast(links.select(col("text_hash").as("_lh")).distinct()),
          col("_h").equalTo(col("_lh")), "left_semi");
    }
    return scored(c.join(links, col("comment_key").equalTo(col("item_key")), "left")
        .join(scores, col("text_hash").equalTo(col("_h")), "left")
        .drop("item_key", "text_hash", "_h"));
  }

  /**
   * Adds {@code negative} from {@code label} (else a score below -0.05, the report's rule) and drops
   * {@code label}: null when the comment has no score.
   */
  public static Dataset<Row> scored(Dataset<Row> withScoreAndLabel) {
    Column negative = when(col("score").isNull(), lit(null).cast("boolean"))
        .when(col("label").isNotNull(), col("label").equalTo("negative"))
        .otherwise(col("score").lt(-0.05));
    return withScoreAndLabel.withColumn("negative", negative).drop("label");
  }
}
