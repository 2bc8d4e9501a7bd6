package dev.veille.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * An account renamed during the period read (a page renamed: its older rows carry the old name) is
 * named as on its latest row by the crisis and emerging-theme counts, whatever the order in which
 * Spark's tasks meet the rows; rows without a name are skipped.
 */
class AccountNamesTest extends SparkTestBase {
  static final Instant CUTOFF = Instant.parse("2026-11-29T00:00:00Z");
  static final StructType COMMENTS = new StructType().add("comment_key", DataTypes.StringType)
      .add("post_key", DataTypes.StringType).add("created_at", DataTypes.TimestampType)
      .add("text", DataTypes.StringType).add("author_pseudonym", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("account_id", DataTypes.StringType)
      .add("account_name", DataTypes.StringType).add("score", DataTypes.DoubleType)
      .add("negative", DataTypes.BooleanType);

  /** The account's name on a row this many hours before the cutoff: the new one in the last 5 hours, the old one before, none on a few rows. */
  static String nameAt(int hoursBefore) {
    return hoursBefore % 7 == 3 ? null : hoursBefore <= 5 ? "Maison Lune" : "maisonlune_old";
  }

  @Test
  void theCrisisCountsNameARenamedAccountAsOnItsLatestComment() {
    List<Row> rows = new ArrayList<>();
    for (int h = 1; h <= 60; h++) {
      Instant at = CUTOFF.minus(Duration.ofHours(h)).plusSeconds(60);
      rows.add(RowFactory.create("c" + h, "p" + (h % 4), at, "Nice", "a" + h, "instagram", "ig1", nameAt(h),
          h % 2 == 0 ? -0.5 : 0.4, h % 2 == 0));
    }
    rows.add(RowFactory.create("x1", "q1", CUTOFF.minus(Duration.ofHours(2)), "Hi", "b", "x", "x1", null, null, null));
    // Eight partitions, so that the old name's rows come first in most of them.
    Dataset<Row> comments = spark.createDataFrame(rows, COMMENTS).repartition(8);
    SignalInputs in = new SignalInputs(null, null, comments, null);

    List<CrisisDetector.HourCounts> hourly = CrisisDetector.hourly(in, CUTOFF);

    assertThat(hourly).filteredOn(c -> c.accountId().equals("ig1")).hasSize(60)
        .allSatisfy(c -> assertThat(c.accountName()).isEqualTo("Maison Lune"));
    assertThat(hourly).filteredOn(c -> c.accountId().equals("x1")).singleElement()
        .satisfies(c -> {
          assertThat(c.accountName()).as("an account without a name").isNull();
          assertThat(c.scored()).isZero();
        });
    assertThat(hourly.stream().mapToLong(CrisisDetector.HourCounts::negative).sum()).isEqualTo(30);
  }

  @Test
  void theEmergingCountsNameARenamedAccountAsOnItsLatestPost() {
    StructType posts = EmergingDetectorTest.POSTS;
    List<Row> rows = new ArrayList<>();
    for (int h = 1; h <= 60; h++) {
      rows.add(RowFactory.create("ig:" + h, "instagram", "ig1", nameAt(h), CUTOFF.minus(Duration.ofHours(24L * h)),
          "https://ig.example/" + h, "Our linen cushion", scala.jdk.javaapi.CollectionConverters.asScala(
              List.<String>of()).toSeq()));
    }
    Dataset<Row> frame = spark.createDataFrame(rows, posts).repartition(8);
    SignalInputs in = new SignalInputs(frame, null, null,
        spark.createDataFrame(List.of(), EmergingDetectorTest.THEMES));
    Instant window = CUTOFF.minus(Duration.ofDays(14));

    EmergingDetector.Counts counts = EmergingDetector.count(in, window.minus(Duration.ofDays(49)), window, 3);

    assertThat(counts.accounts()).singleElement().satisfies(a -> {
      assertThat(a.accountName()).isEqualTo("Maison Lune");
      assertThat(a.windowPosts()).isEqualTo(14);
      assertThat(a.baselinePosts()).isEqualTo(46);
    });
  }
}
