package dev.veille.moderation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Binary metrics of one label (spam or toxic against ok), as {@code veille eval moderation} prints
 * them. {@code hide_precision}: of the comments the stage would hide, the share whose label is not
 * ok (null when it would hide none); {@code hide_share}: the share of all comments it would hide.
 */
public final class ModerationMetrics {
  private ModerationMetrics() {}

  public static Map<String, Object> of(String positive, boolean[] gold, boolean[] predicted, boolean[] hidden) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    long hid = 0;
    long hidRight = 0;
    for (int i = 0; i < gold.length; i++) {
      if (gold[i] && predicted[i]) {
        tp++;
      } else if (predicted[i]) {
        fp++;
      } else if (gold[i]) {
        fn++;
      } else {
        tn++;
      }
      if (hidden[i]) {
        hid++;
        if (gold[i]) {
          hidRight++;
        }
      }
    }
    double p = tp + fp == 0 ? 0 : tp / (double) (tp + fp);
    double r = tp + fn == 0 ? 0 : tp / (double) (tp + fn);
    double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
    double pOk = tn + fn == 0 ? 0 : tn / (double) (tn + fn);
    double rOk = tn + fp == 0 ? 0 : tn / (double) (tn + fp);
    double f1Ok = pOk + rOk == 0 ? 0 : 2 * pOk * rOk / (pOk + rOk);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", gold.length);
    m.put("positive", positive);
    m.put("precision", round(p));
    m.put("recall", round(r));
    m.put("f1", round(f1));
    m.put("macro_f1", round((f1 + f1Ok) / 2));
    m.put("hide_precision", hid == 0 ? null : round(hidRight / (double) hid));
    m.put("hide_share", gold.length == 0 ? 0.0 : round(hid / (double) gold.length));
    Map<String, Object> confusion = new LinkedHashMap<>();
    // Rows are the gold label, columns the prediction.
    confusion.put(positive, row(positive, tp, fn));
    confusion.put("ok", row(positive, fp, tn));
    m.put("confusion", confusion);
    return m;
  }

  private static Map<String, Long> row(String positive, long asPositive, long asOk) {
    Map<String, Long> r = new LinkedHashMap<>();
    r.put(positive, asPositive);
    r.put("ok", asOk);
    return r;
  }

  public static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
