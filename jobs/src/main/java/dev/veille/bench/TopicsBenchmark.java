package dev.veille.bench;

import dev.veille.common.ConfigLoader;
import dev.veille.common.Progress;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestJob;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import dev.veille.topics.TopicsAssignJob;
import dev.veille.topics.TopicsConfig;
import dev.veille.topics.TopicsTrainJob;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code veille bench topics}: generates {@code posts} posts, ingests them with Veille's ingest
 * (not timed), then times {@code topics train} (the configured family, k automatic unless given)
 * and {@code topics assign --all} (featurise, cluster and merge into themes_assigned). A small
 * warm-up run first keeps JVM and Spark start-up out of both numbers.
 * Targets: train_s <= 300 for 200,000 posts, assign_posts_per_s >= 20,000 on 2 cores.
 */
public final class TopicsBenchmark {
  private final int posts;
  private final long seed;
  private final Path work;
  private final TopicsConfig topics;

  public record Result(String bench, long posts, String model, int k, String k_chosen_by, double train_s,
      double assign_s, double assign_posts_per_s, int vocabulary_size, int cores, String spark) {}

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
    return new Result("topics", assigned.posts(), trained.model(), trained.k(), trained.k_chosen_by(),
        round(trainSeconds), round(assignSeconds), Math.round(assigned.posts() / assignSeconds),
        trained.vocabulary_size(), Runtime.getRuntime().availableProcessors(), spark.version());
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
