package dev.veille.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which ingested files a stage has not looked at yet, read from the ingest ledger and the stage's
 * record: new entries, a file ingested again with other contents, another scope, a damaged record.
 */
class SeenFilesTest {
  @TempDir
  Path dir;

  private Warehouse warehouse() {
    return new Warehouse(dir.toString(), new Configuration());
  }

  /** Records a file in the ingest ledger, as an ingest run does once its tables are published. */
  private void ingested(String path, String sha256, String runId) {
    new IngestLedger(warehouse()).record(List.of(new InputFile(path, 10, Instant.EPOCH, sha256, null)), runId,
        Map.of(path, "preset:x-api-v2"));
  }

  @Test
  void withoutARecordEveryRowIsLookedAtThenOnlyTheFilesIngestedSince() throws Exception {
    ingested("file:/exports/a.csv", "aa", "ingest-1");
    ingested("file:/exports/b.csv", "bb", "ingest-1");
    SeenFiles seen = SeenFiles.of(warehouse(), SeenFiles.SENTIMENT, null);

    SeenFiles.Snapshot first = seen.read();
    assertThat(first.pendingPaths()).as("no record: every row").isNull();
    assertThat(first.ledgerIds()).hasSize(2);
    seen.record(first);
    assertThat(seen.read().pendingPaths()).isEmpty();

    // A new file, and a.csv landed again with other bytes: both are looked at, b.csv is not.
    ingested("file:/exports/c.csv", "cc", "ingest-2");
    ingested("file:/exports/a.csv", "a2", "ingest-2");
    SeenFiles.Snapshot second = seen.read();
    assertThat(second.pendingPaths()).containsExactly("file:/exports/c.csv", "file:/exports/a.csv");

    // Files ingested while the stage ran are not in its snapshot: the next run looks at them.
    ingested("file:/exports/d.csv", "dd", "ingest-3");
    seen.record(second);
    assertThat(seen.read().pendingPaths()).containsExactly("file:/exports/d.csv");
  }

  @Test
  void aRecordUnderAnotherScopeCountsAsNone() throws Exception {
    ingested("file:/exports/a.csv", "aa", "ingest-1");
    SeenFiles v1 = SeenFiles.of(warehouse(), SeenFiles.THEMES, "v0001");
    v1.record(v1.read());
    assertThat(v1.read().pendingPaths()).isEmpty();

    SeenFiles v2 = SeenFiles.of(warehouse(), SeenFiles.THEMES, "v0002");
    assertThat(v2.read().pendingPaths()).as("a new model version looks at every post").isNull();
    v2.record(v2.read());
    assertThat(v2.read().pendingPaths()).isEmpty();
    assertThat(Files.readString(dir.resolve("_ledger/themes_files.json"))).contains("\"scope\" : \"v0002\"");
    // The record is the latest scope's alone: going back to v0001 looks at everything again.
    assertThat(v1.read().pendingPaths()).isNull();
    // Another stage's record is another file.
    assertThat(SeenFiles.of(warehouse(), SeenFiles.SENTIMENT, null).read().pendingPaths()).isNull();
  }

  @Test
  void aDamagedRecordIsAnErrorThatSaysHowToRecover() throws Exception {
    ingested("file:/exports/a.csv", "aa", "ingest-1");
    Files.writeString(dir.resolve("_ledger/sentiment_files.json"), "{\"files\": [");
    assertThatThrownBy(() -> SeenFiles.of(warehouse(), SeenFiles.SENTIMENT, null).read())
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("sentiment_files.json")
        .hasMessageContaining("delete it");
  }
}
