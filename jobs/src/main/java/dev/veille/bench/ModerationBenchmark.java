package dev.veille.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;

import dev.veille.common.Progress;
import dev.veille.moderation.LabelledComments;
import dev.veille.moderation.ModerationJob;
import dev.veille.moderation.ModerationSettings;
import dev.veille.moderation.SpamWaves;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille bench moderation}: the moderation stage's transform ({@link ModerationJob#moderate}: one
 * pass parsing and judging every comment, the copy-paste waves with MinHashLSH, the verdicts of the
 * comments in a wave judged again, and the night's counts) on {@code --comments} comments (texts of a
 * labelled file spread over 500 posts and 2,000 authors, a tenth of them one pasted giveaway), against,
 * in the same run and on the same cached comments, the same stage without the waves (the cost of
 * MinHashLSH is the difference) and a plain Spark pass that only lower-cases each text (the floor any
 * per-comment stage pays). Every side runs once untimed on a tenth of the comments first, so the
 * JIT and Spark's code generation are warm for all three. Target: comments_per_s >= 2,000 on 2 cores.
 */
public final class ModerationBenchmark {
  private final Path input;
  private final int comments;

  public record Result(String bench, String input, int comments, double plain_s, double without_waves_s,
      double veille_s, double comments_per_s, double without_waves_comments_per_s, double plain_comments_per_s,
      long in_waves, long hidden, int cores, double target_comments_per_s, boolean target_met, String model) {}

  public ModerationBenchmark(Path input, int comments) {
    this.input = input;
    this.comments = comments;
  }

  private static final StructType SCHEMA = new StructType().add("comment_key", DataTypes.StringType)
      .add("post_key", DataTypes.StringType).add("author_pseudonym", DataTypes.StringType)
      .add("created_at", DataTypes.TimestampType).add("platform", DataTypes.StringType)
      .add("created_month", DataTypes.StringType).add("text", DataTypes.StringType)
      .add("sentiment_label", DataTypes.StringType).add("todo", DataTypes.BooleanType);

  private static final Instant AT = Instant.parse("2026-11-29T00:00:00Z");

  public Result run(SparkSession spark) {
    List<LabelledComments.Item> items = LabelledComments.read(input);
    int cores = spark.sparkContext().defaultParallelism();
    Dataset<Row> df = frame(spark, items, comments, cores);
    Dataset<Row> warm = frame(spark, items, Math.max(comments / 10, 100), cores);
    SpamWaves.Rules rules = ModerationSettings.DEFAULTS.waves();
    SpamWaves.Rules noWaves = null;

    Progress.log("bench", "warming up on %,d comments", warm.count());
    plain(warm);
    stage(warm, noWaves);
    stage(warm, rules);

    Progress.log("bench", "plain Spark pass over %,d comments", comments);
    long t0 = System.nanoTime();
    plain(df);
    double plain = seconds(t0);

    Progress.log("bench", "moderation without waves over %,d comments", comments);
    t0 = System.nanoTime();
    stage(df, noWaves);
    double without = seconds(t0);

    Progress.log("bench", "moderation with the MinHashLSH waves over %,d comments", comments);
    t0 = System.nanoTime();
    long[] counts = stage(df, rules);
    double veille = seconds(t0);
    df.unpersist();
    warm.unpersist();
    double perS = Math.round(comments / veille);
    return new Result("moderation", input.toString(), comments, round(plain), round(without), round(veille), perS,
        Math.round(comments / without), Math.round(comments / plain), counts[1], counts[2], cores, 2000,
        perS >= 2000, dev.veille.moderation.ModerationModel.shipped().version());
  }

  private static Dataset<Row> frame(SparkSession spark, List<LabelledComments.Item> items, int n, int cores) {
    List<Row> rows = new ArrayList<>(n);
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < n; i++) {
      String text = i % 10 == 0 ? "Win a free iPhone 17 today, only for our followers: go to freegifts.example/win"
          + " and claim yours before midnight " + (i % 3 == 0 ? "!!" : "")
          : items.get(i % items.size()).text();
      rows.add(RowFactory.create("facebook:c" + i, "facebook:p" + rnd.nextInt(500), "u_" + rnd.nextInt(2000),
          AT.minusSeconds(1 + rnd.nextInt(86_400)), "facebook", "2026-11", text, null, true));
    }
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(cores).persist(StorageLevel.MEMORY_ONLY());
    df.count();
    return df;
  }

  private static void plain(Dataset<Row> df) {
    df.select(lower(col("text")).as("t")).filter(col("t").isNotNull()).count();
  }

  /** The stage's transform and its counts, as the job runs them (the write aside): {comments, in waves, hidden}. */
  private static long[] stage(Dataset<Row> df, SpamWaves.Rules rules) {
    return ModerationJob.withStagePartitions(df.sparkSession(), () -> stageIn(df, rules));
  }

  private static long[] stageIn(Dataset<Row> df, SpamWaves.Rules rules) {
    ModerationJob.Moderated m = ModerationJob.moderate(df, rules, AT);
    long[] out = new long[3];
    try {
      for (Row r : m.rows().groupBy(col("_in_wave"), col("action").equalTo(lit("hide"))).count().collectAsList()) {
        out[0] += r.getLong(2);
        out[1] += r.getBoolean(0) ? r.getLong(2) : 0;
        out[2] += r.getBoolean(1) ? r.getLong(2) : 0;
      }
    } finally {
      m.unpersist();
    }
    return out;
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
