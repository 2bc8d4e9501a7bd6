package dev.veille.sentiment;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Prior-shift correction of calibrated probabilities (Saerens, Latinne and Decaestecker, "Adjusting
 * the outputs of a classifier to new a priori probabilities: a simple procedure", Neural
 * Computation 14, 2002).
 *
 * <p>The calibrations were trained with the three classes weighted equally, so their probabilities
 * are posteriors under equal priors (1/3 each). A feed where half the texts are neutral has other
 * priors, and there the model over-calls the rarer classes (negative precision 0.55 on
 * tweeteval_val). By Bayes' rule the posteriors under priors {@code q} are the training posteriors
 * re-weighted by {@code q_k / (1/3)} and normalised; {@code q} is unknown, but it is the fixed point
 * of EM: start from the training priors, re-weight every text's posteriors by the current priors,
 * take their mean as the new priors, repeat. Nothing is learned from labels: the feed's own texts
 * give its priors.
 *
 * <p>Guards: fewer than {@link #MIN_TEXTS} texts are left as they are (the estimate's standard
 * error, about {@code sqrt(q(1-q)/n)}, would be 0.035 or more); at most {@link #MAX_ITERATIONS}
 * iterations, stopping when no prior moves by more than {@link #TOLERANCE}; a prior never goes
 * below {@link #FLOOR}, so a class absent from a one-class feed keeps a small weight and no
 * probability becomes 0/0.
 */
public final class PriorShift {
  /** Texts a feed needs before its priors are estimated (fewer: probabilities left as they are). */
  public static final int MIN_TEXTS = 200;
  public static final int MAX_ITERATIONS = 100;
  public static final double TOLERANCE = 1e-6;
  public static final double FLOOR = 0.005;
  /** At most this many texts of a model version are read to estimate its priors (a hash-chosen sample). */
  static final long SAMPLE_MAX = 200_000;
  /** What a corrected row's model_version says after its model's version. */
  public static final String SUFFIX = "+em";
  /** The priors the calibrations were trained under: classes weighted equally. */
  public static final double[] TRAINING_PRIORS = {1 / 3.0, 1 / 3.0, 1 / 3.0};

  /**
   * What EM found on a feed. {@code weights[k] = priors[k] / training prior[k]} re-weight a text's
   * probabilities ({@link #adjust}); when {@code applied} is false (too few texts) they are all 1.
   */
  public record Estimate(int texts, boolean applied, double[] priors, double[] weights, int iterations,
      boolean converged) {

    /** Nothing changed: the training priors, weights 1. */
    static Estimate none(int texts) {
      return new Estimate(texts, false, TRAINING_PRIORS.clone(), new double[] {1, 1, 1}, 0, true);
    }
  }

  private PriorShift() {}

  /** EM on a feed's calibrated probabilities (negative, neutral, positive; each row sums to 1). */
  public static Estimate estimate(List<double[]> posteriors) {
    int n = posteriors.size();
    if (n < MIN_TEXTS) {
      return Estimate.none(n);
    }
    double[] priors = TRAINING_PRIORS.clone();
    double[] weights = {1, 1, 1};
    int iterations = 0;
    boolean converged = false;
    while (iterations < MAX_ITERATIONS && !converged) {
      double[] next = new double[3];
      for (double[] p : posteriors) {
        double[] q = adjust(p, weights);
        for (int k = 0; k < 3; k++) {
          next[k] += q[k] / n;
        }
      }
      double sum = 0;
      for (int k = 0; k < 3; k++) {
        next[k] = Math.max(FLOOR, next[k]);
        sum += next[k];
      }
      double change = 0;
      for (int k = 0; k < 3; k++) {
        next[k] /= sum;
        change = Math.max(change, Math.abs(next[k] - priors[k]));
        weights[k] = next[k] / TRAINING_PRIORS[k];
      }
      priors = next;
      iterations++;
      converged = change < TOLERANCE;
    }
    return new Estimate(n, true, priors, weights, iterations, converged);
  }

  /** A text's probabilities re-weighted by a feed's {@code weights} and normalised. */
  public static double[] adjust(double[] p, double[] weights) {
    double[] q = new double[3];
    double sum = 0;
    for (int k = 0; k < 3; k++) {
      q[k] = p[k] * weights[k];
      sum += q[k];
    }
    if (!(sum > 0)) {
      return p.clone();
    }
    for (int k = 0; k < 3; k++) {
      q[k] /= sum;
    }
    return q;
  }

  /**
   * One run's estimates per {@code model_version}, from the calibrated probabilities of the rows
   * with a sentiment ({@code cal_negative}, {@code cal_neutral}, {@code cal_positive}); a model
   * version with more than {@link #SAMPLE_MAX} texts is estimated on the texts whose hash starts
   * below a threshold (a uniform sample, the same for the same texts).
   */
  public static Map<String, Estimate> estimate(Dataset<Row> scored) {
    Dataset<Row> rows = scored.filter(col("reason").isNull())
        .select("model_version", "text_hash", "cal_negative", "cal_neutral", "cal_positive");
    Map<String, Long> counts = new TreeMap<>();
    for (Row r : rows.groupBy("model_version").count().collectAsList()) {
      counts.put(r.getString(0), r.getLong(1));
    }
    Map<String, Estimate> out = new TreeMap<>();
    counts.forEach((model, n) -> {
      Dataset<Row> mine = rows.filter(col("model_version").equalTo(model));
      if (n > SAMPLE_MAX) {
        // Hex digits of a SHA-256 are uniform: the first four below a threshold pick a share of the texts.
        String below = String.format("%04x", Math.max(1, (int) (65536.0 * SAMPLE_MAX / n)));
        mine = mine.filter(col("text_hash").substr(1, 4).lt(below));
      }
      List<double[]> p = new ArrayList<>();
      if (n >= MIN_TEXTS) {
        for (Row r : mine.select("cal_negative", "cal_neutral", "cal_positive").collectAsList()) {
          p.add(new double[] {r.getDouble(0), r.getDouble(1), r.getDouble(2)});
        }
      }
      Estimate e = n >= MIN_TEXTS ? estimate(p) : Estimate.none(n.intValue());
      out.put(model, new Estimate((int) Math.min(Integer.MAX_VALUE, n), e.applied(), round(e.priors()),
          e.weights(), e.iterations(), e.converged()));
    });
    return out;
  }

  /**
   * The sentiment rows with the probabilities of each corrected model version re-weighted
   * ({@link #adjust}), {@code label} and {@code score} recomputed from them, and {@link #SUFFIX} after
   * the {@code model_version}; other rows (no sentiment, too few texts) unchanged. Same columns.
   */
  public static Dataset<Row> apply(Dataset<Row> scored, Map<String, Estimate> estimates) {
    Column model = col("model_version");
    Column[] w = {lit(1.0), lit(1.0), lit(1.0)};
    Column applied = lit(false);
    for (Map.Entry<String, Estimate> e : estimates.entrySet()) {
      if (!e.getValue().applied()) {
        continue;
      }
      Column mine = model.equalTo(e.getKey());
      for (int k = 0; k < 3; k++) {
        w[k] = when(mine, lit(e.getValue().weights()[k])).otherwise(w[k]);
      }
      applied = applied.or(mine);
    }
    applied = applied.and(col("reason").isNull());
    String[] names = {"cal_negative", "cal_neutral", "cal_positive"};
    Column z = col(names[0]).multiply(w[0]).plus(col(names[1]).multiply(w[1])).plus(col(names[2]).multiply(w[2]));
    Column[] q = new Column[3];
    for (int k = 0; k < 3; k++) {
      q[k] = col(names[k]).multiply(w[k]).divide(z);
    }
    Column label = when(q[0].geq(q[1]).and(q[0].geq(q[2])), lit(Calibration.LABELS[0]))
        .when(q[1].geq(q[2]), lit(Calibration.LABELS[1])).otherwise(lit(Calibration.LABELS[2]));
    List<Column> select = new ArrayList<>();
    for (String c : scored.columns()) {
      int k = List.of(names).indexOf(c);
      Column v = k >= 0 ? when(applied, q[k]).otherwise(col(c))
          : c.equals("label") ? when(applied, label).otherwise(col(c))
          : c.equals("score") ? when(applied, q[2].minus(q[0])).otherwise(col(c))
          : c.equals("model_version") ? when(applied, concat(model, lit(SUFFIX))).otherwise(model)
          : col(c);
      select.add(v.as(c));
    }
    return scored.select(select.toArray(new Column[0]));
  }

  private static double[] round(double[] v) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = Math.round(v[i] * 10000) / 10000.0;
    }
    return r;
  }
}
