package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.analytics.BestTimes;
import dev.veille.analytics.ReportData;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.ReportSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Weak evidence and many accounts (no Spark): an account with 10 x min_posts mature posts and no
 * slot above typical still gets slots, flagged as weak; with many accounts the key findings stay
 * short, the per-account picks go to one table and the accounts without a pick to one line.
 */
class BestTimesEvidenceTest {
  static final ZoneId ZONE = ZoneId.of("Europe/Paris");
  static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

  /** {@code n} posts of one account at random office hours; {@code best} hour gets +0.6 when >= 0. */
  static List<ReportPost> account(String name, int n, long seed, int bestHour) {
    SplittableRandom r = new SplittableRandom(seed);
    List<ReportPost> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      var local = START.plusSeconds(r.nextLong(200L * 86400)).atZone(ZONE)
          .withHour(i % 8 == 0 && bestHour >= 0 ? bestHour : 9 + r.nextInt(8));
      double logRate = Math.log(0.03) + (local.getHour() == bestHour ? 0.6 : 0) + 0.35 * r.nextGaussian();
      out.add(new ReportPost("facebook:" + name + i, "facebook", name, name, ZONE.getId(), local.toInstant(),
          local.toLocalDate(), local.getDayOfWeek().getValue(), local.getHour(), "image", false, List.of(), null,
          null, "fr", "reach", logRate, 10));
    }
    return out;
  }

  static ReportData report(List<ReportPost> posts) {
    LocalDate date = LocalDate.of(2026, 11, 1);
    return ReportData.compute(posts, date.minusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant(), date,
        ReportSettings.DEFAULTS, null, null, null, List.of());
  }

  @Test
  void accountWithEnoughPostsAlwaysGetsSlotsAndWeakEvidenceIsSaid() {
    ReportSettings s = ReportSettings.DEFAULTS;
    // Every post exactly typical but one per slot a little below: nothing is clearly above typical.
    List<ReportPost> posts = new ArrayList<>();
    int i = 0;
    for (int day = 1; day <= 5; day++) {
      for (int hour = 9; hour < 17; hour++) {
        for (int k = 0; k < 4; k++) {
          var local = START.atZone(ZONE).plusDays(7L * k + day - 1).withHour(hour);
          double logRate = Math.log(0.03) - (k == 0 ? 0.2 : 0);
          posts.add(new ReportPost("x:" + i++, "x", "flat", "Flat", ZONE.getId(), local.toInstant(),
              local.toLocalDate(), local.getDayOfWeek().getValue(), hour, "text", false, List.of(), null, null,
              "en", "impressions", logRate, 10));
        }
      }
    }
    assertThat(posts.size()).isGreaterThanOrEqualTo(10 * s.minPosts());
    ReportData d = report(posts);
    BestTimes.SlotSet set = d.accounts().get(0).overall();
    assertThat(set.recommended()).isNotEmpty().hasSizeLessThanOrEqualTo(s.topN());
    assertThat(set.weakEvidence()).isTrue();
    assertThat(set.note()).contains("Evidence is weak");
    String html = ReportRender.html(d);
    assertThat(html).contains("Evidence is weak").contains("weak: ");
    assertThat(ReportRender.findings(d)).anyMatch(f -> f.startsWith("Evidence is still weak for Flat (x)"));
  }

  @Test
  void slotWithFewPostsCountsItsNeighbours() {
    // Six posts at 21:00 between eight at 20:00 and seven at 22:00: more than six posts of evidence.
    List<ReportPost> posts = new ArrayList<>(account("A", 600, 3, -1));
    SplittableRandom r = new SplittableRandom(9);
    int[][] evening = {{20, 8}, {21, 6}, {22, 7}};
    for (int[] e : evening) {
      for (int k = 0; k < e[1]; k++) {
        var local = START.atZone(ZONE).plusDays(7L * k + 1).withHour(e[0]);
        posts.add(new ReportPost("facebook:e" + e[0] + "-" + k, "facebook", "A", "A", ZONE.getId(), local.toInstant(),
            local.toLocalDate(), local.getDayOfWeek().getValue(), e[0], "image", false, List.of(), null, null, "fr",
            "reach", Math.log(0.03) + 0.2 + 0.35 * r.nextGaussian(), 10));
      }
    }
    BestTimes.Slot nine = report(posts).accounts().get(0).overall().cells().stream()
        .filter(c -> c.weekday() == 2 && c.hour() == 21).findFirst().orElseThrow();
    assertThat(nine.posts()).isEqualTo(6);
    assertThat(nine.evidence()).isGreaterThan(6).isLessThanOrEqualTo(12);
    assertThat(nine.thin()).isFalse();
  }

  @Test
  void manyAccountsKeepTheFindingsShort() {
    List<ReportPost> posts = new ArrayList<>();
    for (int a = 0; a < 12; a++) {
      posts.addAll(account("Media" + a, 400, a, 20));
    }
    for (int a = 0; a < 8; a++) {
      posts.addAll(account("Small" + a, 12, 100 + a, -1));
    }
    ReportData d = report(posts);
    List<String> findings = ReportRender.findings(d);
    assertThat(findings.size()).isLessThanOrEqualTo(ReportRender.ACCOUNT_FINDINGS + 3 + 3);
    assertThat(findings).filteredOn(f -> f.startsWith("No slot is backed by enough posts yet")).hasSize(1);
    assertThat(findings).anyMatch(f -> f.contains("see the table"));
    String html = ReportRender.html(d);
    assertThat(html).contains("<table class=\"picks\">").contains("No recommendation yet");
    // Twenty accounts: every heatmap is in a closed section.
    assertThat(html).contains("<details class=\"account\">").doesNotContain("<details class=\"account\" open>");
    for (int a = 0; a < 12; a++) {
      assertThat(html).contains("<tr><td>Media" + a + " on facebook</td>");
    }
  }
}
