package dev.veille.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.common.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run killed while publishing leaves in _staging, and how the next nightly makes it whole. */
class StagingRecoveryTest {
  @TempDir
  Path wh;

  private Path file(String relative) throws Exception {
    Path p = wh.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, relative);
    return p;
  }

  private List<String> files(String under) throws Exception {
    try (Stream<Path> s = Files.walk(wh.resolve(under))) {
      return s.filter(Files::isRegularFile).map(p -> wh.resolve(under).relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void anIngestKilledBetweenSettingFilesAsideAndMovingTheirRewritesInIsRolledBack() throws Exception {
    String part = "posts/platform=x/published_month=2026-11/";
    file(part + "kept.parquet");
    // The dead run had moved one new file and one rewritten file in, and set one live file aside.
    file(part + "ingest20261129T010203Zab12-part-0.parquet");
    file(part + "ingest20261129T010203Zab12r-part-1.parquet");
    file("_staging/ingest-20261129T010203Z-ab12/_replaced/posts/_files/platform=x/published_month=2026-11/"
        + "old.parquet");
    file("_staging/ingest-20261129T010203Z-ab12/posts/platform=x/published_month=2026-11/part-2.parquet");

    List<String> done = StagingRecovery.recover(new Warehouse(wh.toString(), new Configuration()));

    assertThat(files("posts")).containsExactly("platform=x/published_month=2026-11/kept.parquet",
        "platform=x/published_month=2026-11/old.parquet");
    assertThat(wh.resolve("_staging/ingest-20261129T010203Z-ab12")).doesNotExist();
    assertThat(done).anyMatch(l -> l.contains("undid ingest-20261129T010203Z-ab12 (2 files removed, 1 set-aside"));
  }

  @Test
  void anIngestKilledBeforeSettingAnythingAsideHasItsFilesRemovedFromEveryTable() throws Exception {
    file("posts/platform=x/published_month=2026-11/kept.parquet");
    file("posts/platform=x/published_month=2026-11/ingest20261129T010203Zab12-part-0.parquet");
    file("engagement/platform=x/published_month=2026-11/ingest20261129T010203Zab12-part-0.parquet");
    file("engagement/platform=x/published_month=2026-11/ingest20261128T010203Zff00-part-0.parquet");
    file("_staging/ingest-20261129T010203Z-ab12/engagement/platform=x/published_month=2026-11/part-1.parquet");

    StagingRecovery.recover(new Warehouse(wh.toString(), new Configuration()));

    assertThat(files("posts")).containsExactly("platform=x/published_month=2026-11/kept.parquet");
    assertThat(files("engagement")).containsExactly(
        "platform=x/published_month=2026-11/ingest20261128T010203Zff00-part-0.parquet");
    assertThat(wh.resolve("_staging/ingest-20261129T010203Z-ab12")).doesNotExist();
  }

  @Test
  void anIngestStoppedAfterWritingTheLedgerKeepsWhatItPublished() throws Exception {
    String part = "posts/platform=x/published_month=2026-11/";
    file(part + "ingest20261129T010203Zab12-part-0.parquet");
    file(part + "ingest20261129T010203Zab12r-part-1.parquet");
    file("_staging/ingest-20261129T010203Z-ab12/_replaced/posts/_files/platform=x/published_month=2026-11/"
        + "old.parquet");
    Files.writeString(file("_ledger/ingested_files.json"), "{\"files\": [{\"sha256\": \"ab\", \"path\": \"/in/a.csv\","
        + " \"run_id\": \"ingest-20261129T010203Z-ab12\"}]}");

    List<String> done = StagingRecovery.recover(new Warehouse(wh.toString(), new Configuration()));

    assertThat(files("posts")).containsExactly("platform=x/published_month=2026-11/ingest20261129T010203Zab12-part-0.parquet",
        "platform=x/published_month=2026-11/ingest20261129T010203Zab12r-part-1.parquet");
    assertThat(wh.resolve("_staging/ingest-20261129T010203Z-ab12")).doesNotExist();
    assertThat(done).containsExactly("deleted the staging folder of ingest-20261129T010203Z-ab12, which had published everything");
  }

  @Test
  void aDerivedPartitionSetAsideWithNothingInItsPlaceIsMovedBackAndOthersAreLeftAlone() throws Exception {
    String run = "_staging/sentiment-20261129T010203Z-cd34/_replaced/";
    file(run + "sentiment/scored_month=2026-11/part-0.parquet");
    file(run + "sentiment/scored_month=2026-10/part-0.parquet");
    file("sentiment/scored_month=2026-10/part-9.parquet");
    file(run + "themes/_all/part-0.parquet");

    StagingRecovery.recover(new Warehouse(wh.toString(), new Configuration()));

    // 2026-11 was missing: back; 2026-10 had its new version in place: untouched.
    assertThat(files("sentiment")).containsExactly("scored_month=2026-10/part-9.parquet",
        "scored_month=2026-11/part-0.parquet");
    assertThat(files("themes")).containsExactly("part-0.parquet");
    assertThat(wh.resolve(run + "sentiment/scored_month=2026-10/part-0.parquet")).exists();
  }
}
