package dev.veille.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crisis detector on hourly counts: volume and share must both be anomalous. */
class CrisisDetectorTest {
  static final Instant CUTOFF = Instant.parse("2026-11-29T00:00:00Z");
  static final Instant WINDOW = CUTOFF.minus(Duration.ofHours(48));
  static final LocalDate DATE = LocalDate.of(2026, 11, 28);
  static final SignalsSettings.Crisis S = SignalsSettings.DEFAULTS.crisis();

  /** 30 days of history: {@code perDay} scored comments a day, {@code negPerDay} of them negative. */
  static List<CrisisDetector.HourCounts> baseline(int perDay, int negPerDay) {
    List<CrisisDetector.HourCounts> out = new ArrayList<>();
    for (int day = 2; day < 30; day++) {
      out.add(hour(day * 24 + 12, perDay, negPerDay));
    }
    return out;
  }

  static CrisisDetector.HourCounts hour(long hoursBefore, long scored, long negative) {
    return new CrisisDetector.HourCounts("facebook", "fb1", "Maison Lune", hoursBefore, scored, negative);
  }

  static List<Alert> detect(List<CrisisDetector.HourCounts> counts) {
    return CrisisDetector.detect(counts, List.of(), Map.of(), WINDOW, CUTOFF, 48, DATE, S, Map.of());
  }

  @Test
  void aWaveOfNegativeCommentsIsACrisis() {
    List<CrisisDetector.HourCounts> c = baseline(10, 1);
    c.add(hour(5, 30, 18));
    c.add(hour(30, 10, 6));
    List<Alert> alerts = detect(c);
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.kind()).isEqualTo(Alert.CRISIS);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.evidence()).containsEntry("negative", 24L).containsEntry("comments", 40L);
    assertThat((Double) a.evidence().get("p_value")).isLessThan(1e-6);
    assertThat(a.message()).contains("24 negative comments in the last 48 hours").contains("60%").contains("10%");
  }

  @Test
  void aHappySurgeIsNotACrisis() {
    List<CrisisDetector.HourCounts> c = baseline(10, 1);
    // Five times the usual volume, with the usual 10% of negatives.
    c.add(hour(5, 80, 8));
    c.add(hour(30, 20, 2));
    assertThat(detect(c)).isEmpty();
  }

  @Test
  void moreNegativesInProportionToMoreCommentsIsNotACrisis() {
    List<CrisisDetector.HourCounts> c = baseline(10, 3);
    c.add(hour(5, 60, 19));
    assertThat(detect(c)).isEmpty();
  }

  @Test
  void aWeeklyPeakOfComplaintsIsExpected() {
    // Every Saturday and Sunday (hours 0-47 before this cutoff, then 168-215, ...) brings 12 complaints
    // among 20 comments; weekdays 1 among 20. The window is a weekend: the same weekdays say it is usual.
    List<CrisisDetector.HourCounts> c = new ArrayList<>();
    for (int week = 1; week <= 4; week++) {
      c.add(hour(168L * week + 10, 20, 12));
      c.add(hour(168L * week + 34, 20, 12));
      for (int d = 2; d < 7; d++) {
        c.add(hour(168L * week + 24L * d + 12, 20, 1));
      }
    }
    c.add(hour(10, 20, 12));
    c.add(hour(34, 20, 12));
    // The share test alone would fire (24/40 against about 24% over the whole baseline); the volume is what
    // the same weekdays had.
    assertThat(CrisisDetector.test(c, 48, 28, 0.24).pShare()).isLessThan(0.001);
    assertThat(detect(c)).isEmpty();
  }

  @Test
  void aThinBaselineWithoutComplaintsDoesNotTurnAFewIntoACrisis() {
    // 43 comments, none negative, then a launch post draws 64 comments with the usual few complaints.
    List<CrisisDetector.HourCounts> c = new ArrayList<>();
    for (int day = 3; day < 30; day += 2) {
      c.add(hour(day * 24L, 3, 0));
    }
    c.add(hour(10, 64, 5));
    List<CrisisDetector.HourCounts> other = new ArrayList<>();
    for (int day = 3; day < 30; day++) {
      other.add(new CrisisDetector.HourCounts("instagram", "ig1", "maisonlune", day * 24L, 10, 1));
    }
    c.addAll(other);
    assertThat(detect(c)).isEmpty();
  }

  @Test
  void tooFewCommentsOrTooLittleHistoryRaiseNothing() {
    List<CrisisDetector.HourCounts> few = baseline(10, 1);
    few.add(hour(5, 4, 4));
    assertThat(detect(few)).isEmpty();
    List<CrisisDetector.HourCounts> young = new ArrayList<>();
    young.add(hour(60, 5, 0));
    young.add(hour(5, 30, 25));
    assertThat(detect(young)).isEmpty();
  }

  @Test
  void evidenceNamesThePostsTheTermsAndExamplesByPseudonym() {
    List<CrisisDetector.HourCounts> c = baseline(10, 1);
    c.add(hour(5, 30, 20));
    List<CrisisDetector.NegativeComment> neg = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      neg.add(new CrisisDetector.NegativeComment("facebook", "fb1", "facebook:c" + i, i < 15 ? "facebook:p1" : "facebook:p2",
          CUTOFF.minus(Duration.ofHours(5)), "Where is my parcel? Still no refund, order " + i, "u_00000000000000" + (10 + i),
          -0.5 - i / 100.0));
    }
    List<Alert> alerts = CrisisDetector.detect(c, neg, Map.of("facebook:p1", new String[] {"https://fb.example/p1",
        "Delivery update"}), WINDOW, CUTOFF, 48, DATE, S, Map.of("facebook|fb1", "Maison Lune FR"));
    Alert a = alerts.get(0);
    assertThat(a.account()).isEqualTo("Maison Lune FR");
    assertThat(a.terms()).contains("parcel", "refund", "order");
    List<?> posts = (List<?>) a.evidence().get("posts");
    assertThat(((Map<?, ?>) posts.get(0)).get("post_key")).isEqualTo("facebook:p1");
    assertThat(((Map<?, ?>) posts.get(0)).get("negative_comments")).isEqualTo(15L);
    List<?> examples = (List<?>) a.evidence().get("examples");
    assertThat(examples).hasSize(3);
    assertThat(((Map<?, ?>) examples.get(0)).get("author").toString()).startsWith("u_");
    assertThat(((Map<?, ?>) examples.get(0)).get("comment_key")).isEqualTo("facebook:c19");
  }
}
