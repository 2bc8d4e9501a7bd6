package dev.veille.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-post lift on the log scale: the post's log rate minus its account's rolling baseline (the
 * median log rate of the account's posts within +-baselineDays days), minus the account's median
 * format effect and paid effect. Medians everywhere, so one viral post moves neither the baseline
 * nor the effects, and a rolling window follows audience growth.
 */
public final class LiftModel {
  private LiftModel() {}

  /** A post with its lift (log scale); posts without a rate are dropped. */
  public record Lifted(ReportPost post, double lift) {}

  /** What the adjustment subtracted for one account (log scale), for the method section. */
  public record Adjustments(Map<String, Double> format, double paid) {}

  /** Computes lifts for one account's posts. */
  public static List<Lifted> lift(List<ReportPost> accountPosts, int baselineDays, Map<String, Adjustments> sink) {
    List<ReportPost> posts = new ArrayList<>();
    for (ReportPost p : accountPosts) {
      if (p.logRate() != null && Double.isFinite(p.logRate())) {
        posts.add(p);
      }
    }
    posts.sort(Comparator.comparing(ReportPost::publishedAt).thenComparing(ReportPost::postKey));
    int n = posts.size();
    double[] resid = new double[n];
    long window = baselineDays * 86_400L;
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < n; i++) {
      long t = posts.get(i).publishedAt().getEpochSecond();
      while (posts.get(lo).publishedAt().getEpochSecond() < t - window) {
        lo++;
      }
      while (hi < n && posts.get(hi).publishedAt().getEpochSecond() <= t + window) {
        hi++;
      }
      double[] w = new double[hi - lo];
      for (int j = lo; j < hi; j++) {
        w[j - lo] = posts.get(j).logRate();
      }
      resid[i] = posts.get(i).logRate() - Stats.median(w);
    }
    // Format effect: median residual per format, relative to the median over all posts.
    double all = Stats.median(resid);
    Map<String, List<Double>> byFormat = new HashMap<>();
    for (int i = 0; i < n; i++) {
      byFormat.computeIfAbsent(posts.get(i).format(), k -> new ArrayList<>()).add(resid[i]);
    }
    Map<String, Double> formatEffect = new HashMap<>();
    byFormat.forEach((f, v) -> formatEffect.put(f, Stats.median(v) - all));
    double[] afterFormat = new double[n];
    List<Double> paid = new ArrayList<>();
    List<Double> organic = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      afterFormat[i] = resid[i] - formatEffect.get(posts.get(i).format());
      (posts.get(i).paid() ? paid : organic).add(afterFormat[i]);
    }
    // Paid effect: median of paid posts minus median of organic ones (0 without enough of either).
    double paidEffect = paid.size() >= 3 && organic.size() >= 3 ? Stats.median(paid) - Stats.median(organic) : 0;
    List<Lifted> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new Lifted(posts.get(i), afterFormat[i] - (posts.get(i).paid() ? paidEffect : 0)));
    }
    if (sink != null && n > 0) {
      sink.put(posts.get(0).account(), new Adjustments(Map.copyOf(formatEffect), paidEffect));
    }
    return out;
  }
}
