package dev.veille.nightly;

import dev.veille.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.SparkTestBase;
import dev.veille.common.Json;
import dev.veille.common.Versions;
import dev.veille.common.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A backfill of three dates on a generated sample, then an older date again: a date run twice
 * writes byte-identical report JSON and CSV and the same table rows, with no key held twice
 * anywhere, and the latest report stays the newest date's.
 */
@Tag("e2e")
class NightlyJobTest extends SparkTestBase {
  @TempDir
  Path dir;

  @Test
  void backfillsThreeDatesThenRerunsChangeNothing() throws Exception {
    Path config = NightlySample.generate(dir, 150);
    Path wh = dir.resolve("warehouse");
    Warehouse warehouse = Warehouse.of(spark, wh.toString());

    CliRun backfill = CliRun.of("nightly", "--config", config.toString(),
        "--from", "2026-11-26", "--to", "2026-11-28");
    assertThat(backfill.code()).as(backfill.err()).isZero();
    List<String> reports = backfill.out().lines().filter(l -> l.startsWith("report: ")).toList();
    assertThat(reports).hasSize(3);
    assertThat(reports.get(2)).isEqualTo("report: " + wh.resolve("reports/2026-11-28/report.html"));
    assertThat(backfill.out().strip()).endsWith(reports.get(2));
    for (String d : List.of("2026-11-26", "2026-11-27", "2026-11-28")) {
      assertThat(wh.resolve("reports").resolve(d).resolve("_SUCCESS")).exists();
    }
    assertThat(Files.readString(wh.resolve("reports/latest")).strip()).isEqualTo("2026-11-28");
    // One progress line per stage and date.
    for (String stage : List.of("ingest", "sentiment", "moderation", "themes", "signals", "report")) {
      assertThat(backfill.err().lines().filter(l -> l.contains("nightly: 2026-11-2") && l.contains(": " + stage
          + " done in")).count()).as(stage).isEqualTo(3);
    }

    List<JsonNode> manifests = manifests(wh);
    assertThat(manifests).extracting(m -> m.path("date").asText())
        .containsExactly("2026-11-26", "2026-11-27", "2026-11-28");
    JsonNode first = manifests.get(0);
    assertThat(first.path("status").asText()).isEqualTo("succeeded");
    assertThat(first.path("exit_code").asInt()).isZero();
    assertThat(first.path("config_sha256").asText())
        .isEqualTo(Versions.sha256(Files.readAllBytes(config)));
    assertThat(first.path("versions").path("spark").asText()).isEqualTo(spark.version());
    assertThat(first.path("versions").path("theme_model").asText()).isEqualTo("v0001");
    JsonNode ingest = first.path("stages").get(0);
    assertThat(ingest.path("stage").asText()).isEqualTo("ingest");
    assertThat(ingest.path("records_in").asLong())
        .isEqualTo(ingest.path("records_out").asLong() + ingest.path("records_quarantined").asLong())
        .isPositive();
    assertThat(first.path("inputs")).hasSize(6);
    assertThat(first.path("stages").findValuesAsText("stage"))
        .containsExactly("ingest", "sentiment", "moderation", "themes", "signals", "report");
    // Later dates find every file ingested already; posts after a date stay out of its report.
    JsonNode third = manifests.get(2);
    assertThat(third.path("stages").get(0).path("details").path("files_new").asInt()).isZero();
    assertThat(third.path("stages").get(0).path("records_in").asLong()).isZero();
    assertThat(first.path("stages").get(5).path("stage").asText()).isEqualTo("report");
    assertThat(first.path("stages").get(5).path("records_in").asLong())
        .isLessThanOrEqualTo(third.path("stages").get(5).path("records_in").asLong());

    Map<String, String> report = NightlySample.report(wh, "2026-11-28");
    Map<String, String> older = NightlySample.report(wh, "2026-11-27");
    Map<String, List<String>> tables = NightlySample.tables(spark, warehouse);
    assertThat(tables.get("posts")).isNotEmpty();
    assertThat(tables.get("themes_assigned")).isNotEmpty();
    assertThat(tables.get("sentiment")).isNotEmpty();

    // An older date again, once the newest is done: nothing is new, so nothing is scored, moderated
    // or trained; its report is byte-identical, no table row changes, and latest stays on the newest.
    CliRun again = CliRun.of("nightly", "--config", config.toString(), "--date", "2026-11-27");
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(NightlySample.report(wh, "2026-11-27")).isEqualTo(older);
    assertThat(NightlySample.report(wh, "2026-11-28")).isEqualTo(report);
    assertThat(NightlySample.tables(spark, warehouse)).isEqualTo(tables);
    assertThat(NightlySample.duplicateKeys(spark, warehouse)).allSatisfy((t, rows) -> assertThat(rows).as(t).isEmpty());
    JsonNode rerun = NightlyCliTest.manifest(again.out());
    assertThat(rerun.path("stages").get(1).path("records_out").asLong()).as("texts scored").isZero();
    assertThat(rerun.path("stages").get(2).path("records_out").asLong()).as("comments moderated again").isZero();
    assertThat(rerun.path("stages").get(3).path("details").path("trained").asBoolean()).isFalse();
    assertThat(Files.readString(wh.resolve("reports/latest")).strip()).isEqualTo("2026-11-28");
    // Every stage removes its staging folder once published, so nights leave no copies behind.
    if (Files.exists(wh.resolve("_staging"))) {
      try (Stream<Path> left = Files.list(wh.resolve("_staging"))) {
        assertThat(left.map(p -> p.getFileName().toString()).toList()).isEmpty();
      }
    }
  }

  /** The nightly manifests of a warehouse, oldest run first. */
  static List<JsonNode> manifests(Path wh) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> runs = Files.list(wh.resolve("_runs"))) {
      for (Path p : runs.filter(r -> r.getFileName().toString().startsWith("nightly-")).toList()) {
        out.add(Json.MAPPER.readTree(p.resolve("manifest.json").toFile()));
      }
    }
    out.sort(java.util.Comparator.comparing((JsonNode m) -> m.path("started_at").asText()));
    return out;
  }
}
