package dev.veille.analytics;

import java.util.ArrayList;
import java.util.List;

/**
 * Slot (weekday x hour) effects that borrow strength from neighbouring slots: an empirical-Bayes
 * model in two levels, on log lifts.
 *
 * <ol>
 * <li>Lifts are clipped to median +- 3 robust SD (1.4826 MAD), so one viral post cannot dominate
 *     any mean; sigma^2 = pooled within-slot variance; mu = mean of all clipped lifts.</li>
 * <li><b>Neighbourhood.</b> For each slot, the kernel-weighted mean of the posts of the slots around
 *     it, leaving out its own: hours 1 and 2 away on the same day weigh 1 and 1/2; the same hour
 *     (and hours 1 and 2 away, halved and quartered again) on another day weighs 1/2 on a day of the
 *     same kind (weekday or weekend) and 1/5 on the other kind. With N = the kernel-weighted count
 *     of those posts, this mean is itself shrunk toward mu by N / (N + sigma^2 / tau0^2), tau0^2
 *     being the between-slot variance (Hedges' estimator, below); its variance is sigma^2 / (N +
 *     sigma^2 / tau0^2) + sigma^2 / (all posts). Evening slots thus lean on the evening, not on the office-hours bulk of the account.</li>
 * <li><b>The slot's own deviation</b> from its neighbourhood has variance tau^2, estimated by
 *     Hedges' unweighted method of moments on (slot mean - neighbourhood), whose sampling variance
 *     is sigma^2 / n + var(neighbourhood): the spread of the deviations minus their mean sampling
 *     variance. DerSimonian-Laird weights slots by their posts, so the office-hours bulk decided
 *     tau^2 and a best slot with 6 posts was shrunk flat. Posterior: B = (tau^2 + var_nb) / (tau^2 + var_nb + sigma^2 / n); mean =
 *     nb + B (slot mean - nb); variance = B sigma^2 / n; 90% interval = mean +- 1.645 sd.</li>
 * <li><b>Evidence</b>, in posts: the slot's own n plus what its neighbourhood is worth, sigma^2 /
 *     (tau^2 + var_nb) (the precision it adds), counted at most as much as the slot's own posts: a
 *     neighbourhood supports a slot, it never stands in for it.</li>
 * <li>{@code meanWithoutBest}: the same posterior with the slot's highest post left out, so a list can
 *     refuse any slot that only one post makes look good.</li>
 * </ol>
 */
final class SlotModel {
  private SlotModel() {}

  static final int DAYS = 7;
  static final int HOURS = 24;
  private static final double[] HOUR_KERNEL = {1.0, 1.0, 0.5};
  private static final double SAME_KIND_DAY = 0.5;
  private static final double OTHER_KIND_DAY = 0.2;

  /** One slot's estimate, log scale. */
  record Estimate(int weekday, int hour, int posts, double rawMean, double neighbourhood, double mean, double low,
      double high, double evidence, double meanWithoutBest) {}

  /**
   * Estimates every slot that has posts. {@code lifts[w - 1][h]} holds the lifts of ISO weekday w
   * at hour h (null or empty when none).
   */
  static List<Estimate> estimate(double[][][] lifts) {
    List<Estimate> out = new ArrayList<>();
    List<Double> all = new ArrayList<>();
    for (double[][] day : lifts) {
      for (double[] cell : day) {
        if (cell != null) {
          for (double x : cell) {
            all.add(x);
          }
        }
      }
    }
    if (all.isEmpty()) {
      return out;
    }
    double[] a = all.stream().mapToDouble(Double::doubleValue).toArray();
    double med = Stats.median(a);
    double rsd = Stats.robustSd(a, med);
    double clipLo = rsd > 0 ? med - 3 * rsd : Double.NEGATIVE_INFINITY;
    double clipHi = rsd > 0 ? med + 3 * rsd : Double.POSITIVE_INFINITY;
    int[][] n = new int[DAYS][HOURS];
    double[][] sum = new double[DAYS][HOURS];
    double[][] max = new double[DAYS][HOURS];
    double total = 0;
    int count = 0;
    double ssWithin = 0;
    int df = 0;
    for (int w = 0; w < DAYS; w++) {
      for (int h = 0; h < HOURS; h++) {
        double[] cell = lifts[w][h];
        max[w][h] = Double.NEGATIVE_INFINITY;
        if (cell == null || cell.length == 0) {
          continue;
        }
        double[] c = new double[cell.length];
        for (int i = 0; i < c.length; i++) {
          c[i] = Math.max(clipLo, Math.min(clipHi, cell[i]));
          sum[w][h] += c[i];
          max[w][h] = Math.max(max[w][h], c[i]);
        }
        n[w][h] = c.length;
        total += sum[w][h];
        count += c.length;
        double m = sum[w][h] / c.length;
        for (double x : c) {
          ssWithin += (x - m) * (x - m);
        }
        df += c.length - 1;
      }
    }
    double mu = total / count;
    double sigma2 = df > 0 ? ssWithin / df : sampleVariance(a, mu);
    if (!(sigma2 > 0)) {
      sigma2 = 1e-6;
    }
    // Level 0: how much slots differ at all, the scale the neighbourhood means are shrunk on.
    List<double[]> plain = new ArrayList<>();
    for (int w = 0; w < DAYS; w++) {
      for (int h = 0; h < HOURS; h++) {
        if (n[w][h] > 0) {
          plain.add(new double[] {sum[w][h] / n[w][h] - mu, sigma2 / n[w][h]});
        }
      }
    }
    double tau0 = hedges(plain);
    double[][] nb = new double[DAYS][HOURS];
    double[][] nbVar = new double[DAYS][HOURS];
    for (int w = 0; w < DAYS; w++) {
      for (int h = 0; h < HOURS; h++) {
        double weight = 0;
        double weighted = 0;
        for (int v = 0; v < DAYS; v++) {
          double day = v == w ? 1.0 : weekend(v) == weekend(w) ? SAME_KIND_DAY : OTHER_KIND_DAY;
          for (int d = -2; d <= 2; d++) {
            if (v == w && d == 0) {
              continue;
            }
            int g = Math.floorMod(h + d, HOURS);
            double k = day * HOUR_KERNEL[Math.abs(d)] * (v == w ? 1.0 : Math.pow(0.5, Math.abs(d)));
            weight += k * n[v][g];
            weighted += k * sum[v][g];
          }
        }
        double local = weight > 0 ? weighted / weight : mu;
        // With no between-slot variance the neighbourhood says nothing beyond mu.
        double prior = tau0 > 0 ? sigma2 / tau0 : Double.POSITIVE_INFINITY;
        double shrink = weight / (weight + prior);
        nb[w][h] = mu + shrink * (local - mu);
        nbVar[w][h] = sigma2 / (weight + prior) + sigma2 / count;
      }
    }
    // Level 1: the slots' own deviations from their neighbourhood.
    List<double[]> deviations = new ArrayList<>();
    for (int w = 0; w < DAYS; w++) {
      for (int h = 0; h < HOURS; h++) {
        if (n[w][h] > 0) {
          deviations.add(new double[] {sum[w][h] / n[w][h] - nb[w][h], sigma2 / n[w][h] + nbVar[w][h]});
        }
      }
    }
    double tau = hedges(deviations);
    for (int w = 0; w < DAYS; w++) {
      for (int h = 0; h < HOURS; h++) {
        int k = n[w][h];
        if (k == 0) {
          continue;
        }
        double ybar = sum[w][h] / k;
        double priorVar = tau + nbVar[w][h];
        double v = sigma2 / k;
        double b = priorVar / (priorVar + v);
        double mean = nb[w][h] + b * (ybar - nb[w][h]);
        double sd = Math.sqrt(b * v);
        double borrowed = sigma2 / priorVar;
        double evidence = k + Math.min(k, borrowed);
        double withoutBest = nb[w][h];
        if (k > 1) {
          double v1 = sigma2 / (k - 1);
          double b1 = priorVar / (priorVar + v1);
          withoutBest = nb[w][h] + b1 * ((sum[w][h] - max[w][h]) / (k - 1) - nb[w][h]);
        }
        out.add(new Estimate(w + 1, h, k, ybar, nb[w][h], mean, mean - Shrinkage.Z90 * sd, mean + Shrinkage.Z90 * sd,
            evidence, withoutBest));
      }
    }
    return out;
  }

  private static boolean weekend(int dayIndex) {
    return dayIndex >= 5;
  }

  /**
   * Hedges' unweighted method-of-moments between-group variance: the spread of the deviations
   * minus their average sampling variance. Unlike DerSimonian-Laird it does not let the largest
   * groups decide, so the small slots where an account's best hour often hides count as much.
   */
  static double hedges(List<double[]> deviationAndVariance) {
    int k = deviationAndVariance.size();
    if (k < 2) {
      return 0;
    }
    double mean = 0;
    double meanVar = 0;
    for (double[] x : deviationAndVariance) {
      mean += x[0] / k;
      meanVar += x[1] / k;
    }
    double ss = 0;
    for (double[] x : deviationAndVariance) {
      ss += (x[0] - mean) * (x[0] - mean);
    }
    return Math.max(0, ss / (k - 1) - meanVar);
  }

  private static double sampleVariance(double[] a, double mean) {
    if (a.length < 2) {
      return 1.0;
    }
    double ss = 0;
    for (double x : a) {
      ss += (x - mean) * (x - mean);
    }
    return ss / (a.length - 1);
  }
}
