package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.common.Tables;
import dev.veille.common.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which data files a table's commits touched, read from its Delta log (no Spark). */
class PostFactsLogTest {
  @TempDir
  Path dir;
  Warehouse wh;
  Path table;

  @BeforeEach
  void warehouse() throws Exception {
    wh = new Warehouse(dir.toString(), new Configuration());
    table = dir.resolve("themes_assigned");
    Files.createDirectories(table.resolve("_delta_log"));
    commit(0, "{\"metaData\":{\"id\":\"t\"}}", add("published_month=2026-01/part-0.parquet"));
    commit(1, "{\"commitInfo\":{\"operation\":\"WRITE\"}}", add("published_month=2026-01/part-1.parquet"));
    commit(2, remove("published_month=2026-01/part-0.parquet"), add("published_month=2026-01/part%202.parquet"));
    for (String f : new String[] {"part-0.parquet", "part-1.parquet", "part 2.parquet"}) {
      Files.createDirectories(table.resolve("published_month=2026-01"));
      Files.writeString(table.resolve("published_month=2026-01").resolve(f), "");
    }
  }

  private void commit(long v, String... lines) throws Exception {
    Files.writeString(table.resolve("_delta_log").resolve(String.format("%020d.json", v)),
        String.join("\n", lines) + "\n");
  }

  private static String add(String path) {
    return "{\"add\":{\"path\":\"" + path + "\",\"partitionValues\":{},\"dataChange\":true}}";
  }

  private static String remove(String path) {
    return "{\"remove\":{\"path\":\"" + path + "\",\"dataChange\":true}}";
  }

  private String file(String name) {
    return new org.apache.hadoop.fs.Path(wh.table(Tables.THEMES_ASSIGNED), "published_month=2026-01/" + name)
        .toString();
  }

  @Test
  void theFilesAddedAndRemovedAfterAVersionInCommitOrderWithTheirPathsDecoded() {
    PostFacts.Touched t = PostFacts.touchedFiles(wh, Tables.THEMES_ASSIGNED, 0, 2);
    assertThat(t.why()).isNull();
    assertThat(t.files()).containsExactly(file("part-1.parquet"), file("part-0.parquet"), file("part 2.parquet"));
    assertThat(PostFacts.touchedFiles(wh, Tables.THEMES_ASSIGNED, 2, 2).files()).isEmpty();
  }

  @Test
  void aCommitThatChangesTheSchemaCannotBeFollowed() {
    assertThat(PostFacts.touchedFiles(wh, Tables.THEMES_ASSIGNED, -1, 2).why())
        .isEqualTo("themes_assigned commit 0 changed its schema or properties");
  }

  @Test
  void aCommitOrAFileNoLongerThereIsNamed() throws Exception {
    Files.delete(table.resolve("published_month=2026-01/part-0.parquet"));
    assertThat(PostFacts.touchedFiles(wh, Tables.THEMES_ASSIGNED, 0, 2).why())
        .isEqualTo("themes_assigned file " + file("part-0.parquet") + " is gone (vacuumed?)");
    Files.delete(table.resolve("_delta_log/00000000000000000001.json"));
    assertThat(PostFacts.touchedFiles(wh, Tables.THEMES_ASSIGNED, 0, 2).why())
        .isEqualTo("themes_assigned commit 1 is no longer in its log");
  }
}
