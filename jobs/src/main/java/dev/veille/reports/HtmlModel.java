package dev.veille.reports;

import static dev.veille.reports.ReportFormat.pct;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The view model the Mustache template reads: text and numbers only, every string escaped by the template. */
final class HtmlModel {
  private HtmlModel() {}

  static final int CELL_W = 36;
  static final int CELL_H = 28;
  static final int LEFT = 44;
  static final int TOP = 22;
  /** With more accounts than this, each account's heatmap and lists sit in a closed section. */
  static final int COLLAPSE_AFTER = 5;

  // Purple-orange diverging palette (ColorBrewer PuOr), safe for the common colour-vision deficiencies.
  private static final int[][] NEG = {{0xf7, 0xf7, 0xf7}, {0xd8, 0xda, 0xeb}, {0x99, 0x8e, 0xc3}, {0x54, 0x27, 0x88}};
  private static final int[][] POS = {{0xf7, 0xf7, 0xf7}, {0xfe, 0xe0, 0xb6}, {0xf1, 0xa3, 0x40}, {0xb3, 0x58, 0x06}};

  /** Colour of a lift: log-scaled, saturating at -50% and +100%. */
  static String colour(double lift) {
    double l = Math.log1p(lift) / Math.log(2);
    double t = Math.max(-1, Math.min(1, l));
    int[][] ramp = t < 0 ? NEG : POS;
    double x = Math.abs(t) * 3;
    int i = Math.min(2, (int) Math.floor(x));
    double f = x - i;
    int[] a = ramp[i];
    int[] b = ramp[i + 1];
    return String.format("#%02x%02x%02x", (int) Math.round(a[0] + f * (b[0] - a[0])),
        (int) Math.round(a[1] + f * (b[1] - a[1])), (int) Math.round(a[2] + f * (b[2] - a[2])));
  }

  static boolean dark(double lift) {
    return Math.abs(Math.log1p(lift) / Math.log(2)) > 0.6;
  }

  static Map<String, Object> of(ReportData d, List<String> findings) {
    Map<String, Object> m = new HashMap<>();
    m.put("date", d.reportDate().toString());
    m.put("findings", findings);
    m.put("themesFromHashtags", d.themesSource().equals("hashtag_groups"));
    m.put("sentimentAbsent", !d.sentimentPresent());
    m.put("minPosts", d.settings().minPosts());
    m.put("maturityDays", d.settings().maturityDays());
    m.put("baselineDays", d.settings().baselineDays());
    m.put("topN", d.settings().topN());
    List<Object> accounts = new ArrayList<>();
    List<Object> picks = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (BestTimes.AccountTimes a : d.accounts()) {
      accounts.add(account(a, d.settings()));
      if (a.overall().recommended().isEmpty()) {
        without.add(a.account() + " (" + a.platform() + ")");
      } else {
        picks.add(pick(a));
      }
    }
    m.put("accounts", accounts);
    // Past a handful of accounts the heatmaps fold away, so the page stays a summary first.
    m.put("manyAccounts", d.accounts().size() > COLLAPSE_AFTER);
    m.put("picks", picks);
    m.put("hasPicks", !picks.isEmpty());
    m.put("withoutRecommendation", without.isEmpty() ? null : String.join(", ", without));
    List<Object> themes = new ArrayList<>();
    for (TopThemes.Theme t : d.themes()) {
      Map<String, Object> x = new HashMap<>();
      x.put("rank", t.rank());
      x.put("label", t.label());
      x.put("posts", t.posts());
      x.put("share", Math.round(t.share() * 100) + "%");
      x.put("lift", pct(t.lift()));
      x.put("low", pct(t.low()));
      x.put("high", pct(t.high()));
      x.put("thin", t.thin());
      x.put("maturePosts", t.maturePosts());
      x.put("sentiment", t.sentimentMean() == null ? "not scored"
          : String.format("%+.2f, %d%% negative", t.sentimentMean(), Math.round(t.sentimentNegativeShare() * 100)));
      x.put("commentSentiment", t.commentSentimentMean() == null ? null
          : String.format("comments %+.2f, %d%% negative", t.commentSentimentMean(),
              Math.round(t.commentNegativeShare() * 100)));
      x.put("trend", t.trend());
      x.put("trendSymbol", switch (t.trend()) {
        case "emerging" -> "\u2605";
        case "rising" -> "\u2197";
        case "declining" -> "\u2198";
        default -> "\u2192";
      });
      x.put("g7", t.posts7d() + " vs " + t.postsPrev7d());
      x.put("g28", t.posts28d() + " vs " + t.postsPrev28d());
      x.put("hashtags", String.join(" ", t.topHashtags()));
      x.put("opportunity", ReportFormat.num(t.opportunity()));
      List<Object> ex = new ArrayList<>();
      for (TopThemes.Example e : t.examples()) {
        Map<String, Object> y = new HashMap<>();
        y.put("url", safeUrl(e.url()));
        y.put("text", e.text().isBlank() ? "(no text)" : e.text());
        y.put("lift", pct(e.lift()));
        ex.add(y);
      }
      x.put("examples", ex);
      themes.add(x);
    }
    m.put("themes", themes);
    ReportData.Coverage c = d.coverage();
    m.put("posts", c.posts());
    m.put("maturePosts", c.maturePosts());
    m.put("withoutRate", c.postsWithoutRate());
    m.put("firstDate", String.valueOf(c.firstDate()));
    m.put("lastDate", String.valueOf(c.lastDate()));
    m.put("matureUntil", c.matureUntil().toString());
    m.put("languages", String.join(", ", c.languages()));
    m.put("languagesScored", c.languagesScored().isEmpty() ? "none (sentiment not run)"
        : String.join(", ", c.languagesScored()));
    return m;
  }

  /** The Alerts section: most severe first, each as the detector's sentence plus kind, status and a link. */
  static void addAlerts(Map<String, Object> m, List<dev.veille.signals.Alert> alerts) {
    List<Object> list = new ArrayList<>();
    for (dev.veille.signals.Alert a : dev.veille.signals.AlertsFiles.sorted(alerts)) {
      Map<String, Object> x = new HashMap<>();
      x.put("id", a.id());
      x.put("severity", a.severity().id());
      x.put("message", a.message());
      x.put("kindLabel", switch (a.kind()) {
        case dev.veille.signals.Alert.BUZZ -> "buzz";
        case dev.veille.signals.Alert.CRISIS -> "comment crisis";
        default -> "emerging theme";
      });
      x.put("statusLabel", switch (a.status()) {
        case dev.veille.signals.Alert.NEW -> "new tonight";
        case dev.veille.signals.Alert.WORSENED -> "worse since " + a.firstRaised();
        default -> "ongoing since " + a.firstRaised();
      });
      Object url = a.evidence() == null ? null : a.evidence().get("url");
      x.put("link", url == null ? null : safeUrl(url.toString()));
      list.add(x);
    }
    m.put("alerts", list);
    m.put("hasAlerts", !list.isEmpty());
  }

  /**
   * The Moderation section: counts per account and action, the response KPIs where the export holds
   * the brand's replies, and the top of the queue (the whole queue is in moderation.csv). Nothing
   * when the moderation stage has not run ({@code moderated} null or never run).
   */
  static void addModeration(Map<String, Object> m, dev.veille.moderation.ModerationReport.Report moderated,
      int queueTop) {
    boolean ran = moderated != null && moderated.ran();
    m.put("moderationRan", ran);
    m.put("moderationAbsent", moderated != null && !ran);
    if (!ran) {
      return;
    }
    List<Object> accounts = new ArrayList<>();
    for (dev.veille.moderation.ModerationReport.AccountStats a : moderated.accounts()) {
      Map<String, Object> x = new HashMap<>();
      x.put("name", a.account());
      x.put("platform", a.platform());
      for (String action : List.of("hide", "review", "answer", "keep")) {
        x.put(action, a.byAction().getOrDefault(action, 0L));
      }
      x.put("questions", a.questions());
      x.put("hasReplies", a.brandReplies() > 0);
      x.put("answered", a.answeredShare() == null ? "no question" : pct(a.answeredShare()));
      x.put("median", a.medianHoursToAnswer() == null ? "-" : a.medianHoursToAnswer() + " h");
      x.put("unanswered", a.unansweredOver24h());
      accounts.add(x);
    }
    m.put("moderationAccounts", accounts);
    List<Object> queue = new ArrayList<>();
    for (dev.veille.moderation.ModerationReport.QueueItem q : moderated.queue()) {
      if (queue.size() >= queueTop) {
        break;
      }
      Map<String, Object> x = new HashMap<>();
      x.put("rank", q.rank());
      x.put("action", q.action());
      x.put("labels", String.join(", ", q.labels()));
      x.put("reason", q.reason());
      x.put("account", q.account());
      x.put("url", safeUrl(q.postUrl()));
      x.put("author", q.author());
      x.put("text", TopThemes.excerpt(q.text() == null ? "" : q.text()));
      queue.add(x);
    }
    m.put("moderationQueue", queue);
    m.put("hasModerationQueue", !queue.isEmpty());
    m.put("moderationQueueSize", moderated.queue().size());
  }

  /**
   * The "Next week" section: per account, a grid of the planned days (one row per week, one column
   * per day), each planned post with its local time, theme, format, expected lift, and reuse links.
   */
  static void addCalendar(Map<String, Object> m, dev.veille.calendar.Calendar c) {
    Map<String, Object> cal = new HashMap<>();
    cal.put("weekStart", c.weekStart().toString());
    cal.put("weekEnd", c.weekEnd().toString());
    cal.put("excluded", c.excludedThemes().isEmpty() ? null : String.join("; ", c.excludedThemes().values()));
    java.time.format.DateTimeFormatter dayFmt = java.time.format.DateTimeFormatter.ofPattern("EEE d MMM",
        java.util.Locale.ENGLISH);
    List<Object> header = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      header.add(c.weekStart().plusDays(i).getDayOfWeek().getDisplayName(java.time.format.TextStyle.SHORT,
          java.util.Locale.ENGLISH));
    }
    cal.put("header", header);
    List<Object> accounts = new ArrayList<>();
    for (dev.veille.calendar.Calendar.AccountPlan a : c.accounts()) {
      Map<String, Object> x = new HashMap<>();
      x.put("name", a.account());
      x.put("platform", a.platform());
      x.put("zone", ReportFormat.zone(a.timezone()));
      x.put("postsPerWeek", a.postsPerWeek());
      x.put("note", a.note());
      x.put("hasSlots", !a.slots().isEmpty());
      List<Object> weeks = new ArrayList<>();
      for (int w = 0; w < c.weeks(); w++) {
        List<Object> days = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
          java.time.LocalDate day = c.weekStart().plusDays(7L * w + i);
          List<Object> items = new ArrayList<>();
          for (dev.veille.calendar.Calendar.SlotPlan s : a.slots()) {
            if (!s.localStart().toLocalDate().equals(day)) {
              continue;
            }
            Map<String, Object> y = new HashMap<>();
            y.put("time", String.format(java.util.Locale.ROOT, "%02d:%02d", s.localStart().getHour(),
                s.localStart().getMinute()));
            y.put("theme", s.themeLabel() == null ? "any theme" : s.themeLabel());
            y.put("format", s.format());
            y.put("lift", pct(s.expectedLift()));
            y.put("exploration", s.exploration());
            y.put("rationale", s.rationale());
            List<Object> reuse = new ArrayList<>();
            for (dev.veille.calendar.Calendar.Reuse r : s.reuse()) {
              Map<String, Object> z = new HashMap<>();
              z.put("url", safeUrl(r.url()));
              z.put("label", "reuse " + pct(r.lift()));
              reuse.add(z);
            }
            y.put("reuse", reuse);
            items.add(y);
          }
          days.add(Map.of("date", day.format(dayFmt), "items", items));
        }
        weeks.add(Map.of("days", days));
      }
      x.put("weeks", weeks);
      accounts.add(x);
    }
    cal.put("accounts", accounts);
    m.put("calendar", cal);
  }

  /** Only http(s) links are rendered as links; anything else (javascript:, data:) is dropped. */
  static String safeUrl(String url) {
    if (url == null) {
      return null;
    }
    String u = url.trim().toLowerCase(java.util.Locale.ROOT);
    return u.startsWith("https://") || u.startsWith("http://") ? url.trim() : null;
  }

  private static Map<String, Object> account(BestTimes.AccountTimes a, ReportSettings s) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", a.account());
    m.put("platform", a.platform());
    m.put("timezone", a.timezone());
    m.put("zone", ReportFormat.zone(a.timezone()));
    m.put("denominator", a.denominator());
    m.put("posts", a.posts());
    m.put("withoutRate", a.postsWithoutRate());
    m.put("note", a.overall().note());
    m.put("best", a.overall().recommended().isEmpty() ? null : ReportRender.bestSlotText(a)
        + (a.overall().weakEvidence() ? " (weak evidence)" : ""));
    Map<String, Integer> rank = new HashMap<>();
    List<Object> rec = new ArrayList<>();
    int r = 0;
    for (BestTimes.Slot x : a.overall().recommended()) {
      rank.put(BestTimes.key(x.weekday(), x.hour()), ++r);
      rec.add(slotView(x, r));
    }
    m.put("recommended", rec);
    m.put("hasRecommended", !rec.isEmpty());
    m.put("hasWithoutRate", a.postsWithoutRate() > 0);
    List<Object> worth = new ArrayList<>();
    r = 0;
    for (BestTimes.Slot x : a.overall().worthTesting()) {
      worth.add(slotView(x, ++r));
    }
    m.put("worth", worth);
    m.put("hasWorth", !worth.isEmpty());
    List<Object> cells = new ArrayList<>();
    Map<String, BestTimes.Slot> byKey = new LinkedHashMap<>();
    a.overall().cells().forEach(x -> byKey.put(BestTimes.key(x.weekday(), x.hour()), x));
    for (int wd = 1; wd <= 7; wd++) {
      for (int h = 0; h < 24; h++) {
        BestTimes.Slot x = byKey.get(BestTimes.key(wd, h));
        Map<String, Object> c = new HashMap<>();
        c.put("x", LEFT + h * CELL_W);
        c.put("y", TOP + (wd - 1) * CELL_H);
        c.put("tx", LEFT + h * CELL_W + CELL_W / 2);
        c.put("ty", TOP + (wd - 1) * CELL_H + CELL_H / 2 + 4);
        if (x == null) {
          c.put("fill", "#ffffff");
          c.put("empty", true);
          c.put("title", ReportFormat.day(wd) + " " + ReportFormat.time(h) + ": no posts");
        } else {
          c.put("fill", colour(x.lift()));
          c.put("thin", x.thin());
          c.put("label", x.thin() ? "n=" + x.posts() : pct(x.lift()).replace("%", ""));
          c.put("dark", !x.thin() && dark(x.lift()));
          Integer rk = rank.get(BestTimes.key(wd, h));
          c.put("rank", rk);
          c.put("title", ReportFormat.day(wd) + " " + ReportFormat.time(h) + ": " + pct(x.lift()) + " (90% interval "
              + pct(x.low()) + " to " + pct(x.high()) + "), " + x.posts() + (x.posts() == 1 ? " post" : " posts")
              + (x.thin() ? ", too little evidence to recommend" : "") + (rk == null ? "" : ", recommended #" + rk));
        }
        cells.add(c);
      }
    }
    m.put("cells", cells);
    List<Object> hours = new ArrayList<>();
    for (int h = 0; h < 24; h++) {
      hours.add(Map.of("x", LEFT + h * CELL_W + CELL_W / 2, "label", String.format("%02d", h)));
    }
    m.put("hours", hours);
    List<Object> days = new ArrayList<>();
    for (int wd = 1; wd <= 7; wd++) {
      days.add(Map.of("y", TOP + (wd - 1) * CELL_H + CELL_H / 2 + 4, "label", ReportFormat.shortDay(wd)));
    }
    m.put("days", days);
    m.put("width", LEFT + 24 * CELL_W + 2);
    m.put("height", TOP + 7 * CELL_H + 2);
    List<Object> formats = new ArrayList<>();
    a.byFormat().forEach((f, set) -> formats.add(subgroup(f, set, a.timezone())));
    m.put("formats", formats);
    List<Object> themes = new ArrayList<>();
    a.byTheme().forEach((f, set) -> themes.add(subgroup(f, set, a.timezone())));
    m.put("themes", themes);
    return m;
  }

  /** One row of the compact per-account table: the account's best slot and what it rests on. */
  private static Map<String, Object> pick(BestTimes.AccountTimes a) {
    BestTimes.Slot x = a.overall().recommended().get(0);
    Map<String, Object> m = new HashMap<>();
    m.put("name", a.account());
    m.put("platform", a.platform());
    m.put("slot", ReportFormat.day(x.weekday()) + " " + ReportFormat.time(x.hour()) + " " + ReportFormat.zone(a.timezone()));
    m.put("lift", pct(x.lift()));
    m.put("low", pct(x.low()));
    m.put("high", pct(x.high()));
    m.put("posts", x.posts());
    m.put("evidence", evidenceText(x, a.overall().weakEvidence()));
    m.put("weak", a.overall().weakEvidence());
    return m;
  }

  /** "12 posts" or "6 posts + neighbours = 11", and "weak" when nothing is clearly above typical. */
  static String evidenceText(BestTimes.Slot x, boolean weak) {
    long own = x.posts();
    long total = Math.round(x.evidence());
    String s = total > own ? own + " own + " + (total - own) + " from neighbouring slots" : own + " own";
    return weak ? "weak: " + s : s;
  }

  private static Map<String, Object> subgroup(String name, BestTimes.SlotSet set, String tz) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", name);
    m.put("posts", set.posts());
    m.put("best", set.recommended().isEmpty() ? null
        : String.join("; ", set.recommended().stream().map(x -> ReportRender.slotText(x, tz)
            .replace(" (", " (90% " + pct(x.low()) + " to " + pct(x.high()) + "; ")).toList()));
    m.put("note", set.note());
    return m;
  }

  private static Map<String, Object> slotView(BestTimes.Slot x, int rank) {
    Map<String, Object> m = new HashMap<>();
    m.put("rank", rank);
    m.put("day", ReportFormat.day(x.weekday()));
    m.put("time", ReportFormat.time(x.hour()));
    m.put("lift", pct(x.lift()));
    m.put("low", pct(x.low()));
    m.put("high", pct(x.high()));
    m.put("posts", x.posts());
    m.put("evidence", evidenceText(x, false));
    return m;
  }
}
