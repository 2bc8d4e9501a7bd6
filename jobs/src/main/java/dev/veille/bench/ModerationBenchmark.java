package dev.veille.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lower;

import dev.veille.common.Progress;
import dev.veille.moderation.CommentModerator;
import dev.veille.moderation.LabelledComments;
import dev.veille.moderation.ModerationModel;
import dev.veille.moderation.ModerationSettings;
import dev.veille.moderation.SpamWaves;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille bench moderation}: the moderation stage's work on {@code --comments} comments (texts
 * of a labelled file, spread over 500 posts and 2,000 authors, a tenth of them pasted copies): the
 * copy-paste waves (MinHashLSH) and a verdict per comment, in Spark partitions on every core,
 * against a plain Spark pass over the same cached comments (lower-casing each text: the floor any
 * per-comment stage pays). The model loads before timing. Target: comments_per_s >= 2,000 on 2 cores.
 */
public final class ModerationBenchmark {
  private final Path input;
  private final int comments;

  public record Result(String bench, String input, int comments, double plain_s, double veille_s,
      double waves_s, double verdicts_s, double comments_per_s, double plain_comments_per_s, long in_waves,
      long hidden, int cores, double target_comments_per_s, boolean target_met, String model) {}

  public ModerationBenchmark(Path input, int comments) {
    this.input = input;
    this.comments = comments;
  }

  private static final StructType SCHEMA = new StructType().add("comment_key", DataTypes.StringType)
      .add("post_key", DataTypes.StringType).add("author_pseudonym", DataTypes.StringType)
      .add("text", DataTypes.StringType);

  public Result run(SparkSession spark) {
    List<LabelledComments.Item> items = LabelledComments.read(input);
    List<Row> rows = new ArrayList<>(comments);
    java.util.Random rnd = new java.util.Random(7);
    for (int i = 0; i < comments; i++) {
      String text = i % 10 == 0 ? "Win a free iPhone 17 today, only for our followers: go to freegifts.example/win"
          + " and claim yours before midnight " + (i % 3 == 0 ? "!!" : "")
          : items.get(i % items.size()).text();
      rows.add(RowFactory.create("c" + i, "p" + rnd.nextInt(500), "u_" + rnd.nextInt(2000), text));
    }
    int cores = spark.sparkContext().defaultParallelism();
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).repartition(cores).persist(StorageLevel.MEMORY_ONLY());
    df.count();
    ModerationModel model = ModerationModel.shipped();
    new CommentModerator(model).moderate("warm up the model", null, null);

    Progress.log("bench", "plain Spark pass over %,d comments", comments);
    long t0 = System.nanoTime();
    df.select(lower(col("text")).as("t")).filter(col("t").isNotNull()).count();
    double plain = seconds(t0);

    Progress.log("bench", "moderation: waves and verdicts over %,d comments", comments);
    t0 = System.nanoTime();
    Map<String, CommentModerator.Wave> waves = SpamWaves.find(spark, df, ModerationSettings.DEFAULTS.waves());
    double wavesS = seconds(t0);
    long t1 = System.nanoTime();
    var bw = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext()).broadcast(
        new java.util.HashMap<>(waves));
    long hidden = df.mapPartitions(actions(bw), Encoders.STRING()).filter(col("value").equalTo(CommentModerator.HIDE)).count();
    double verdicts = seconds(t1);
    double veille = seconds(t0);
    df.unpersist();
    double perS = Math.round(comments / veille);
    return new Result("moderation", input.toString(), comments, round(plain), round(veille), round(wavesS),
        round(verdicts), perS, Math.round(comments / plain), waves.size(), hidden, cores, 2000, perS >= 2000,
        model.version());
  }

  /** Static, so the function captures nothing but the broadcast waves. */
  private static MapPartitionsFunction<Row, String> actions(
      org.apache.spark.broadcast.Broadcast<java.util.HashMap<String, CommentModerator.Wave>> bw) {
    return it -> {
      CommentModerator m = new CommentModerator(ModerationModel.shipped());
      Map<String, CommentModerator.Wave> w = bw.value();
      return new Iterator<String>() {
        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public String next() {
          Row r = it.next();
          return m.moderate(r.getString(3), null, w.get(r.getString(0))).action();
        }
      };
    };
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
