package dev.veille.signals;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * How a post's engagement accrues with its age: the share of its eventual total it has at
 * {@code a} hours is {@code F(a) = a^k / (a^k + h^k)}, a saturating (Hill) curve with half-life
 * {@code h} hours (half the total at {@code h}) and steepness {@code k}.
 *
 * <p>Fitted per account by least absolute deviations on a grid of (h, k), from the log counts of
 * its young snapshots (younger than the maturity age) against the median log total of its mature
 * posts: {@code log1p(x) ~ m + log F(a)}. Fewer young snapshots than needed: the platform's
 * default curve, documented in docs/signals.md and used by the sample generator.
 */
public record Accrual(double halfLifeHours, double steepness, boolean fitted) implements java.io.Serializable {

  /** Default half-lives per platform (hours): X fades in hours, YouTube and TikTok over days. */
  static final Map<String, Double> DEFAULT_HALF_LIFE = Map.of(
      "x", 2.0, "facebook", 6.0, "instagram", 6.0, "linkedin", 10.0, "tiktok", 18.0, "youtube", 36.0);
  static final double DEFAULT_STEEPNESS = 1.5;
  private static final double[] HALF_LIVES = {0.5, 1, 1.5, 2, 3, 4, 6, 8, 10, 12, 18, 24, 36, 48, 72, 96};
  private static final double[] STEEPNESS = {0.75, 1.0, 1.5, 2.0, 3.0};

  public static Accrual defaultFor(String platform) {
    return new Accrual(DEFAULT_HALF_LIFE.getOrDefault(platform == null ? "" : platform.toLowerCase(Locale.ROOT),
        12.0), DEFAULT_STEEPNESS, false);
  }

  /** Share of the eventual total reached at {@code ageHours} (0 at 0, to 1). */
  public double share(double ageHours) {
    if (ageHours <= 0) {
      return 0;
    }
    double a = Math.pow(ageHours, steepness);
    return a / (a + Math.pow(halfLifeHours, steepness));
  }

  /**
   * The curve that best explains young snapshots, or the platform default with fewer than
   * {@code minPoints} of them.
   *
   * @param young (age in hours, log1p(interactions)) of snapshots younger than the maturity age
   * @param medianLogTotal median log1p(total) of the account's mature posts
   */
  public static Accrual fit(String platform, List<double[]> young, double medianLogTotal, int minPoints) {
    if (young.size() < minPoints) {
      return defaultFor(platform);
    }
    double bestCost = Double.MAX_VALUE;
    Accrual best = defaultFor(platform);
    for (double h : HALF_LIVES) {
      for (double k : STEEPNESS) {
        Accrual c = new Accrual(h, k, true);
        double cost = 0;
        for (double[] p : young) {
          cost += Math.abs(p[1] - expectedLog(medianLogTotal, c.share(p[0])));
        }
        if (cost < bestCost - 1e-9) {
          bestCost = cost;
          best = c;
        }
      }
    }
    return best;
  }

  /** log1p of the expected count at a share of the eventual total whose median log1p is {@code m}. */
  static double expectedLog(double m, double share) {
    return Math.log1p(Math.expm1(m) * share);
  }

  static double median(double[] v) {
    return new Median().evaluate(v);
  }

  /** 1.4826 x the median absolute deviation: the standard deviation of normal data, robust to outliers. */
  static double mad(double[] v, double center) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = Math.abs(v[i] - center);
    }
    return 1.4826 * new Median().evaluate(d);
  }
}
