package dev.veille.reports;

import dev.veille.analytics.BestTimes;
import dev.veille.analytics.Messages;
import dev.veille.analytics.ReportData;
import dev.veille.analytics.ReportFormat;
import dev.veille.analytics.ReportSettings;
import dev.veille.analytics.TopThemes;
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
    return of(d, findings, Messages.EN);
  }

  /** Every string a reader sees comes from {@code m}: its bundle's sentences and its number formats. */
  static Map<String, Object> of(ReportData d, List<String> findings, Messages m) {
    Map<String, Object> model = new HashMap<>();
    ReportSettings s = d.settings();
    ReportData.Coverage c = d.coverage();
    model.put("t", m.labels());
    String date = m.date(d.reportDate());
    model.put("date", date);
    model.put("title", m.get("title", date));
    model.put("subtitle", m.get("subtitle", date, m.date(c.matureUntil()), m.number(s.maturityDays())));
    model.put("noAlerts", m.get("alerts_none", date));
    model.put("findings", findings);
    model.put("themesFromHashtags", d.themesSource().equals("hashtag_groups"));
    model.put("sentimentAbsent", !d.sentimentPresent());
    String minPosts = m.number(s.minPosts());
    model.put("bestIntro", m.get("best_intro", minPosts));
    model.put("legendMinus25", m.pct(-0.25));
    model.put("legendPlus40", m.pct(0.40));
    model.put("legendThin", m.get("legend_thin", minPosts));
    model.put("themesIntro", m.get("themes_intro", minPosts));
    List<Object> accounts = new ArrayList<>();
    List<Object> picks = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (BestTimes.AccountTimes a : d.accounts()) {
      accounts.add(account(a, s, m));
      if (a.overall().recommended().isEmpty()) {
        without.add(m.get("account_platform", a.account(), a.platform()));
      } else {
        picks.add(pick(a, m));
      }
    }
    model.put("accounts", accounts);
    // Past a handful of accounts the heatmaps fold away, so the page stays a summary first.
    model.put("manyAccounts", d.accounts().size() > COLLAPSE_AFTER);
    model.put("picks", picks);
    model.put("hasPicks", !picks.isEmpty());
    model.put("withoutRecommendation", without.isEmpty() ? null
        : m.get("without_recommendation", String.join(", ", without)));
    List<Object> themes = new ArrayList<>();
    for (TopThemes.Theme t : d.themes()) {
      Map<String, Object> x = new HashMap<>();
      x.put("rank", t.rank());
      x.put("label", t.label());
      x.put("posts", m.number(t.posts()));
      x.put("share", m.percent(t.share()));
      x.put("lift", m.pct(t.lift()));
      x.put("range", m.get("range", m.pct(t.low()), m.pct(t.high())));
      x.put("thin", t.thin());
      x.put("sentiment", t.sentimentMean() == null ? m.get("sentiment_not_scored")
          : m.get("sentiment_posts", m.score(t.sentimentMean()), m.percent(t.sentimentNegativeShare())));
      x.put("commentSentiment", t.commentSentimentMean() == null ? null
          : m.get("sentiment_comments", m.score(t.commentSentimentMean()), m.percent(t.commentNegativeShare())));
      x.put("trendLabel", m.getOr("trend_" + t.trend(), t.trend()));
      x.put("trendSymbol", switch (t.trend()) {
        case "emerging" -> "\u2605";
        case "rising" -> "\u2197";
        case "declining" -> "\u2198";
        default -> "\u2192";
      });
      x.put("g7", m.get("versus", m.number(t.posts7d()), m.number(t.postsPrev7d())));
      x.put("g28", m.get("versus", m.number(t.posts28d()), m.number(t.postsPrev28d())));
      x.put("hashtags", String.join(" ", t.topHashtags()));
      List<Object> ex = new ArrayList<>();
      for (TopThemes.Example e : t.examples()) {
        Map<String, Object> y = new HashMap<>();
        y.put("url", safeUrl(e.url()));
        y.put("text", e.text().isBlank() ? m.get("theme_no_text") : e.text());
        y.put("lift", m.pct(e.lift()));
        ex.add(y);
      }
      x.put("examples", ex);
      themes.add(x);
    }
    model.put("themes", themes);
    model.put("method", List.of(
        m.get("method_data", m.number(c.posts()), m.date(c.firstDate()), m.date(c.lastDate()),
            m.number(c.maturePosts()), m.date(c.matureUntil()), m.number(s.maturityDays()),
            m.number(c.postsWithoutRate())),
        m.get("method_rate"),
        m.get("method_lift", m.number(s.baselineDays())),
        m.get("method_slots", minPosts, m.number(s.topN())),
        m.get("method_languages", String.join(", ", c.languages()), c.languagesScored().isEmpty()
            ? m.get("languages_none") : String.join(", ", c.languagesScored()))));
    return model;
  }

  static void addAlerts(Map<String, Object> model, List<dev.veille.common.alerts.Alert> alerts) {
    addAlerts(model, alerts, Messages.EN);
  }

  /** The Alerts section: most severe first, each as its sentence plus kind, status and a link. */
  static void addAlerts(Map<String, Object> model, List<dev.veille.common.alerts.Alert> alerts, Messages m) {
    List<Object> list = new ArrayList<>();
    for (dev.veille.common.alerts.Alert a : dev.veille.common.alerts.AlertsFiles.sorted(alerts)) {
      Map<String, Object> x = new HashMap<>();
      x.put("idLabel", m.get("alert_id", a.id()));
      x.put("severity", a.severity().id());
      x.put("severityLabel", m.getOr("severity_" + a.severity().id(), a.severity().id()));
      x.put("message", AlertText.of(a, m));
      x.put("kindLabel", m.getOr("alert_kind_" + a.kind(), a.kind()));
      String since = a.firstRaised() == null ? "" : m.date(a.firstRaised());
      x.put("statusLabel", switch (a.status()) {
        case dev.veille.common.alerts.Alert.NEW -> m.get("alert_status_new");
        case dev.veille.common.alerts.Alert.WORSENED -> m.get("alert_status_worsened", since);
        default -> m.get("alert_status_ongoing", since);
      });
      Object url = a.evidence() == null ? null : a.evidence().get("url");
      x.put("link", url == null ? null : safeUrl(url.toString()));
      list.add(x);
    }
    model.put("alerts", list);
    model.put("hasAlerts", !list.isEmpty());
  }

  static void addCalendar(Map<String, Object> model, dev.veille.calendar.Calendar c) {
    addCalendar(model, c, Messages.EN);
  }

  /**
   * The Moderation section: counts per account and action, the response KPIs where the export holds
   * the brand's replies, and the top of the queue (the whole queue is in moderation.csv). Nothing
   * when the moderation stage has not run ({@code moderated} null or never run).
   */
  static void addModeration(Map<String, Object> m, dev.veille.analytics.ModerationReport.Report moderated,
      int queueTop, Messages t) {
    boolean ran = moderated != null && moderated.ran();
    m.put("moderationRan", ran);
    m.put("moderationAbsent", moderated != null && !ran);
    if (!ran) {
      return;
    }
    List<Object> accounts = new ArrayList<>();
    for (dev.veille.analytics.ModerationReport.AccountStats a : moderated.accounts()) {
      Map<String, Object> x = new HashMap<>();
      x.put("accountLabel", t.get("account_on", a.account(), a.platform()));
      for (String action : List.of("hide", "review", "answer", "keep")) {
        x.put(action, a.byAction().getOrDefault(action, 0L));
      }
      x.put("questions", a.questions());
      x.put("hasReplies", a.brandReplies() > 0);
      x.put("answered", a.answeredShare() == null ? t.get("mod_no_question") : t.percent(a.answeredShare()));
      x.put("median", a.medianHoursToAnswer() == null ? "-" : t.get("mod_hours", a.medianHoursToAnswer()));
      x.put("unanswered", a.unansweredOver24h());
      accounts.add(x);
    }
    m.put("moderationAccounts", accounts);
    List<Object> queue = new ArrayList<>();
    for (dev.veille.analytics.ModerationReport.QueueItem q : moderated.queue()) {
      if (queue.size() >= queueTop) {
        break;
      }
      Map<String, Object> x = new HashMap<>();
      x.put("rank", q.rank());
      x.put("action", t.getOr("mod_" + q.action(), q.action()));
      x.put("labels", String.join(", ", q.labels().stream().map(l -> t.getOr("mod_label_" + l, l)).toList()));
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
    m.put("moderationIntro", t.get("mod_intro", t.number(moderated.queue().size())));
  }

  /**
   * The "Next week" section: per account, a grid of the planned days (one row per week, one column
   * per day), each planned post with its local time, theme, format, expected lift, and reuse links.
   */
  static void addCalendar(Map<String, Object> model, dev.veille.calendar.Calendar c, Messages m) {
    Map<String, Object> cal = new HashMap<>();
    cal.put("introBefore", m.get("calendar_intro_before", m.date(c.weekStart()), m.date(c.weekEnd())));
    cal.put("excluded", c.excludedThemes().isEmpty() ? null
        : m.get("calendar_excluded", String.join("; ", dev.veille.calendar.CalendarText.excluded(c, m))));
    List<Object> accounts = new ArrayList<>();
    for (dev.veille.calendar.Calendar.AccountPlan a : c.accounts()) {
      Map<String, Object> x = new HashMap<>();
      x.put("accountLabel", m.get("account_on", a.account(), a.platform()));
      x.put("meta", m.get("calendar_account_meta", m.number(a.postsPerWeek()), m.zone(a.timezone())));
      x.put("note", dev.veille.calendar.CalendarText.note(a, m));
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
            y.put("theme", s.themeLabel() == null ? m.get("calendar_any_theme") : s.themeLabel());
            y.put("format", m.getOr("format_" + s.format(), s.format()));
            y.put("lift", m.pct(s.expectedLift()));
            y.put("exploration", s.exploration());
            y.put("rationale", dev.veille.calendar.CalendarText.rationale(s, m));
            List<Object> reuse = new ArrayList<>();
            for (dev.veille.calendar.Calendar.Reuse r : s.reuse()) {
              Map<String, Object> z = new HashMap<>();
              z.put("url", safeUrl(r.url()));
              z.put("label", m.get("calendar_reuse", m.pct(r.lift())));
              reuse.add(z);
            }
            y.put("reuse", reuse);
            items.add(y);
          }
          days.add(Map.of("date", m.dayHeader(day), "items", items));
        }
        weeks.add(Map.of("days", days));
      }
      x.put("weeks", weeks);
      accounts.add(x);
    }
    cal.put("accounts", accounts);
    model.put("calendar", cal);
  }

  /** Only http(s) links are rendered as links; anything else (javascript:, data:) is dropped. */
  static String safeUrl(String url) {
    if (url == null) {
      return null;
    }
    String u = url.trim().toLowerCase(java.util.Locale.ROOT);
    return u.startsWith("https://") || u.startsWith("http://") ? url.trim() : null;
  }

  private static Map<String, Object> account(BestTimes.AccountTimes a, ReportSettings s, Messages msg) {
    Map<String, Object> m = new HashMap<>();
    m.put("accountLabel", msg.get("account_on", a.account(), a.platform()));
    m.put("ariaLabel", msg.get("heatmap_label", a.account(), a.platform()));
    String zone = msg.zone(a.timezone());
    String denominator = msg.getOr("denominator_" + a.denominator(), a.denominator());
    m.put("meta", msg.get("account_meta", msg.number(a.posts()), zone, a.timezone(), denominator,
        a.postsWithoutRate() > 0 ? msg.get("account_without_rate", msg.number(a.postsWithoutRate()), denominator)
            : ""));
    m.put("recommendedHeader", msg.get("col_recommended_slot", zone));
    m.put("slotHeader", msg.get("col_slot", zone));
    m.put("worthIntro", msg.get("worth_intro", msg.number(s.minPosts())));
    m.put("note", BestTimes.note(a.overall(), s, msg));
    m.put("best", a.overall().recommended().isEmpty() ? null : ReportRender.bestSlotText(a, msg)
        + (a.overall().weakEvidence() ? msg.get("weak_evidence_suffix") : ""));
    Map<String, Integer> rank = new HashMap<>();
    List<Object> rec = new ArrayList<>();
    int r = 0;
    for (BestTimes.Slot x : a.overall().recommended()) {
      rank.put(BestTimes.key(x.weekday(), x.hour()), ++r);
      rec.add(slotView(x, r, msg));
    }
    m.put("recommended", rec);
    m.put("hasRecommended", !rec.isEmpty());
    List<Object> worth = new ArrayList<>();
    r = 0;
    for (BestTimes.Slot x : a.overall().worthTesting()) {
      worth.add(slotView(x, ++r, msg));
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
          c.put("title", msg.get("cell_empty", msg.day(wd), msg.time(h)));
        } else {
          c.put("fill", colour(x.lift()));
          c.put("thin", x.thin());
          // The number alone (the legend says it is a percent): "+38", "\u221212".
          c.put("label", x.thin() ? msg.get("cell_thin_label", msg.number(x.posts()))
              : ReportFormat.pct(x.lift()).replace("%", ""));
          c.put("dark", !x.thin() && dark(x.lift()));
          Integer rk = rank.get(BestTimes.key(wd, h));
          c.put("rank", rk);
          c.put("title", msg.get("cell_title", msg.day(wd), msg.time(h), msg.pct(x.lift()), msg.pct(x.low()),
              msg.pct(x.high()), msg.number(x.posts()), x.posts(), x.thin() ? msg.get("cell_thin") : "",
              rk == null ? "" : msg.get("cell_recommended", Integer.toString(rk))));
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
      days.add(Map.of("y", TOP + (wd - 1) * CELL_H + CELL_H / 2 + 4, "label", msg.shortDay(wd)));
    }
    m.put("days", days);
    m.put("width", LEFT + 24 * CELL_W + 2);
    m.put("height", TOP + 7 * CELL_H + 2);
    List<Object> formats = new ArrayList<>();
    a.byFormat().forEach((f, set) -> formats.add(subgroup(msg.getOr("format_" + f, f), set, a.timezone(), s,
        "format", msg)));
    m.put("formats", formats);
    List<Object> themes = new ArrayList<>();
    a.byTheme().forEach((f, set) -> themes.add(subgroup(f, set, a.timezone(), s, "theme", msg)));
    m.put("themes", themes);
    return m;
  }

  /** One row of the compact per-account table: the account's best slot and what it rests on. */
  private static Map<String, Object> pick(BestTimes.AccountTimes a, Messages msg) {
    BestTimes.Slot x = a.overall().recommended().get(0);
    Map<String, Object> m = new HashMap<>();
    m.put("accountLabel", msg.get("account_on", a.account(), a.platform()));
    m.put("slot", msg.day(x.weekday()) + " " + msg.time(x.hour()) + " " + msg.zone(a.timezone()));
    m.put("lift", msg.pct(x.lift()));
    m.put("range", msg.get("range", msg.pct(x.low()), msg.pct(x.high())));
    m.put("posts", msg.number(x.posts()));
    m.put("evidence", evidenceText(x, a.overall().weakEvidence(), msg));
    m.put("weak", a.overall().weakEvidence());
    return m;
  }

  /** "12 own" or "6 own + 5 from neighbouring slots", and "weak: " when nothing is clearly above typical. */
  static String evidenceText(BestTimes.Slot x, boolean weak) {
    return evidenceText(x, weak, Messages.EN);
  }

  static String evidenceText(BestTimes.Slot x, boolean weak, Messages m) {
    long own = x.posts();
    long total = Math.round(x.evidence());
    String s = total > own ? m.get("evidence_neighbours", m.number(own), m.number(total - own))
        : m.get("evidence_own", m.number(own));
    return weak ? m.get("evidence_weak", s) : s;
  }

  private static Map<String, Object> subgroup(String name, BestTimes.SlotSet set, String tz, ReportSettings s,
      String what, Messages msg) {
    Map<String, Object> m = new HashMap<>();
    m.put("name", name);
    m.put("posts", msg.number(set.posts()));
    m.put("best", set.recommended().isEmpty() ? null
        : String.join("; ", set.recommended().stream().map(x -> ReportRender.slotText(x, tz, msg)).toList()));
    m.put("note", BestTimes.groupNote(set, s, what, msg));
    return m;
  }

  private static Map<String, Object> slotView(BestTimes.Slot x, int rank, Messages msg) {
    Map<String, Object> m = new HashMap<>();
    m.put("rank", rank);
    m.put("day", msg.day(x.weekday()));
    m.put("time", msg.time(x.hour()));
    m.put("lift", msg.pct(x.lift()));
    m.put("range", msg.get("range", msg.pct(x.low()), msg.pct(x.high())));
    m.put("posts", msg.number(x.posts()));
    m.put("evidence", evidenceText(x, false, msg));
    return m;
  }
}
