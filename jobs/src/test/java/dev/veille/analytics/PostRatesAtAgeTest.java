package dev.veille.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.Tables;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  private static Row snapshot(String key, int days, long reactions) {
    return RowFactory.create(key, T0.plus(days, ChronoUnit.DAYS), reactions, null, null, null, null, null,
        null, 1000L, "f.csv", 1L, null, "facebook", "2026-06");
  }

  @Test
  void postsAreComparedAtTheFirstSnapshotPastTheMaturityAge() {
    Dataset<Row> posts = spark.createDataFrame(List.of(
        post("a", 300, T0.plus(30, ChronoUnit.DAYS)),
        post("b", 90, T0.plus(40, ChronoUnit.DAYS)),
        post("c", 5, T0.plus(1, ChronoUnit.DAYS))), Tables.POSTS.schema());
    Dataset<Row> engagement = spark.createDataFrame(List.of(
        snapshot("a", 2, 40), snapshot("a", 30, 300),
        snapshot("b", 8, 70), snapshot("b", 40, 90),
        snapshot("c", 1, 5)), Tables.ENGAGEMENT.schema());

    Map<String, Long> reactions = PostRates.atAge(posts, engagement, 7).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("post_key"), r -> r.<Long>getAs("reactions")));
    // a: the 2-day read is too young, the 30-day one is the first mature one; b: 8 days, not 40;
    // c: never read after 7 days, keeps its only counts.
    assertThat(reactions).containsExactlyInAnyOrderEntriesOf(Map.of("a", 300L, "b", 70L, "c", 5L));
    assertThat(PostRates.atAge(posts, engagement, 7).columns()).containsExactly(posts.columns());
  }
}
