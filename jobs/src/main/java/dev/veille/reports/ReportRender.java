package dev.veille.reports;

import static dev.veille.analytics.ReportFormat.num;
import static dev.veille.analytics.ReportFormat.pct;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.veille.analytics.BestTimes;
import dev.veille.analytics.Messages;
import dev.veille.analytics.ReportFormat;
import dev.veille.analytics.ReportData;
import dev.veille.analytics.TopThemes;
import dev.veille.common.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Renders a {@link ReportData} as JSON, CSV and HTML text (pure: no I/O). */
public final class ReportRender {
  private ReportRender() {}

  // ---------------------------------------------------------------- JSON

  static Map<String, Object> slot(BestTimes.Slot s, boolean withThin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("weekday", s.weekday());
    m.put("hour", s.hour());
    m.put("lift", s.lift());
    m.put("low", s.low());
    m.put("high", s.high());
    m.put("posts", s.posts());
    if (withThin) {
      m.put("thin", s.thin());
    }
    return m;
  }

  static Map<String, Object> slotSet(BestTimes.SlotSet set, boolean cells) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("posts", set.posts());
    m.put("recommended", set.recommended().stream().map(x -> slot(x, false)).toList());
    m.put("worth_testing", set.worthTesting().stream().map(x -> slot(x, true)).toList());
    if (cells) {
      m.put("cells", set.cells().stream().map(x -> slot(x, true)).toList());
    }
    m.put("note", set.note());
    return m;
  }

  public static String bestTimesJson(ReportData d) {
    List<Object> accounts = new ArrayList<>();
    for (BestTimes.AccountTimes a : d.accounts()) {
      Map<String, Object> m = new LinkedHashMap<>(slotSet(a.overall(), true));
      m.put("account", a.account());
      m.put("account_id", a.accountId());
      m.put("platform", a.platform());
      m.put("timezone", a.timezone());
      m.put("denominator", a.denominator());
      m.put("posts", a.posts());
      m.put("posts_without_rate", a.postsWithoutRate());
      Map<String, Object> byFormat = new LinkedHashMap<>();
      a.byFormat().forEach((k, v) -> byFormat.put(k, slotSet(v, false)));
      Map<String, Object> byTheme = new LinkedHashMap<>();
      a.byTheme().forEach((k, v) -> byTheme.put(k, slotSet(v, false)));
      m.put("by_format", byFormat);
      m.put("by_theme", byTheme);
      accounts.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("report_date", d.reportDate().toString());
    root.put("mature_until", d.coverage().matureUntil().toString());
    root.put("min_posts", d.settings().minPosts());
    root.put("themes_source", d.themesSource());
    root.put("accounts", accounts);
    return Json.pretty(root);
  }

  public static String topThemesJson(ReportData d) {
    List<Object> themes = new ArrayList<>();
    for (TopThemes.Theme t : d.themes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("rank", t.rank());
      m.put("theme_id", t.id());
      m.put("label", t.label());
      m.put("posts", t.posts());
      m.put("share", t.share());
      m.put("lift", t.lift());
      m.put("low", t.low());
      m.put("high", t.high());
      m.put("mature_posts", t.maturePosts());
      m.put("thin", t.thin());
      m.put("sentiment_mean", t.sentimentMean());
      m.put("sentiment_negative_share", t.sentimentNegativeShare());
      m.put("comment_sentiment_mean", t.commentSentimentMean());
      m.put("comment_negative_share", t.commentNegativeShare());
      m.put("posts_7d", t.posts7d());
      m.put("posts_prev_7d", t.postsPrev7d());
      m.put("growth_7d", t.growth7d());
      m.put("posts_28d", t.posts28d());
      m.put("posts_prev_28d", t.postsPrev28d());
      m.put("growth_28d", t.growth28d());
      m.put("trend", t.trend());
      m.put("top_hashtags", t.topHashtags());
      m.put("opportunity", t.opportunity());
      List<Object> ex = new ArrayList<>();
      for (TopThemes.Example e : t.examples()) {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("post_key", e.postKey());
        x.put("url", e.url());
        x.put("text", e.text());
        x.put("lift", e.lift());
        ex.add(x);
      }
      m.put("examples", ex);
      themes.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("report_date", d.reportDate().toString());
    root.put("themes_source", d.themesSource());
    root.put("sentiment", d.sentimentPresent() ? "present" : "absent");
    root.put("comment_sentiment", d.commentSentimentPresent() ? "present" : "absent");
    root.put("themes", themes);
    return Json.pretty(root);
  }

  // ---------------------------------------------------------------- CSV

  /**
   * RFC 4180 as alerts.csv and moderation.csv: a header, CRLF line ends (what spreadsheets
   * expect), commons-csv's minimal quoting. A missing value is a null, an empty cell without
   * quotes (commons-csv quotes an empty string in the first column); text cells go through
   * {@link ReportFormat#neutralise} first.
   */
  private static final CSVFormat CSV = CSVFormat.RFC4180;

  public static final String BEST_TIMES_HEADER =
      "account,account_id,platform,timezone,denominator,scope,group,list,rank,weekday,hour,lift,low,high,posts,thin";

  public static String bestTimesCsv(ReportData d) {
    return csv(BEST_TIMES_HEADER, p -> {
      for (BestTimes.AccountTimes a : d.accounts()) {
        List<String> account = Arrays.asList(text(a.account()), text(a.accountId()), text(a.platform()),
            text(a.timezone()), text(a.denominator()));
        rows(p, account, "account", null, a.overall(), true);
        for (Map.Entry<String, BestTimes.SlotSet> e : a.byFormat().entrySet()) {
          rows(p, account, "format", e.getKey(), e.getValue(), false);
        }
        for (Map.Entry<String, BestTimes.SlotSet> e : a.byTheme().entrySet()) {
          rows(p, account, "theme", e.getKey(), e.getValue(), false);
        }
      }
    });
  }

  private static void rows(CSVPrinter p, List<String> account, String scope, String group, BestTimes.SlotSet set,
      boolean cells) throws IOException {
    int r = 0;
    for (BestTimes.Slot s : set.recommended()) {
      row(p, account, scope, group, "recommended", ++r, s);
    }
    r = 0;
    for (BestTimes.Slot s : set.worthTesting()) {
      row(p, account, scope, group, "worth_testing", ++r, s);
    }
    if (cells) {
      for (BestTimes.Slot s : set.cells()) {
        row(p, account, scope, group, "cell", 0, s);
      }
    }
  }

  private static void row(CSVPrinter p, List<String> account, String scope, String group, String list, int rank,
      BestTimes.Slot s) throws IOException {
    List<Object> cells = new ArrayList<>(account);
    cells.addAll(Arrays.asList(scope, text(group), list, rank == 0 ? null : rank, s.weekday(), s.hour(),
        num(s.lift()), num(s.low()), num(s.high()), s.posts(), s.thin()));
    p.printRecord(cells);
  }

  public static final String TOP_THEMES_HEADER = "rank,theme_id,label,posts,share,lift,low,high,mature_posts,thin,"
      + "sentiment_mean,sentiment_negative_share,comment_sentiment_mean,comment_negative_share,posts_7d,"
      + "posts_prev_7d,growth_7d,posts_28d,posts_prev_28d,growth_28d,trend,top_hashtags,opportunity,"
      + "example_1_url,example_1_text,example_2_url,example_2_text,example_3_url,example_3_text";

  public static String topThemesCsv(ReportData d) {
    return csv(TOP_THEMES_HEADER, p -> {
      for (TopThemes.Theme t : d.themes()) {
        List<Object> cells = new ArrayList<>(Arrays.asList(t.rank(), text(t.id()), text(t.label()), t.posts(),
            num(t.share()), num(t.lift()), num(t.low()), num(t.high()), t.maturePosts(), t.thin(),
            opt(t.sentimentMean()), opt(t.sentimentNegativeShare()), opt(t.commentSentimentMean()),
            opt(t.commentNegativeShare()), t.posts7d(), t.postsPrev7d(), opt(t.growth7d()), t.posts28d(),
            t.postsPrev28d(), opt(t.growth28d()), t.trend(), text(String.join(" ", t.topHashtags())),
            num(t.opportunity())));
        for (int i = 0; i < 3; i++) {
          TopThemes.Example e = i < t.examples().size() ? t.examples().get(i) : null;
          cells.add(e == null ? null : text(e.url()));
          cells.add(e == null ? null : text(e.text()));
        }
        p.printRecord(cells);
      }
    });
  }

  /** A text cell: neutralised; null when there is no text, so an empty cell. */
  private static String text(String s) {
    return s == null || s.isEmpty() ? null : ReportFormat.neutralise(s);
  }

  private static String opt(Double v) {
    return v == null ? null : num(v);
  }

  private interface Rows {
    void print(CSVPrinter p) throws IOException;
  }

  private static String csv(String header, Rows rows) {
    StringBuilder sb = new StringBuilder();
    try (CSVPrinter p = new CSVPrinter(sb, CSV.builder().setHeader(header.split(",")).get())) {
      rows.print(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report as CSV", e);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- findings

  /** Accounts named one by one in the key findings; the others are in the best-times table. */
  static final int ACCOUNT_FINDINGS = 3;

  /**
   * Plain-language findings, short whatever the number of accounts: the accounts with the largest
   * clear lift (at most {@link #ACCOUNT_FINDINGS}), one line pointing to the table for the others,
   * one line grouping the accounts with weak or no evidence, then the themes. In English.
   */
  public static List<String> findings(ReportData d) {
    return findings(d, Messages.EN);
  }

  /** The findings in the language of {@code m}. */
  public static List<String> findings(ReportData d, Messages m) {
    List<String> out = new ArrayList<>();
    List<BestTimes.AccountTimes> clear = new ArrayList<>();
    List<String> weak = new ArrayList<>();
    List<String> none = new ArrayList<>();
    for (BestTimes.AccountTimes a : d.accounts()) {
      if (a.overall().recommended().isEmpty()) {
        none.add(label(a, m));
      } else if (a.overall().weakEvidence()) {
        weak.add(label(a, m));
      } else {
        clear.add(a);
      }
    }
    clear.sort(java.util.Comparator.comparingDouble(
        (BestTimes.AccountTimes a) -> a.overall().recommended().get(0).logMean()).reversed());
    for (BestTimes.AccountTimes a : clear.subList(0, Math.min(ACCOUNT_FINDINGS, clear.size()))) {
      out.add(m.get("finding_account", label(a, m), bestSlotText(a, m)));
    }
    if (clear.size() > ACCOUNT_FINDINGS) {
      out.add(m.get("finding_others", m.number(clear.size() - ACCOUNT_FINDINGS)));
    }
    if (!weak.isEmpty()) {
      out.add(m.get("finding_weak", String.join(", ", weak)));
    }
    if (!none.isEmpty()) {
      out.add(m.get("finding_none", String.join(", ", none)));
    }
    List<TopThemes.Theme> ok = d.themes().stream().filter(t -> !t.thin()).limit(1).toList();
    for (TopThemes.Theme t : ok) {
      out.add(m.get("finding_best_theme", t.label(), m.get("trend_" + t.trend()), m.pct(t.lift()), m.pct(t.low()),
          m.pct(t.high()), m.number(t.maturePosts())));
    }
    d.themes().stream().filter(t -> t.trend().equals("emerging")).limit(2).forEach(t -> out.add(
        m.get("finding_emerging", t.label(), m.number(t.posts28d()), m.number(t.postsPrev28d()))));
    return out;
  }

  private static String label(BestTimes.AccountTimes a, Messages m) {
    return m.get("account_platform", a.account(), a.platform());
  }

  /** "post on Tuesdays at 20:00 CET: +38% engagement, 90% interval ..., from 12 posts" for the top slot. */
  static String bestSlotText(BestTimes.AccountTimes a) {
    return bestSlotText(a, Messages.EN);
  }

  static String bestSlotText(BestTimes.AccountTimes a, Messages m) {
    BestTimes.Slot s = a.overall().recommended().get(0);
    return m.get("best_slot", m.day(s.weekday()), m.time(s.hour()), m.zone(a.timezone()), m.pct(s.lift()),
        m.pct(s.low()), m.pct(s.high()), m.number(s.posts()));
  }

  /** "Tuesday 20:00 Paris time (90% +5% to +60%; +38%, 12 posts)": a slot of a format or theme. */
  static String slotText(BestTimes.Slot s, String tz, Messages m) {
    return m.get("subgroup_slot", m.day(s.weekday()), m.time(s.hour()), m.zone(tz), m.pct(s.low()), m.pct(s.high()),
        m.pct(s.lift()), m.number(s.posts()), s.posts());
  }

  // ---------------------------------------------------------------- HTML

  private static final Mustache TEMPLATE = new DefaultMustacheFactory("dev/veille/reports")
      .compile("report.mustache");

  public static String html(ReportData d) {
    return html(d, List.of());
  }

  /** The page with the night's alerts at the top (an empty list: one line saying there are none). */
  public static String html(ReportData d, List<dev.veille.common.alerts.Alert> alerts) {
    return html(d, alerts, null, null, 0);
  }

  /**
   * The page, in the language of {@code reports.language}, with the alerts at the top and the
   * calendar's "Next week" after the best times (none when {@code calendar} is null).
   */
  public static String html(ReportData d, List<dev.veille.common.alerts.Alert> alerts, dev.veille.calendar.Calendar calendar) {
    return html(d, alerts, calendar, null, 0);
  }

  /**
   * The page with the alerts at the top, the calendar's "Next week" after the best times (none when
   * {@code calendar} is null) and, when moderation ran, its section before the method.
   */
  public static String html(ReportData d, List<dev.veille.common.alerts.Alert> alerts, dev.veille.calendar.Calendar calendar,
      dev.veille.analytics.ModerationReport.Report moderated, int queueTop) {
    Messages m = d.settings().messages();
    StringWriter w = new StringWriter();
    Map<String, Object> model = HtmlModel.of(d, findings(d, m), m);
    HtmlModel.addAlerts(model, alerts, m);
    if (calendar != null) {
      HtmlModel.addCalendar(model, calendar, m);
    }
    HtmlModel.addModeration(model, moderated, queueTop, m);
    TEMPLATE.execute(w, model);
    return w.toString();
  }
}
