package dev.veille.reports;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Best time to post: slot (weekday x local hour) estimates per account, format and theme. */
public final class BestTimes {
  private BestTimes() {}

  /**
   * One slot. {@code lift}, {@code low}, {@code high} are relative changes against the account's
   * typical post (0.38 = +38%), rounded to 3 decimals: JSON, CSV and HTML all show these values.
   */
  public record Slot(int weekday, int hour, double lift, double low, double high, int posts, boolean thin,
      double logMean) {}

  /** Slots of one population (an account, or one format or theme of it). */
  public record SlotSet(int posts, List<Slot> recommended, List<Slot> worthTesting, List<Slot> cells, String note) {}

  /** One account's report. */
  public record AccountTimes(String account, String accountId, String platform, String timezone,
      String denominator, int posts, int postsWithoutRate, SlotSet overall, Map<String, SlotSet> byFormat,
      Map<String, SlotSet> byTheme) {}

  static double rel(double log) {
    return Stats.round(Math.expm1(log), 3);
  }

  /** Slot estimates for a set of lifted posts. */
  public static SlotSet slots(List<LiftModel.Lifted> lifted, ReportSettings s) {
    Map<String, List<Double>> groups = new TreeMap<>();
    for (LiftModel.Lifted l : lifted) {
      groups.computeIfAbsent(key(l.post().weekday(), l.post().hour()), k -> new ArrayList<>()).add(l.lift());
    }
    Map<String, double[]> arrays = new LinkedHashMap<>();
    groups.forEach((k, v) -> arrays.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
    Map<String, Shrinkage.Estimate> est = Shrinkage.estimate(arrays, s.minPosts());
    List<Slot> cells = new ArrayList<>();
    for (Shrinkage.Estimate e : est.values()) {
      int wd = Integer.parseInt(e.key().substring(0, 1));
      int hr = Integer.parseInt(e.key().substring(2));
      cells.add(new Slot(wd, hr, rel(e.mean()), rel(e.low()), rel(e.high()), e.posts(), e.thin(), e.mean()));
    }
    cells.sort(Comparator.comparingInt(Slot::weekday).thenComparingInt(Slot::hour));
    Comparator<Slot> best = Comparator.comparingDouble(Slot::logMean).reversed()
        .thenComparing(Comparator.comparingInt(Slot::posts).reversed());
    // Thin slots are never recommended, whatever their estimate.
    List<Slot> recommended = cells.stream().filter(c -> !c.thin() && c.logMean() > 0).sorted(best)
        .limit(s.topN()).toList();
    // Worth testing: thin but promising, and never on the word of a single post.
    List<Slot> worth = cells.stream().filter(c -> c.thin() && c.posts() >= 2 && c.logMean() > 0).sorted(best)
        .limit(s.topN()).toList();
    String note = recommended.isEmpty()
        ? "No slot has at least " + s.minPosts() + " posts and a positive lift yet: no recommendation." : null;
    return new SlotSet(lifted.size(), recommended, worth, cells, note);
  }

  /** Slots per sub-population (format or theme); small ones get a note and no slots. */
  static Map<String, SlotSet> bySubgroup(List<LiftModel.Lifted> lifted, Function<ReportPost, String> keyOf,
      ReportSettings s, String what) {
    Map<String, List<LiftModel.Lifted>> groups = new TreeMap<>();
    for (LiftModel.Lifted l : lifted) {
      String k = keyOf.apply(l.post());
      if (k != null) {
        groups.computeIfAbsent(k, x -> new ArrayList<>()).add(l);
      }
    }
    int needed = 4 * s.minPosts();
    Map<String, SlotSet> out = new TreeMap<>();
    groups.forEach((k, v) -> {
      if (v.size() < needed) {
        out.put(k, new SlotSet(v.size(), List.of(), List.of(), List.of(), "Only " + v.size() + " mature " + what
            + " posts (fewer than " + needed + "): use the account's overall slots."));
      } else {
        SlotSet set = slots(v, s);
        String note = set.recommended().isEmpty()
            ? "No " + what + " slot has " + s.minPosts() + "+ posts and a positive lift: use the account's overall slots."
            : null;
        out.put(k, new SlotSet(set.posts(), set.recommended(), set.worthTesting(), set.cells(), note));
      }
    });
    return out;
  }

  static String key(int weekday, int hour) {
    return weekday + "-" + (hour < 10 ? "0" : "") + hour;
  }
}
