package dev.veille.analytics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Empirical-Bayes (normal-normal) estimates of group means of log lifts, shrunk toward the mean of
 * all the account's posts.
 *
 * <ol>
 * <li>Lifts are first clipped to median +- 3 robust SD (1.4826 MAD), so one viral post cannot
 *     dominate the mean of any group.</li>
 * <li>sigma^2 = pooled within-group variance; mu = mean of all clipped lifts.</li>
 * <li>tau^2 (between-group variance) by the method of moments (DerSimonian-Laird): with weights
 *     w_g = n_g / sigma^2 and Q = sum w_g (ybar_g - ybar_w)^2, tau^2 = max(0, (Q - (k - 1)) /
 *     (sum w - sum w^2 / sum w)).</li>
 * <li>Posterior for group g: B = tau^2 / (tau^2 + sigma^2 / n_g); mean = mu + B (ybar_g - mu);
 *     variance = B sigma^2 / n_g + (1 - B)^2 sigma^2 / N (the second term: uncertainty of mu from
 *     all N posts); 90% interval = mean +- 1.645 sd.</li>
 * </ol>
 * A group with fewer than minPosts posts is {@code thin}.
 */
public final class Shrinkage {
  private Shrinkage() {}

  static final double Z90 = 1.6448536269514722;

  /** A group estimate on the log scale; {@code weight} is B, how much the group's own data counts. */
  public record Estimate(String key, int posts, double rawMean, double mean, double low, double high,
      double weight, boolean thin) {}

  public static Map<String, Estimate> estimate(Map<String, double[]> groups, int minPosts) {
    List<Double> all = new ArrayList<>();
    groups.values().forEach(v -> {
      for (double d : v) {
        all.add(d);
      }
    });
    Map<String, Estimate> out = new LinkedHashMap<>();
    if (all.isEmpty()) {
      return out;
    }
    double[] a = all.stream().mapToDouble(Double::doubleValue).toArray();
    double med = Stats.median(a);
    double rsd = Stats.robustSd(a, med);
    double clipLo = rsd > 0 ? med - 3 * rsd : Double.NEGATIVE_INFINITY;
    double clipHi = rsd > 0 ? med + 3 * rsd : Double.POSITIVE_INFINITY;
    Map<String, double[]> clipped = new LinkedHashMap<>();
    double sum = 0;
    int n = 0;
    for (Map.Entry<String, double[]> e : groups.entrySet()) {
      double[] c = new double[e.getValue().length];
      for (int i = 0; i < c.length; i++) {
        c[i] = Math.max(clipLo, Math.min(clipHi, e.getValue()[i]));
        sum += c[i];
        n++;
      }
      clipped.put(e.getKey(), c);
    }
    double mu = sum / n;
    double ssWithin = 0;
    int df = 0;
    for (double[] c : clipped.values()) {
      double m = mean(c);
      for (double x : c) {
        ssWithin += (x - m) * (x - m);
      }
      df += c.length - 1;
    }
    double sigma2;
    if (df > 0) {
      sigma2 = ssWithin / df;
    } else {
      double ss = 0;
      for (double[] c : clipped.values()) {
        for (double x : c) {
          ss += (x - mu) * (x - mu);
        }
      }
      sigma2 = n > 1 ? ss / (n - 1) : 1.0;
    }
    // DerSimonian-Laird: weights n_g / sigma^2, so large slots count more than pairs of posts.
    double sw = 0;
    double sw2 = 0;
    double swy = 0;
    int k = 0;
    for (double[] c : clipped.values()) {
      double w = c.length / sigma2;
      sw += w;
      sw2 += w * w;
      swy += w * mean(c);
      k++;
    }
    double yw = swy / sw;
    double q = 0;
    for (double[] c : clipped.values()) {
      double d = mean(c) - yw;
      q += c.length / sigma2 * d * d;
    }
    double denom = sw - sw2 / sw;
    double tau2 = k > 1 && denom > 0 ? Math.max(0, (q - (k - 1)) / denom) : 0;
    for (Map.Entry<String, double[]> e : clipped.entrySet()) {
      double[] c = e.getValue();
      double ybar = mean(c);
      double v = sigma2 / c.length;
      double b = tau2 + v > 0 ? tau2 / (tau2 + v) : 0;
      double post = mu + b * (ybar - mu);
      // Posterior variance, plus the uncertainty of the account mean the estimate is pulled toward.
      double sd = Math.sqrt(b * v + (1 - b) * (1 - b) * sigma2 / n);
      out.put(e.getKey(), new Estimate(e.getKey(), c.length, ybar, post, post - Z90 * sd, post + Z90 * sd, b,
          c.length < minPosts));
    }
    return out;
  }

  private static double mean(double[] c) {
    double s = 0;
    for (double x : c) {
      s += x;
    }
    return c.length == 0 ? 0 : s / c.length;
  }
}
