package dev.veille.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Everything one report shows, computed from plain posts (no Spark): the pure core of the report. */
public record ReportData(LocalDate reportDate, ReportSettings settings, List<BestTimes.AccountTimes> accounts,
    List<TopThemes.Theme> themes, String themesSource, boolean sentimentPresent, boolean commentSentimentPresent,
    Coverage coverage) {

  /** The same report with other themes. */
  public ReportData withThemes(List<TopThemes.Theme> others) {
    return new ReportData(reportDate, settings, accounts, others, themesSource, sentimentPresent,
        commentSentimentPresent, coverage);
  }

  /** What the report is based on. */
  public record Coverage(int posts, int maturePosts, int postsWithoutRate, LocalDate firstDate, LocalDate lastDate,
      LocalDate matureUntil, List<String> languages, List<String> languagesScored) {}

  /**
   * Computes the report.
   *
   * @param allPosts every post up to the report date, with {@code mature} deciding what counts for lifts
   * @param matureUntil last local date whose posts count for engagement (report date - maturity days)
   * @param themeOf post_key -> theme; null to use hashtag groups
   * @param postSentiment post_key -> sentiment, null when the sentiment stage has not run
   */
  public static ReportData compute(List<ReportPost> allPosts, java.time.Instant matureCutoff, LocalDate reportDate,
      ReportSettings s, Map<String, HashtagGroups.Theme> themeOf, Map<String, TopThemes.Sentiment> postSentiment,
      Map<String, List<TopThemes.Sentiment>> commentSentiment, List<String> languagesScored) {
    return compute(allPosts, LiftModel.AccountLifts.of(allPosts, matureCutoff, s.baselineDays()), reportDate, s,
        themeOf, postSentiment, commentSentiment, languagesScored);
  }

  /**
   * Computes the report from lifts already computed ({@link LiftModel.AccountLifts#of} over
   * {@code allPosts}), which the calendar reuses. The accounts' best times are computed in parallel
   * with each other and with the themes: independent work on the driver's cores.
   */
  public static ReportData compute(List<ReportPost> allPosts, LiftModel.AccountLifts lifts, LocalDate reportDate,
      ReportSettings s, Map<String, HashtagGroups.Theme> themeOf, Map<String, TopThemes.Sentiment> postSentiment,
      Map<String, List<TopThemes.Sentiment>> commentSentiment, List<String> languagesScored) {
    String source = themeOf == null ? "hashtag_groups" : "themes";
    Map<String, HashtagGroups.Theme> themes = themeOf == null ? HashtagGroups.assign(allPosts) : themeOf;
    // Concatenated in account order, as the themes' estimates add them up.
    List<LiftModel.Lifted> allLifted = new ArrayList<>();
    lifts.lifted().values().forEach(allLifted::addAll);
    java.util.concurrent.CompletableFuture<List<TopThemes.Theme>> topAsync = java.util.concurrent.CompletableFuture
        .supplyAsync(() -> TopThemes.compute(allPosts, allLifted, themes, postSentiment, commentSentiment,
            reportDate, s));
    List<BestTimes.AccountTimes> accounts = new ArrayList<>(lifts.mature().entrySet().parallelStream()
        .map(e -> accountTimes(e.getValue(), lifts.lifted().get(e.getKey()), themes, s)).toList());
    int withoutRate = accounts.stream().mapToInt(BestTimes.AccountTimes::postsWithoutRate).sum();
    int mature = lifts.mature().values().stream().mapToInt(List::size).sum();
    Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
    accounts.sort(Comparator.comparing(BestTimes.AccountTimes::platform, nullsFirst)
        .thenComparing(BestTimes.AccountTimes::accountId, nullsFirst));
    List<TopThemes.Theme> top = joined(topAsync);
    TreeSet<String> langs = new TreeSet<>();
    allPosts.forEach(p -> langs.add(p.language() == null ? "unknown" : p.language()));
    LocalDate firstDate = allPosts.stream().map(ReportPost::localDate).min(LocalDate::compareTo).orElse(null);
    LocalDate lastDate = allPosts.stream().map(ReportPost::localDate).max(LocalDate::compareTo).orElse(null);
    Coverage cov = new Coverage(allPosts.size(), mature, withoutRate, firstDate, lastDate,
        reportDate.minusDays(s.maturityDays()), List.copyOf(langs), languagesScored == null ? List.of() : languagesScored);
    return new ReportData(reportDate, s, accounts, top, source, postSentiment != null, commentSentiment != null, cov);
  }

  /** One account's best times: overall, by format and by theme. */
  private static BestTimes.AccountTimes accountTimes(List<ReportPost> ps, List<LiftModel.Lifted> lifted,
      Map<String, HashtagGroups.Theme> themes, ReportSettings s) {
    ReportPost first = ps.get(0);
    int missing = ps.size() - lifted.size();
    String name = ps.stream().map(ReportPost::accountName).filter(x -> x != null && !x.isBlank()).findFirst()
        .orElse(first.accountId());
    return new BestTimes.AccountTimes(name, first.accountId(), first.platform(), first.timezone(),
        first.denominator() == null ? "none" : first.denominator(), lifted.size(), missing,
        BestTimes.slots(lifted, s),
        BestTimes.bySubgroup(lifted, ReportPost::format, s, "format"),
        BestTimes.bySubgroup(lifted, p -> {
          HashtagGroups.Theme t = themes.get(p.postKey());
          return t == null ? null : t.label();
        }, s, "theme"));
  }

  /** The value of work run on another thread; its failure rethrown as it was thrown. */
  static <T> T joined(java.util.concurrent.CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

}
