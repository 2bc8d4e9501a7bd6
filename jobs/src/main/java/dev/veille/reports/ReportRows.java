package dev.veille.reports;

import dev.veille.analytics.HashtagGroups;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.TopThemes;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.DateTimeUtils;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.execution.SQLExecution;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads the rows of {@link ReportJob#withThemeLabels} (every post of the report) into the report's
 * posts, themes and sentiment from Spark's own binary rows, collected by the query's physical plan
 * ({@code SparkPlan.executeCollectIterator}: compressed until read), instead of through
 * {@code Dataset.collectAsList()}.
 *
 * <p>Why: on the nightly benchmark's large warehouse (996,596 posts) {@code collectAsList()} took 10
 * to 10.5 s in warm runs where the plan's own collect took 5.4 to 6.5 s: turning each binary row
 * into a {@code Row} (boxed values, a Scala sequence per array, a row per comment score) cost 4 to 5 s
 * on the driver, and reading those {@code Row}s into posts 1.3 to 1.9 s more. Here each value is read
 * once, at its position, into what the report keeps; the columns that repeat across posts (platform,
 * account, time zone, format, language, hashtags, theme) share one {@code String} per distinct value
 * (a million posts held a million copies of a handful of platform names).
 *
 * <p>Needs the classic (non-Connect) Dataset, which every Veille session is.
 */
final class ReportRows {
  private ReportRows() {}

  /**
   * The posts of {@code rows} (see {@link ReportJob#withThemeLabels}), sorted by post_key, with their
   * themes (null without a theme model), sentiment (null without the sentiment stage) and the
   * languages scored among them (from {@code scored_languages}, when the rows hold it).
   */
  static ReportJob.Gathered gather(Dataset<Row> rows, boolean hasThemes, boolean hasSentiment) {
    scala.Tuple2<Object, scala.collection.Iterator<InternalRow>> collected = collect(rows);
    return gather(collected._2(), ((Number) collected._1()).intValue(), rows.schema(), hasThemes, hasSentiment);
  }

  /** The posts of rows that hold {@link ReportPost}'s columns (no theme or sentiment), sorted by post_key. */
  static List<ReportPost> posts(Dataset<Row> rows) {
    return gather(rows, false, false).posts();
  }

  /** The rows' count and binary rows, collected as Dataset.collect does: as one SQL execution. */
  private static scala.Tuple2<Object, scala.collection.Iterator<InternalRow>> collect(Dataset<Row> rows) {
    QueryExecution qe = ((org.apache.spark.sql.classic.Dataset<Row>) rows).queryExecution();
    // One SQL execution, so that the query shows in the UI and listeners.
    return SQLExecution.withNewExecutionId(qe, scala.Option.apply("veille: report posts"),
        () -> qe.executedPlan().executeCollectIterator());
  }

  static ReportJob.Gathered gather(scala.collection.Iterator<InternalRow> rows, int count, StructType schema,
      boolean hasThemes, boolean hasSentiment) {
    List<ReportPost> all = new ArrayList<>(count);
    int capacity = (int) (count / 0.75f) + 1;
    Map<String, HashtagGroups.Theme> themeOf = hasThemes ? new HashMap<>(capacity) : null;
    Map<String, TopThemes.Sentiment> postSentiment = hasSentiment ? new HashMap<>(capacity) : null;
    Map<String, List<TopThemes.Sentiment>> commentSentiment = hasSentiment ? new HashMap<>() : null;
    Columns c = new Columns(schema);
    Map<String, HashtagGroups.Theme> themeById = new HashMap<>();
    Set<String> languages = new TreeSet<>();
    while (rows.hasNext()) {
      InternalRow r = rows.next();
      ReportPost p = c.post(r);
      all.add(p);
      if (c.scoredLanguages >= 0 && !r.isNullAt(c.scoredLanguages)) {
        ArrayData ls = r.getArray(c.scoredLanguages);
        for (int i = 0; i < ls.numElements(); i++) {
          languages.add(c.shared(ls.getUTF8String(i)));
        }
      }
      if (hasThemes) {
        HashtagGroups.Theme theme = ReportJob.themeOf(r.getBoolean(c.assigned), c.shared(r, c.themeId),
            c.shared(r, c.themeLabel), themeById);
        if (theme != null) {
          themeOf.put(p.postKey(), theme);
        }
      }
      if (hasSentiment) {
        if (!r.isNullAt(c.score)) {
          postSentiment.put(p.postKey(), new TopThemes.Sentiment(c.number(r, c.score).doubleValue(),
              r.getBoolean(c.negative)));
        }
        ArrayData cs = r.getArray(c.comments);
        int n = cs.numElements();
        if (n > 0) {
          List<TopThemes.Sentiment> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            InternalRow s = cs.getStruct(i, 2);
            list.add(new TopThemes.Sentiment(s.getDouble(0), s.getBoolean(1)));
          }
          commentSentiment.put(p.postKey(), list);
        }
      }
    }
    all.sort(Comparator.comparing(ReportPost::postKey));
    return new ReportJob.Gathered(all, themeOf, postSentiment, commentSentiment, List.copyOf(languages));
  }

  /** Each column's position and type, resolved once, and the strings shared among posts. */
  private static final class Columns {
    final int key;
    final int platform;
    final int accountId;
    final int accountName;
    final int timezone;
    final int published;
    final int localDate;
    final int weekday;
    final int hour;
    final int format;
    final int paid;
    final int hashtags;
    final int url;
    final int text;
    final int language;
    final int denominator;
    final int logRate;
    final int interactions;
    /** The theme and sentiment columns: -1 when the rows do not hold them (only posts are read). */
    final int assigned;
    final int themeId;
    final int themeLabel;
    final int score;
    final int negative;
    final int comments;
    /** The languages scored among the post's and its comments' texts: -1 when the rows do not hold them. */
    final int scoredLanguages;
    private final DataType[] types;
    /** One String per distinct value of the repeated columns; keys are copies, not views of a row. */
    private final Map<UTF8String, String> strings = new HashMap<>();
    /** One LocalDate per day: a million posts fall on a few hundred days. */
    private final Map<Integer, LocalDate> dates = new HashMap<>();

    Columns(StructType schema) {
      key = schema.fieldIndex("post_key");
      platform = schema.fieldIndex("platform");
      accountId = schema.fieldIndex("account_id");
      accountName = schema.fieldIndex("account_name");
      timezone = schema.fieldIndex("audience_timezone");
      published = schema.fieldIndex("published_at");
      localDate = schema.fieldIndex("local_date");
      weekday = schema.fieldIndex("weekday");
      hour = schema.fieldIndex("hour");
      format = schema.fieldIndex("format");
      paid = schema.fieldIndex("paid");
      hashtags = schema.fieldIndex("hashtags");
      url = schema.fieldIndex("url");
      text = schema.fieldIndex("text");
      language = schema.fieldIndex("language");
      denominator = schema.fieldIndex("denominator");
      logRate = schema.fieldIndex("log_rate");
      interactions = schema.fieldIndex("interactions");
      List<String> names = Arrays.asList(schema.fieldNames());
      assigned = names.indexOf("assigned");
      themeId = names.indexOf("theme_id");
      themeLabel = names.indexOf("theme_label");
      score = names.indexOf("post_score");
      negative = names.indexOf("post_negative");
      comments = names.indexOf("comment_scores");
      scoredLanguages = names.indexOf("scored_languages");
      types = Arrays.stream(schema.fields()).map(f -> f.dataType()).toArray(DataType[]::new);
    }

    ReportPost post(InternalRow r) {
      List<String> tags = List.of();
      if (!r.isNullAt(hashtags)) {
        ArrayData a = r.getArray(hashtags);
        String[] t = new String[a.numElements()];
        for (int i = 0; i < t.length; i++) {
          t[i] = shared(a.getUTF8String(i));
        }
        tags = List.of(t);
      }
      return new ReportPost(string(r, key), shared(r, platform), shared(r, accountId), shared(r, accountName),
          shared(r, timezone), DateTimeUtils.microsToInstant(r.getLong(published)), date(r.getInt(localDate)),
          number(r, weekday).intValue(), number(r, hour).intValue(), shared(r, format),
          !r.isNullAt(paid) && r.getBoolean(paid), tags, string(r, url), string(r, text), shared(r, language),
          shared(r, denominator), r.isNullAt(logRate) ? null : number(r, logRate).doubleValue(),
          number(r, interactions).longValue());
    }

    Number number(InternalRow r, int i) {
      return (Number) r.get(i, types[i]);
    }

    static String string(InternalRow r, int i) {
      return r.isNullAt(i) ? null : r.getUTF8String(i).toString();
    }

    String shared(InternalRow r, int i) {
      return r.isNullAt(i) ? null : shared(r.getUTF8String(i));
    }

    String shared(UTF8String s) {
      String known = strings.get(s);
      if (known == null) {
        known = s.toString();
        strings.put(s.clone(), known);
      }
      return known;
    }

    private LocalDate date(int epochDay) {
      return dates.computeIfAbsent(epochDay, DateTimeUtils::daysToLocalDate);
    }
  }
}
