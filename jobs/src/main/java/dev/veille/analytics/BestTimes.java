package dev.veille.analytics;

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
   * {@code evidence} is what the estimate rests on, in posts: the slot's own plus what its
   * neighbouring slots add (see {@link SlotModel}); {@code thin} means less than min_posts of it.
   */
  public record Slot(int weekday, int hour, double lift, double low, double high, int posts, boolean thin,
      double logMean, double evidence) {}

  /**
   * Slots of one population (an account, or one format or theme of it). {@code weakEvidence}: no
   * slot was clearly above the typical post, so {@code recommended} holds the best-supported ones.
   */
  public record SlotSet(int posts, List<Slot> recommended, List<Slot> worthTesting, List<Slot> cells, String note,
      boolean weakEvidence) {
    public SlotSet(int posts, List<Slot> recommended, List<Slot> worthTesting, List<Slot> cells, String note) {
      this(posts, recommended, worthTesting, cells, note, false);
    }
  }

  /** One account's report. */
  public record AccountTimes(String account, String accountId, String platform, String timezone,
      String denominator, int posts, int postsWithoutRate, SlotSet overall, Map<String, SlotSet> byFormat,
      Map<String, SlotSet> byTheme) {}

  /** A slot needs this many posts of its own to be listed at all, so one post never is. */
  static final int MIN_OWN_POSTS = 2;

  static double rel(double log) {
    return Stats.round(Math.expm1(log), 3);
  }

  /** Slot estimates for a set of lifted posts. */
  public static SlotSet slots(List<LiftModel.Lifted> lifted, ReportSettings s) {
    List<List<Double>> groups = new ArrayList<>();
    for (int i = 0; i < SlotModel.DAYS * SlotModel.HOURS; i++) {
      groups.add(new ArrayList<>());
    }
    for (LiftModel.Lifted l : lifted) {
      groups.get((l.post().weekday() - 1) * SlotModel.HOURS + l.post().hour()).add(l.lift());
    }
    double[][][] arrays = new double[SlotModel.DAYS][SlotModel.HOURS][];
    for (int w = 0; w < SlotModel.DAYS; w++) {
      for (int h = 0; h < SlotModel.HOURS; h++) {
        arrays[w][h] = groups.get(w * SlotModel.HOURS + h).stream().mapToDouble(Double::doubleValue).toArray();
      }
    }
    List<Slot> cells = new ArrayList<>();
    Map<String, SlotModel.Estimate> byKey = new LinkedHashMap<>();
    for (SlotModel.Estimate e : SlotModel.estimate(arrays)) {
      byKey.put(key(e.weekday(), e.hour()), e);
      cells.add(new Slot(e.weekday(), e.hour(), rel(e.mean()), rel(e.low()), rel(e.high()), e.posts(),
          e.evidence() < s.minPosts(), e.mean(), Stats.round(e.evidence(), 1)));
    }
    cells.sort(Comparator.comparingInt(Slot::weekday).thenComparingInt(Slot::hour));
    Comparator<Slot> best = Comparator.comparingDouble(Slot::logMean).reversed()
        .thenComparing(Comparator.comparingInt(Slot::posts).reversed());
    // A slot is listed only if it still looks good without its best post: one viral post never
    // makes a slot recommended or worth testing, however its neighbours look.
    java.util.function.Predicate<Slot> robust = c -> c.posts() >= MIN_OWN_POSTS
        && byKey.get(key(c.weekday(), c.hour())).meanWithoutBest() > 0;
    // Neighbours sharpen a slot's estimate and its evidence, but a recommendation still needs
    // min_posts posts of the slot's own: the team has seen it work there, not only nearby.
    java.util.function.Predicate<Slot> proven = c -> !c.thin() && c.posts() >= s.minPosts();
    List<Slot> recommended = cells.stream().filter(c -> proven.test(c) && c.logMean() > 0 && robust.test(c))
        .sorted(best).limit(s.topN()).toList();
    List<Slot> worth = cells.stream().filter(c -> !proven.test(c) && c.logMean() > 0 && robust.test(c))
        .sorted(best).limit(s.topN()).toList();
    boolean weak = false;
    if (recommended.isEmpty() && lifted.size() >= 10 * s.minPosts()) {
      // Enough posts to say something: the best-supported slots, ranked by what the slot shows
      // without its best post, so the fallback keeps the single-post guarantee too.
      Comparator<Slot> supported = Comparator.comparingDouble(
          (Slot c) -> Math.min(c.logMean(), byKey.get(key(c.weekday(), c.hour())).meanWithoutBest())).reversed()
          .thenComparing(Comparator.comparingDouble(Slot::evidence).reversed());
      // Slots with min_posts posts of their own first, as for a clear recommendation.
      recommended = cells.stream().filter(c -> c.posts() >= MIN_OWN_POSTS)
          .sorted(Comparator.comparing((Slot c) -> c.posts() < s.minPosts()).thenComparing(supported))
          .limit(s.topN()).toList();
      weak = !recommended.isEmpty();
    }
    return new SlotSet(lifted.size(), recommended, worth, cells, note(recommended.isEmpty(), weak, s, Messages.EN),
        weak);
  }

  /** The note of an account's slots (JSON: English; report.html: the report's language), or null. */
  public static String note(SlotSet set, ReportSettings s, Messages m) {
    return note(set.recommended().isEmpty(), set.weakEvidence(), s, m);
  }

  private static String note(boolean none, boolean weak, ReportSettings s, Messages m) {
    return none ? m.get("note_none", Integer.toString(s.minPosts())) : weak ? m.get("note_weak") : null;
  }

  /** The note of a format's or theme's slots ({@code what}: format or theme), or null. */
  public static String groupNote(SlotSet set, ReportSettings s, String what, Messages m) {
    String group = m.get("group_" + what);
    int needed = 4 * s.minPosts();
    if (set.posts() < needed) {
      return m.get("note_group_small", m.number(set.posts()), group, m.number(needed));
    }
    return set.recommended().isEmpty() ? m.get("note_group_none", group, m.number(s.minPosts()))
        : set.weakEvidence() ? m.get("note_group_weak", group) : null;
  }

  /** Slots per sub-population (format or theme); small ones get a note and no slots. */
  static Map<String, SlotSet> bySubgroup(List<LiftModel.Lifted> lifted, Function<ReportPost, String> keyOf,
      ReportSettings s, String what) {
    Map<String, List<LiftModel.Lifted>> groups = Stats.groupedByKey(lifted, l -> keyOf.apply(l.post()));
    int needed = 4 * s.minPosts();
    Map<String, SlotSet> out = new TreeMap<>();
    groups.forEach((k, v) -> {
      if (v.size() < needed) {
        SlotSet small = new SlotSet(v.size(), List.of(), List.of(), List.of(), null);
        out.put(k, new SlotSet(v.size(), List.of(), List.of(), List.of(), groupNote(small, s, what, Messages.EN)));
      } else {
        SlotSet set = slots(v, s);
        out.put(k, new SlotSet(set.posts(), set.recommended(), set.worthTesting(), set.cells(),
            groupNote(set, s, what, Messages.EN), set.weakEvidence()));
      }
    });
    return out;
  }

  public static String key(int weekday, int hour) {
    return weekday + "-" + (hour < 10 ? "0" : "") + hour;
  }
}
