package dev.veille.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The rolling baseline keeps a sorted window instead of sorting each post's window: it must give
 * exactly the lifts of the plain definition (a copy of the window, sorted, its median), ties,
 * bursts of posts at one instant and gaps longer than the window included.
 */
class LiftModelTest {

  private static ReportPost post(int i, Instant at, double logRate, String format, boolean paid) {
    return new ReportPost("facebook:" + i, "facebook", "A", "A", "UTC", at, LocalDate.ofInstant(at,
        java.time.ZoneOffset.UTC), 1, 0, format, paid, List.of(), null, null, "en", "reach", logRate, 1);
  }

  /** The definition the sliding window replaces: for each post, sort its window and take the median. */
  private static double[] plainResiduals(List<ReportPost> posts, int baselineDays) {
    List<ReportPost> sorted = new ArrayList<>(posts);
    sorted.sort(Comparator.comparing(ReportPost::publishedAt).thenComparing(ReportPost::postKey));
    long window = baselineDays * 86_400L;
    double[] out = new double[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      long t = sorted.get(i).publishedAt().getEpochSecond();
      List<Double> w = new ArrayList<>();
      for (ReportPost p : sorted) {
        long s = p.publishedAt().getEpochSecond();
        if (s >= t - window && s <= t + window) {
          w.add(p.logRate());
        }
      }
      out[i] = sorted.get(i).logRate() - Stats.median(w);
    }
    return out;
  }

  @Test
  void slidingWindowGivesTheSameLiftsAsSortingEachWindow() {
    Random random = new Random(11);
    List<ReportPost> posts = new ArrayList<>();
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    long t = 0;
    for (int i = 0; i < 1500; i++) {
      // Bursts (several posts at one instant), ordinary gaps, and now and then a gap of 40 days.
      int r = random.nextInt(100);
      t += r < 20 ? 0 : r < 97 ? random.nextInt(86_400) : 40 * 86_400L;
      // Rounded rates make ties; negative zero and zero both occur.
      double rate = r < 10 ? (random.nextBoolean() ? 0.0 : -0.0) : Math.round(random.nextGaussian() * 20) / 10.0 - 4;
      posts.add(post(i, start.plusSeconds(t), rate, random.nextBoolean() ? "image" : "video", random.nextInt(5) == 0));
    }
    java.util.Map<String, LiftModel.Adjustments> adj = new java.util.HashMap<>();
    List<LiftModel.Lifted> lifted = LiftModel.lift(posts, 14, adj);
    double[] resid = plainResiduals(posts, 14);
    // Lift = residual - format effect - paid effect (medians of the residuals): with the plain
    // residuals, the same effects must give the same lifts to the last bit.
    LiftModel.Adjustments a = adj.get("facebook/A");
    for (int i = 0; i < lifted.size(); i++) {
      ReportPost p = lifted.get(i).post();
      double expected = resid[i] - a.format().get(p.format()) - (p.paid() ? a.paid() : 0);
      assertThat(lifted.get(i).lift()).as("lift of %s", p.postKey()).isEqualTo(expected);
    }
  }

  @Test
  void windowMedianMatchesStatsMedian() {
    double[] values = {3, -0.0, 0.0, 1, 1, -2};
    LiftModel.RankWindow w = new LiftModel.RankWindow(values);
    assertThat(w.median()).isNaN();
    List<Double> kept = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      w.add(i);
      kept.add(values[i]);
      assertThat(w.median()).isEqualTo(Stats.median(kept));
    }
    w.remove(3);
    kept.remove(Double.valueOf(1));
    assertThat(w.median()).isEqualTo(Stats.median(kept));
    w.remove(1);
    kept.remove(Double.valueOf(-0.0));
    assertThat(w.median()).isEqualTo(Stats.median(kept));
    // Removed from the front as the window slides: what is left is the later values.
    w.remove(0);
    w.remove(2);
    kept.remove(Double.valueOf(3));
    kept.remove(Double.valueOf(0.0));
    assertThat(w.median()).isEqualTo(Stats.median(kept)).isEqualTo((1 + -2) / 2.0);
    assertThat(new LiftModel.RankWindow(new double[0]).median()).isNaN();
  }
}
