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

  public static ReportPost of(Row r) {
    List<String> tags = r.isNullAt(r.fieldIndex("hashtags")) ? List.of()
        : r.<String>getList(r.fieldIndex("hashtags"));
    Object date = r.getAs("local_date");
    LocalDate d = date instanceof LocalDate ld ? ld : ((java.sql.Date) date).toLocalDate();
    Object paid = r.getAs("paid");
    Object lr = r.getAs("log_rate");
    return new ReportPost(r.getAs("post_key"), r.getAs("platform"), r.getAs("account_id"),
        r.getAs("account_name"), r.getAs("audience_timezone"), r.getAs("published_at"), d,
        ((Number) r.getAs("weekday")).intValue(), ((Number) r.getAs("hour")).intValue(),
        r.getAs("format"), Boolean.TRUE.equals(paid), List.copyOf(tags), r.getAs("url"), r.getAs("text"),
        r.getAs("language"), r.getAs("denominator"), lr == null ? null : ((Number) lr).doubleValue(),
        ((Number) r.getAs("interactions")).longValue());
  }
}
