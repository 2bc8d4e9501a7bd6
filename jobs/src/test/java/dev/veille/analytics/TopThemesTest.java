package dev.veille.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcuts the theme table takes on a million posts give what the plain definitions give. */
class TopThemesTest {
  private static ReportPost post(String key, LocalDate day) {
    return new ReportPost(key, "facebook", "1", "Brand", "UTC", day.atStartOfDay(java.time.ZoneOffset.UTC)
        .toInstant(), day, 1, 9, "photo", false, List.of(), null, null, "fr", "reach", 0.1, 3);
  }

  @Test
  void theBestExamplesAreTheFirstOfTheSortedPostsTiesIncluded() {
    Random r = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<LiftModel.Lifted> lifted = new ArrayList<>();
      int n = r.nextInt(12);
      for (int i = 0; i < n; i++) {
        // Few distinct lifts, so that ties are decided by post key; keys shuffled.
        lifted.add(new LiftModel.Lifted(post("p" + r.nextInt(1000) + "-" + i, LocalDate.of(2026, 11, 1)),
            r.nextInt(4) / 2.0));
      }
      for (int k : new int[] {1, 3, 5}) {
        assertThat(TopThemes.best(lifted, k)).as("trial %d, %d best", trial, k)
            .containsExactlyElementsOf(lifted.stream().sorted(TopThemes.BEST).limit(k).toList());
      }
    }
  }

  @Test
  void windowCountsAreTheCalendarDaysBetweenThePostAndTheReport() {
    LocalDate report = LocalDate.of(2024, 3, 1);
    List<ReportPost> posts = new ArrayList<>();
    int[] expected = new int[4];
    // Across a leap day and around each window's edges, and after the report date.
    for (int back = -3; back <= 60; back++) {
      LocalDate day = report.minusDays(back);
      posts.add(post("p" + back, day));
      long age = ChronoUnit.DAYS.between(day, report);
      if (age >= 0 && age < 7) {
        expected[0]++;
      } else if (age >= 7 && age < 14) {
        expected[1]++;
      }
      if (age >= 0 && age < 28) {
        expected[2]++;
      } else if (age >= 28 && age < 56) {
        expected[3]++;
      }
    }
    assertThat(TopThemes.windowCounts(posts, report)).containsExactly(expected);
    assertThat(expected).containsExactly(7, 7, 28, 28);
  }
}
