package dev.veille.nightly;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.ChildJvmFlags;
import dev.veille.SparkTestBase;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * {@code veille nightly} on a real Spark standalone cluster: a master and two one-core workers on
 * 127.0.0.1, started as separate JVMs from a SPARK_HOME whose {@code jars/} is Spark's own resolved
 * dependency closure (target/spark-home, written by the dependency plugin in pre-integration-test;
 * nothing downloaded). The run goes through {@code SparkSubmit} with the shaded jar and the CoreNLP
 * model jars as {@code --jars}, exactly as the README tells operators to; then the same nightly runs
 * in local mode (also through SparkSubmit) into a second warehouse, and every table, report file
 * and theme catalogue must be equal, apart from run ids and timestamps.
 *
 * <p>Child JVM logs stay in {@code target/cluster-it/logs/} so that a failure can be read.
 */
@Tag("e2e")
class StandaloneClusterIT extends SparkTestBase {
  private static final String REPORT_DATE = "2026-11-28";
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);
  /** Tables every nightly writes (Delta tables, under the warehouse), then the report's Parquet outputs. */
  private static final List<String> TABLES = List.of("posts", "engagement", "comments", "quarantine",
      "sentiment", "sentiment_links", "themes_assigned", "themes", "moderation", "post_facts",
      "reports/" + REPORT_DATE + "/best_time_slots", "reports/" + REPORT_DATE + "/top_themes");
  /** Columns that record when a run wrote a row, not what it computed. */
  private static final Set<String> RUN_TIME_COLUMNS = Set.of("scored_at", "scored_month", "linked_at",
      "assigned_at", "run_id");
  /** JSON fields that record when or how long, not what. */
  private static final Pattern RUN_TIME_FIELD = Pattern.compile("run_id|.*_at|.*_seconds|.*_ms");
  /** Run folders printed on stdout (manifest paths) differ per run by design. */
  private static final Pattern RUN_FOLDER = Pattern.compile("_runs/[^/\\s]+/");

  private static final List<Process> daemons = new ArrayList<>();
  private static Path work;
  private static Path logs;
  private static Path sparkHome;
  private static Path sample;
  private static String masterUrl;
  private static List<Path> workerDirs;

  @BeforeAll
  static void startCluster() throws Exception {
    work = Path.of(required("veille.it.work"));
    deleteTree(work);
    logs = Files.createDirectories(work.resolve("logs"));
    sparkHome = Path.of(required("veille.spark.home"));
    assertThat(sparkHome.resolve("jars/spark-core_2.13-4.2.0.jar"))
        .as("Spark's jars copied by the dependency plugin (pre-integration-test)").exists();

    // A small brand: enough posts for a theme model (topics.min_posts is 50), small enough that
    // CoreNLP scores its texts in seconds. k is fixed so the run does not try eleven values.
    sample = work.resolve("sample");
    SampleGenerator.generate(GeneratorSettings.of(7, 200), sample);
    String config = Files.readString(sample.resolve("veille.yaml"));
    assertThat(config).contains("\nwarehouse: warehouse\n");
    for (String name : List.of("cluster", "local")) {
      Files.writeString(sample.resolve(name + ".yaml"),
          config.replace("\nwarehouse: warehouse\n", "\nwarehouse: wh-" + name + "\n") + "\ntopics:\n  k: 5\n"
              // Far above any real parse: a loaded machine must not turn one text into a "timeout" in one run only.
              + "sentiment:\n  time_limit_ms: 600000\n");
    }

    int masterPort = freePort();
    masterUrl = "spark://127.0.0.1:" + masterPort;
    Process master = startDaemon("master", List.of("org.apache.spark.deploy.master.Master",
        "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort())));
    awaitLog("master", master, "I have been elected leader");
    workerDirs = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      Path dir = Files.createDirectories(work.resolve("worker-" + i));
      workerDirs.add(dir);
      Process worker = startDaemon("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--cores", "1", "--memory", "2g", "--work-dir", dir.toString(),
          "--webui-port", "0", masterUrl));
      awaitLog("worker-" + i, worker, "Successfully registered with master");
    }
  }

  @AfterAll
  static void stopCluster() throws InterruptedException {
    // Workers first, so that they do not try to reconnect to a master that is gone.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      Process p = daemons.get(i);
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
      }
    }
    daemons.clear();
    // Each executor kept a copy of the model jars (920 MB); the logs next to them stay.
    if (workerDirs != null) {
      for (Path worker : workerDirs) {
        try (Stream<Path> files = Files.walk(worker)) {
          for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).toList()) {
            Files.deleteIfExists(jar);
          }
        } catch (IOException e) {
          throw new java.io.UncheckedIOException("Cannot clean " + worker, e);
        }
      }
    }
  }

  @Test
  void nightlyOnTheClusterWritesWhatALocalRunWrites() throws Exception {
    String clusterOut = submit("nightly-cluster", masterUrl, "cluster.yaml",
        List.of("--deploy-mode", "client", "--executor-memory", "2g", "--total-executor-cores", "2"));
    assertExecutorsRanOnBothWorkers();
    String localOut = submit("nightly-local", "local[2]", "local.yaml", List.of());

    // Same counts per file, per stage and per language, the same themes and report.
    assertThat(clusterOut).contains("report: ").containsPattern("\\bscored=[1-9]");
    assertThat(normaliseStdout(clusterOut, "wh-cluster")).isEqualTo(normaliseStdout(localOut, "wh-local"));

    Path clusterWh = sample.resolve("wh-cluster");
    Path localWh = sample.resolve("wh-local");
    for (String table : TABLES) {
      List<String> clusterRows = rows(clusterWh.resolve(table));
      assertThat(clusterRows).as("rows of %s", table).isNotEmpty();
      assertThat(clusterRows).as("rows of %s on the cluster against local mode", table)
          .containsExactlyElementsOf(rows(localWh.resolve(table)));
    }

    Path clusterReport = clusterWh.resolve("reports").resolve(REPORT_DATE);
    Path localReport = localWh.resolve("reports").resolve(REPORT_DATE);
    for (String csv : List.of("best_times.csv", "top_themes.csv", "moderation.csv")) {
      assertThat(clusterReport.resolve(csv)).as(csv).hasSameBinaryContentAs(localReport.resolve(csv));
    }
    for (String json : List.of("best_times.json", "top_themes.json")) {
      assertThat(withoutRunTimes(clusterReport.resolve(json))).as(json)
          .isEqualTo(withoutRunTimes(localReport.resolve(json)));
    }
    String current = Files.readString(clusterWh.resolve("models/topics/CURRENT")).strip();
    assertThat(Files.readString(localWh.resolve("models/topics/CURRENT")).strip()).isEqualTo(current);
    for (String json : List.of("themes.json", "model_card.json")) {
      assertThat(withoutRunTimes(clusterWh.resolve("models/topics").resolve(current).resolve(json))).as(json)
          .isEqualTo(withoutRunTimes(localWh.resolve("models/topics").resolve(current).resolve(json)));
    }
  }

  /**
   * Each worker launched one executor for the application, the model jars given to spark-submit
   * were shipped into its folder, and it ran tasks: the work really happened on the workers.
   */
  private static void assertExecutorsRanOnBothWorkers() throws IOException {
    for (Path worker : workerDirs) {
      List<Path> executors;
      try (Stream<Path> apps = Files.list(worker)) {
        executors = apps.filter(p -> p.getFileName().toString().startsWith("app-"))
            .flatMap(StandaloneClusterIT::list).filter(Files::isDirectory).toList();
      }
      assertThat(executors).as("executor folders under %s", worker).hasSize(1);
      Path executor = executors.get(0);
      assertThat(executor.resolve("stanford-corenlp-4.5.10-models.jar")).exists();
      assertThat(executor.resolve("stanford-corenlp-4.5.10-models-english.jar")).exists();
      assertThat(Files.readString(executor.resolve("stderr"))).as("%s/stderr", executor).contains("Finished task");
    }
  }

  /** Runs {@code veille nightly} through SparkSubmit; returns its stdout (its stderr goes to logs/). */
  private static String submit(String name, String master, String config, List<String> options) throws Exception {
    Path lib = Path.of(required("veille.lib"));
    List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
        "--class", "dev.veille.cli.VeilleCommand",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.ui.showConsoleProgress=false",
        // Tiny data: a few shuffle partitions, the same in both runs.
        "--conf", "spark.sql.shuffle.partitions=4",
        // Every JVM of the test (daemons, drivers, executors) gets the light JIT and GC flags: seven
        // JVMs share two cores, and a four-minute run that parses 442 texts does not repay C2's
        // compilations or G1's threads. With them `mvn verify -Dit.test=StandaloneClusterIT` used 332 s
        // of CPU in 222 s instead of 550 s in 301 s (executors and the local-mode driver had kept C2 and G1).
        "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", ChildJvmFlags.light()),
        "--jars", lib.resolve("stanford-corenlp-4.5.10-models.jar") + ","
            + lib.resolve("stanford-corenlp-4.5.10-models-english.jar")));
    // Interpreted expressions rather than generated code, whose compilation costs more CPU than
    // this data's work (the test JVMs' own Spark settings).
    args.addAll(ChildJvmFlags.sparkConfs());
    args.addAll(options);
    args.addAll(List.of(required("veille.jar"), "nightly", "--config", sample.resolve(config).toString(),
        "--date", REPORT_DATE));
    // In client mode (and local mode) the driver is this JVM: its heap is the driver's memory.
    boolean local = master.startsWith("local");
    Process p = start(name, local ? "3g" : "1g", args);
    if (!p.waitFor(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(name + " did not finish within " + RUN_TIMEOUT + "; see " + logs);
    }
    String out = Files.readString(logs.resolve(name + ".out"));
    assertThat(p.exitValue()).as("%s exit code; stdout:%n%s%nstderr tail:%n%s", name, out,
        tail(logs.resolve(name + ".log"))).isZero();
    return out;
  }

  private static Process startDaemon(String name, List<String> args) throws IOException {
    Process p = start(name, "256m", args);
    daemons.add(p);
    return p;
  }

  /**
   * A JVM on SPARK_HOME's jars with the Java 17 flags Spark needs, as Spark's own scripts start it,
   * and the light JIT and GC flags (see {@link #submit}).
   */
  private static Process start(String name, String heap, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.addAll(ChildJvmFlags.light());
    command.addAll(ChildJvmFlags.javaOpens());
    command.add("-Dspark.master.rest.enabled=false");
    command.add("-cp");
    command.add(sparkHome.resolve("jars") + File.separator + "*");
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(logs.resolve(name + ".out").toFile())
        .redirectError(logs.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    // The worker builds each executor's command from SPARK_HOME/jars; without a build tree to look
    // at, Spark's launcher needs the Scala version spelled out.
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_CONF_DIR", Files.createDirectories(work.resolve("conf")).toString());
    env.remove("SPARK_MASTER");
    env.remove("VEILLE_SALT");
    return pb.start();
  }

  private static void awaitLog(String name, Process p, String line) throws Exception {
    Path log = logs.resolve(name + ".log");
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      if (!p.isAlive()) {
        throw new AssertionError(name + " exited with " + p.exitValue() + ":\n" + tail(log));
      }
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(name + " did not log \"" + line + "\" within " + START_TIMEOUT + ":\n" + tail(log));
  }

  /** A table's rows as sorted JSON strings, without the columns that say when a run wrote them. */
  private static List<String> rows(Path table) {
    // Warehouse tables are Delta tables; the report's copies (best_time_slots, top_themes) plain Parquet.
    Dataset<Row> df = Files.isDirectory(table.resolve("_delta_log"))
        ? spark.read().format("delta").load(table.toString()) : spark.read().parquet(table.toString());
    List<String> kept = Arrays.stream(df.columns()).filter(c -> !RUN_TIME_COLUMNS.contains(c)).sorted().toList();
    return df.select(to_json(struct(kept.stream().map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new))))
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList().stream().sorted().toList();
  }

  private static JsonNode withoutRunTimes(Path json) throws IOException {
    JsonNode node = new ObjectMapper().readTree(json.toFile());
    strip(node);
    return node;
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode o) {
      List<String> drop = new ArrayList<>();
      for (Iterator<String> names = o.fieldNames(); names.hasNext(); ) {
        String n = names.next();
        if (RUN_TIME_FIELD.matcher(n).matches()) {
          drop.add(n);
        }
      }
      o.remove(drop);
      o.forEach(StandaloneClusterIT::strip);
    } else if (node instanceof ArrayNode a) {
      a.forEach(StandaloneClusterIT::strip);
    }
  }

  private static String normaliseStdout(String out, String warehouse) {
    return RUN_FOLDER.matcher(out.replace(warehouse, "WAREHOUSE")).replaceAll("_runs/RUN/");
  }

  private static Stream<Path> list(Path dir) {
    try {
      return Files.list(dir).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException("System property " + property + " is not set (run through mvn verify)");
    }
    return v;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
