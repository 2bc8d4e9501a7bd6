package dev.veille.calendar;


import dev.veille.analytics.BestTimes;
import dev.veille.analytics.HashtagGroups;
import dev.veille.analytics.LiftModel;
import dev.veille.analytics.ReportData;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.Shrinkage;
import dev.veille.analytics.TopThemes;
import dev.veille.common.alerts.Alert;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Plans the weeks after a report date, per account, from the report's numbers (no Spark): a pure
 * function of the report data, the posts it was computed from, the night's alerts and the settings.
 *
 * <ul>
 *   <li><b>How many</b>: the account's posts per week over the last 8 weeks (rounded), or
 *       {@code calendar.posts_per_week}; at most {@code max_per_day} a local day and
 *       {@code min_gap_hours} apart (fewer posts than aimed at are said in the note).
 *   <li><b>When</b>: a weekly pattern of slots, the account's recommended slots first (then the
 *       recommended slots of its formats and themes, then its usual slots: those with min_posts
 *       posts of its own, most used first), and {@code exploration_share} of the posts (rounded) in
 *       "worth testing" slots. Recommended and worth-testing slots come from {@link BestTimes},
 *       which never lists a slot that a single viral post made look good. The pattern repeats each
 *       week at the same local times; a local time that a daylight-saving change skips is left out
 *       that day (and said so).
 *   <li><b>What</b>: themes the account has posted, apportioned to the slots by opportunity
 *       (D'Hondt, at most half of the posts per theme, emerging x1.5 and rising x1.25, and one post
 *       at least for the best emerging or rising theme), in time order, never the same theme twice
 *       in a row; themes of the posts behind the night's crisis alerts are left out everywhere.
 *   <li><b>How</b>: the format with the best shrunk lift among the account's posts of the theme
 *       (format effects included), where it has min_posts posts; else the account's best format.
 *   <li><b>Reuse</b>: up to two of the account's posts of the theme older than
 *       {@code reuse_after_days} with the highest lift above typical, each suggested once.
 * </ul>
 *
 * <p>An account without a recommended slot (too little history) borrows the slots of the pooled
 * posts of the brand's other accounts on the same platform (local times), with a note; without
 * such accounts it gets no plan and a note.
 */
public final class CalendarPlanner {
  private CalendarPlanner() {}

  /** Weeks of history the cadence is measured on. */
  static final int CADENCE_WEEKS = 8;
  static final int REUSE_PER_SLOT = 2;
  static final double EMERGING_BOOST = 1.5;
  static final double RISING_BOOST = 1.25;

  /** A weekly slot with where it comes from. */
  record Candidate(BestTimes.Slot slot, String kind, int rank) {}

  /**
   * @param posts every post up to the report date (those published up to {@code matureCutoff} count for lifts)
   * @param themeOf post_key -> theme, as given to {@link ReportData#compute}; null when themes are hashtag groups
   * @param alerts the night's alerts (crisis alerts exclude themes); may be empty
   */
  public static Calendar plan(ReportData d, List<ReportPost> posts, Instant matureCutoff,
      Map<String, HashtagGroups.Theme> themeOf, List<Alert> alerts, CalendarSettings cs, Instant stampedAt) {
    return plan(d, posts, LiftModel.AccountLifts.of(posts, matureCutoff, d.settings().baselineDays()), themeOf,
        alerts, cs, stampedAt);
  }

  /**
   * Plans from the lifts the report computed ({@link LiftModel.AccountLifts#of} over {@code posts}
   * with the report's baseline). The accounts are planned in parallel: each plan reads the shared
   * inputs and fills only its own slots.
   */
  public static Calendar plan(ReportData d, List<ReportPost> posts, LiftModel.AccountLifts lifts,
      Map<String, HashtagGroups.Theme> themeOf, List<Alert> alerts, CalendarSettings cs, Instant stampedAt) {
    Map<String, HashtagGroups.Theme> themes = themeOf == null ? HashtagGroups.assign(posts) : themeOf;
    Map<String, List<ReportPost>> byAccount = new TreeMap<>();
    for (ReportPost p : posts) {
      byAccount.computeIfAbsent(p.account(), k -> new ArrayList<>()).add(p);
    }
    Map<String, List<LiftModel.Lifted>> lifted = lifts.lifted();
    Map<String, LiftModel.Adjustments> adjustments = lifts.adjustments();
    Map<String, CalendarText.Sentence> excludedWhy = crisisThemes(alerts, themes, d.themes());
    Map<String, String> excluded = new LinkedHashMap<>();
    excludedWhy.forEach((k, v) -> excluded.put(k, v.english()));
    Set<String> emergingAlerts = new TreeSet<>();
    for (Alert a : alerts) {
      if (Alert.EMERGING_THEME.equals(a.kind()) && a.themeId() != null) {
        emergingAlerts.add(a.themeId());
      }
    }
    LocalDate start = d.reportDate().plusDays(1);
    LocalDate end = d.reportDate().plusDays(7L * cs.weeks());
    List<Calendar.AccountPlan> plans = d.accounts().parallelStream().map(a -> {
      String key = a.platform() + "/" + a.accountId();
      return new AccountPlanner(d, cs, a, byAccount.getOrDefault(key, List.of()),
          lifted.getOrDefault(key, List.of()), adjustments.get(key), themes, excludedWhy, emergingAlerts,
          donors(d, a, lifted), start).plan();
    }).toList();
    return new Calendar(d.reportDate(), start, end, cs.weeks(), stampedAt, plans, excluded, excludedWhy);
  }

  /**
   * Theme id -> why it is excluded: the themes of the posts that draw the complaints of the night's
   * crisis alerts (their evidence's {@code posts}), and the alert's own theme when it names one.
   */
  static Map<String, CalendarText.Sentence> crisisThemes(List<Alert> alerts, Map<String, HashtagGroups.Theme> themes,
      List<TopThemes.Theme> known) {
    Map<String, String> labels = new HashMap<>();
    known.forEach(t -> labels.put(t.id(), t.label()));
    Map<String, Map<String, CalendarText.Sentence>> why = new TreeMap<>();
    for (Alert a : alerts) {
      if (!Alert.CRISIS.equals(a.kind())) {
        continue;
      }
      Set<String> ids = new TreeSet<>();
      if (a.themeId() != null) {
        ids.add(a.themeId());
      }
      Object ps = a.evidence() == null ? null : a.evidence().get("posts");
      if (ps instanceof List<?> list) {
        for (Object o : list) {
          Object k = o instanceof Map<?, ?> m ? m.get("post_key") : null;
          HashtagGroups.Theme t = k == null ? null : themes.get(k.toString());
          if (t != null) {
            ids.add(t.id());
          }
        }
      }
      for (String id : ids) {
        why.computeIfAbsent(id, x -> new TreeMap<>()).put(a.id() + " on " + a.platform() + "/" + a.account(),
            CalendarText.Sentence.of("cal_alert_ref", a.id(), a.platform(), a.account()));
      }
    }
    Map<String, CalendarText.Sentence> out = new LinkedHashMap<>();
    why.forEach((id, as) -> out.put(id, CalendarText.Sentence.of("cal_excluded_theme", labels.getOrDefault(id, id),
        List.copyOf(as.values()))));
    return out;
  }

  /** The other accounts of the same platform that have recommended slots of their own. */
  private static List<List<LiftModel.Lifted>> donors(ReportData d, BestTimes.AccountTimes a,
      Map<String, List<LiftModel.Lifted>> lifted) {
    List<List<LiftModel.Lifted>> out = new ArrayList<>();
    for (BestTimes.AccountTimes o : d.accounts()) {
      if (o != a && java.util.Objects.equals(o.platform(), a.platform()) && !o.overall().recommended().isEmpty()) {
        out.add(lifted.getOrDefault(o.platform() + "/" + o.accountId(), List.of()));
      }
    }
    return out;
  }

  static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replace('\n', ' ').replace('\r', ' ');
    int limit = 120;
    if (flat.codePointCount(0, flat.length()) <= limit) {
      return flat;
    }
    return flat.substring(0, flat.offsetByCodePoints(0, limit)) + "\u2026";
  }

  static double rel(double log) {
    return Math.round(Math.expm1(log) * 1000) / 1000.0;
  }

  /** One account's planning (state kept while its slots are filled in time order). */
  private static final class AccountPlanner {
    private final ReportData d;
    private final CalendarSettings cs;
    private final BestTimes.AccountTimes a;
    private final List<ReportPost> posts;
    private final List<LiftModel.Lifted> lifted;
    /** The lifted posts of each theme id, in {@code lifted}'s order: each slot looks its theme's up. */
    private final Map<String, List<LiftModel.Lifted>> liftedByTheme = new HashMap<>();
    /** The lifted posts of each weekly slot (weekday * 24 + hour). */
    private final Map<Integer, List<LiftModel.Lifted>> liftedBySlot = new HashMap<>();
    private final LiftModel.Adjustments adj;
    private final Map<String, HashtagGroups.Theme> themes;
    private final Map<String, CalendarText.Sentence> excluded;
    private final Set<String> emergingAlerts;
    private final List<List<LiftModel.Lifted>> donors;
    private final LocalDate start;
    private final List<CalendarText.Sentence> notes = new ArrayList<>();
    /** {@link #format} of each theme id (null: no theme), once computed. */
    private final Map<String, Object[]> formats = new HashMap<>();
    /** Each theme's lifted posts above typical, best first (ties by post key), once sorted: {@link #reuse}. */
    private final Map<String, List<LiftModel.Lifted>> reuseOrder = new HashMap<>();

    private void note(String key, Object... args) {
      notes.add(CalendarText.Sentence.of(key, args));
    }

    AccountPlanner(ReportData d, CalendarSettings cs, BestTimes.AccountTimes a, List<ReportPost> posts,
        List<LiftModel.Lifted> lifted, LiftModel.Adjustments adj, Map<String, HashtagGroups.Theme> themes,
        Map<String, CalendarText.Sentence> excluded, Set<String> emergingAlerts, List<List<LiftModel.Lifted>> donors,
        LocalDate start) {
      this.d = d;
      this.cs = cs;
      this.a = a;
      this.posts = posts;
      this.lifted = lifted;
      for (LiftModel.Lifted l : lifted) {
        HashtagGroups.Theme t = themes.get(l.post().postKey());
        if (t != null) {
          liftedByTheme.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(l);
        }
        liftedBySlot.computeIfAbsent(l.post().weekday() * 24 + l.post().hour(), k -> new ArrayList<>()).add(l);
      }
      this.adj = adj;
      this.themes = themes;
      this.excluded = excluded;
      this.emergingAlerts = emergingAlerts;
      this.donors = donors;
      this.start = start;
    }

    Calendar.AccountPlan plan() {
      int minPosts = d.settings().minPosts();
      BestTimes.SlotSet set = a.overall();
      String borrowed = null;
      if (set.recommended().isEmpty()) {
        List<LiftModel.Lifted> pooled = new ArrayList<>();
        donors.forEach(pooled::addAll);
        BestTimes.SlotSet other = pooled.isEmpty() ? null : BestTimes.slots(pooled, d.settings());
        if (other == null || other.recommended().isEmpty()) {
          note("cal_note_no_history", a.posts(), a.platform());
          return empty(0);
        }
        set = other;
        borrowed = "borrowed";
        note("cal_note_borrowed", a.posts(), a.platform(), pooled.size());
      }
      int aim = postsPerWeek();
      if (aim == 0) {
        if (notes.isEmpty()) {
          note("cal_note_nothing", CADENCE_WEEKS);
        }
        return empty(0);
      }
      // The weekly pattern: recommended first, then exploration, caps respected.
      List<Candidate> proven = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      int r = 0;
      for (BestTimes.Slot s : set.recommended()) {
        if (seen.add(key(s))) {
          proven.add(new Candidate(s, borrowed != null ? "borrowed" : set.weakEvidence() ? "weak" : "recommended",
              ++r));
        }
      }
      if (borrowed == null) {
        // To reach the cadence: the account's well-used slots (min_posts posts of its own, enough
        // evidence), best first, only when they still look as good without their best post.
        BestTimes.SlotSet own = set;
        own.cells().stream().filter(c -> !c.thin() && c.posts() >= minPosts && robust(c))
            .sorted(Comparator.comparingDouble(BestTimes.Slot::lift).reversed()
                .thenComparing(Comparator.comparingInt(BestTimes.Slot::posts).reversed())
                .thenComparingInt(BestTimes.Slot::weekday).thenComparingInt(BestTimes.Slot::hour))
            .forEach(s -> {
              if (own.worthTesting().stream().noneMatch(w -> key(w).equals(key(s))) && seen.add(key(s))) {
                proven.add(new Candidate(s, "usual", 0));
              }
            });
      }
      int exploreAim = (int) Math.round(aim * cs.explorationShare());
      List<Candidate> pattern = new ArrayList<>();
      int provenAim = aim - Math.min(exploreAim, set.worthTesting().size());
      for (Candidate c : proven) {
        if (pattern.size() >= provenAim) {
          break;
        }
        if (fits(pattern, c.slot())) {
          pattern.add(c);
        }
      }
      int explored = 0;
      r = 0;
      for (BestTimes.Slot s : set.worthTesting()) {
        r++;
        if (explored >= exploreAim || pattern.size() >= aim) {
          break;
        }
        if (!seen.contains(key(s)) && fits(pattern, s)) {
          pattern.add(new Candidate(s, "exploration", r));
          explored++;
        }
      }
      // Exploration slots that did not fit leave room for more proven ones.
      for (Candidate c : proven) {
        if (pattern.size() >= aim) {
          break;
        }
        if (!pattern.contains(c) && fits(pattern, c.slot())) {
          pattern.add(c);
        }
      }
      if (pattern.size() < aim) {
        note("cal_note_short", pattern.size(), aim, String.valueOf(cs.maxPerDay()), String.valueOf(cs.minGapHours()));
      }
      List<Instance> instances = instances(pattern);
      List<TopThemes.Theme> eligible = eligibleThemes();
      Map<String, Integer> quota = quotas(eligible, instances.size());
      List<Calendar.SlotPlan> slots = new ArrayList<>();
      String previous = null;
      Set<String> reused = new HashSet<>();
      Map<String, TopThemes.Theme> byId = new HashMap<>();
      eligible.forEach(t -> byId.put(t.id(), t));
      boolean repeated = false;
      for (Instance in : instances) {
        TopThemes.Theme t = nextTheme(eligible, quota, previous);
        if (t != null && t.id().equals(previous)) {
          repeated = true;
        }
        previous = t == null ? null : t.id();
        slots.add(slotPlan(in, t, reused));
      }
      if (repeated) {
        note("cal_note_one_theme");
      }
      if (eligible.isEmpty() && !instances.isEmpty()) {
        note("cal_note_no_theme");
      }
      return new Calendar.AccountPlan(a.account(), a.accountId(), a.platform(), a.timezone(), aim,
          englishNote(), slots, notes);
    }

    private Calendar.AccountPlan empty(int aim) {
      return new Calendar.AccountPlan(a.account(), a.accountId(), a.platform(), a.timezone(), aim, englishNote(),
          List.of(), notes);
    }

    private String englishNote() {
      return notes.isEmpty() ? null : CalendarText.join(notes, dev.veille.analytics.Messages.EN, " ");
    }

    /** The override, else the account's cadence over the last 8 weeks (with a note of which). */
    private int postsPerWeek() {
      Integer set = cs.postsPerWeekOf(a.platform(), a.accountId());
      LocalDate from = d.reportDate().minusDays(7L * CADENCE_WEEKS - 1);
      long recent = posts.stream().filter(p -> !p.localDate().isBefore(from) && !p.localDate().isAfter(d.reportDate()))
          .count();
      if (set != null) {
        note("cal_note_override", set, recent, CADENCE_WEEKS);
        return Math.min(set, 7 * cs.maxPerDay());
      }
      int cadence = (int) Math.round(recent / (double) CADENCE_WEEKS);
      if (recent > 0 && cadence == 0) {
        cadence = 1;
      }
      if (cadence > 7 * cs.maxPerDay()) {
        note("cal_note_capped", cadence, 7 * cs.maxPerDay(), String.valueOf(cs.maxPerDay()));
        cadence = 7 * cs.maxPerDay();
      }
      return cadence;
    }

    /**
     * A slot whose estimate is above typical still is without its best post (mean lift of its other
     * posts above 0); one at or below typical claims nothing a viral post could have made.
     */
    private boolean robust(BestTimes.Slot c) {
      if (c.lift() <= 0) {
        return true;
      }
      double[] own = liftedBySlot.getOrDefault(c.weekday() * 24 + c.hour(), List.of()).stream()
          .mapToDouble(LiftModel.Lifted::lift).sorted().toArray();
      if (own.length < 2) {
        return false;
      }
      double sum = 0;
      for (int i = 0; i < own.length - 1; i++) {
        sum += own[i];
      }
      return sum / (own.length - 1) > 0;
    }

    /** Another post at this weekly slot keeps max_per_day and min_gap_hours (hours apart on the week's circle). */
    private boolean fits(List<Candidate> pattern, BestTimes.Slot s) {
      int sameDay = 0;
      int at = (s.weekday() - 1) * 24 + s.hour();
      for (Candidate c : pattern) {
        if (c.slot().weekday() == s.weekday()) {
          sameDay++;
        }
        int other = (c.slot().weekday() - 1) * 24 + c.slot().hour();
        int gap = Math.abs(at - other);
        gap = Math.min(gap, 168 - gap);
        if (gap == 0 || gap < cs.minGapHours()) {
          return false;
        }
      }
      return sameDay < cs.maxPerDay();
    }

    record Instance(LocalDateTime local, Instant utc, Candidate c) {}

    /** The weekly pattern on each planned day, in time order; local times a DST change skips are left out. */
    private List<Instance> instances(List<Candidate> pattern) {
      ZoneId zone = zone(a.timezone());
      List<Instance> out = new ArrayList<>();
      for (int day = 0; day < 7 * cs.weeks(); day++) {
        LocalDate date = start.plusDays(day);
        for (Candidate c : pattern) {
          if (c.slot().weekday() != date.getDayOfWeek().getValue()) {
            continue;
          }
          LocalDateTime local = date.atTime(c.slot().hour(), 0);
          if (zone.getRules().getValidOffsets(local).isEmpty()) {
            note("cal_note_dst", local.toString(), zone.getId());
            continue;
          }
          // In the repeated hour of a change back, the first of the two (the zone's earlier offset).
          out.add(new Instance(local, local.atZone(zone).toInstant(), c));
        }
      }
      out.sort(Comparator.comparing(Instance::utc));
      return out;
    }

    /** Themes this account has posted (all themes when it has none), without the excluded ones. */
    private List<TopThemes.Theme> eligibleThemes() {
      Map<String, Integer> own = new HashMap<>();
      for (ReportPost p : posts) {
        HashtagGroups.Theme t = themes.get(p.postKey());
        if (t != null) {
          own.merge(t.id(), 1, Integer::sum);
        }
      }
      List<TopThemes.Theme> out = new ArrayList<>();
      boolean mentioned = false;
      for (TopThemes.Theme t : d.themes()) {
        if (!own.isEmpty() && !own.containsKey(t.id())) {
          continue;
        }
        if (excluded.containsKey(t.id())) {
          if (!mentioned) {
            note("cal_note_excluded", new CalendarText.Joined("; ", List.copyOf(excluded.values())));
            mentioned = true;
          }
          continue;
        }
        out.add(t);
      }
      // Themes above typical (or gaining ground) when there are any: a theme below typical is not an opportunity.
      List<TopThemes.Theme> good = out.stream().filter(t -> t.lift() > 0 || growing(t)).toList();
      return good.isEmpty() ? out : good;
    }

    private boolean growing(TopThemes.Theme t) {
      return "emerging".equals(t.trend()) || "rising".equals(t.trend()) || emergingAlerts.contains(t.id());
    }

    private double weight(TopThemes.Theme t) {
      double w = Math.max(t.opportunity(), 0) + 0.01;
      if ("emerging".equals(t.trend()) || emergingAlerts.contains(t.id())) {
        w *= EMERGING_BOOST;
      } else if ("rising".equals(t.trend())) {
        w *= RISING_BOOST;
      }
      return w;
    }

    /** Posts per theme: D'Hondt on the weights, at most half the posts each, the best growing theme one at least. */
    private Map<String, Integer> quotas(List<TopThemes.Theme> eligible, int total) {
      Map<String, Integer> q = new LinkedHashMap<>();
      eligible.forEach(t -> q.put(t.id(), 0));
      if (eligible.isEmpty()) {
        return q;
      }
      int cap = eligible.size() == 1 ? total : (total + 1) / 2;
      for (int i = 0; i < total; i++) {
        TopThemes.Theme best = null;
        double bestScore = -1;
        for (TopThemes.Theme t : eligible) {
          int n = q.get(t.id());
          if (n >= cap) {
            continue;
          }
          double score = weight(t) / (n + 1);
          if (score > bestScore) {
            best = t;
            bestScore = score;
          }
        }
        if (best == null) {
          break;
        }
        q.merge(best.id(), 1, Integer::sum);
      }
      TopThemes.Theme growingBest = eligible.stream().filter(this::growing).findFirst().orElse(null);
      if (total >= 3 && growingBest != null && q.get(growingBest.id()) == 0) {
        String most = q.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()).orElseThrow().getKey();
        q.merge(most, -1, Integer::sum);
        q.put(growingBest.id(), 1);
      }
      return q;
    }

    /** The theme with the most posts left to place that is not the previous one (ties: the better ranked). */
    private static TopThemes.Theme nextTheme(List<TopThemes.Theme> eligible, Map<String, Integer> quota,
        String previous) {
      TopThemes.Theme best = null;
      for (TopThemes.Theme t : eligible) {
        int left = quota.getOrDefault(t.id(), 0);
        if (left <= 0 || t.id().equals(previous)) {
          continue;
        }
        if (best == null || left > quota.get(best.id())) {
          best = t;
        }
      }
      if (best == null && previous != null && quota.getOrDefault(previous, 0) > 0) {
        best = eligible.stream().filter(t -> t.id().equals(previous)).findFirst().orElse(null);
      }
      if (best == null) {
        // Quotas used up (rounding): the best ranked theme that is not the previous one.
        best = eligible.stream().filter(t -> !t.id().equals(previous)).findFirst()
            .orElse(eligible.isEmpty() ? null : eligible.get(0));
        return best;
      }
      quota.merge(best.id(), -1, Integer::sum);
      return best;
    }

    private Calendar.SlotPlan slotPlan(Instance in, TopThemes.Theme t, Set<String> reused) {
      BestTimes.Slot s = in.c().slot();
      Object[] format = format(t == null ? null : t.id());
      List<Calendar.Reuse> reuse = t == null ? List.of() : reuse(t.id(), reused);
      List<CalendarText.Sentence> why = new ArrayList<>();
      CalendarText.Sentence interval = CalendarText.Sentence.of("cal_why_interval", s.lift(), s.low(), s.high());
      switch (in.c().kind()) {
        case "recommended" -> why.add(CalendarText.Sentence.of("cal_why_recommended", in.c().rank(), interval));
        case "weak" -> why.add(CalendarText.Sentence.of("cal_why_weak", in.c().rank(), interval));
        case "borrowed" -> why.add(CalendarText.Sentence.of("cal_why_borrowed", a.platform(), interval));
        case "usual" -> why.add(CalendarText.Sentence.of("cal_why_usual", s.posts(), interval));
        default -> why.add(CalendarText.Sentence.of("cal_why_exploration", s.posts(), interval));
      }
      if (t != null) {
        why.add(CalendarText.Sentence.of("cal_why_theme", t.label(), new CalendarText.Label("trend_", t.trend()),
            emergingAlerts.contains(t.id()) && !"emerging".equals(t.trend())
                ? CalendarText.Sentence.of("cal_why_alert") : "",
            t.lift(), t.low(), t.high()));
      }
      if (format[0] != null) {
        why.add(CalendarText.Sentence.of("cal_why_format", new CalendarText.Label("format_", (String) format[0]),
            format[1]));
      }
      return new Calendar.SlotPlan(in.local(), in.utc(), s.weekday(), s.hour(), t == null ? null : t.id(),
          t == null ? null : t.label(), (String) format[0], s.lift(), s.low(), s.high(),
          "exploration".equals(in.c().kind()), reuse, CalendarText.join(why, dev.veille.analytics.Messages.EN, "") + ".",
          why);
    }

    /** {format, why (a Sentence)}: the best non-thin format for the theme among the account's posts, else the account's. */
    private Object[] format(String themeId) {
      // The same for every slot of a theme: each is computed once (an account has tens of slots
      // and a theme up to every one of its posts).
      return formats.computeIfAbsent(themeId, this::bestFormatOf);
    }

    private Object[] bestFormatOf(String themeId) {
      List<LiftModel.Lifted> base = lifted;
      LiftModel.Adjustments adjustments = adj;
      if (base.isEmpty()) {
        return mostUsedFormat();
      }
      if (themeId != null) {
        Object[] f = bestFormat(liftedByTheme.getOrDefault(themeId, List.of()), adjustments);
        if (f != null) {
          return new Object[] {f[0], CalendarText.Sentence.of("cal_format_theme", f[1])};
        }
      }
      Object[] f = bestFormat(base, adjustments);
      if (f != null) {
        return new Object[] {f[0], themeId == null ? CalendarText.Sentence.of("cal_format_account", f[1])
            : CalendarText.Sentence.of("cal_format_account_no_theme", f[1], d.settings().minPosts())};
      }
      return mostUsedFormat();
    }

    private Object[] mostUsedFormat() {
      Map<String, Integer> n = new TreeMap<>();
      posts.forEach(p -> {
        if (p.format() != null) {
          n.merge(p.format(), 1, Integer::sum);
        }
      });
      return n.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
              .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
          .map(e -> new Object[] {e.getKey(), CalendarText.Sentence.of("cal_format_most_used")})
          .orElse(new Object[] {null, null});
    }

    /** {format, "+x% on n posts"} of the best format with min_posts posts, or null. */
    private Object[] bestFormat(List<LiftModel.Lifted> ls, LiftModel.Adjustments adjustments) {
      Map<String, List<Double>> values = new TreeMap<>();
      for (LiftModel.Lifted l : ls) {
        String f = l.post().format();
        if (f == null) {
          continue;
        }
        double effect = adjustments == null ? 0 : adjustments.format().getOrDefault(f, 0.0);
        values.computeIfAbsent(f, k -> new ArrayList<>()).add(l.lift() + effect);
      }
      if (values.isEmpty()) {
        return null;
      }
      Map<String, double[]> arrays = new LinkedHashMap<>();
      values.forEach((k, v) -> arrays.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
      Map<String, Shrinkage.Estimate> est = Shrinkage.estimate(arrays, d.settings().minPosts());
      Shrinkage.Estimate best = null;
      for (Shrinkage.Estimate e : est.values()) {
        if (e.thin() || e.posts() < d.settings().minPosts()) {
          continue;
        }
        if (best == null || e.mean() > best.mean() || (e.mean() == best.mean() && e.key().compareTo(best.key()) < 0)) {
          best = e;
        }
      }
      return best == null ? null : new Object[] {best.key(),
          CalendarText.Sentence.of("cal_format_evidence", rel(best.mean()), best.posts())};
    }

    /** Up to two of the account's posts of the theme, old enough, above typical, best first, each once. */
    private List<Calendar.Reuse> reuse(String themeId, Set<String> reused) {
      LocalDate before = d.reportDate().minusDays(cs.reuseAfterDays());
      List<Calendar.Reuse> out = new ArrayList<>();
      reuseOrder.computeIfAbsent(themeId, k -> liftedByTheme.getOrDefault(k, List.of()).stream()
              .filter(l -> l.lift() > 0)
              .sorted(Comparator.comparingDouble(LiftModel.Lifted::lift).reversed()
                  .thenComparing(l -> l.post().postKey()))
              .toList()).stream()
          .filter(l -> l.post().localDate().isBefore(before) && !reused.contains(l.post().postKey()))
          .limit(REUSE_PER_SLOT)
          .forEach(l -> {
            reused.add(l.post().postKey());
            out.add(new Calendar.Reuse(l.post().postKey(), l.post().url(), excerpt(l.post().text()), rel(l.lift())));
          });
      return out;
    }
  }

  /** The audience zone (validated by ingest: an IANA name); UTC when the posts carry none. */
  static ZoneId zone(String tz) {
    return tz == null ? ZoneOffset.UTC : ZoneId.of(tz);
  }

  static String key(BestTimes.Slot s) {
    return s.weekday() + "-" + s.hour();
  }

  /** "Instagram" for "instagram", "X" for "x", "LinkedIn", "TikTok", "YouTube". */
  public static String platformName(String platform) {
    if (platform == null) {
      return "";
    }
    return switch (platform.toLowerCase(Locale.ROOT)) {
      case "linkedin" -> "LinkedIn";
      case "tiktok" -> "TikTok";
      case "youtube" -> "YouTube";
      case "x" -> "X";
      default -> platform.substring(0, 1).toUpperCase(Locale.ROOT) + platform.substring(1);
    };
  }
}
