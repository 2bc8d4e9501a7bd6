package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.Fixtures;
import dev.veille.SparkTestBase;
import dev.veille.common.SourceSpec;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.IngestLedger;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger's rule for finding new files without reading old ones: a file known by path, size and
 * modification time is not read; any other file is checksummed and skipped when its contents were
 * ingested before.
 */
class IngestLedgerTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private VeilleConfig config(Path file) {
    return new VeilleConfig(tmp.resolve("warehouse").toString(), IngestJobTest.SALT, IngestJobTest.ACCOUNTS,
        ZoneId.of("UTC"), 1.0, List.of(new SourceSpec(file.toString(), "preset:meta-business-suite", null,
            ZoneId.of("America/New_York"), IngestJobTest.OBSERVED)));
  }

  private IngestResult ingest(Path file) {
    IngestJob job = new IngestJob(config(file), false);
    job.validate();
    return job.run(spark);
  }

  private JsonNode entry() {
    List<JsonNode> entries = new IngestLedger(Warehouse.of(spark, tmp.resolve("warehouse").toString())).entries();
    assertThat(entries).hasSize(1);
    return entries.get(0);
  }

  @Test
  void aFileKnownByPathSizeAndTimeIsNotReadAgain() throws IOException {
    Path file = tmp.resolve("in/facebook.csv");
    Files.createDirectories(file.getParent());
    String csv = Fixtures.metaCsv();
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    FileTime landed = FileTime.fromMillis(1_764_000_000_000L);
    Files.setLastModifiedTime(file, landed);
    assertThat(ingest(file).recordsIn()).isEqualTo(8);
    assertThat(entry().path("size").asLong()).isEqualTo(Files.size(file));
    assertThat(entry().path("modified_ms").asLong()).isEqualTo(landed.toMillis());

    // Touched without being changed: read, found by its checksum, skipped; its new time is noted.
    FileTime touched = FileTime.fromMillis(landed.toMillis() + 60_000);
    Files.setLastModifiedTime(file, touched);
    IngestResult again = ingest(file);
    assertThat(again.files()).singleElement().satisfies(f -> assertThat(f.skipped()).isTrue());
    assertThat(entry().path("modified_ms").asLong()).isEqualTo(touched.toMillis());

    // Same path, size and time as the entry: taken as the ingested contents without being read, so
    // even bytes rewritten in place (same length, time set back) go unnoticed, as documented.
    Files.writeString(file, csv.replace("Maison Lune", "Maison Lxne"), StandardCharsets.UTF_8);
    Files.setLastModifiedTime(file, touched);
    IngestResult unread = ingest(file);
    assertThat(unread.files()).singleElement().satisfies(f -> {
      assertThat(f.skipped()).isTrue();
      assertThat(f.sha256()).isEqualTo(entry().path("sha256").asText());
    });

    // An edit that changes the time is read and ingested.
    Files.setLastModifiedTime(file, FileTime.fromMillis(touched.toMillis() + 60_000));
    IngestResult edited = ingest(file);
    assertThat(edited.files()).singleElement().satisfies(f -> assertThat(f.skipped()).isFalse());
    assertThat(edited.recordsIn()).isEqualTo(8);
  }
}
