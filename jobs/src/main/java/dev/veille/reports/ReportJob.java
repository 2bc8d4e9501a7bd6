package dev.veille.reports;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.veille.common.ConfigException;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.Warehouse;
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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code veille report}: best times and top themes for one report date, written to
 * {@code <warehouse>/reports/<date>/} (best_times.json/.csv, top_themes.json/.csv, Parquet tables
 * best_time_slots/ and top_themes/, report.html). Everything is written into a temporary folder
 * that is renamed into place, so readers see the previous report or the new one, never half.
 *
 * <p>Seams for the enrichment stages: when the warehouse has a {@code themes_assigned} table
 * (post_key, theme_id, confidence, model_version) and a {@code themes} catalogue (theme_id,
 * label), themes replace hashtag groups; a {@code sentiment} table (post_key, score in [-1, 1],
 * optional label, optional comment_key for comment scores, optional language) adds sentiment.
 */
public final class ReportJob implements Job<ReportJob.Result> {
  public static final String THEMES_ASSIGNED = "themes_assigned";
  public static final String THEMES = "themes";
  public static final String SENTIMENT = "sentiment";

  /** What a run produced. */
  public record Result(String reportDir, String html, int posts, int accounts, int themes) {}

  private final VeilleConfig config;
  private final ReportSettings settings;
  private final LocalDate date;

  public ReportJob(VeilleConfig config, ReportSettings settings, LocalDate date) {
    this.config = config;
    this.settings = settings;
    this.date = date;
  }

  @Override
  public void validate() {
    ConfigException.check(date != null, "Missing report date (expected --date YYYY-MM-DD)");
    ConfigException.check(date.getYear() >= 2000 && date.getYear() <= 2200,
        "Invalid --date: %s (expected a date between 2000 and 2200)", date);
  }

  @Override
  public Result run(SparkSession spark) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    if (!wh.hasTable(Tables.POSTS)) {
      throw new ConfigException("No posts table in " + config.warehouse() + " (run `veille ingest` first)");
    }
    Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant matureCutoff = date.minusDays(settings.maturityDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
    Progress.log("report", "reading posts up to %s (mature up to %s)", date, matureCutoff);
    Dataset<Row> posts = wh.read(spark, Tables.POSTS).filter(col("published_at").lt(lit(end)));
    if (wh.hasTable(Tables.ENGAGEMENT)) {
      posts = PostRates.atAge(posts, wh.read(spark, Tables.ENGAGEMENT), settings.maturityDays());
    }
    List<ReportPost> all = collect(PostRates.withRates(posts));
    Progress.log("report", "%,d posts; computing lifts, slots and themes", all.size());

    Map<String, HashtagGroups.Theme> themeOf = readThemes(spark, wh);
    Map<String, TopThemes.Sentiment> postSentiment = null;
    Map<String, List<TopThemes.Sentiment>> commentSentiment = null;
    List<String> languagesScored = List.of();
    Dataset<Row> s = sentimentByItem(spark, wh);
    if (s != null) {
      List<String> cols = List.of(s.columns());
      postSentiment = new HashMap<>();
      commentSentiment = cols.contains("comment_key") ? new HashMap<>() : null;
      for (Row r : s.collectAsList()) {
        Object score = r.getAs("score");
        if (score == null) {
          continue;
        }
        double v = ((Number) score).doubleValue();
        boolean negative = cols.contains("label") && r.getAs("label") != null
            ? "negative".equals(r.getAs("label")) : v < -0.05;
        TopThemes.Sentiment sent = new TopThemes.Sentiment(v, negative);
        String commentKey = commentSentiment != null ? r.getAs("comment_key") : null;
        if (commentKey != null) {
          commentSentiment.computeIfAbsent(r.getAs("post_key"), k -> new ArrayList<>()).add(sent);
        } else {
          postSentiment.put(r.getAs("post_key"), sent);
        }
      }
      if (cols.contains("language")) {
        languagesScored = s.filter(col("score").isNotNull()).select("language").distinct().na().drop()
            .collectAsList().stream()
            .map(r -> r.getString(0)).sorted().toList();
      }
    }
    ReportData data = ReportData.compute(all, matureCutoff, date, settings, themeOf, postSentiment,
        commentSentiment, languagesScored);
    Path dir = write(spark, wh, data);
    // A plain path for local warehouses (what a person pastes into a browser or `open`), else the URI.
    String where = "file".equals(dir.toUri().getScheme()) ? dir.toUri().getPath() : dir.toString();
    String html = where + "/report.html";
    Progress.log("report", "wrote %s", dir);
    return new Result(where, html, all.size(), data.accounts().size(), data.themes().size());
  }

  /**
   * One row per scored post or comment (post_key, comment_key or null, score, label, language):
   * the sentiment stage keys scores by text, and {@code sentiment_links} says which post or
   * comment has which text. Null when the sentiment stage has not run.
   */
  static Dataset<Row> sentimentByItem(SparkSession spark, Warehouse wh) {
    if (!wh.hasTable(dev.veille.sentiment.SentimentTables.SENTIMENT)
        || !wh.hasTable(dev.veille.sentiment.SentimentTables.LINKS)) {
      return null;
    }
    Dataset<Row> scores = wh.read(spark, dev.veille.sentiment.SentimentTables.SENTIMENT)
        .select("text_hash", "score", "label", "language");
    Dataset<Row> links = wh.read(spark, dev.veille.sentiment.SentimentTables.LINKS);
    Dataset<Row> posts = links.filter(col("source").equalTo("posts"))
        .select(col("item_key").as("post_key"), lit(null).cast("string").as("comment_key"), col("text_hash"));
    Dataset<Row> items = posts;
    if (wh.hasTable(Tables.COMMENTS)) {
      Dataset<Row> comments = wh.read(spark, Tables.COMMENTS).select("comment_key", "post_key");
      items = items.unionByName(links.filter(col("source").equalTo("comments"))
          .join(comments, links.col("item_key").equalTo(comments.col("comment_key")))
          .select(col("post_key"), col("comment_key"), col("text_hash")));
    }
    return items.join(scores, "text_hash").drop("text_hash");
  }

  static List<ReportPost> collect(Dataset<Row> rated) {
    List<ReportPost> out = new ArrayList<>();
    for (Row r : rated.select("post_key", "platform", "account_id", "account_name", "audience_timezone",
        "published_at", "local_date", "weekday", "hour", "format", "paid", "hashtags", "url", "text", "language",
        "denominator", "log_rate", "interactions").collectAsList()) {
      out.add(ReportPost.of(r));
    }
    out.sort(java.util.Comparator.comparing(ReportPost::postKey));
    return out;
  }

  /** Themes from the themes stage (highest-confidence theme per post), or null for hashtag groups. */
  private static Map<String, HashtagGroups.Theme> readThemes(SparkSession spark, Warehouse wh) {
    if (!wh.exists(wh.path(THEMES_ASSIGNED))) {
      return null;
    }
    Map<String, String> labels = new HashMap<>();
    if (wh.exists(wh.path(THEMES))) {
      for (Row r : spark.read().parquet(wh.path(THEMES).toString()).select("theme_id", "label").collectAsList()) {
        labels.put(String.valueOf(r.get(0)), r.getString(1));
      }
    }
    Map<String, HashtagGroups.Theme> out = new HashMap<>();
    Map<String, Double> conf = new HashMap<>();
    for (Row r : spark.read().parquet(wh.path(THEMES_ASSIGNED).toString())
        .select("post_key", "theme_id", "confidence").collectAsList()) {
      String key = r.getString(0);
      String id = String.valueOf(r.get(1));
      double c = r.isNullAt(2) ? 0 : ((Number) r.get(2)).doubleValue();
      if (!conf.containsKey(key) || c > conf.get(key)) {
        conf.put(key, c);
        out.put(key, new HashtagGroups.Theme(id, labels.getOrDefault(id, id)));
      }
    }
    return out;
  }

  /** Writes every output into a temporary folder, then renames it to reports/<date>. */
  static Path write(SparkSession spark, Warehouse wh, ReportData d) {
    FileSystem fs = wh.fs();
    Path target = wh.path("reports/" + d.reportDate());
    Path tmp = wh.path("reports/._tmp-" + d.reportDate() + "-" + UUID.randomUUID());
    Map<String, String> files = new LinkedHashMap<>();
    files.put("best_times.json", ReportRender.bestTimesJson(d));
    files.put("top_themes.json", ReportRender.topThemesJson(d));
    files.put("best_times.csv", ReportRender.bestTimesCsv(d));
    files.put("top_themes.csv", ReportRender.topThemesCsv(d));
    files.put("report.html", ReportRender.html(d));
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
