package dev.veille.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Account;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import dev.veille.common.SourceSpec;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestJob;
import dev.veille.ingest.IngestResult;
import dev.veille.ingest.MappingLoader;
import dev.veille.ingest.RawRecords;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code veille bench ingest}: Veille's ingest against a plain Spark copy of the same files
 * ({@code spark.read().schema(...).csv(...).write().parquet(...)}, all-string schema, the same CSV
 * options), on the Meta Business Suite exports (Facebook and Instagram) of a generated sample.
 * The input is generated once; both sides run on it twice, and the second round is the
 * measurement: in the first, the JIT compiler is still compiling Veille's parser and the Parquet
 * writer's paths (a warm-up on 1% of the records left about 5 s of it in Veille's side, against
 * under 1 s in the plain copy's). The first round's times are printed too.
 */
public final class IngestBenchmark {
  private final int posts;
  private final int rounds;
  private final long seed;
  private final Path work;

  /**
   * Results, printed as one JSON line; {@code ratio = veille_s / plain_s} (target <= 1.3). The
   * {@code *_cpu_s} fields are this process's CPU time over each side, which other jobs on a
   * shared machine do not inflate the way they inflate wall time. {@code veille_stage_s} is the
   * pass that reads, parses and writes the valid rows to staging (the part that compares with the
   * plain copy); {@code veille_rest_s} is the rest of the ingest (checksums and headers,
   * engagement, the publishes, quarantine, ledger), and {@code veille_phases_s} each phase's
   * time. {@code first_*} are the warm-up round's; {@code round_ratios} each measured round's ratio
   * (the times are each side's median over the measured rounds).
   */
  public record Result(String bench, long records, double veille_s, double plain_s, double ratio,
      double veille_cpu_s, double plain_cpu_s, double cpu_ratio, double veille_stage_s,
      double veille_rest_s, ObjectNode veille_phases_s, double first_veille_s, double first_plain_s,
      double first_ratio, List<Double> round_ratios, long records_ok, long records_quarantined, int files,
      int cores, String spark) {}

  /** One round: both sides once, on the same files. */
  private record Round(double veilleSeconds, double plainSeconds, double veilleCpu, double plainCpu,
      IngestResult ingest) {}

  public IngestBenchmark(int posts, int rounds, long seed, Path work) {
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be positive: " + rounds);
    }
    this.posts = posts;
    this.rounds = rounds;
    this.seed = seed;
    this.work = work;
  }

  public Result run(SparkSession spark) throws IOException {
    return BenchDirs.inWorkDir(work, "veille-bench-ingest", dir -> {
      // The Meta exports hold half the posts (Facebook and Instagram), so generate twice as many.
      Path samples = dir.resolve("samples");
      Progress.log("bench", "generating %,d posts", posts);
      SampleGenerator.generate(new GeneratorSettings(seed, 2 * posts, GeneratorSettings.DEFAULT_AS_OF, 4), samples);
      Progress.log("bench", "warm-up round");
      Round first = round(spark, samples, dir.resolve("warmup"));
      // The plain copy's time moves by a third from one round to the next on a shared machine:
      // each side's median over the measured rounds, and the ratio of the medians.
      List<Round> rounds = new ArrayList<>();
      for (int i = 1; i <= this.rounds; i++) {
        Progress.log("bench", "measured round %d of %d", i, this.rounds);
        rounds.add(round(spark, samples, dir.resolve("run-" + i)));
      }
      List<Round> byVeille = new ArrayList<>(rounds);
      byVeille.sort(Comparator.comparingDouble(Round::veilleSeconds));
      List<Round> byPlain = new ArrayList<>(rounds);
      byPlain.sort(Comparator.comparingDouble(Round::plainSeconds));
      Round median = byVeille.get(rounds.size() / 2);
      Round plainMedian = byPlain.get(rounds.size() / 2);
      Round r = new Round(median.veilleSeconds(), plainMedian.plainSeconds(), median.veilleCpu(),
          plainMedian.plainCpu(), median.ingest());
      List<Double> ratios = rounds.stream().map(x -> round(x.veilleSeconds() / x.plainSeconds())).toList();
      IngestResult ingest = r.ingest();
      double stage = ingest.phaseSeconds().getOrDefault("stage", 0.0);
      return new Result("ingest", ingest.recordsIn(), round(r.veilleSeconds()), round(r.plainSeconds()),
          round(r.veilleSeconds() / r.plainSeconds()), round(r.veilleCpu()), round(r.plainCpu()),
          round(r.veilleCpu() / r.plainCpu()), round(stage), round(r.veilleSeconds() - stage),
          phases(ingest),
          round(first.veilleSeconds()), round(first.plainSeconds()),
          round(first.veilleSeconds() / first.plainSeconds()), ratios, ingest.recordsOk(),
          ingest.recordsQuarantined(), ingest.files().size(), Runtime.getRuntime().availableProcessors(),
          spark.version());
    });
  }

  private Round round(SparkSession spark, Path samples, Path dir) {
    String facebook = samples.resolve("exports").toString() + "/facebook_posts*.csv";
    String instagram = samples.resolve("exports").toString() + "/instagram_posts*.csv";

    long t0 = System.nanoTime();
    long c0 = cpuNanos();
    plainCopy(spark, List.of(facebook, instagram), dir.resolve("plain").toString());
    double plainSeconds = (System.nanoTime() - t0) / 1e9;
    double plainCpu = (cpuNanos() - c0) / 1e9;

    Instant observed = Instant.parse("2026-11-28T06:00:00Z");
    VeilleConfig config = new VeilleConfig(dir.resolve("warehouse").toString(), "bench-salt",
        List.of(new Account("facebook", "104857600123", "Maison Lune", ZoneId.of("Europe/Paris"), List.of("maisonlune")),
            new Account("instagram", "178414000456", "maisonlune", ZoneId.of("Europe/Paris"), List.of("maisonlune"))),
        ZoneId.of("UTC"), 0.05,
        List.of(new SourceSpec(facebook, "preset:meta-business-suite", null, ZoneId.of("America/New_York"), observed),
            new SourceSpec(instagram, "preset:meta-business-suite", "instagram", ZoneId.of("Europe/Paris"), observed)));
    t0 = System.nanoTime();
    c0 = cpuNanos();
    IngestJob job = new IngestJob(config, false);
    job.validate();
    IngestResult r = job.run(spark);
    double veilleSeconds = (System.nanoTime() - t0) / 1e9;
    double veilleCpu = (cpuNanos() - c0) / 1e9;
    return new Round(veilleSeconds, plainSeconds, veilleCpu, plainCpu, r);
  }

  /** What a Spark user writes to land a CSV export in Parquet, with the same reader options. */
  static void plainCopy(SparkSession spark, List<String> globs, String out) {
    var layout = MappingLoader.load("preset:meta-business-suite").source();
    String first = globs.get(0);
    StructType schema = new StructType();
    for (String column : RawRecords.headerOf(spark, first, layout)) {
      schema = schema.add(column, DataTypes.StringType, true);
    }
    spark.read().schema(schema)
        .option("header", "true")
        .option("multiLine", "true")
        .option("sep", layout.delimiter())
        .option("quote", layout.quote())
        .option("escape", layout.escape())
        .option("encoding", layout.encoding())
        .csv(globs.toArray(new String[0]))
        .write().mode(SaveMode.Overwrite).parquet(out);
  }

  /** The ingest's phases in the order they ran (a map would be printed sorted by name). */
  private static ObjectNode phases(IngestResult ingest) {
    ObjectNode phases = Json.object();
    ingest.phaseSeconds().forEach(phases::put);
    return phases;
  }

  /** CPU time of this whole process (every thread: driver and local executors). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
