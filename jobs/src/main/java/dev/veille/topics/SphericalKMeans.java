package dev.veille.topics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Spherical k-means (cosine) on a sample held in the driver, used to choose k and to find the
 * starting centres of the final MLlib fit.
 *
 * <p>Why not MLlib's {@code KMeans} here: every Lloyd iteration of MLlib is a Spark job, so the
 * k search (one fit per k) and several restarts per k cost minutes in job overhead alone on a
 * 20,000-post sample that fits in a few megabytes. And a single k-means run ends in a local
 * optimum that depends on its seed; measured on the generated sample, MLlib runs with different
 * seeds differed by 8% in cost, so a retrained model could split a theme differently. Here each k
 * gets {@code restarts} k-means++ runs and keeps the lowest cost, which makes the result (nearly)
 * independent of the seed: that is what keeps theme ids stable across retraining.
 *
 * <p>Points are L2-normalised sparse vectors ({@link Point}); cost is
 * {@code sum(1 - cos(x, centre))}, MLlib's cosine cost.
 */
public final class SphericalKMeans {
  private SphericalKMeans() {}

  /** A unit-length sparse vector: indices ascending, values with sum of squares 1. */
  public record Point(int[] indices, double[] values) {
    double dot(double[] dense) {
      double s = 0;
      for (int i = 0; i < indices.length; i++) {
        s += values[i] * dense[indices[i]];
      }
      return s;
    }
  }

  /** Unit-length centres, each point's centre index, and the cost. */
  public record Result(double[][] centres, int[] assignment, double cost) {
    public int k() {
      return centres.length;
    }
  }

  /**
   * The lowest-cost of {@code restarts} runs (k-means++ starts, seeds drawn from {@code seed}),
   * each at most {@code maxIter} Lloyd iterations. Restarts run in parallel.
   */
  public static Result fit(List<Point> points, int dim, int k, int maxIter, int restarts, long seed) {
    if (points.size() < k) {
      throw new IllegalArgumentException("Cannot find " + k + " themes in " + points.size() + " posts");
    }
    SplittableRandom seeds = new SplittableRandom(seed);
    long[] runSeeds = new long[restarts];
    for (int r = 0; r < restarts; r++) {
      runSeeds[r] = seeds.nextLong();
    }
    Point[] data = points.toArray(new Point[0]);
    List<Result> runs = IntStream.range(0, restarts).parallel()
        .mapToObj(r -> lloyd(data, dim, k, maxIter, new SplittableRandom(runSeeds[r])))
        .toList();
    Result best = null;
    for (Result r : runs) {
      // Ties keep the earliest run, so parallelism does not change the result.
      if (best == null || r.cost() < best.cost() - 1e-9) {
        best = r;
      }
    }
    return best;
  }

  static Result lloyd(Point[] data, int dim, int k, int maxIter, SplittableRandom random) {
    double[][] centres = plusPlus(data, dim, k, random);
    int[] assignment = new int[data.length];
    Arrays.fill(assignment, -1);
    double[] best = new double[data.length];
    for (int iter = 0; iter < maxIter; iter++) {
      boolean changed = assign(data, centres, assignment, best);
      if (!changed && iter > 0) {
        break;
      }
      centres = update(data, dim, k, assignment, best);
    }
    assign(data, centres, assignment, best);
    double cost = 0;
    for (double b : best) {
      cost += 1 - b;
    }
    return new Result(centres, assignment, cost);
  }

  /** k-means++ start: each next centre drawn with probability proportional to 1 - cos to the nearest. */
  static double[][] plusPlus(Point[] data, int dim, int k, SplittableRandom random) {
    double[][] centres = new double[k][];
    centres[0] = dense(data[random.nextInt(data.length)], dim);
    double[] dist = new double[data.length];
    Arrays.fill(dist, Double.POSITIVE_INFINITY);
    for (int c = 1; c < k; c++) {
      double total = 0;
      for (int i = 0; i < data.length; i++) {
        dist[i] = Math.min(dist[i], Math.max(0, 1 - data[i].dot(centres[c - 1])));
        total += dist[i];
      }
      int chosen = -1;
      if (total > 0) {
        double target = random.nextDouble() * total;
        for (int i = 0; i < data.length; i++) {
          target -= dist[i];
          if (target <= 0 && dist[i] > 0) {
            chosen = i;
            break;
          }
        }
      }
      if (chosen < 0) {
        chosen = random.nextInt(data.length);
      }
      centres[c] = dense(data[chosen], dim);
    }
    return centres;
  }

  /** Assigns each point its most similar centre (first on ties); true when any assignment changed. */
  static boolean assign(Point[] data, double[][] centres, int[] assignment, double[] best) {
    boolean changed = false;
    for (int i = 0; i < data.length; i++) {
      int arg = 0;
      double max = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < centres.length; c++) {
        double s = data[i].dot(centres[c]);
        if (s > max) {
          max = s;
          arg = c;
        }
      }
      if (assignment[i] != arg) {
        changed = true;
        assignment[i] = arg;
      }
      best[i] = max;
    }
    return changed;
  }

  /**
   * Centres: normalised sums of their points. An empty cluster takes the point farthest from its
   * own centre, so k themes stay k.
   */
  static double[][] update(Point[] data, int dim, int k, int[] assignment, double[] best) {
    double[][] sums = new double[k][dim];
    int[] sizes = new int[k];
    for (int i = 0; i < data.length; i++) {
      double[] s = sums[assignment[i]];
      Point p = data[i];
      for (int j = 0; j < p.indices.length; j++) {
        s[p.indices[j]] += p.values[j];
      }
      sizes[assignment[i]]++;
    }
    boolean[] taken = new boolean[data.length];
    for (int c = 0; c < k; c++) {
      if (sizes[c] == 0) {
        int far = -1;
        for (int i = 0; i < data.length; i++) {
          if (!taken[i] && (far < 0 || best[i] < best[far])) {
            far = i;
          }
        }
        taken[far] = true;
        sums[c] = dense(data[far], dim);
      }
      normalise(sums[c]);
    }
    return sums;
  }

  /**
   * Mean cosine silhouette of an assignment, computed as MLlib's {@code ClusteringEvaluator} does
   * for the cosine distance: the distance of a point to a cluster is {@code 1 - x . S_c / N_c},
   * S_c the sum of the cluster's (unit) points, with the point itself left out of its own cluster;
   * a point alone in its cluster scores 0.
   */
  public static double silhouette(List<Point> points, int dim, int[] assignment, int k) {
    double[][] sums = new double[k][dim];
    long[] sizes = new long[k];
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      double[] s = sums[assignment[i]];
      for (int j = 0; j < p.indices.length; j++) {
        s[p.indices[j]] += p.values[j];
      }
      sizes[assignment[i]]++;
    }
    int nonEmpty = 0;
    for (long s : sizes) {
      nonEmpty += s > 0 ? 1 : 0;
    }
    if (nonEmpty < 2) {
      return -1;
    }
    double total = 0;
    for (int i = 0; i < points.size(); i++) {
      Point p = points.get(i);
      int own = assignment[i];
      if (sizes[own] == 1) {
        continue;
      }
      // The point's own term (x . x = 1) is taken out of its cluster's sum.
      double a = 1 - (p.dot(sums[own]) - 1) / (sizes[own] - 1);
      double b = Double.POSITIVE_INFINITY;
      for (int c = 0; c < k; c++) {
        if (c != own && sizes[c] > 0) {
          b = Math.min(b, 1 - p.dot(sums[c]) / sizes[c]);
        }
      }
      total += a < b ? 1 - a / b : a > b ? b / a - 1 : 0;
    }
    return total / points.size();
  }

  /** A sparse vector as a {@link Point} (normalised here); null when it is zero. */
  public static Point point(int[] indices, double[] values) {
    double norm = 0;
    for (double v : values) {
      norm += v * v;
    }
    if (norm == 0) {
      return null;
    }
    norm = Math.sqrt(norm);
    double[] unit = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      unit[i] = values[i] / norm;
    }
    return new Point(indices, unit);
  }

  static double[] dense(Point p, int dim) {
    double[] d = new double[dim];
    for (int j = 0; j < p.indices.length; j++) {
      d[p.indices[j]] = p.values[j];
    }
    return d;
  }

  static void normalise(double[] v) {
    double n = 0;
    for (double x : v) {
      n += x * x;
    }
    n = Math.sqrt(n);
    if (n > 0) {
      for (int i = 0; i < v.length; i++) {
        v[i] /= n;
      }
    }
  }

  /** Points of a list of rows' vectors, skipping zero vectors. */
  static List<Point> points(List<org.apache.spark.ml.linalg.Vector> vectors) {
    List<Point> out = new ArrayList<>(vectors.size());
    for (org.apache.spark.ml.linalg.Vector v : vectors) {
      org.apache.spark.ml.linalg.SparseVector s = v.toSparse();
      Point p = point(s.indices(), s.values());
      if (p != null) {
        out.add(p);
      }
    }
    return out;
  }
}
