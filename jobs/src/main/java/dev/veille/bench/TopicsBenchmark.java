package dev.veille.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.veille.common.ConfigLoader;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestJob;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import dev.veille.topics.ModelStore;
import dev.veille.topics.TopicsAssignJob;
import dev.veille.topics.TopicsConfig;
import dev.veille.topics.TopicsTrainJob;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code veille bench topics}: generates {@code posts} posts, ingests them with Veille's ingest
 * (not timed), then times {@code topics train} (the configured family, k automatic unless given)
 * and {@code topics assign --all} as a user runs them: the assign time covers loading the current
 * model, reading the posts, assigning them and publishing themes_assigned. A small warm-up run
 * first keeps JVM and Spark start-up out of both numbers.
 *
 * <p>Then the retraining check of the issue: train again on the same posts with another seed
 * (seed + 1; ids carried over by {@link dev.veille.topics.ThemeIdentity}, as a real retrain),
 * assign again, and report {@code retrain_same_id_share}: the share of the posts that had a theme
 * whose theme_id in themes_assigned is unchanged.
 *
 * <p>Targets: train_s <= 300 for 200,000 posts, assign_posts_per_s >= 20,000 on 2 cores,
 * retrain_same_id_share >= 0.9.
 */
public final class TopicsBenchmark {
  private final int posts;
  private final long seed;
  private final Path work;
  private final TopicsConfig topics;

  public record Result(String bench, long posts, String model, int k, String k_chosen_by, double train_s,
      double assign_s, double assign_posts_per_s, double score_posts_per_s, int vocabulary_size, int retrain_k,
      double retrain_same_id_share, int cores, String spark) {}

  public TopicsBenchmark(int posts, long seed, Path work, TopicsConfig topics) {
    this.posts = posts;
    this.seed = seed;
    this.work = work;
    this.topics = topics;
  }

  public Result run(SparkSession spark) throws IOException {
    return BenchDirs.inWorkDir(work, "veille-bench-topics", dir -> {
      Progress.log("bench", "warming up");
      measure(spark, dir.resolve("warmup"), Math.min(2000, posts));
      Progress.log("bench", "measuring %,d posts", posts);
      return measure(spark, dir.resolve("run"), posts);
    });
  }

  private Result measure(SparkSession spark, Path dir, int n) throws IOException {
    Path samples = dir.resolve("samples");
    SampleGenerator.generate(new GeneratorSettings(seed, n, GeneratorSettings.DEFAULT_AS_OF, 4), samples);
    VeilleConfig config = ConfigLoader.load(samples.resolve("veille.yaml"))
        .withWarehouse(dir.resolve("warehouse").toString());
    // The generated config lists one file per export; the parts are picked up by a glob instead.
    config = config.withSources(config.sources().stream().map(s -> new dev.veille.common.SourceSpec(
        s.path().replaceAll("\\.(csv|jsonl)$", "*.$1"), s.mapping(), s.platform(), s.timestampZone(),
        s.observedAt())).toList());
    IngestJob ingest = new IngestJob(config, false);
    ingest.validate();
    long ingested = ingest.run(spark).recordsOk();

    long t0 = System.nanoTime();
    TopicsTrainJob train = new TopicsTrainJob(config, topics);
    train.validate();
    TopicsTrainJob.Result trained = train.run(spark);
    double trainSeconds = (System.nanoTime() - t0) / 1e9;

    t0 = System.nanoTime();
    TopicsAssignJob assign = new TopicsAssignJob(config, true);
    assign.validate();
    TopicsAssignJob.Result assigned = assign.run(spark);
    double assignSeconds = (System.nanoTime() - t0) / 1e9;
    Progress.log("bench", "%,d records ingested, %,d posts assigned", ingested, assigned.posts());

    // The scoring pass alone (posts read and assigned, nothing written): what the rest of
    // assign_s is made of is reading the model and publishing themes_assigned.
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    ModelStore store = new ModelStore(wh);
    Dataset<Row> posts = wh.read(spark, Tables.POSTS).select("post_key", "text", "hashtags", "published_month");
    t0 = System.nanoTime();
    TopicsAssignJob.assign(spark, store, store.current().orElseThrow(), posts)
        .foreach((org.apache.spark.api.java.function.ForeachFunction<Row>) r -> { });
    double scoreSeconds = (System.nanoTime() - t0) / 1e9;

    // Kept on disk: the second assign replaces these rows in themes_assigned.
    String before = dir.resolve("ids-before").toString();
    wh.read(spark, Tables.THEMES_ASSIGNED).select("post_key", "theme_id").write().parquet(before);
    TopicsTrainJob retrain = new TopicsTrainJob(config, topics.withSeed(topics.seed() + 1));
    retrain.validate();
    TopicsTrainJob.Result retrained = retrain.run(spark);
    new TopicsAssignJob(config, true).run(spark);
    Dataset<Row> a = spark.read().parquet(before).filter(col("theme_id").isNotNull());
    Dataset<Row> b = wh.read(spark, Tables.THEMES_ASSIGNED).select(col("post_key"), col("theme_id").as("after"));
    Row same = a.join(b, "post_key").agg(functions.count(lit(1)),
        functions.sum(functions.when(col("theme_id").equalTo(col("after")), 1).otherwise(0))).first();
    double share = same.getLong(0) == 0 ? 1.0 : (double) same.getLong(1) / same.getLong(0);
    Progress.log("bench", "retrained (seed %d, k=%d): %.4f of posts kept their theme id", topics.seed() + 1,
        retrained.k(), share);
    return new Result("topics", assigned.posts(), trained.model(), trained.k(), trained.k_chosen_by(),
        round(trainSeconds), round(assignSeconds), Math.round(assigned.posts() / assignSeconds),
        Math.round(assigned.posts() / scoreSeconds),
        trained.vocabulary_size(), retrained.k(), Math.round(share * 10_000) / 10_000.0,
        Runtime.getRuntime().availableProcessors(), spark.version());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
