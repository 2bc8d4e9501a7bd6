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
    Map<String, List<ReportPost>> byAccount = new TreeMap<>();
    List<ReportPost> mature = new ArrayList<>();
    for (ReportPost p : allPosts) {
      if (!p.publishedAt().isAfter(matureCutoff)) {
        mature.add(p);
        byAccount.computeIfAbsent(p.account(), k -> new ArrayList<>()).add(p);
      }
    }
    String source = themeOf == null ? "hashtag_groups" : "themes";
    Map<String, HashtagGroups.Theme> themes = themeOf == null ? HashtagGroups.assign(allPosts) : themeOf;
    List<BestTimes.AccountTimes> accounts = new ArrayList<>();
    List<LiftModel.Lifted> allLifted = new ArrayList<>();
    int withoutRate = 0;
    for (List<ReportPost> ps : byAccount.values()) {
      List<LiftModel.Lifted> lifted = LiftModel.lift(ps, s.baselineDays(), null);
      allLifted.addAll(lifted);
      ReportPost first = ps.get(0);
      int missing = ps.size() - lifted.size();
      withoutRate += missing;
      String name = ps.stream().map(ReportPost::accountName).filter(x -> x != null && !x.isBlank()).findFirst()
          .orElse(first.accountId());
      accounts.add(new BestTimes.AccountTimes(name, first.accountId(), first.platform(), first.timezone(),
          first.denominator() == null ? "none" : first.denominator(), lifted.size(), missing,
          BestTimes.slots(lifted, s),
          BestTimes.bySubgroup(lifted, ReportPost::format, s, "format"),
          BestTimes.bySubgroup(lifted, p -> themes.get(p.postKey()) == null ? null : themes.get(p.postKey()).label(),
              s, "theme")));
    }
    Comparator<String> nullsFirst = Comparator.nullsFirst(Comparator.naturalOrder());
    accounts.sort(Comparator.comparing(BestTimes.AccountTimes::platform, nullsFirst)
        .thenComparing(BestTimes.AccountTimes::accountId, nullsFirst));
    List<TopThemes.Theme> top = TopThemes.compute(allPosts, allLifted, themes, postSentiment, commentSentiment,
        reportDate, s);
    TreeSet<String> langs = new TreeSet<>();
    allPosts.forEach(p -> langs.add(p.language() == null ? "unknown" : p.language()));
    LocalDate firstDate = allPosts.stream().map(ReportPost::localDate).min(LocalDate::compareTo).orElse(null);
    LocalDate lastDate = allPosts.stream().map(ReportPost::localDate).max(LocalDate::compareTo).orElse(null);
    Coverage cov = new Coverage(allPosts.size(), mature.size(), withoutRate, firstDate, lastDate,
        reportDate.minusDays(s.maturityDays()), List.copyOf(langs), languagesScored == null ? List.of() : languagesScored);
    return new ReportData(reportDate, s, accounts, top, source, postSentiment != null, commentSentiment != null, cov);
  }

}
