package dev.veille.analytics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Small robust statistics on double arrays, and the grouping they are computed over. */
final class Stats {
  private Stats() {}

  /**
   * {@code items} grouped by {@code key} (items whose key is null left out), ordered by key, each
   * group in the items' order. Grouped in a hash map and ordered once: the report groups a million
   * posts, and a tree map per item cost seconds.
   */
  static <T> TreeMap<String, List<T>> groupedByKey(Iterable<T> items, Function<T, String> key) {
    Map<String, List<T>> groups = new HashMap<>();
    for (T item : items) {
      String k = key.apply(item);
      if (k != null) {
        groups.computeIfAbsent(k, x -> new ArrayList<>()).add(item);
      }
    }
    return new TreeMap<>(groups);
  }

  static double median(double[] v) {
    if (v.length == 0) {
      return Double.NaN;
    }
    double[] s = v.clone();
    Arrays.sort(s);
    int m = s.length / 2;
    return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  static double median(Collection<Double> v) {
    return median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * 1.4826 x median absolute deviation: a standard deviation that one outlier cannot move. {@code m}
   * is the median of {@code v}, which the callers have computed already (one sort fewer).
   */
  static double robustSd(double[] v, double m) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = Math.abs(v[i] - m);
    }
    return 1.4826 * median(d);
  }

  static double round(double v, int decimals) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return v;
    }
    return java.math.BigDecimal.valueOf(v).setScale(decimals, java.math.RoundingMode.HALF_EVEN).doubleValue();
  }
}
