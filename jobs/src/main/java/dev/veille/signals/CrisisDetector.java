package dev.veille.signals;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import dev.veille.text.TopicTokenizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Crisis: a wave of negative comments on an account.
 *
 * <p>Needs {@link SignalInputs#comments()} (scored comments only count). Over the window (the
 * {@code window_hours} before the cutoff), {@code n} scored comments of which {@code k} negative; over the
 * {@code crisis.baseline_days} before a guard of one window before the window (so that a crisis that began a
 * day or two earlier is not its own baseline), the baseline share {@code p0} of negatives, shrunk towards the
 * brand's share (all accounts' baselines) with the weight of {@value #PRIOR_COMMENTS} comments. Both must hold:
 * <ol>
 *   <li><b>volume</b>: {@code k} is improbably high for a Poisson count with mean {@code lambda}, the larger of
 *       the mean of the same weekdays' windows of the baseline weeks (so a weekly rhythm is expected) and the
 *       baseline's hourly rate times the window (one-sided p below {@code crisis.alpha});</li>
 *   <li><b>share</b>: {@code k/n} is significantly above {@code p0} (one-sided binomial test, p below
 *       {@code crisis.alpha}) and at least {@code crisis.min_share_ratio} times it.</li>
 * </ol>
 * A surge of happy comments raises the volume of comments, not the share of negatives: no alert. Minimum
 * counts: {@code crisis.min_comments} scored comments and {@code crisis.min_negative} negatives in the window,
 * {@code crisis.min_baseline_comments} in the baseline. Severity: {@code critical} when both p-values are
 * under alpha/100, the share ratio is at least twice {@code min_share_ratio} and k at least 3 x min_negative;
 * {@code warning} when both are under alpha; {@code info} when both are under 10 x alpha.
 */
public final class CrisisDetector {
  private CrisisDetector() {}

  private static final TopicTokenizer TOKENIZER = new TopicTokenizer(false, false);

  /** Counts of one account in one hour before the cutoff (0 = the last hour). */
  public record HourCounts(String platform, String accountId, String accountName, long hoursBefore,
      long scored, long negative) {}

  /** One negative comment of the window, for the alert's evidence. */
  public record NegativeComment(String platform, String accountId, String commentKey, String postKey,
      Instant createdAt, String text, String author, double score) {}

  /**
   * Scored and negative comments per account and hour before the cutoff (one small aggregate), each
   * account named as on its latest comment (see {@link SignalInputs#latestNames}).
   */
  public static List<HourCounts> hourly(SignalInputs in, Instant cutoff) {
    Dataset<Row> rows = in.comments()
        .withColumn("_h", floor(lit(cutoff.getEpochSecond()).minus(unix_timestamp(col("created_at"))).divide(3600)))
        .groupBy("platform", "account_id", "_h")
        .agg(count(when(col("negative").isNotNull(), 1)).as("scored"),
            count(when(col("negative"), 1)).as("negative"));
    Map<String, String> names = SignalInputs.latestNames(in.comments(), "created_at");
    List<HourCounts> out = new ArrayList<>();
    for (Row r : rows.select("platform", "account_id", "_h", "scored", "negative").collectAsList()) {
      out.add(new HourCounts(r.getString(0), r.getString(1), names.get(r.getString(0) + "|" + r.getString(1)),
          r.getLong(2), r.getLong(3), r.getLong(4)));
    }
    return out;
  }

  /** The negative comments of the window of the given accounts ({@code platform|account_id}). */
  public static List<NegativeComment> negatives(SignalInputs in, Instant windowStart, List<String> accounts) {
    if (accounts.isEmpty()) {
      return List.of();
    }
    Dataset<Row> rows = in.comments().filter(col("negative").and(col("created_at").geq(lit(windowStart))))
        .filter(org.apache.spark.sql.functions.concat_ws("|", col("platform"), col("account_id"))
            .isin(accounts.toArray()))
        .select("platform", "account_id", "comment_key", "post_key", "created_at", "text", "author_pseudonym",
            "score");
    List<NegativeComment> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(new NegativeComment(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getAs(4),
          r.getString(5), r.getString(6), r.getDouble(7)));
    }
    return out;
  }

  /** The statistics of one account's night, before any threshold. */
  record Test(long n, long k, long baselineScored, long baselineNegative, double share, double baselineShare,
      double lambda, double pCount, double pShare) {
    double shareRatio() {
      return baselineShare <= 0 ? Double.POSITIVE_INFINITY : share / baselineShare;
    }
  }

  /**
   * Weight, in comments, of the brand's negative share in an account's baseline share: a baseline of 40
   * comments without a single negative one does not make 5 negatives among 60 a crisis.
   */
  static final double PRIOR_COMMENTS = 30;

  /** The brand's negative share over every account's baseline, the prior of each account's (10% without data). */
  static double brandShare(Map<String, List<HourCounts>> byAccount, int windowHours, int baselineDays) {
    long n = 0;
    long k = 0;
    for (List<HourCounts> list : byAccount.values()) {
      Test t = test(list, windowHours, baselineDays, 0.1);
      n += t.baselineScored();
      k += t.baselineNegative();
    }
    return n == 0 ? 0.1 : k / (double) n;
  }

  static Test test(List<HourCounts> counts, int windowHours, int baselineDays, double prior) {
    long n = 0;
    long k = 0;
    long bn = 0;
    long bk = 0;
    int baselineHours = baselineDays * 24;
    int weeks = windowHours < 168 ? baselineDays / 7 : 0;
    long[] weekNegatives = new long[weeks];
    for (HourCounts c : counts) {
      long h = c.hoursBefore();
      if (h < 0) {
        continue;
      }
      if (h < windowHours) {
        n += c.scored();
        k += c.negative();
      } else if (h >= 2L * windowHours && h < 2L * windowHours + baselineHours) {
        bn += c.scored();
        bk += c.negative();
        // The same hours of the week, j weeks earlier.
        long j = h / 168;
        if (j >= 1 && j <= weeks && h - 168 * j < windowHours) {
          weekNegatives[(int) j - 1] += c.negative();
        }
      }
    }
    double flat = bk / (double) baselineHours * windowHours;
    double sameWeekdays = 0;
    int sameWeekdayWindows = 0;
    for (int j = 1; j <= weeks; j++) {
      // Only the weeks whose window lies inside the baseline (after the guard).
      if (168L * j >= 2L * windowHours && 168L * j + windowHours <= 2L * windowHours + baselineHours) {
        sameWeekdays += weekNegatives[j - 1];
        sameWeekdayWindows++;
      }
    }
    sameWeekdays = sameWeekdayWindows >= 2 ? sameWeekdays / sameWeekdayWindows : 0;
    double lambda = Math.max(0.5, Math.max(flat, sameWeekdays));
    // Shrunk towards the brand's share: a thin baseline says little, and one without a single negative
    // comment must still give a test that a few complaints do not fail.
    double p0 = (bk + PRIOR_COMMENTS * Math.max(prior, 0.005)) / (bn + PRIOR_COMMENTS);
    double pCount = k == 0 ? 1.0 : 1.0 - new PoissonDistribution(null, lambda, PoissonDistribution.DEFAULT_EPSILON,
        PoissonDistribution.DEFAULT_MAX_ITERATIONS).cumulativeProbability((int) Math.min(Integer.MAX_VALUE, k - 1));
    double pShare = n == 0 ? 1.0
        : new BinomialTest().binomialTest((int) n, (int) k, Math.min(p0, 1.0), AlternativeHypothesis.GREATER_THAN);
    return new Test(n, k, bn, bk, n == 0 ? 0 : k / (double) n, bn == 0 ? 0 : bk / (double) bn, lambda,
        Math.max(pCount, 0), pShare);
  }

  /** The crisis alerts of a night, before incidents (pure). */
  public static List<Alert> detect(List<HourCounts> counts, List<NegativeComment> negatives,
      Map<String, String[]> postInfo, Instant windowStart, Instant cutoff, int windowHours, LocalDate date,
      SignalsSettings.Crisis s, Map<String, String> accountNames) {
    Map<String, List<HourCounts>> byAccount = byAccount(counts);
    double prior = brandShare(byAccount, windowHours, s.baselineDays());
    List<Alert> out = new ArrayList<>();
    for (Map.Entry<String, List<HourCounts>> e : byAccount.entrySet()) {
      Severity sev = severity(e.getValue(), windowHours, s, prior);
      if (sev == null) {
        continue;
      }
      Test t = test(e.getValue(), windowHours, s.baselineDays(), prior);
      HourCounts any = e.getValue().get(0);
      String configured = accountNames.get(e.getKey());
      String account = configured != null ? configured : any.accountName() != null ? any.accountName()
          : any.accountId();
      List<NegativeComment> mine = negatives.stream()
          .filter(c -> (c.platform() + "|" + c.accountId()).equals(e.getKey())).toList();
      out.add(alert(date, sev, account, any, t, mine, postInfo, windowStart, cutoff, windowHours));
    }
    return out;
  }

  static Map<String, List<HourCounts>> byAccount(List<HourCounts> counts) {
    Map<String, List<HourCounts>> byAccount = new TreeMap<>();
    for (HourCounts c : counts) {
      byAccount.computeIfAbsent(c.platform() + "|" + c.accountId(), x -> new ArrayList<>()).add(c);
    }
    return byAccount;
  }

  /** The severity the thresholds give one account's counts, or null for no alert. */
  static Severity severity(List<HourCounts> counts, int windowHours, SignalsSettings.Crisis s, double prior) {
    Test t = test(counts, windowHours, s.baselineDays(), prior);
    if (t.n() < s.minComments() || t.k() < s.minNegative() || t.baselineScored() < s.minBaselineComments()
        || t.share() < s.minShareRatio() * t.baselineShare()) {
      return null;
    }
    double worst = Math.max(t.pCount(), t.pShare());
    if (worst < s.alpha() / 100 && t.shareRatio() >= 2 * s.minShareRatio() && t.k() >= 3L * s.minNegative()) {
      return Severity.CRITICAL;
    }
    if (worst < s.alpha()) {
      return Severity.WARNING;
    }
    return worst < 10 * s.alpha() ? Severity.INFO : null;
  }

  private static Alert alert(LocalDate date, Severity sev, String account, HourCounts any, Test t,
      List<NegativeComment> mine, Map<String, String[]> postInfo, Instant windowStart, Instant cutoff,
      int windowHours) {
    Map<String, Long> perPost = new HashMap<>();
    Map<String, Integer> terms = new HashMap<>();
    for (NegativeComment c : mine) {
      perPost.merge(c.postKey(), 1L, Long::sum);
      for (String tok : new java.util.LinkedHashSet<>(TOKENIZER.tokens(c.text(), List.of()))) {
        terms.merge(tok, 1, Integer::sum);
      }
    }
    List<Object> posts = new ArrayList<>();
    perPost.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(3).forEach(p -> {
          String[] info = postInfo.getOrDefault(p.getKey(), new String[2]);
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("post_key", p.getKey());
          m.put("url", info[0]);
          m.put("text", Texts.excerpt(info[1], 140));
          m.put("negative_comments", p.getValue());
          posts.add(m);
        });
    List<String> top = terms.entrySet().stream().filter(x -> x.getValue() >= 2)
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(8).map(Map.Entry::getKey).toList();
    List<Object> examples = new ArrayList<>();
    // Three different complaints: the same text pasted by many says less than three voices.
    java.util.Set<String> seen = new java.util.HashSet<>();
    mine.stream().sorted(Comparator.comparingDouble(NegativeComment::score).thenComparing(NegativeComment::commentKey))
        .filter(c -> seen.add(Texts.excerpt(c.text(), 200).toLowerCase(java.util.Locale.ROOT)))
        .limit(3).forEach(c -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("comment_key", c.commentKey());
          m.put("post_key", c.postKey());
          m.put("author", c.author());
          m.put("created_at", c.createdAt().toString());
          m.put("text", Texts.excerpt(c.text(), 200));
          examples.add(m);
        });
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("comments", t.n());
    ev.put("negative", t.k());
    ev.put("negative_share", BuzzDetector.round(t.share(), 4));
    ev.put("baseline_comments", t.baselineScored());
    ev.put("baseline_negative", t.baselineNegative());
    ev.put("baseline_share", BuzzDetector.round(t.baselineShare(), 4));
    ev.put("expected_negative", BuzzDetector.round(t.lambda(), 2));
    ev.put("p_value_count", t.pCount());
    ev.put("p_value", t.pShare());
    ev.put("posts", posts);
    ev.put("examples", examples);
    String lead = posts.isEmpty() ? "" : ", mostly under \"" + ((Map<?, ?>) posts.get(0)).get("text") + "\"";
    String msg = String.format(java.util.Locale.ROOT,
        "%s on %s: %,d negative comments in the last %d hours, %s of comments against %s usually%s."
            + "%s Reply publicly, take the complaints to customer service and pause scheduled promotion.",
        account, Texts.platform(any.platform()), t.k(), windowHours, Texts.percent(t.share()),
        Texts.percent(t.baselineShare()), lead.length() > 90 ? lead.substring(0, 89) + "\u2026\"" : lead,
        top.isEmpty() ? "" : " Words: " + String.join(", ", top.subList(0, Math.min(5, top.size()))) + ".");
    double score = t.baselineShare() <= 0 ? t.share() * 100 : t.share() / t.baselineShare();
    return Alert.found(date, Alert.CRISIS, sev, account, any.accountId(), any.platform(), "comments", windowStart,
        cutoff, BuzzDetector.round(score, 2), msg, ev, null, top, null);
  }
}
