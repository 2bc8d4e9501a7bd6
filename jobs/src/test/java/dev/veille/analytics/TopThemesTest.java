package dev.veille.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
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
    // One post a day from 3 days after the report (not counted) to 60 days before it, across the
    // leap day of 2024: ages 0-6, 7-13, 0-27 and 28-55 hold 7, 7, 28 and 28 posts.
    for (int back = -3; back <= 60; back++) {
      posts.add(post("p" + back, report.minusDays(back)));
    }
    assertThat(TopThemes.windowCounts(posts, report)).containsExactly(7, 7, 28, 28);
  }
}
