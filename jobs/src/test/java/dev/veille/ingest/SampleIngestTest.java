package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.SparkTestBase;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Json;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a generated sample: every record the generator planted as malformed is in
 * quarantine with the matching reason, and only those; every planted duplicate is merged.
 */
class SampleIngestTest extends SparkTestBase {
  @TempDir
  static Path dir;
  static IngestResult result;
  static JsonNode truth;

  @BeforeAll
  static void generateAndIngest() throws Exception {
    SampleGenerator.generate(GeneratorSettings.of(3, 1200), dir);
    truth = Json.MAPPER.readTree(Files.readString(dir.resolve("ground_truth.json")));
    VeilleConfig config = ConfigLoader.load(dir.resolve("veille.yaml"));
    IngestJob job = new IngestJob(config, false);
    job.validate();
    result = job.run(spark);
  }

  private static String relative(String sourceFile) {
    String marker = "/exports/";
    return "exports/" + sourceFile.substring(sourceFile.indexOf(marker) + marker.length());
  }

  @Test
  void everyPlantedMalformedRecordIsQuarantinedWithItsReasonAndNothingElse() {
    Map<String, String> expected = new HashMap<>();
    for (JsonNode m : truth.path("malformed")) {
      String item = m.has("index") ? "/" + (m.path("index").asInt() + 1) : "";
      String code = switch (m.path("kind").asText()) {
        case "bad_timestamp" -> "bad_timestamp";
        case "not_a_number" -> "bad_number";
        case "negative_count" -> "negative_count";
        case "missing_post_id" -> "missing_value";
        case "broken_json", "wrong_column_count" -> "malformed_record";
        default -> throw new AssertionError("unknown kind " + m);
      };
      expected.put(m.path("file").asText() + "#" + m.path("record_number").asLong() + item, code);
    }
    Map<String, String> actual = new HashMap<>();
    Warehouse w = Warehouse.of(spark, dir.resolve("warehouse").toString());
    for (Row q : w.read(spark, Tables.QUARANTINE).collectAsList()) {
      Integer item = q.getAs("record_item");
      actual.put(relative(q.getAs("source_file")) + "#" + q.<Long>getAs("record_number")
          + (item == null ? "" : "/" + item), q.getAs("reason_code"));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void countsAddUpPerFileAndDuplicatesAreMerged() {
    JsonNode files = truth.path("counts").path("files");
    for (IngestResult.FileCounts f : result.files()) {
      JsonNode t = files.path(relative(f.path()));
      // X: a record is a tweet of a readable line, or a whole unreadable line.
      long expectedIn = t.has("data_items")
          ? t.path("data_items_in_valid_lines").asLong() + brokenLines(relative(f.path()))
          : t.path("records").asLong();
      assertThat(f.recordsIn()).as(f.path()).isEqualTo(expectedIn);
      assertThat(f.recordsQuarantined()).as(f.path()).isEqualTo(t.path("malformed").asLong());
      assertThat(f.recordsIn()).isEqualTo(f.recordsOk() + f.recordsQuarantined());
    }
    assertThat(result.duplicatesMerged()).isEqualTo(truth.path("counts").path("duplicates_total").asLong());

    Warehouse w = Warehouse.of(spark, dir.resolve("warehouse").toString());
    long posts = w.read(spark, Tables.POSTS).count();
    long okPosts = result.files().stream().filter(f -> f.table().equals("posts"))
        .mapToLong(IngestResult.FileCounts::recordsOk).sum();
    assertThat(posts).isEqualTo(okPosts - result.duplicatesMerged());
    Set<String> zones = new HashSet<>();
    w.read(spark, Tables.POSTS).select("audience_timezone").distinct().collectAsList()
        .forEach(r -> zones.add(r.getString(0)));
    assertThat(zones).containsExactlyInAnyOrder("Europe/Paris", "America/New_York", "Europe/London",
        "America/Los_Angeles");
  }

  private static long brokenLines(String file) {
    long n = 0;
    for (JsonNode m : truth.path("malformed")) {
      if (m.path("file").asText().equals(file) && m.path("kind").asText().equals("broken_json")) {
        n++;
      }
    }
    return n;
  }
}
