package dev.veille.analytics;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.hour;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.when;

import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pure transforms from the {@code posts} table to one row per mature post with its engagement
 * rate, the denominator its account uses, and its audience-local weekday and hour.
 *
 * <p>Interactions = reactions + comments + shares + saves. Clicks are left out: not every platform
 * exports them, and they measure traffic rather than engagement with the post. The denominator is
 * chosen per account, never per post (mixing reach and followers inside one account would make
 * rates incomparable): reach if at least half of the account's posts have it, else impressions,
 * else video views (video-only platforms such as TikTok export views but not reach), else
 * followers at post time. Posts lacking the account's denominator keep a null
 * rate and are counted, not guessed.
 */
public final class PostRates {
  private PostRates() {}

  /** Posts published at or before {@code cutoff} (report date minus the maturity window). */
  public static Dataset<Row> mature(Dataset<Row> posts, Instant cutoff) {
    return posts.filter(col("published_at").leq(lit(cutoff)));
  }

  /**
   * Compares posts at the same age: each post's counts become those of its earliest snapshot
   * taken at least {@code days} days after publication, when the engagement table has one; a
   * post without such a snapshot keeps the counts of its latest one (the {@code posts} row).
   * So a post read twice, at 2 and at 30 days, is not compared at 30 days with one read at 8.
   */
  public static Dataset<Row> atAge(Dataset<Row> posts, Dataset<Row> engagement, int days) {
    List<String> metrics = dev.veille.common.Tables.METRICS;
    List<Column> snapshot = new java.util.ArrayList<>();
    snapshot.add(col("post_key").as("_snap_key"));
    snapshot.add(col("observed_at").as("_snap_at"));
    metrics.forEach(m -> snapshot.add(col(m).as("_snap_" + m)));
    Dataset<Row> snaps = engagement.select(snapshot.toArray(new Column[0]));
    // The earliest eligible snapshot per post: its instant, and each count as the count at that
    // instant (min_by). observed_at is unique per post (the engagement table's key), so this is
    // one snapshot's counts; every buffer is a plain value, so Spark aggregates in a hash table
    // instead of sorting every snapshot by post, as a minimum over (observed_at, counts) structs would.
    List<Column> aggs = new java.util.ArrayList<>();
    metrics.forEach(m -> aggs.add(min_by(col("_snap_" + m), col("_snap_at")).as("_snap_" + m)));
    Dataset<Row> eligible = posts.select(col("post_key").as("_k"), col("published_at").as("_p"))
        .join(snaps, col("_k").equalTo(col("_snap_key")))
        .filter(org.apache.spark.sql.functions.unix_timestamp(col("_snap_at"))
            .minus(org.apache.spark.sql.functions.unix_timestamp(col("_p"))).geq(days * 86_400L))
        .groupBy(col("_snap_key"))
        .agg(min(col("_snap_at")).as("_snap_at"), aggs.toArray(Column[]::new));
    Dataset<Row> joined = posts.join(eligible, posts.col("post_key").equalTo(eligible.col("_snap_key")), "left");
    for (String m : metrics) {
      joined = joined.withColumn(m, when(col("_snap_at").isNotNull(), col("_snap_" + m)).otherwise(col(m)));
    }
    List<Column> keep = new java.util.ArrayList<>();
    for (String c : posts.columns()) {
      keep.add(col(c));
    }
    return joined.select(keep.toArray(new Column[0]));
  }

  /** Adds interactions, local weekday (ISO 1-7), hour (0-23), local_date, denominator, rate. */
  public static Dataset<Row> withRates(Dataset<Row> posts) {
    Column local = from_utc_timestamp(col("published_at"), col("audience_timezone"));
    Dataset<Row> p = posts
        .withColumn("interactions", coalesce(col("reactions"), lit(0L)).plus(coalesce(col("comments"), lit(0L)))
            .plus(coalesce(col("shares"), lit(0L))).plus(coalesce(col("saves"), lit(0L))))
        .withColumn("weekday", dayofweek(local).plus(5).mod(7).plus(1))
        .withColumn("hour", hour(local))
        .withColumn("local_date", to_date(local));
    Dataset<Row> coverage = p.groupBy("platform", "account_id").agg(
            count(lit(1)).as("n"),
            count(when(col("reach").gt(0), 1)).as("n_reach"),
            count(when(col("impressions").gt(0), 1)).as("n_impr"),
            count(when(col("video_views").gt(0), 1)).as("n_views"),
            count(when(col("followers").gt(0), 1)).as("n_foll"))
        .withColumn("denominator",
            when(col("n_reach").multiply(2).geq(col("n")), lit("reach"))
                .when(col("n_impr").multiply(2).geq(col("n")), lit("impressions"))
                .when(col("n_views").multiply(2).geq(col("n")), lit("video_views"))
                .when(col("n_foll").multiply(2).geq(col("n")), lit("followers")))
        .select("platform", "account_id", "denominator");
    Column denomValue = when(col("denominator").equalTo("reach"), col("reach"))
        .when(col("denominator").equalTo("impressions"), col("impressions"))
        .when(col("denominator").equalTo("video_views"), col("video_views"))
        .when(col("denominator").equalTo("followers"), col("followers"));
    // One row per account: broadcast, so that the posts are not shuffled to meet it. Without the
    // hint Spark plans a sort-merge join and shuffles every post row (a million, with their comment
    // scores, in a report) before it learns at run time that the other side is tiny.
    return p.join(org.apache.spark.sql.functions.broadcast(coverage),
            scala.jdk.javaapi.CollectionConverters.asScala(java.util.List.of("platform", "account_id")).toSeq(),
            "left")
        .withColumn("denominator_value", when(denomValue.gt(0), denomValue))
        .withColumn("rate", col("interactions").divide(col("denominator_value")))
        // +0.5 interaction keeps posts with zero interactions on the log scale.
        .withColumn("log_rate", log(col("interactions").plus(0.5).divide(col("denominator_value"))));
  }
}
