package dev.veille.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.veille.analytics.BestTimes;
import dev.veille.analytics.HashtagGroups;
import dev.veille.analytics.PostRates;
import dev.veille.analytics.ReportData;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.ReportSettings;
import dev.veille.analytics.TopThemes;
import dev.veille.common.ConfigException;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille report}: best times and top themes for one report date, written to
 * {@code <warehouse>/reports/<date>/} (best_times.json/.csv, top_themes.json/.csv, alerts.json/.csv
 * from the {@code alerts} rows of the date, moderation.csv (the moderation queue, see
 * {@link dev.veille.analytics.ModerationReport}), Parquet tables best_time_slots/ and top_themes/,
 * report.html with the alerts at the top and the moderation section before the method). Everything is written into a temporary folder
 * that is renamed into place, so readers see the previous report or the new one, never half.
 *
 * <p>Seams for the enrichment stages: when the warehouse has a {@code themes_assigned} table
 * (post_key, theme_id, confidence, model_version) and a {@code themes} catalogue (theme_id,
 * label), themes replace hashtag groups; a {@code sentiment} table (post_key, score in [-1, 1],
 * optional label, optional comment_key for comment scores, optional language) adds sentiment.
 */
public final class ReportJob implements Job<ReportJob.Result> {

  /** What a run produced. */
  /** @param tableVersions the Delta version of each table the report read, by name (what reproduces it) */
  public record Result(String reportDir, String html, int posts, int accounts, int themes, int calendarPosts,
      Map<String, Long> tableVersions) {
    public Result(String reportDir, String html, int posts, int accounts, int themes) {
      this(reportDir, html, posts, accounts, themes, 0, Map.of());
    }
  }

  /**
   * What the report is computed from, collected once: every post up to the date (no text), the
   * theme of each post (null: hashtag groups), each account's lifts and the report's numbers. The
   * calendar plans from it.
   */
  public record Inputs(List<ReportPost> posts, Map<String, HashtagGroups.Theme> themeOf,
      dev.veille.analytics.LiftModel.AccountLifts lifts, ReportData data) {}

  private final VeilleConfig config;
  private final ReportSettings settings;
  private final LocalDate date;
  private final Instant stampedAt;
  private dev.veille.analytics.ModerationReport.Settings moderation = dev.veille.analytics.ModerationReport.DEFAULTS;
  private dev.veille.calendar.CalendarSettings calendarSettings = dev.veille.calendar.CalendarSettings.DEFAULTS;

  private Map<String, Long> asOf = Map.of();

  /**
   * Reads the tables at these Delta versions (by table name; as a nightly's manifest records them
   * under its report stage), to reproduce a past report. Default: the current versions.
   */
  public ReportJob asOf(Map<String, Long> tableVersions) {
    this.asOf = Map.copyOf(tableVersions);
    return this;
  }

  /** The calendar's settings (default: {@link dev.veille.calendar.CalendarSettings#DEFAULTS}). */
  public ReportJob withCalendar(dev.veille.calendar.CalendarSettings settings) {
    this.calendarSettings = settings;
    return this;
  }

  public ReportJob(VeilleConfig config, ReportSettings settings, LocalDate date) {
    this(config, settings, date, date == null ? null : date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** @param stampedAt the night's instant, written as alerts.json's {@code generated_at} */
  public ReportJob(VeilleConfig config, ReportSettings settings, LocalDate date, Instant stampedAt) {
    this.config = config;
    this.settings = settings;
    this.date = date;
    this.stampedAt = stampedAt;
  }

  /** The same job with the {@code moderation:} section's queue and KPI windows (default: its defaults). */
  public ReportJob withModeration(dev.veille.analytics.ModerationReport.Settings settings) {
    this.moderation = settings;
    return this;
  }

  @Override
  public void validate() {
    ConfigException.checkRunDate(date, "report");
  }

  @Override
  public Result run(SparkSession spark) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    // Every read goes through one set of table versions, recorded with the result.
    Map<String, Long> versions = wh.versions(spark, Tables.ALL);
    versions.putAll(asOf);
    Warehouse read = wh.asOf(versions);
    if (!asOf.isEmpty()) {
      Progress.log("report", "reading the tables as of versions %s", versions);
    }
    Inputs in = inputs(spark, read);
    List<dev.veille.common.alerts.Alert> alerts = dev.veille.common.alerts.AlertsFiles.ofDate(spark, read, date);
    Progress.log("report", "planning the calendar of the %d week(s) after %s", calendarSettings.weeks(), date);
    dev.veille.calendar.Calendar planned = dev.veille.calendar.CalendarPlanner.plan(in.data(), in.posts(), in.lifts(),
        in.themeOf(), alerts, calendarSettings, stampedAt);
    // The url and text of the themes' example posts and of the calendar's reused posts, read in one
    // scan of posts rather than one each.
    java.util.Set<String> shown = new java.util.LinkedHashSet<>(exampleKeys(in.data()));
    shown.addAll(planned.reuseKeys());
    Map<String, String[]> texts = postTexts(spark, read, shown);
    ReportData data = withExampleTexts(in.data(), texts);
    dev.veille.calendar.Calendar calendar = planned.withReuseTexts(texts);
    // The queue and KPIs up to the night's end (the instant the moderation stage read up to).
    dev.veille.analytics.ModerationReport.Report moderated = dev.veille.analytics.ModerationReport.read(spark, wh,
        config, moderation, stampedAt != null ? stampedAt : date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    Path dir = write(spark, wh, data, alerts, stampedAt, calendar, moderated, moderation.queueTop());
    // A plain path for local warehouses (what a person pastes into a browser or `open`), else the URI.
    String where = "file".equals(dir.toUri().getScheme()) ? dir.toUri().getPath() : dir.toString();
    String html = where + "/report.html";
    Progress.log("report", "wrote %s (calendar: %d planned posts)", dir, calendar.slotCount());
    return new Result(where, html, in.posts().size(), data.accounts().size(), data.themes().size(),
        calendar.slotCount(), versions);
  }

  /**
   * Reads the posts (with rates, themes and sentiment) up to the date from {@code post_facts},
   * brought up to date first (see {@link PostFacts}), and computes the report's numbers. A report
   * of past table versions ({@link #asOf}) derives the rows from those versions instead.
   */
  public Inputs inputs(SparkSession spark, Warehouse wh) {
    wh.requirePosts();
    Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant matureCutoff = date.minusDays(settings.maturityDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
    Dataset<Row> facts;
    if (asOf.isEmpty()) {
      Progress.log("report", "bringing post_facts up to date");
      PostFacts.Refresh r = PostFacts.refresh(spark, wh, settings.maturityDays());
      if (r.rebuilt()) {
        Progress.log("report", "post_facts rebuilt (%s): %,d posts", r.why(), r.posts());
      } else {
        Progress.log("report", "post_facts: %,d changed posts derived again", r.posts());
      }
      facts = wh.read(spark, Tables.POST_FACTS);
    } else {
      facts = PostFacts.rows(spark, wh, settings.maturityDays(), null)
          .persist(StorageLevel.MEMORY_AND_DISK());
    }
    Progress.log("report", "reading posts up to %s (mature up to %s)", date, matureCutoff);
    // Months after the date's cannot hold a post published before its end: their files are skipped.
    String month = date.toString().substring(0, 7);
    Column upToDate = col("published_month").leq(lit(month)).and(col("published_at").lt(lit(end)));
    Dataset<Row> rows = withThemeLabels(spark, wh, PostRates.withRates(facts.filter(upToDate)));
    boolean hasThemes = wh.hasTable(Tables.THEMES_ASSIGNED);
    boolean hasSentiment = wh.hasTable(Tables.SENTIMENT) && wh.hasTable(Tables.SENTIMENT_LINKS);
    Gathered g = ReportRows.gather(rows, hasThemes, hasSentiment);
    List<ReportPost> all = g.posts();
    Progress.log("report", "%,d posts; computing lifts, slots and themes", all.size());
    // The languages scored among every post's and comment's texts, not only those up to the date:
    // those of the posts just read, and those of the posts published after the date, read from the
    // date's month on (a month holds the posts published in it, UTC). A second scan of every post for
    // two or three names took 0.6-1.3 s in warm runs on the nightly benchmark's million posts.
    List<String> languagesScored = List.of();
    if (hasSentiment) {
      java.util.TreeSet<String> languages = new java.util.TreeSet<>(g.languagesScored());
      Column afterDate = col("published_month").geq(lit(month)).and(col("published_at").geq(lit(end)));
      facts.filter(afterDate).select(org.apache.spark.sql.functions.explode(col("scored_languages"))).distinct()
          .collectAsList().forEach(r -> languages.add(r.getString(0)));
      languagesScored = List.copyOf(languages);
    }
    if (!asOf.isEmpty()) {
      facts.unpersist();
    }
    dev.veille.analytics.LiftModel.AccountLifts lifts = dev.veille.analytics.LiftModel.AccountLifts.of(all,
        matureCutoff, settings.baselineDays());
    ReportData data = ReportData.compute(all, lifts, date, settings, g.themeOf(), g.postSentiment(),
        g.commentSentiment(), languagesScored);
    return new Inputs(all, g.themeOf(), lifts, data);
  }

  /**
   * The posts of {@link #withThemeLabels}'s rows, sorted by post_key, with their themes (null without
   * a theme model) and sentiment (null without the sentiment stage): post_key -> theme, post score,
   * comment scores; and the languages scored among those posts' and their comments' texts, sorted.
   */
  record Gathered(List<ReportPost> posts, Map<String, HashtagGroups.Theme> themeOf,
      Map<String, TopThemes.Sentiment> postSentiment, Map<String, List<TopThemes.Sentiment>> commentSentiment,
      List<String> languagesScored) {}

  /**
   * The theme of a row of {@link #withThemeLabels} (its assigned, theme_id and theme_label), one
   * instance per (id, label), or null when the post has none: not assigned yet, or assigned no
   * theme because it has no usable text (a null {@code theme_id}). Such a post counts among all
   * posts but joins no theme, rather than being shown as a theme called "null".
   */
  static HashtagGroups.Theme themeOf(boolean assigned, String themeId, String label,
      Map<String, HashtagGroups.Theme> themeById) {
    if (!assigned || themeId == null) {
      return null;
    }
    return themeById.computeIfAbsent(themeId + "\u0000" + label,
        k -> new HashtagGroups.Theme(themeId, label == null ? themeId : label));
  }

  static List<ReportPost> collect(Dataset<Row> rated) {
    return ReportRows.posts(rated.select("post_key", "platform", "account_id", "account_name",
        "audience_timezone", "published_at", "local_date", "weekday", "hour", "format", "paid", "hashtags", "url",
        "text", "language", "denominator", "log_rate", "interactions"));
  }

  /** The columns of {@link ReportPost}, text and url left empty (see {@link #withExampleTexts}). */
  private static final List<String> SLIM = List.of("post_key", "platform", "account_id", "account_name",
      "audience_timezone", "published_at", "local_date", "weekday", "hour", "format", "paid", "hashtags",
      "language", "denominator", "log_rate", "interactions");

  /**
   * One row per rated post (of {@link PostRates#withRates} over {@code post_facts}): the columns
   * of {@link ReportPost} without text and url, {@code assigned} and {@code theme_id}, the theme's
   * {@code theme_label} from the {@code themes} catalogue (null without one), and the sentiment
   * columns {@code post_score}, {@code post_negative}, {@code comment_scores} and {@code scored_languages}.
   */
  static Dataset<Row> withThemeLabels(SparkSession spark, Warehouse wh, Dataset<Row> rated) {
    List<Column> select = new ArrayList<>();
    SLIM.forEach(c -> select.add(col(c)));
    select.add(lit(null).cast("string").as("url"));
    select.add(lit(null).cast("string").as("text"));
    for (String c : List.of("assigned", "theme_id", "post_score", "post_negative", "comment_scores",
        "scored_languages")) {
      select.add(col(c));
    }
    Dataset<Row> rows = rated.select(select.toArray(Column[]::new));
    if (!wh.hasTable(Tables.THEMES)) {
      return rows.withColumn("theme_label", lit(null).cast("string"));
    }
    Dataset<Row> labels = wh.read(spark, Tables.THEMES)
        .select(col("theme_id").as("_label_id"), col("label").as("theme_label"));
    return rows.join(org.apache.spark.sql.functions.broadcast(labels), col("theme_id").equalTo(col("_label_id")),
        "left").drop("_label_id");
  }

  /** The post keys of the themes' example posts. */
  static List<String> exampleKeys(ReportData d) {
    return d.themes().stream().flatMap(t -> t.examples().stream()).map(TopThemes.Example::postKey).distinct()
        .toList();
  }

  /**
   * post_key -> {url, text} of the given posts, read from {@code posts}: only those few posts' texts
   * are kept, not every post's.
   */
  static Map<String, String[]> postTexts(SparkSession spark, Warehouse wh, java.util.Collection<String> keys) {
    Map<String, String[]> texts = new HashMap<>();
    if (keys.isEmpty()) {
      return texts;
    }
    for (Row r : wh.read(spark, Tables.POSTS).filter(col("post_key").isin(keys.toArray()))
        .select("post_key", "url", "text").collectAsList()) {
      texts.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
    }
    return texts;
  }

  /** The report with its example posts' url and text ({@link #postTexts}). */
  static ReportData withExampleTexts(ReportData d, Map<String, String[]> texts) {
    if (exampleKeys(d).isEmpty()) {
      return d;
    }
    return d.withThemes(d.themes().stream().map(t -> t.withExamples(t.examples().stream().map(e -> {
      String[] ut = texts.get(e.postKey());
      return ut == null ? e : new TopThemes.Example(e.postKey(), ut[0], TopThemes.excerpt(ut[1]), e.lift());
    }).toList())).toList());
  }

  /** Writes every output into a temporary folder, then renames it to reports/<date>. */
  static Path write(SparkSession spark, Warehouse wh, ReportData d, List<dev.veille.common.alerts.Alert> alerts,
      Instant stampedAt, dev.veille.calendar.Calendar calendar) {
    return write(spark, wh, d, alerts, stampedAt, calendar, null, 0);
  }

  /** @param moderated the moderation queue and KPIs, or null (no moderation.csv, no section) */
  static Path write(SparkSession spark, Warehouse wh, ReportData d, List<dev.veille.common.alerts.Alert> alerts,
      Instant stampedAt, dev.veille.calendar.Calendar calendar,
      dev.veille.analytics.ModerationReport.Report moderated, int queueTop) {
    FileSystem fs = wh.fs();
    Path target = wh.path("reports/" + d.reportDate());
    Path tmp = wh.path("reports/._tmp-" + d.reportDate() + "-" + UUID.randomUUID());
    Map<String, String> files = new LinkedHashMap<>();
    files.put("best_times.json", ReportRender.bestTimesJson(d));
    files.put("top_themes.json", ReportRender.topThemesJson(d));
    files.put("best_times.csv", ReportRender.bestTimesCsv(d));
    files.put("top_themes.csv", ReportRender.topThemesCsv(d));
    files.put("alerts.json", dev.veille.common.alerts.AlertsFiles.json(d.reportDate(), stampedAt, alerts));
    files.put("alerts.csv", dev.veille.common.alerts.AlertsFiles.csv(alerts));
    files.put("calendar.json", dev.veille.calendar.CalendarFiles.json(calendar));
    files.put("calendar.ics", dev.veille.calendar.CalendarFiles.ics(calendar));
    files.put("calendar.csv", dev.veille.calendar.CalendarFiles.csv(calendar));
    if (moderated != null) {
      files.put("moderation.csv", dev.veille.analytics.ModerationReport.csv(moderated.queue()));
    }
    files.put("report.html", ReportRender.html(d, alerts, calendar, moderated, queueTop));
    try {
      fs.mkdirs(tmp);
      for (Map.Entry<String, String> f : files.entrySet()) {
        try (OutputStream out = fs.create(new Path(tmp, f.getKey()), true)) {
          out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        }
      }
      slotsFrame(spark, d).coalesce(1).write().parquet(new Path(tmp, "best_time_slots").toString());
      themesFrame(spark, d).coalesce(1).write().parquet(new Path(tmp, "top_themes").toString());
      if (fs.exists(target) && !fs.delete(target, true)) {
        throw new IOException("cannot replace " + target);
      }
      if (!fs.rename(tmp, target)) {
        throw new IOException("cannot rename " + tmp + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the report to " + target, e);
    }
    return fs.makeQualified(target);
  }

  static final StructType SLOTS = new StructType()
      .add("account", DataTypes.StringType).add("account_id", DataTypes.StringType)
      .add("platform", DataTypes.StringType).add("timezone", DataTypes.StringType)
      .add("denominator", DataTypes.StringType).add("scope", DataTypes.StringType)
      .add("group", DataTypes.StringType).add("list", DataTypes.StringType).add("rank", DataTypes.IntegerType)
      .add("weekday", DataTypes.IntegerType).add("hour", DataTypes.IntegerType)
      .add("lift", DataTypes.DoubleType).add("low", DataTypes.DoubleType).add("high", DataTypes.DoubleType)
      .add("posts", DataTypes.IntegerType).add("thin", DataTypes.BooleanType);

  static Dataset<Row> slotsFrame(SparkSession spark, ReportData d) {
    List<Row> rows = new ArrayList<>();
    for (BestTimes.AccountTimes a : d.accounts()) {
      addRows(rows, a, "account", "", a.overall(), true);
      a.byFormat().forEach((k, v) -> addRows(rows, a, "format", k, v, false));
      a.byTheme().forEach((k, v) -> addRows(rows, a, "theme", k, v, false));
    }
    return spark.createDataFrame(rows, SLOTS);
  }

  private static void addRows(List<Row> rows, BestTimes.AccountTimes a, String scope, String group,
      BestTimes.SlotSet set, boolean cells) {
    int r = 0;
    for (BestTimes.Slot s : set.recommended()) {
      rows.add(slotRow(a, scope, group, "recommended", ++r, s));
    }
    r = 0;
    for (BestTimes.Slot s : set.worthTesting()) {
      rows.add(slotRow(a, scope, group, "worth_testing", ++r, s));
    }
    if (cells) {
      for (BestTimes.Slot s : set.cells()) {
        rows.add(slotRow(a, scope, group, "cell", null, s));
      }
    }
  }

  private static Row slotRow(BestTimes.AccountTimes a, String scope, String group, String list, Integer rank,
      BestTimes.Slot s) {
    return RowFactory.create(a.account(), a.accountId(), a.platform(), a.timezone(), a.denominator(), scope, group,
        list, rank, s.weekday(), s.hour(), s.lift(), s.low(), s.high(), s.posts(), s.thin());
  }

  static final StructType THEME_ROWS = new StructType()
      .add("rank", DataTypes.IntegerType).add("theme_id", DataTypes.StringType).add("label", DataTypes.StringType)
      .add("posts", DataTypes.IntegerType).add("share", DataTypes.DoubleType).add("lift", DataTypes.DoubleType)
      .add("low", DataTypes.DoubleType).add("high", DataTypes.DoubleType).add("mature_posts", DataTypes.IntegerType)
      .add("thin", DataTypes.BooleanType).add("sentiment_mean", DataTypes.DoubleType)
      .add("sentiment_negative_share", DataTypes.DoubleType).add("comment_sentiment_mean", DataTypes.DoubleType)
      .add("comment_negative_share", DataTypes.DoubleType).add("posts_7d", DataTypes.IntegerType)
      .add("posts_prev_7d", DataTypes.IntegerType).add("growth_7d", DataTypes.DoubleType)
      .add("posts_28d", DataTypes.IntegerType).add("posts_prev_28d", DataTypes.IntegerType)
      .add("growth_28d", DataTypes.DoubleType).add("trend", DataTypes.StringType)
      .add("top_hashtags", DataTypes.createArrayType(DataTypes.StringType))
      .add("opportunity", DataTypes.DoubleType);

  static Dataset<Row> themesFrame(SparkSession spark, ReportData d) {
    List<Row> rows = new ArrayList<>();
    for (TopThemes.Theme t : d.themes()) {
      rows.add(RowFactory.create(t.rank(), t.id(), t.label(), t.posts(), t.share(), t.lift(), t.low(), t.high(),
          t.maturePosts(), t.thin(), t.sentimentMean(), t.sentimentNegativeShare(), t.commentSentimentMean(),
          t.commentNegativeShare(), t.posts7d(), t.postsPrev7d(), t.growth7d(), t.posts28d(), t.postsPrev28d(),
          t.growth28d(), t.trend(), scala.jdk.javaapi.CollectionConverters.asScala(t.topHashtags()).toSeq(),
          t.opportunity()));
    }
    return spark.createDataFrame(rows, THEME_ROWS);
  }
}
