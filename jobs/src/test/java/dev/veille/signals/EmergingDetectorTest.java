package dev.veille.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.alerts.Alert;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Emerging terms and themes on tiny frames, through the Spark counting and the statistics. */
class EmergingDetectorTest extends SparkTestBase {
  static final LocalDate DATE = LocalDate.of(2026, 11, 28);
  static final Instant CUTOFF = Instant.parse("2026-11-29T00:00:00Z");
  static final SignalsSettings.Emerging S = SignalsSettings.DEFAULTS.emerging();
  static final String[] WORDS = {"linen", "cushion", "candle", "ceramic", "bedroom", "morning", "table", "throw",
      "wool", "lamp", "garden", "bowl", "vase", "blanket", "oak", "shelf"};
  static final StructType POSTS = new StructType().add("post_key", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("account_id", DataTypes.StringType)
      .add("account_name", DataTypes.StringType).add("published_at", DataTypes.TimestampType)
      .add("url", DataTypes.StringType).add("text", DataTypes.StringType)
      .add("hashtags", DataTypes.createArrayType(DataTypes.StringType));
  static final StructType THEMES = new StructType().add("post_key", DataTypes.StringType)
      .add("theme_id", DataTypes.StringType).add("theme_label", DataTypes.StringType);

  record Post(Instant at, String text, String theme) {}

  /** Three posts a day for {@code days} days before the cutoff, skipping the days {@code skip} says. */
  static List<Post> daily(int days, long seed, java.util.function.IntPredicate skip) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Post> out = new ArrayList<>();
    for (int d = days; d >= 1; d--) {
      if (skip.test(d)) {
        continue;
      }
      for (int k = 0; k < 3; k++) {
        Instant at = CUTOFF.minus(Duration.ofDays(d)).plus(Duration.ofHours(9 + 4 * k));
        String text = "Our " + WORDS[r.nextInt(WORDS.length)] + " and " + WORDS[r.nextInt(WORDS.length)] + " today";
        out.add(new Post(at, text, "t" + r.nextInt(4)));
      }
    }
    return out;
  }

  List<Alert> detect(List<Post> posts) {
    List<Row> rows = new ArrayList<>();
    List<Row> themes = new ArrayList<>();
    int i = 0;
    for (Post p : posts) {
      String key = "instagram:" + (i++);
      rows.add(RowFactory.create(key, "instagram", "ig1", "maisonlune", p.at(), "https://ig.example/" + key, p.text(),
          scala.jdk.javaapi.CollectionConverters.asScala(List.<String>of()).toSeq()));
      if (p.theme() != null) {
        themes.add(RowFactory.create(key, p.theme(), "label " + p.theme()));
      }
    }
    Dataset<Row> postFrame = spark.createDataFrame(rows, POSTS);
    SignalInputs in = new SignalInputs(postFrame, null, null, spark.createDataFrame(themes, THEMES));
    Instant window = CUTOFF.minus(Duration.ofDays(S.windowDays()));
    EmergingDetector.Counts counts = EmergingDetector.count(in, window.minus(Duration.ofDays(S.baselineDays())), window,
        S.minCount());
    return EmergingDetector.detect(counts, Map.of(), window, CUTOFF, DATE, S, Map.of());
  }

  @Test
  void aHashtagNeverSeenBeforeEmerges() {
    List<Post> posts = daily(63, 1, d -> false);
    for (int d = 5; d >= 1; d--) {
      posts.add(new Post(CUTOFF.minus(Duration.ofDays(d)).plus(Duration.ofHours(20)), "Meet the #LuneBox, out now",
          "t1"));
      posts.add(new Post(CUTOFF.minus(Duration.ofDays(d)).plus(Duration.ofHours(21)), "The #lunebox unboxing", "t2"));
    }
    List<Alert> alerts = detect(posts);
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.kind()).isEqualTo(Alert.EMERGING_THEME);
    assertThat(a.terms()).contains("#lunebox", "lunebox");
    assertThat(a.evidence()).containsEntry("never_seen_before", true).containsEntry("first_seen", "2026-11-24");
    assertThat(a.message()).contains("#lunebox").contains("first seen 2026-11-24");
  }

  @Test
  void aThemeThatPeaksEveryWeekendDoesNot() {
    List<Post> posts = daily(63, 2, d -> false);
    for (int d = 63; d >= 1; d--) {
      DayOfWeek day = CUTOFF.minus(Duration.ofDays(d)).atZone(ZoneOffset.UTC).getDayOfWeek();
      if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
        for (int k = 0; k < 4; k++) {
          posts.add(new Post(CUTOFF.minus(Duration.ofDays(d)).plus(Duration.ofHours(10 + k)),
              "Weekend brunch table", "brunch"));
        }
      }
    }
    assertThat(detect(posts)).isEmpty();
  }

  @Test
  void aCollectionThatResumesAfterAGapIsNotATrend() {
    // Three weeks of exports, three weeks without, then the last two weeks, twice as many posts a day: the
    // volume of every theme jumps, their shares do not.
    List<Post> posts = daily(63, 3, d -> d > 14 && d <= 35);
    posts.addAll(daily(14, 4, d -> false));
    assertThat(detect(posts)).isEmpty();
  }

  @Test
  void aBaselineMostlyMadeOfAGapIsNoBaseline() {
    List<Post> posts = daily(63, 5, d -> d > 14 && d <= 56);
    for (int d = 5; d >= 1; d--) {
      posts.add(new Post(CUTOFF.minus(Duration.ofDays(d)).plus(Duration.ofHours(20)), "Meet the #LuneBox", "t1"));
      posts.add(new Post(CUTOFF.minus(Duration.ofDays(d)).plus(Duration.ofHours(21)), "The #lunebox again", "t1"));
    }
    assertThat(detect(posts)).isEmpty();
  }

  @Test
  void anAccountWithLittleHistoryRaisesNothing() {
    List<Post> posts = daily(9, 6, d -> false);
    for (int d = 5; d >= 1; d--) {
      posts.add(new Post(CUTOFF.minus(Duration.ofDays(d)).plus(Duration.ofHours(20)), "Meet the #LuneBox", "t1"));
    }
    assertThat(detect(posts)).isEmpty();
  }
}
