package dev.veille.topics;

import java.util.HashMap;
import java.util.Map;

/**
 * External clustering scores against known labels, from a contingency table of
 * (label, cluster) counts. Posts without a cluster count as one cluster of their own ("none"),
 * so leaving posts out is never rewarded.
 */
public final class ClusterMetrics {
  private final Map<String, Map<String, Long>> table = new HashMap<>();
  private long n;

  public void add(String label, String cluster, long count) {
    table.computeIfAbsent(label, l -> new HashMap<>()).merge(cluster == null ? "none" : cluster, count, Long::sum);
    n += count;
  }

  public long n() {
    return n;
  }

  /** Normalised mutual information, arithmetic-mean normalisation: 2 I(L;C) / (H(L) + H(C)). */
  public double nmi() {
    Map<String, Long> clusterTotals = new HashMap<>();
    Map<String, Long> labelTotals = new HashMap<>();
    table.forEach((label, row) -> row.forEach((cluster, c) -> {
      clusterTotals.merge(cluster, c, Long::sum);
      labelTotals.merge(label, c, Long::sum);
    }));
    double mi = 0;
    for (var e : table.entrySet()) {
      for (var cell : e.getValue().entrySet()) {
        double pxy = (double) cell.getValue() / n;
        double px = (double) labelTotals.get(e.getKey()) / n;
        double py = (double) clusterTotals.get(cell.getKey()) / n;
        if (pxy > 0) {
          mi += pxy * Math.log(pxy / (px * py));
        }
      }
    }
    double h = entropy(labelTotals) + entropy(clusterTotals);
    return h == 0 ? 1.0 : Math.max(0, 2 * mi / h);
  }

  /** Share of posts whose cluster's majority label is their label. */
  public double purity() {
    Map<String, Map<String, Long>> byCluster = new HashMap<>();
    table.forEach((label, row) -> row.forEach((cluster, c) ->
        byCluster.computeIfAbsent(cluster, k -> new HashMap<>()).merge(label, c, Long::sum)));
    long correct = 0;
    for (Map<String, Long> labels : byCluster.values()) {
      correct += labels.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }
    return n == 0 ? 0 : (double) correct / n;
  }

  private double entropy(Map<String, Long> totals) {
    double h = 0;
    for (long c : totals.values()) {
      double p = (double) c / n;
      if (p > 0) {
        h -= p * Math.log(p);
      }
    }
    return h;
  }
}
