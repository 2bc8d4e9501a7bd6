package dev.veille.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;

/** One post as the report computations see it (collected from {@link PostRates#withRates}). */
public record ReportPost(String postKey, String platform, String accountId, String accountName,
    String timezone, Instant publishedAt, LocalDate localDate, int weekday, int hour, String format,
    boolean paid, List<String> hashtags, String url, String text, String language,
    String denominator, Double logRate, long interactions) {

  public String account() {
    return platform + "/" + accountId;
  }

  /**
   * Reads rows of one schema into posts, each column found by position, once: reading a million
   * rows looked up twenty column names per row.
   */
  public static java.util.function.Function<Row, ReportPost> reader(org.apache.spark.sql.types.StructType schema) {
    int key = schema.fieldIndex("post_key");
    int platform = schema.fieldIndex("platform");
    int accountId = schema.fieldIndex("account_id");
    int accountName = schema.fieldIndex("account_name");
    int timezone = schema.fieldIndex("audience_timezone");
    int published = schema.fieldIndex("published_at");
    int localDate = schema.fieldIndex("local_date");
    int weekday = schema.fieldIndex("weekday");
    int hour = schema.fieldIndex("hour");
    int format = schema.fieldIndex("format");
    int paid = schema.fieldIndex("paid");
    int hashtags = schema.fieldIndex("hashtags");
    int url = schema.fieldIndex("url");
    int text = schema.fieldIndex("text");
    int language = schema.fieldIndex("language");
    int denominator = schema.fieldIndex("denominator");
    int logRate = schema.fieldIndex("log_rate");
    int interactions = schema.fieldIndex("interactions");
    return r -> {
      List<String> tags = r.isNullAt(hashtags) ? List.of() : r.<String>getList(hashtags);
      Object date = r.get(localDate);
      LocalDate d = date instanceof LocalDate ld ? ld : ((java.sql.Date) date).toLocalDate();
      Object lr = r.get(logRate);
      return new ReportPost(r.getString(key), r.getString(platform), r.getString(accountId), r.getString(accountName),
          r.getString(timezone), r.getAs(published), d, ((Number) r.get(weekday)).intValue(),
          ((Number) r.get(hour)).intValue(), r.getString(format), Boolean.TRUE.equals(r.get(paid)), List.copyOf(tags),
          r.getString(url), r.getString(text), r.getString(language), r.getString(denominator),
          lr == null ? null : ((Number) lr).doubleValue(), ((Number) r.get(interactions)).longValue());
    };
  }
}
