package dev.veille.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /**
   * Every account's lifts, computed once for the report's numbers and the calendar: per account
   * ({@code platform/account_id}, sorted), its posts published up to the maturity cutoff (in the
   * given order), their lifts ({@link #lift}) and the adjustments subtracted (none for an account
   * without a rated post).
   */
  public record AccountLifts(Map<String, List<ReportPost>> mature, Map<String, List<Lifted>> lifted,
      Map<String, Adjustments> adjustments) {

    /**
     * The accounts are independent, so they are lifted in parallel on the driver's cores: a
     * million posts of five accounts spend seconds in the rolling medians, while no Spark task runs.
     */
    public static AccountLifts of(List<ReportPost> posts, java.time.Instant matureCutoff, int baselineDays) {
      Map<String, List<ReportPost>> mature = Stats.groupedByKey(posts,
          p -> p.publishedAt().isAfter(matureCutoff) ? null : p.account());
      List<String> accounts = List.copyOf(mature.keySet());
      List<Map<String, Adjustments>> sinks = new ArrayList<>();
      accounts.forEach(a -> sinks.add(new HashMap<>()));
      List<List<Lifted>> lifts = java.util.stream.IntStream.range(0, accounts.size()).parallel()
          .mapToObj(i -> lift(mature.get(accounts.get(i)), baselineDays, sinks.get(i))).toList();
      Map<String, List<Lifted>> lifted = new TreeMap<>();
      Map<String, Adjustments> adjustments = new HashMap<>();
      for (int i = 0; i < accounts.size(); i++) {
        lifted.put(accounts.get(i), lifts.get(i));
        adjustments.putAll(sinks.get(i));
      }
      return new AccountLifts(mature, lifted, adjustments);
    }
  }

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
    // The window slides forward: one insertion or removal per post in a window kept as ranks (see
    // RankWindow), not a sort per post, which made the report cost posts x window (hours for a
    // million posts), nor an array shifted per post (a window of 15,000 values moved per post).
    // Same values, same order, so the same medians.
    double[] rates = new double[n];
    for (int i = 0; i < n; i++) {
      rates[i] = posts.get(i).logRate();
    }
    RankWindow w = new RankWindow(rates);
    int lo = 0;
    int hi = 0;
    for (int i = 0; i < n; i++) {
      long t = posts.get(i).publishedAt().getEpochSecond();
      while (posts.get(lo).publishedAt().getEpochSecond() < t - window) {
        w.remove(lo);
        lo++;
      }
      while (hi < n && posts.get(hi).publishedAt().getEpochSecond() <= t + window) {
        w.add(hi);
        hi++;
      }
      resid[i] = rates[i] - w.median();
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
   * A window over the values of one array: which of them are in it, by index. Each value is ranked
   * once, in {@link Double#compare} order (the order {@code Arrays.sort} gives, ties by index), and
   * the window is a Fenwick tree over ranks, so adding, removing and the median each cost log n, and
   * the median equals {@link Stats#median} of the same values.
   */
  static final class RankWindow {
    private final double[] sorted;
    private final int[] rankOf;
    private final int[] tree;
    private final int top;
    private int size;

    RankWindow(double[] values) {
      int n = values.length;
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (x, y) -> {
        int c = Double.compare(values[x], values[y]);
        return c != 0 ? c : Integer.compare(x, y);
      });
      sorted = new double[n];
      rankOf = new int[n];
      for (int r = 0; r < n; r++) {
        sorted[r] = values[order[r]];
        rankOf[order[r]] = r;
      }
      tree = new int[n + 1];
      top = n == 0 ? 0 : Integer.highestOneBit(n);
    }

    void add(int index) {
      update(rankOf[index] + 1, 1);
      size++;
    }

    void remove(int index) {
      update(rankOf[index] + 1, -1);
      size--;
    }

    double median() {
      if (size == 0) {
        return Double.NaN;
      }
      int m = size / 2;
      return size % 2 == 1 ? kth(m) : (kth(m - 1) + kth(m)) / 2;
    }

    private void update(int at, int delta) {
      for (int i = at; i < tree.length; i += i & -i) {
        tree[i] += delta;
      }
    }

    /** The value of rank {@code k} (from 0) among the window's. */
    private double kth(int k) {
      int pos = 0;
      int rest = k + 1;
      for (int step = top; step > 0; step >>= 1) {
        if (pos + step < tree.length && tree[pos + step] < rest) {
          pos += step;
          rest -= tree[pos];
        }
      }
      return sorted[pos];
    }
  }
}
