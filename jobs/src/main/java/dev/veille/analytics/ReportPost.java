package dev.veille.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One post as the report computations see it (collected from {@link PostRates#withRates}). */
public record ReportPost(String postKey, String platform, String accountId, String accountName,
    String timezone, Instant publishedAt, LocalDate localDate, int weekday, int hour, String format,
    boolean paid, List<String> hashtags, String url, String text, String language,
    String denominator, Double logRate, long interactions) {

  public String account() {
    return platform + "/" + accountId;
  }
}
