package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.analytics.PostRates;
import dev.veille.analytics.ReportPost;
import dev.veille.common.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

/** PostRates on a tiny frame: local weekday/hour across DST, the per-account denominator, clicks left out. */
class PostRatesTest extends SparkTestBase {

  static Row post(String key, String account, String published, String zone, Long reach, Long impressions,
      Long followers) {
    List<Object> v = new ArrayList<>();
    for (StructField f : Tables.POSTS.schema().fields()) {
      v.add(switch (f.name()) {
        case "post_key" -> key;
        case "account_id" -> account;
        case "post_id" -> key;
        case "published_at", "observed_at" -> Instant.parse(published);
        case "audience_timezone" -> zone;
        case "format" -> "image";
        case "hashtags", "mentions" -> scala.jdk.javaapi.CollectionConverters.asScala(List.<String>of()).toSeq();
        case "reactions" -> 10L;
        case "comments" -> 5L;
        case "shares" -> 3L;
        case "saves" -> 2L;
        case "clicks" -> 1000L;
        case "reach" -> reach;
        case "impressions" -> impressions;
        case "followers" -> followers;
        case "source_file" -> "f";
        case "record_number" -> 1L;
        case "platform" -> "facebook";
        case "published_month" -> published.substring(0, 7);
        default -> null;
      });
    }
    return RowFactory.create(v.toArray());
  }

  @Test
  void localTimeDenominatorAndRate() {
    Dataset<Row> posts = spark.createDataFrame(List.of(
        // 2026-03-29 is the EU spring-forward day: 01:30Z is 03:30 in Paris (CEST), a Sunday.
        post("a1", "A", "2026-03-29T01:30:00Z", "Europe/Paris", 200L, 400L, 1000L),
        // A day earlier, 01:30Z is 02:30 CET on Saturday.
        post("a2", "A", "2026-03-28T01:30:00Z", "Europe/Paris", 100L, 400L, 1000L),
        post("a3", "A", "2026-03-27T12:00:00Z", "Europe/Paris", null, 400L, 1000L),
        // Account B has no reach at all: impressions.
        post("b1", "B", "2026-03-27T12:00:00Z", "America/New_York", null, 500L, 1000L)), Tables.POSTS.schema());
    List<ReportPost> rows = ReportJob.collect(PostRates.withRates(posts));
    assertThat(rows).extracting(ReportPost::postKey, ReportPost::platform, ReportPost::accountId,
            ReportPost::weekday, ReportPost::hour, ReportPost::denominator)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a1", "facebook", "A", 7, 3, "reach"),
            org.assertj.core.groups.Tuple.tuple("a2", "facebook", "A", 6, 2, "reach"),
            org.assertj.core.groups.Tuple.tuple("a3", "facebook", "A", 5, 13, "reach"),
            org.assertj.core.groups.Tuple.tuple("b1", "facebook", "B", 5, 8, "impressions"));
    // (10 + 5 + 3 + 2 + 0.5) / 200: clicks are not interactions.
    assertThat(rows.get(0).logRate()).isCloseTo(Math.log(20.5 / 200), org.assertj.core.data.Offset.offset(1e-9));
    assertThat(rows.get(0).interactions()).isEqualTo(20);
    assertThat(rows.get(2).logRate()).as("no reach: no rate, not a guess").isNull();
    assertThat(rows.get(3).logRate()).isCloseTo(Math.log(20.5 / 500), org.assertj.core.data.Offset.offset(1e-9));
  }
}
