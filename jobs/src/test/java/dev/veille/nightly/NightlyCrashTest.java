package dev.veille.nightly;

import dev.veille.ChildJvmFlags;
import dev.veille.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.SparkTestBase;
import dev.veille.common.CrashPoints;
import dev.veille.common.warehouse.Warehouse;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Nightly runs killed with SIGKILL in every stage (ingest, sentiment, moderation, themes, signals,
 * report), each rerun on the same warehouse, then one run to the end: the outputs equal those of one
 * uninterrupted run (every table row, the report's JSON and CSV, the moderation queue), with no key
 * held twice. The killed runs are child JVMs (this test's classpath,
 * local[2]); they are killed with {@link Process#destroyForcibly()} (SIGKILL) when a progress line
 * of the stage appears, or, where a point between two writes must be hit exactly, halt themselves
 * through the test-only hook {@link CrashPoints}. Along the way: while a run holds the lock a
 * second run exits with 4 naming it, and each killed run's lock is found stale and taken over.
 */
@Tag("e2e")
class NightlyCrashTest extends SparkTestBase {
  private static final String DATE = "2026-11-28";

  @TempDir
  Path dir;

  @Test
  void runsKilledInEveryStageThenRerunEndAsOneUninterruptedRun() throws Exception {
    Path config = NightlySample.generate(dir, 150);
    // The same exports (same source_file values), another warehouse: the uninterrupted run.
    Path reference = dir.resolve("reference.yaml");
    Files.writeString(reference, Files.readString(config).replace("warehouse: warehouse", "warehouse: reference"));
    CliRun ref = CliRun.of("nightly", "--config", reference.toString(), "--date", DATE);
    assertThat(ref.code()).as(ref.err()).isZero();

    // Killed between publishing posts and engagement; meanwhile a second run finds the lock held.
    Child ingest = Child.start(config, null, "ingest: publishing engagement");
    assertThat(ingest.awaitLine("ingest: reading")).isTrue();
    CliRun second = CliRun.of("nightly", "--config", config.toString(), "--date", DATE);
    assertThat(second.code()).as(second.err()).isEqualTo(4);
    assertThat(second.err()).contains("Another run holds the warehouse lock")
        .contains("process " + ingest.process.pid());
    ingest.assertKilled();

    // Killed after sentiment rows and links are published, before the stage reports back.
    Child sentiment = Child.start(config, null, "sentiment: language");
    sentiment.assertKilled();
    assertThat(sentiment.stderr()).contains("taking over a stale lock").contains("recovery: ");
    // Halted once the night's verdicts are committed to the moderation table, before its queue file
    // is written: the rerun finds every comment moderated and writes the queue.
    Child moderation = Child.start(config, "moderation:before-queue", null);
    moderation.assertKilled();
    assertThat(dir.resolve("warehouse/moderation/_delta_log")).isDirectoryContaining("glob:**.json");
    assertThat(dir.resolve("warehouse/reports").resolve(DATE).resolve("moderation.csv")).doesNotExist();
    // Killed while the theme model is being fitted.
    Child themes = Child.start(config, null, "topics: fitting");
    themes.assertKilled();
    // Killed while the signals stage reads its inputs.
    Child signals = Child.start(config, null, "signals: " + DATE + ": reading");
    signals.assertKilled();
    // The report folder is in place, its _SUCCESS and the run manifest are not.
    Child report = Child.start(config, "report:before-success", null);
    report.assertKilled();
    assertThat(dir.resolve("warehouse/reports").resolve(DATE).resolve("_SUCCESS")).doesNotExist();
    // The manifest is written, the latest pointer not moved.
    Child pointer = Child.start(config, "after:manifest", null);
    pointer.assertKilled();
    assertThat(dir.resolve("warehouse/reports/latest")).doesNotExist();

    CliRun last = CliRun.of("nightly", "--config", config.toString(), "--date", DATE);
    assertThat(last.code()).as(last.err()).isZero();

    Path wh = dir.resolve("warehouse");
    Warehouse crashed = Warehouse.of(spark, wh.toString());
    Warehouse uninterrupted = Warehouse.of(spark, dir.resolve("reference").toString());
    assertThat(NightlySample.duplicateKeys(spark, crashed)).allSatisfy((t, rows) -> assertThat(rows).as(t).isEmpty());
    assertThat(NightlySample.tables(spark, crashed)).isEqualTo(NightlySample.tables(spark, uninterrupted));
    assertThat(NightlySample.report(wh, DATE)).isEqualTo(NightlySample.report(dir.resolve("reference"), DATE));
    assertThat(wh.resolve("reports").resolve(DATE).resolve("_SUCCESS")).exists();
    assertThat(Files.readString(wh.resolve("reports/latest")).strip()).isEqualTo(DATE);
    assertThat(wh.resolve("_lock")).doesNotExist();
    try (var s = Files.list(wh.resolve("_staging"))) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("ingest-"));
    }
    try (var s = Files.list(wh.resolve("models/topics"))) {
      assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("v"))).containsExactly("v0001");
    }
    JsonNode manifest = NightlyCliTest.manifest(last.out());
    assertThat(manifest.path("status").asText()).isEqualTo("succeeded");
  }

  /** A nightly run in a child JVM, killed by SIGKILL when {@code killOn} appears on its stderr. */
  static final class Child {
    final Process process;
    private final List<String> lines = new ArrayList<>();
    private final String killOn;

    private Child(Process process, String killOn) {
      this.process = process;
      this.killOn = killOn;
    }

    static Child start(Path config, String haltAt, String killOn) throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx2g");
      // Short-lived JVMs on tiny data spend their CPU compiling, not computing: the light JIT and GC
      // flags, and Spark's interpreted expressions instead of generated code (pom.xml says why).
      cmd.addAll(ChildJvmFlags.light());
      cmd.addAll(ChildJvmFlags.spark());
      cmd.addAll(ChildJvmFlags.javaOpens());
      cmd.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
          "-Dspark.driver.bindAddress=127.0.0.1", "-Dspark.sql.shuffle.partitions=4"));
      Path log4j = Path.of("conf/log4j2-local.properties").toAbsolutePath();
      if (Files.exists(log4j)) {
        cmd.add("-Dlog4j2.configurationFile=" + log4j);
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.veille.cli.VeilleCommand",
          "nightly", "--config", config.toString(), "--date", DATE));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
      pb.environment().remove(CrashPoints.ENV);
      if (haltAt != null) {
        pb.environment().put(CrashPoints.ENV, haltAt);
      }
      Child child = new Child(pb.start(), killOn);
      Thread reader = new Thread(child::readErr, "child-stderr");
      reader.setDaemon(true);
      reader.start();
      return child;
    }

    private void readErr() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (lines) {
            System.err.println("[child " + process.pid() + "] " + line);
            lines.add(line);
            lines.notifyAll();
          }
          if (killOn != null && line.contains(killOn)) {
            process.destroyForcibly();
          }
        }
      } catch (java.io.IOException e) {
        // The process is gone; what it printed is kept.
      }
    }

    boolean awaitLine(String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      synchronized (lines) {
        while (lines.stream().noneMatch(l -> l.contains(text)) && process.isAlive()) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 1_000_000_000L))));
        }
        return lines.stream().anyMatch(l -> l.contains(text));
      }
    }

    String stderr() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    /** Waits for the end; it must have been killed (137: SIGKILL, or the hook's halt). */
    void assertKilled() throws Exception {
      assertThat(process.waitFor(15, TimeUnit.MINUTES)).as("child still running").isTrue();
      assertThat(process.exitValue()).as(stderr()).isEqualTo(137);
    }
  }

}
