package dev.veille.sentiment;

/**
 * Three-way sentiment metrics: accuracy, macro-averaged recall (SemEval-2017 Task 4A's primary
 * measure, robust to class imbalance), macro F1, and F1-PN (the mean F1 of positive and negative).
 */
public record SentimentMetrics(long n, double accuracy, double macro_recall, double macro_f1,
    double f1_pn, long[][] confusion) {

  /** From gold labels and predictions (0 negative, 1 neutral, 2 positive). */
  public static SentimentMetrics of(int[] gold, int[] predicted) {
    long[][] c = new long[3][3];
    for (int i = 0; i < gold.length; i++) {
      c[gold[i]][predicted[i]]++;
    }
    return of(c);
  }

  /** From a confusion matrix (rows gold, columns predicted). */
  public static SentimentMetrics of(long[][] c) {
    long n = 0;
    long correct = 0;
    double recall = 0;
    double f1 = 0;
    double[] f1s = new double[3];
    for (int k = 0; k < 3; k++) {
      long row = 0;
      long col = 0;
      for (int j = 0; j < 3; j++) {
        row += c[k][j];
        col += c[j][k];
        n += c[k][j];
      }
      correct += c[k][k];
      double r = row == 0 ? 0 : c[k][k] / (double) row;
      double p = col == 0 ? 0 : c[k][k] / (double) col;
      f1s[k] = r + p == 0 ? 0 : 2 * r * p / (r + p);
      recall += r / 3;
      f1 += f1s[k] / 3;
    }
    return new SentimentMetrics(n, round(n == 0 ? 0 : correct / (double) n), round(recall), round(f1),
        round((f1s[0] + f1s[2]) / 2), c);
  }

  static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
