package dev.veille.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestJob;
import dev.veille.ingest.IngestResult;
import dev.veille.topics.DemoThemeModel;
import dev.veille.topics.TopicsConfig;
import dev.veille.topics.TopicsTrainJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code veille topics demo}: rebuilds the demo theme model ({@code models/topics/demo/}) from the
 * sample: ingests the config's exports into a fresh warehouse of its own (the config's warehouse is
 * not touched), trains with the code's default {@code topics} settings as {@code topics train}
 * does, and writes the version, its card and {@code MODEL_CARD.md} ({@link DemoThemeModel}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Rebuilds the demo theme model and its card from the sample.",
        "Ingests the exports of --config into a temporary warehouse, trains a theme model with the default"
            + " topics settings (the config's topics section is not used) and writes its pipeline,"
            + " model_card.json, themes.json and MODEL_CARD.md to --out. Deterministic given the sample"
            + " (except the card's times). Prints one JSON line. The documented command: "
            + DemoThemeModel.COMMAND})
final class TopicsDemoCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
      description = "The sample's config (data-samples/veille.yaml); its warehouse is not used.")
  Path config;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Where the demo model goes (models/topics/demo); its pipeline/, model_card.json, themes.json"
          + " and MODEL_CARD.md are replaced.")
  Path out;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** What the command prints. */
  record Result(String out, String version, String model, int k, String k_chosen_by, long training_posts,
      int vocabulary_size, double train_s, double ingest_s, double total_s, int cores, double load_average_start,
      double load_average_end) {}

  @Override
  public Integer call() throws IOException {
    long t0 = System.nanoTime();
    double loadStart = loadAverage();
    VeilleConfig sample = ConfigLoader.load(config);
    Path tmp = Files.createTempDirectory("veille-demo-themes-");
    try {
      VeilleConfig c = sample.withWarehouse(tmp.resolve("warehouse").toString());
      SparkSession spark = SparkSessions.getOrCreate("veille topics demo");
      Progress.log("topics", "demo: ingesting %s into %s", config, c.warehouse());
      IngestJob ingest = new IngestJob(c, false);
      ingest.validate();
      long ti = System.nanoTime();
      IngestResult ingested = ingest.run(spark);
      double ingestSeconds = seconds(ti);
      TopicsTrainJob train = new TopicsTrainJob(c, TopicsConfig.DEFAULT);
      train.validate();
      TopicsTrainJob.Result t = train.run(spark);
      double total = seconds(t0);
      double loadEnd = loadAverage();

      ObjectNode demo = Json.object();
      demo.put("command", DemoThemeModel.COMMAND);
      ObjectNode corpus = demo.putObject("corpus");
      corpus.put("config", shown(config));
      corpus.set("files", Json.MAPPER.valueToTree(corpusFiles(ingested)));
      corpus.put("posts_ingested", ingested.tableRows().getOrDefault("posts", -1L));
      ObjectNode run = demo.putObject("run");
      run.put("spark_master", spark.sparkContext().master());
      run.put("cores", Runtime.getRuntime().availableProcessors());
      run.put("load_average_start", round(loadStart));
      run.put("load_average_end", round(loadEnd));
      run.put("ingest_seconds", round(ingestSeconds));
      run.put("total_seconds", round(total));
      DemoThemeModel.export(Warehouse.of(spark, c.warehouse()), t.model_version(), out, demo);
      Progress.log("topics", "demo: wrote %s (k=%d, %.1f s to train)", out, t.k(), t.train_s());

      Result r = new Result(shown(out), t.model_version(), t.model(), t.k(), t.k_chosen_by(), t.training_posts(),
          t.vocabulary_size(), t.train_s(), round(ingestSeconds), round(total),
          Runtime.getRuntime().availableProcessors(), round(loadStart), round(loadEnd));
      spec.commandLine().getOut().println(Json.line(r));
      spec.commandLine().getOut().flush();
      return 0;
    } finally {
      DemoThemeModel.deleteRecursively(tmp);
    }
  }

  /**
   * The files the demo model is made from, each with the SHA-256 of its bytes, by path relative to
   * the config's folder: the config (accounts, zones and salt decide what a post says), the post
   * exports and their mapping files. Comments are ingested too but no theme reads them.
   */
  private Map<String, String> corpusFiles(IngestResult ingested) {
    Path folder = config.toAbsolutePath().normalize().getParent();
    List<Path> files = new ArrayList<>();
    files.add(config.toAbsolutePath().normalize());
    for (IngestResult.FileCounts f : ingested.files()) {
      if (!"posts".equals(f.table())) {
        continue;
      }
      files.add(local(f.path()));
      if (f.mapping() != null && !f.mapping().startsWith("preset:")) {
        files.add(local(f.mapping()));
      }
    }
    Map<String, String> hashes = new LinkedHashMap<>();
    for (Path p : files) {
      String name = folder.relativize(p).toString().replace('\\', '/');
      if (name.startsWith("..")) {
        throw new ConfigException("The demo model's files must be under the config's folder " + folder + ": " + p);
      }
      hashes.putIfAbsent(name, sha256(p));
    }
    return hashes;
  }

  private static Path local(String pathOrUri) {
    if (pathOrUri.startsWith("file:")) {
      return Path.of(java.net.URI.create(pathOrUri)).normalize();
    }
    return Path.of(pathOrUri).toAbsolutePath().normalize();
  }

  /** The SHA-256 (hex) of a file's bytes; {@code DemoThemeModelTest} computes it the same way. */
  static String sha256(Path p) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A path as the card shows it: relative to the working directory when under it. */
  private static String shown(Path p) {
    Path cwd = Path.of("").toAbsolutePath();
    Path abs = p.toAbsolutePath().normalize();
    return (abs.startsWith(cwd) ? cwd.relativize(abs) : abs).toString().replace('\\', '/');
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
