package dev.veille.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed run leaves scratch in _staging and nothing half-done in the tables (each publish is one
 * Delta commit): the next writer deletes the scratch and leaves the tables alone.
 */
class StagingRecoveryTest {
  @TempDir
  Path wh;

  @Test
  void aKilledRunsStagingIsDeletedAndTheTablesAreNotTouched() throws Exception {
    Path staged = wh.resolve("_staging/ingest-20261129T010203Z-ab12/posts/platform=x/published_month=2026-11");
    Files.createDirectories(staged);
    Files.writeString(staged.resolve("part-0.parquet"), "scratch");
    Path live = wh.resolve("posts/_delta_log/00000000000000000000.json");
    Files.createDirectories(live.getParent());
    Files.writeString(live, "{}");

    List<String> done = StagingRecovery.recover(new Warehouse(wh.toString(), new Configuration()));

    assertThat(done).containsExactly("deleted the staging folder of the interrupted run ingest-20261129T010203Z-ab12");
    assertThat(wh.resolve("_staging")).isEmptyDirectory();
    assertThat(live).hasContent("{}");
    assertThat(StagingRecovery.recover(new Warehouse(wh.toString(), new Configuration()))).isEmpty();
  }
}
