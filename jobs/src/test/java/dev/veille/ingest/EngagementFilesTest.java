package dev.veille.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.Tables;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngagementFilesTest extends SparkTestBase {
  private static final Instant OBSERVED = Instant.parse("2026-11-28T06:00:00Z");

  @TempDir
  Path tmp;

  private static Row post(String id, Long reactions, Long reach, String platform, String month, long record) {
    return RowFactory.create(platform + ":" + id, "1001", "Maison Lune", id, Instant.parse(month + "-03T10:00:00Z"),
        "Europe/Paris", "photo", "caption " + id, List.of("linen"), List.of(), null, "en", false, 1200L, OBSERVED,
        reactions, 3L, null, null, null, null, null, reach, "file:/in/export.csv", record, null, platform, month);
  }

  private void stagePosts(List<Row> posts) {
    spark.createDataFrame(posts, Tables.POSTS.schema()).repartition(2).write()
        .partitionBy("platform", "published_month").parquet(tmp.resolve("posts").toString());
  }

  /** What a query over the staged posts gives: the engagement columns of posts with a count. */
  private List<String> queried() {
    Dataset<Row> posts = spark.read().schema(Tables.POSTS.schema()).parquet(tmp.resolve("posts").toString());
    Column anyMetric = lit(false);
    for (String m : Tables.METRICS) {
      anyMetric = anyMetric.or(col(m).isNotNull());
    }
    return sorted(posts.filter(anyMetric).select(engagementColumns()));
  }

  private static Column[] engagementColumns() {
    return Arrays.stream(Tables.ENGAGEMENT.schema().fieldNames()).map(c -> col(c)).toArray(Column[]::new);
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private boolean copy() throws IOException {
    return EngagementFiles.copyFromPosts(spark.sparkContext().hadoopConfiguration(),
        new org.apache.hadoop.fs.Path(tmp.resolve("posts").toString()),
        new org.apache.hadoop.fs.Path(tmp.resolve("engagement").toString()));
  }

  @Test
  void postsThatAllCarryACountAreCopiedColumnByColumnIntoTheSameRowsAQueryGives() throws IOException {
    List<Row> posts = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      // Reactions are missing from some posts and reach from others: every post has a count.
      posts.add(post("p" + i, i % 3 == 0 ? null : (long) i, i % 5 == 0 ? null : 10L * i,
          i % 2 == 0 ? "facebook" : "instagram", i % 4 < 2 ? "2026-10" : "2026-11", i + 1));
    }
    stagePosts(posts);

    assertThat(copy()).isTrue();

    String engagement = tmp.resolve("engagement").toString();
    assertThat(sorted(spark.read().schema(Tables.ENGAGEMENT.schema()).parquet(engagement))).isEqualTo(queried())
        .hasSize(50);
    assertThat(tmp.resolve("engagement/platform=instagram/published_month=2026-11")).isDirectory();
    // A tool that infers the schema from the files sees the engagement columns only.
    assertThat(spark.read().parquet(engagement).columns()).containsExactly(Tables.ENGAGEMENT.schema().fieldNames());
  }

  @Test
  void aPostWithoutAnyCountLeavesTheDerivationToAQueryAndCopiesNothing() throws IOException {
    Row withoutCounts = RowFactory.create("facebook:p2", "1001", "Maison Lune", "p2",
        Instant.parse("2026-10-03T10:00:00Z"), "Europe/Paris", "photo", "no counts", List.of(), List.of(), null,
        "en", false, 1200L, OBSERVED, null, null, null, null, null, null, null, null, "file:/in/export.csv", 2L,
        null, "facebook", "2026-10");
    stagePosts(List.of(post("p1", 5L, 100L, "facebook", "2026-10", 1), withoutCounts));

    assertThat(copy()).isFalse();
    assertThat(Files.exists(tmp.resolve("engagement"))).isFalse();
  }
}
