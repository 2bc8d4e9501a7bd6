package dev.veille.topics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a theme's identity across model versions. A retrained model's clusters are numbered
 * arbitrarily, so each new cluster is matched to a theme of the previous catalogue by the cosine
 * similarity of their term distributions (term probabilities within the cluster, top
 * {@link ThemeLabeller#DISTRIBUTION_TERMS} terms):
 *
 * <ul>
 *   <li>pairs are taken greedily, most similar first, each theme and cluster at most once, and
 *       only when the similarity is at least the threshold ({@code topics.match_threshold});
 *   <li>a matched cluster keeps the theme's id and label (terms, hashtags, size and examples are
 *       refreshed); a retired theme that comes back is active again under its old id;
 *   <li>an unmatched cluster is a new theme with a new id ({@code theme-NNN}, never reused);
 *   <li>an active theme no cluster matched is marked retired (its last version stays the one it
 *       was last seen in).
 * </ul>
 */
public final class ThemeIdentity {
  private ThemeIdentity() {}

  /** A theme of the catalogue. */
  public record Theme(String theme_id, String label, List<String> top_terms, List<String> hashtags, long size,
      List<String> representative_post_keys, String status, String first_model_version,
      String last_model_version, Map<String, Double> distribution) {
    public boolean active() {
      return ACTIVE.equals(status);
    }
  }

  public static final String ACTIVE = "active";
  public static final String RETIRED = "retired";

  /** The new catalogue, and for each cluster index of the new model its theme id. */
  public record Matched(List<Theme> catalogue, Map<Integer, String> idByIndex, Map<Integer, Double> similarity) {}

  public static Matched match(List<Theme> previous, List<ThemeLabeller.ThemeStats> fresh, String version,
      double threshold) {
    record Pair(int p, int f, double sim) {}
    List<Pair> pairs = new ArrayList<>();
    for (int p = 0; p < previous.size(); p++) {
      for (int f = 0; f < fresh.size(); f++) {
        double sim = cosine(previous.get(p).distribution(), fresh.get(f).distribution());
        if (sim >= threshold && sim > 0) {
          pairs.add(new Pair(p, f, sim));
        }
      }
    }
    // Most similar first; among equals, active themes before retired ones, then stable order.
    pairs.sort(Comparator.comparingDouble((Pair x) -> -x.sim)
        .thenComparing(x -> previous.get(x.p).active() ? 0 : 1)
        .thenComparingInt(x -> x.p).thenComparingInt(x -> x.f));
    Map<Integer, Integer> prevOfFresh = new HashMap<>();
    Map<Integer, Double> simOfFresh = new HashMap<>();
    Set<Integer> usedPrev = new HashSet<>();
    for (Pair x : pairs) {
      if (!usedPrev.contains(x.p) && !prevOfFresh.containsKey(x.f)) {
        usedPrev.add(x.p);
        prevOfFresh.put(x.f, x.p);
        simOfFresh.put(x.f, x.sim);
      }
    }
    int next = nextNumber(previous);
    List<Theme> catalogue = new ArrayList<>();
    Map<Integer, String> ids = new HashMap<>();
    Map<Integer, Double> sims = new HashMap<>();
    Theme[] replaced = new Theme[previous.size()];
    for (int f = 0; f < fresh.size(); f++) {
      ThemeLabeller.ThemeStats s = fresh.get(f);
      Integer p = prevOfFresh.get(f);
      Theme t;
      if (p != null) {
        Theme old = previous.get(p);
        t = new Theme(old.theme_id(), old.label(), s.terms(), s.hashtags(), s.size(), s.representatives(), ACTIVE,
            old.first_model_version(), version, s.distribution());
        replaced[p] = t;
        sims.put(s.index(), TopicModeler.round(simOfFresh.get(f)));
      } else {
        t = new Theme(String.format(java.util.Locale.ROOT, "theme-%03d", next++), s.label(), s.terms(),
            s.hashtags(), s.size(), s.representatives(), ACTIVE, version, version, s.distribution());
      }
      ids.put(s.index(), t.theme_id());
      if (p == null) {
        catalogue.add(t);
      }
    }
    // Previous themes keep their place in the catalogue: matched ones updated, others retired.
    List<Theme> ordered = new ArrayList<>();
    for (int p = 0; p < previous.size(); p++) {
      Theme old = previous.get(p);
      if (replaced[p] != null) {
        ordered.add(replaced[p]);
      } else {
        ordered.add(new Theme(old.theme_id(), old.label(), old.top_terms(), old.hashtags(), old.size(),
            old.representative_post_keys(), RETIRED, old.first_model_version(), old.last_model_version(),
            old.distribution()));
      }
    }
    ordered.addAll(catalogue);
    return new Matched(ordered, ids, sims);
  }

  static double cosine(Map<String, Double> a, Map<String, Double> b) {
    if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    double dot = 0;
    for (var e : a.entrySet()) {
      Double v = b.get(e.getKey());
      if (v != null) {
        dot += e.getValue() * v;
      }
    }
    double na = Math.sqrt(a.values().stream().mapToDouble(x -> x * x).sum());
    double nb = Math.sqrt(b.values().stream().mapToDouble(x -> x * x).sum());
    return na == 0 || nb == 0 ? 0 : dot / (na * nb);
  }

  private static int nextNumber(List<Theme> previous) {
    int max = 0;
    for (Theme t : previous) {
      String id = t.theme_id();
      if (id.startsWith("theme-")) {
        try {
          max = Math.max(max, Integer.parseInt(id.substring(6)));
        } catch (NumberFormatException ignored) {
          // foreign ids never collide with theme-NNN
        }
      }
    }
    return max + 1;
  }
}
