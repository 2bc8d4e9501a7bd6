package dev.veille.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Top themes: per theme (or hashtag group), posts, lift with a 90% interval (the same shrinkage
 * as slots, across themes), sentiment when scored, growth, a trend word, top hashtags, the three
 * best example posts, and the opportunity score.
 *
 * <p>Trend: the theme's share of posts in the last 28 days against the 28 days before.
 * {@code emerging}: under 2% of posts before, now 5+ posts and at least doubled; {@code rising}:
 * share x1.25 or more; {@code declining}: x0.8 or less; otherwise {@code stable}.
 *
 * <p>Opportunity score = lift x confidence x momentum, where lift is the shrunk relative lift,
 * confidence the shrinkage weight B (0 to 1: how much the theme's own posts are trusted) and
 * momentum the share ratio above, clamped to 0.5-2.
 */
public final class TopThemes {
  private TopThemes() {}

  public record Example(String postKey, String url, String text, double lift) {}

  public record Theme(String id, String label, int posts, double share, double lift, double low, double high,
      int maturePosts, boolean thin, Double sentimentMean, Double sentimentNegativeShare,
      Double commentSentimentMean, Double commentNegativeShare, int posts7d, int postsPrev7d, Double growth7d,
      int posts28d, int postsPrev28d, Double growth28d, String trend, List<String> topHashtags,
      List<Example> examples, double opportunity, int rank) {

    /** The same theme with other example posts. */
    public Theme withExamples(List<Example> others) {
      return new Theme(id, label, posts, share, lift, low, high, maturePosts, thin, sentimentMean,
          sentimentNegativeShare, commentSentimentMean, commentNegativeShare, posts7d, postsPrev7d, growth7d,
          posts28d, postsPrev28d, growth28d, trend, topHashtags, others, opportunity, rank);
    }
  }

  /** Sentiment per post when the sentiment stage has run: score in [-1, 1] and whether negative. */
  public record Sentiment(double score, boolean negative) {}

  public static List<Theme> compute(List<ReportPost> allPosts, List<LiftModel.Lifted> lifted,
      Map<String, HashtagGroups.Theme> themeOf, Map<String, Sentiment> postSentiment,
      Map<String, List<Sentiment>> commentSentiment, LocalDate reportDate, ReportSettings s) {
    Map<String, List<ReportPost>> postsOf = Stats.groupedByKey(allPosts, p -> themeIdOf(themeOf, p));
    Map<String, List<LiftModel.Lifted>> liftedOf = Stats.groupedByKey(lifted, l -> themeIdOf(themeOf, l.post()));
    Map<String, double[]> arrays = new LinkedHashMap<>();
    liftedOf.forEach((k, v) -> arrays.put(k, v.stream().mapToDouble(LiftModel.Lifted::lift).toArray()));
    Map<String, Shrinkage.Estimate> est = Shrinkage.estimate(arrays, s.minPosts());
    int total = allPosts.size();
    int[] totals = windowCounts(allPosts, reportDate);
    List<Theme> out = new ArrayList<>();
    for (Map.Entry<String, List<ReportPost>> e : postsOf.entrySet()) {
      List<ReportPost> ps = e.getValue();
      // The theme as its group's last post has it (posts of one id may carry labels of two models).
      HashtagGroups.Theme t = themeOf.get(ps.get(ps.size() - 1).postKey());
      int[] c = windowCounts(ps, reportDate);
      Shrinkage.Estimate est1 = est.get(e.getKey());
      double lift = est1 == null ? 0 : BestTimes.rel(est1.mean());
      double low = est1 == null ? 0 : BestTimes.rel(est1.low());
      double high = est1 == null ? 0 : BestTimes.rel(est1.high());
      double weight = est1 == null ? 0 : est1.weight();
      double shareNow = c[2] / (double) Math.max(1, totals[2]);
      double sharePrev = c[3] / (double) Math.max(1, totals[3]);
      double ratio = (shareNow + 0.005) / (sharePrev + 0.005);
      String trend = sharePrev < 0.02 && c[2] >= 5 && ratio >= 2 ? "emerging"
          : ratio >= 1.25 ? "rising" : ratio <= 0.8 ? "declining" : "stable";
      double momentum = Math.max(0.5, Math.min(2, ratio));
      Double sMean = null;
      Double sNeg = null;
      if (postSentiment != null) {
        List<Sentiment> ss = new ArrayList<>();
        for (ReportPost p : ps) {
          Sentiment x = postSentiment.get(p.postKey());
          if (x != null) {
            ss.add(x);
          }
        }
        if (!ss.isEmpty()) {
          sMean = Stats.round(ss.stream().mapToDouble(Sentiment::score).average().orElse(0), 3);
          sNeg = Stats.round(ss.stream().filter(Sentiment::negative).count() / (double) ss.size(), 3);
        }
      }
      Double cMean = null;
      Double cNeg = null;
      if (commentSentiment != null) {
        List<Sentiment> cs = new ArrayList<>();
        for (ReportPost p : ps) {
          List<Sentiment> of = commentSentiment.get(p.postKey());
          if (of != null) {
            cs.addAll(of);
          }
        }
        if (!cs.isEmpty()) {
          cMean = Stats.round(cs.stream().mapToDouble(Sentiment::score).average().orElse(0), 3);
          cNeg = Stats.round(cs.stream().filter(Sentiment::negative).count() / (double) cs.size(), 3);
        }
      }
      Map<String, Integer> tagCount = new HashMap<>();
      for (ReportPost p : ps) {
        List<String> tags = p.hashtags();
        for (int i = 0; i < tags.size(); i++) {
          // Each post counts a hashtag once: the few hashtags before it are looked through.
          String h = tags.get(i);
          if (tags.subList(0, i).indexOf(h) < 0) {
            tagCount.merge(h, 1, Integer::sum);
          }
        }
      }
      List<String> topTags = tagCount.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(5).map(x -> "#" + x.getKey()).toList();
      List<Example> examples = best(liftedOf.getOrDefault(e.getKey(), List.of()), 3).stream()
          .map(l -> new Example(l.post().postKey(), l.post().url(), excerpt(l.post().text()), BestTimes.rel(l.lift())))
          .toList();
      double opportunity = Stats.round(lift * weight * momentum, 3);
      out.add(new Theme(t.id(), t.label(), ps.size(), Stats.round(ps.size() / (double) Math.max(1, total), 3),
          lift, low, high, est1 == null ? 0 : est1.posts(), est1 == null || est1.thin(), sMean, sNeg, cMean, cNeg,
          c[0], c[1], growth(c[0], c[1]), c[2], c[3], growth(c[2], c[3]), trend, topTags, examples, opportunity, 0));
    }
    out.sort(Comparator.comparingDouble(Theme::opportunity).reversed().thenComparing(Theme::id));
    List<Theme> ranked = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      Theme t = out.get(i);
      ranked.add(new Theme(t.id(), t.label(), t.posts(), t.share(), t.lift(), t.low(), t.high(), t.maturePosts(),
          t.thin(), t.sentimentMean(), t.sentimentNegativeShare(), t.commentSentimentMean(),
          t.commentNegativeShare(), t.posts7d(), t.postsPrev7d(), t.growth7d(), t.posts28d(), t.postsPrev28d(),
          t.growth28d(), t.trend(), t.topHashtags(), t.examples(), t.opportunity(), i + 1));
    }
    return ranked;
  }

  private static String themeIdOf(Map<String, HashtagGroups.Theme> themeOf, ReportPost p) {
    HashtagGroups.Theme t = themeOf.get(p.postKey());
    return t == null ? null : t.id();
  }

  /** The example posts' order: highest lift first, then by post key. */
  static final Comparator<LiftModel.Lifted> BEST = Comparator.comparingDouble(LiftModel.Lifted::lift).reversed()
      .thenComparing(l -> l.post().postKey());

  /**
   * The first {@code n} of {@code lifted} in {@link #BEST} order, in that order: one pass keeping
   * the best n, instead of sorting a theme's hundred thousand posts for three examples.
   */
  static List<LiftModel.Lifted> best(List<LiftModel.Lifted> lifted, int n) {
    List<LiftModel.Lifted> top = new ArrayList<>(n + 1);
    for (LiftModel.Lifted l : lifted) {
      if (top.size() == n && BEST.compare(l, top.get(n - 1)) >= 0) {
        continue;
      }
      int at = top.size();
      while (at > 0 && BEST.compare(l, top.get(at - 1)) < 0) {
        at--;
      }
      top.add(at, l);
      if (top.size() > n) {
        top.remove(n);
      }
    }
    return top;
  }

  /** Posts in the last 7 days, the 7 before, the last 28, the 28 before (by local date, up to the report date). */
  static int[] windowCounts(List<ReportPost> ps, LocalDate reportDate) {
    int[] c = new int[4];
    long day = reportDate.toEpochDay();
    for (ReportPost p : ps) {
      // ChronoUnit.DAYS.between(localDate, reportDate), without its per-call dispatch.
      long age = day - p.localDate().toEpochDay();
      if (age >= 0 && age < 7) {
        c[0]++;
      } else if (age >= 7 && age < 14) {
        c[1]++;
      }
      if (age >= 0 && age < 28) {
        c[2]++;
      } else if (age >= 28 && age < 56) {
        c[3]++;
      }
    }
    return c;
  }

  static Double growth(int now, int before) {
    return before == 0 ? null : Stats.round((now - before) / (double) before, 3);
  }

  public static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replace('\n', ' ');
    int limit = 120;
    if (flat.codePointCount(0, flat.length()) <= limit) {
      return flat;
    }
    return flat.substring(0, flat.offsetByCodePoints(0, limit)) + "…";
  }
}
