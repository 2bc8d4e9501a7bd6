package dev.veille.analytics;

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
    // The window slides forward, so it is kept sorted and updated by one insertion or removal per
    // post instead of being copied and sorted for each post: sorting per post made the report cost
    // posts x window (hours for a million posts). Same values, same order, so the same medians.
    SortedWindow w = new SortedWindow(n);
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < n; i++) {
      long t = posts.get(i).publishedAt().getEpochSecond();
      while (posts.get(lo).publishedAt().getEpochSecond() < t - window) {
        w.remove(posts.get(lo).logRate());
        lo++;
      }
      while (hi < n && posts.get(hi).publishedAt().getEpochSecond() <= t + window) {
        w.add(posts.get(hi).logRate());
        hi++;
      }
      resid[i] = posts.get(i).logRate() - w.median();
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

  /**
   * A multiset of doubles kept in {@link Double#compare} order (the order {@code Arrays.sort} gives),
   * so its median equals {@link Stats#median} of the same values.
   */
  static final class SortedWindow {
    private final double[] values;
    private int size;

    SortedWindow(int capacity) {
      values = new double[capacity];
    }

    void add(double v) {
      int at = search(v);
      System.arraycopy(values, at, values, at + 1, size - at);
      values[at] = v;
      size++;
    }

    void remove(double v) {
      int at = search(v);
      if (at >= size || Double.compare(values[at], v) != 0) {
        throw new IllegalStateException("Not in the window: " + v);
      }
      System.arraycopy(values, at + 1, values, at, size - at - 1);
      size--;
    }

    double median() {
      if (size == 0) {
        return Double.NaN;
      }
      int m = size / 2;
      return size % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }

    /** The first index whose value is not below {@code v}. */
    private int search(double v) {
      int lo = 0;
      int hi = size;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (Double.compare(values[mid], v) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
