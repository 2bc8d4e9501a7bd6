package dev.veille.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.Tables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

class PostRatesAtAgeTest extends SparkTestBase {
  static final Instant T0 = Instant.parse("2026-06-01T10:00:00Z");

  private static Row post(String key, long reactions, Instant observed) {
    List<Object> v = new ArrayList<>(List.of(key, "1", "Brand", key, T0, "Europe/Paris", "image", "t"));
    v.add(List.of());
    v.add(List.of());
    v.addAll(java.util.Arrays.asList(null, null, null, null, observed, reactions, null, null, null, null, null,
        null, 1000L, "f.csv", 1L, null, "facebook", "2026-06"));
    return RowFactory.create(v.toArray());
  }

  private static Row snapshot(String key, int days, Long reactions) {
    return snapshot(key, days, reactions, null);
  }

  private static Row snapshot(String key, int days, Long reactions, Long shares) {
    return RowFactory.create(key, T0.plus(days, ChronoUnit.DAYS), reactions, null, shares, null, null, null,
        null, 1000L, "f.csv", 1L, null, "facebook", "2026-06");
  }

  @Test
  void postsAreComparedAtTheFirstSnapshotPastTheMaturityAge() {
    Dataset<Row> posts = spark.createDataFrame(List.of(
        post("a", 300, T0.plus(30, ChronoUnit.DAYS)),
        post("b", 90, T0.plus(40, ChronoUnit.DAYS)),
        post("c", 5, T0.plus(1, ChronoUnit.DAYS)),
        post("d", 60, T0.plus(20, ChronoUnit.DAYS))), Tables.POSTS.schema());
    Dataset<Row> engagement = spark.createDataFrame(List.of(
        snapshot("a", 2, 40L), snapshot("a", 30, 300L),
        snapshot("b", 8, 70L), snapshot("b", 40, 90L),
        snapshot("c", 1, 5L),
        snapshot("d", 9, null, 4L), snapshot("d", 20, 60L, 9L), snapshot("d", 12, 50L, null)),
        Tables.ENGAGEMENT.schema());

    List<Row> rows = PostRates.atAge(posts, engagement, 7).collectAsList();
    Map<String, Long> reactions = new java.util.HashMap<>();
    Map<String, Long> shares = new java.util.HashMap<>();
    rows.forEach(r -> {
      reactions.put(r.getAs("post_key"), r.getAs("reactions"));
      shares.put(r.getAs("post_key"), r.getAs("shares"));
    });
    // a: the 2-day read is too young, the 30-day one is the first mature one; b: 8 days, not 40;
    // c: never read after 7 days, keeps its only counts.
    assertThat(reactions).containsEntry("a", 300L).containsEntry("b", 70L).containsEntry("c", 5L);
    // d: every count comes from its first mature read (9 days), the missing ones too: not the
    // smallest count of each column, nor a later read's count where the first has none.
    assertThat(reactions).containsEntry("d", null).hasSize(4);
    assertThat(shares).containsEntry("d", 4L);
    assertThat(PostRates.atAge(posts, engagement, 7).columns()).containsExactly(posts.columns());
  }
}
