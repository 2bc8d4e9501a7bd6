package dev.veille.common.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.SparkTestBase;
import dev.veille.common.ConfigException;
import dev.veille.common.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse written by the release before Delta Lake (src/test/resources/legacy-warehouse: the
 * ingest and sentiment of a few sample exports by that release's bin/veille) is converted in place
 * and then written to like any other.
 */
class WarehouseMigrationTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private Warehouse legacyCopy() throws IOException {
    Path source = Path.of("src/test/resources/legacy-warehouse");
    Path target = tmp.resolve("wh");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path p : files.toList()) {
        Path to = target.resolve(source.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return Warehouse.of(spark, target.toString());
  }

  private static long plainRows(Warehouse wh, Tables.Table t) {
    return spark.read().schema(t.schema()).parquet(wh.table(t).toString()).count();
  }

  @Test
  void aLegacyWarehouseIsRefusedUntilMigratedThenKeepsEveryRowAndTakesMerges() throws IOException {
    Warehouse wh = legacyCopy();
    assertThatThrownBy(() -> wh.read(spark, Tables.POSTS))
        .isInstanceOf(ConfigException.class).hasMessageContaining("veille migrate").hasMessageContaining("posts");
    long posts = plainRows(wh, Tables.POSTS);
    long sentiment = plainRows(wh, Tables.SENTIMENT);
    assertThat(posts).isEqualTo(226);

    List<WarehouseMigration.Outcome> outcomes = WarehouseMigration.run(spark, wh);

    assertThat(outcomes).filteredOn(o -> o.action().equals("converted")).extracting(WarehouseMigration.Outcome::table)
        .containsExactly("posts", "engagement", "comments", "quarantine", "sentiment", "sentiment_links");
    assertThat(outcomes).filteredOn(o -> o.action().equals("absent")).extracting(WarehouseMigration.Outcome::table)
        .containsExactly("moderation", "themes_assigned", "themes", "alerts");
    assertThat(Files.exists(tmp.resolve("wh/posts/_delta_log"))).isTrue();
    assertThat(wh.read(spark, Tables.POSTS).count()).isEqualTo(posts);
    assertThat(wh.read(spark, Tables.SENTIMENT).count()).isEqualTo(sentiment);
    assertThat(wh.read(spark, Tables.POSTS).select("platform").distinct().count()).isEqualTo(2);

    // A later observation of two posts merges over them; the count stays.
    Dataset<Row> later = wh.read(spark, Tables.POSTS).orderBy("post_key").limit(2)
        .withColumn("observed_at", lit(Instant.parse("2026-12-01T06:00:00Z")))
        .withColumn("text", lit("edited"));
    TableWriter writer = new TableWriter(spark, wh, "test-after-migrate");
    TableWriter.Published p = writer.write(Tables.POSTS, later,
        List.of(col("observed_at").desc(), col("source_file").asc(), col("record_number").asc()));
    writer.discard();
    assertThat(p.keysSeenTwice()).isEqualTo(2);
    assertThat(wh.read(spark, Tables.POSTS).count()).isEqualTo(posts);
    assertThat(wh.read(spark, Tables.POSTS).filter(col("text").equalTo("edited")).count()).isEqualTo(2);

    // Again: nothing left to convert, whatever a later run left in _staging.
    Files.createDirectories(tmp.resolve("wh/_staging/signals-2026-12-01"));
    assertThat(WarehouseMigration.run(spark, wh)).extracting(WarehouseMigration.Outcome::action)
        .doesNotContain("converted").contains("already_delta");
  }

  @Test
  void aWarehouseWithAnUnfinishedRunOfTheOldReleaseIsNotConverted() throws IOException {
    Warehouse wh = legacyCopy();
    Files.createDirectories(tmp.resolve("wh/_staging/ingest-20261129T010203Z-ab12/_replaced/posts"));

    assertThatThrownBy(() -> WarehouseMigration.run(spark, wh))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest-20261129T010203Z-ab12")
        .hasMessageContaining("previous release");
    assertThat(Files.exists(tmp.resolve("wh/posts/_delta_log"))).isFalse();
  }
}
