package dev.veille.moderation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A logistic regression over {@link CommentFeatures}: an intercept and one weight per hash bucket,
 * kept dense (4 MB) so that scoring is a few array reads per feature. Stored as text
 * ({@code intercept} on the first line, then {@code bucket<TAB>weight} for the non-zero weights).
 */
public final class LinearModel implements java.io.Serializable {
  private final double intercept;
  private final float[] weights;

  public LinearModel(double intercept, float[] weights) {
    if (weights.length != CommentFeatures.DIM) {
      throw new IllegalArgumentException("Invalid weights: " + weights.length + " buckets (expected "
          + CommentFeatures.DIM + ")");
    }
    this.intercept = intercept;
    this.weights = weights;
  }

  /** The probability of the positive class. */
  public double probability(CommentFeatures.Sparse x) {
    double z = intercept;
    int[] idx = x.indices();
    double[] val = x.values();
    for (int i = 0; i < idx.length; i++) {
      z += weights[idx[i]] * val[i];
    }
    return 1 / (1 + Math.exp(-z));
  }

  public double intercept() {
    return intercept;
  }

  public float weight(int bucket) {
    return weights[bucket];
  }

  /** The model as text: weights whose magnitude is below {@code prune} are left out. */
  public String toText(double prune) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "intercept\t%.6g%n", intercept));
    for (int i = 0; i < weights.length; i++) {
      if (Math.abs(weights[i]) >= prune && weights[i] != 0) {
        sb.append(i).append('\t').append(String.format(Locale.ROOT, "%.4g", weights[i])).append('\n');
      }
    }
    return sb.toString();
  }

  public static LinearModel read(InputStream in, String name) {
    float[] w = new float[CommentFeatures.DIM];
    double b = 0;
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int line = 0;
      for (String l = r.readLine(); l != null; l = r.readLine()) {
        line++;
        int tab = l.indexOf('\t');
        if (tab < 0) {
          throw new IllegalStateException("Unreadable " + name + " line " + line + ": " + l);
        }
        String k = l.substring(0, tab);
        double v = Double.parseDouble(l.substring(tab + 1));
        if (k.equals("intercept")) {
          b = v;
        } else {
          w[Integer.parseInt(k)] = (float) v;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + name, e);
    }
    return new LinearModel(b, w);
  }
}
