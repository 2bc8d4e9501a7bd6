package dev.veille.signals;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Buzz: a post of the window whose engagement so far is far above what the account's posts had at
 * the same age.
 *
 * <p>Needs {@link SignalInputs#posts()} and {@link SignalInputs#snapshots()}. For each post published in
 * the window, its latest snapshot before the cutoff gives its age {@code a} (hours since publication)
 * and interactions {@code x}. The account's history (posts of the {@code buzz.baseline_days} before the
 * window) gives the expectation on the log scale ({@code log1p}):
 * <ul>
 *   <li>where at least {@code buzz.same_age_min} history snapshots were taken at a similar age (a/1.5 to
 *       1.5a), their median and 1.4826 x MAD (same age, measured);</li>
 *   <li>else the median log total of the mature posts (snapshots at least {@code buzz.maturity_hours} old)
 *       times the share an {@link Accrual} curve says a post has at age a (fitted per account from its young
 *       snapshots, else the platform's default curve), with the mature totals' 1.4826 x MAD.</li>
 * </ul>
 * A post alerts when {@code x >= buzz.min_interactions}, {@code x} is at least {@code buzz.min_ratio} times the
 * expected count, and its robust z-score is at least {@code buzz.z}. Severity: {@code critical} from 10x and
 * z + 2, {@code warning} from 2 x min_ratio and z + 1, else {@code info}. Accounts with fewer than
 * {@code buzz.min_baseline_posts} mature posts raise nothing.
 */
public final class BuzzDetector {
  private BuzzDetector() {}

  /** Spread floor on the log scale: a very regular account must not turn a 40% bump into a large z. */
  static final double MIN_SPREAD = 0.25;

  /** One snapshot of one post, as the detector reads it. */
  public record Observation(String platform, String accountId, String accountName, String postKey,
      Instant publishedAt, Instant observedAt, long interactions, String url, String text) {
    double ageHours() {
      return Duration.between(publishedAt, observedAt).toSeconds() / 3600.0;
    }
  }

  /** The snapshots of the window's posts and of the history, read from the inputs. */
  public static List<Observation> observations(SignalInputs in, Instant historyStart, Instant windowStart) {
    Dataset<Row> rows = in.posts().filter(col("published_at").geq(lit(historyStart)))
        .select(col("post_key").as("_k"), col("platform"), col("account_id"), col("account_name"),
            col("published_at"),
            when(col("published_at").geq(lit(windowStart)), col("url")).as("url"),
            when(col("published_at").geq(lit(windowStart)), col("text")).as("text"))
        .join(in.snapshots().filter(col("interactions").isNotNull()), col("_k").equalTo(col("post_key")))
        .select("platform", "account_id", "account_name", "post_key", "published_at", "observed_at",
            "interactions", "url", "text");
    List<Observation> out = new ArrayList<>();
    for (Row r : rows.collectAsList()) {
      out.add(new Observation(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getAs(4),
          r.getAs(5), r.getLong(6), r.getString(7), r.getString(8)));
    }
    return out;
  }

  /** The buzz alerts of a night, before incidents (pure). */
  public static List<Alert> detect(List<Observation> obs, Instant windowStart, Instant cutoff, LocalDate date,
      SignalsSettings.Buzz s, Map<String, String> accountNames) {
    Map<String, List<Observation>> byAccount = new TreeMap<>();
    for (Observation o : obs) {
      if (o.observedAt().isBefore(cutoff) && !o.observedAt().isBefore(o.publishedAt())) {
        byAccount.computeIfAbsent(o.platform() + "|" + o.accountId(), k -> new ArrayList<>()).add(o);
      }
    }
    List<Alert> alerts = new ArrayList<>();
    for (List<Observation> list : byAccount.values()) {
      alerts.addAll(account(list, windowStart, cutoff, date, s, accountNames));
    }
    return alerts;
  }

  private static List<Alert> account(List<Observation> list, Instant windowStart, Instant cutoff, LocalDate date,
      SignalsSettings.Buzz s, Map<String, String> accountNames) {
    // Latest snapshot of each window post; every snapshot of the history posts.
    Map<String, Observation> current = new TreeMap<>();
    Map<String, Observation> matureTotal = new TreeMap<>();
    List<double[]> history = new ArrayList<>();
    for (Observation o : list) {
      if (!o.publishedAt().isBefore(windowStart)) {
        current.merge(o.postKey(), o, (a, b) -> a.observedAt().isAfter(b.observedAt()) ? a : b);
        continue;
      }
      double age = o.ageHours();
      history.add(new double[] {age, Math.log1p(o.interactions())});
      if (age >= s.maturityHours()) {
        matureTotal.merge(o.postKey(), o, (a, b) -> a.observedAt().isAfter(b.observedAt()) ? a : b);
      }
    }
    if (current.isEmpty() || matureTotal.size() < s.minBaselinePosts()) {
      return List.of();
    }
    double[] totals = matureTotal.values().stream().mapToDouble(o -> Math.log1p(o.interactions())).toArray();
    double m = Accrual.median(totals);
    double spread = Math.max(MIN_SPREAD, Accrual.mad(totals, m));
    List<double[]> young = history.stream().filter(p -> p[0] < s.maturityHours()).toList();
    Observation first = list.get(0);
    Accrual curve = Accrual.fit(first.platform(), young, m, s.sameAgeMin());
    List<Alert> out = new ArrayList<>();
    for (Observation o : current.values()) {
      double age = Math.max(o.ageHours(), 0.25);
      double[] sameAge = history.stream().filter(p -> p[0] >= age / 1.5 && p[0] <= age * 1.5)
          .mapToDouble(p -> p[1]).toArray();
      double expected;
      double sd;
      String method;
      if (sameAge.length >= s.sameAgeMin()) {
        expected = Accrual.median(sameAge);
        sd = Math.max(MIN_SPREAD, Accrual.mad(sameAge, expected));
        method = "same_age";
      } else {
        expected = Accrual.expectedLog(m, curve.share(age));
        sd = spread;
        method = curve.fitted() ? "accrual_fitted" : "accrual_default";
      }
      double x = o.interactions();
      double expectedCount = Math.max(1.0, Math.expm1(expected));
      double ratio = x / expectedCount;
      double z = (Math.log1p(x) - expected) / sd;
      if (x < s.minInteractions() || ratio < s.minRatio() || z < s.z()) {
        continue;
      }
      Severity sev = ratio >= 10 && z >= s.z() + 2 ? Severity.CRITICAL
          : ratio >= 2 * s.minRatio() && z >= s.z() + 1 ? Severity.WARNING : Severity.INFO;
      String account = accountName(accountNames, o);
      Map<String, Object> ev = new LinkedHashMap<>();
      ev.put("interactions", o.interactions());
      ev.put("expected_interactions", Math.round(expectedCount));
      ev.put("ratio", round(ratio, 2));
      ev.put("z", round(z, 2));
      ev.put("age_hours", round(o.ageHours(), 1));
      ev.put("published_at", o.publishedAt().toString());
      ev.put("observed_at", o.observedAt().toString());
      ev.put("method", method);
      ev.put("baseline_posts", matureTotal.size());
      ev.put("same_age_snapshots", sameAge.length);
      ev.put("accrual_half_life_hours", curve.halfLifeHours());
      ev.put("accrual_steepness", curve.steepness());
      ev.put("url", o.url());
      ev.put("text", Texts.excerpt(o.text(), 140));
      long hours = Math.round(o.ageHours());
      String excerpt = Texts.excerpt(o.text(), 60);
      String msg = String.format(java.util.Locale.ROOT,
          "%s on %s: post %s has %s the usual engagement %d %s in (%,d interactions against about %,d):"
              + " reply to comments and consider boosting it.",
          account, Texts.platform(o.platform()), excerpt.isEmpty() ? o.postKey() : "\"" + excerpt + "\"",
          Texts.times(ratio), hours,
          hours == 1 ? "hour" : "hours", o.interactions(), Math.round(expectedCount));
      out.add(Alert.found(date, Alert.BUZZ, sev, account, o.accountId(), o.platform(), o.postKey(), windowStart,
          cutoff, round(ratio, 2), msg, ev, o.postKey(), List.of(), null));
    }
    return out;
  }

  private static String accountName(Map<String, String> names, Observation o) {
    String configured = names.get(o.platform() + "|" + o.accountId());
    return configured != null ? configured : o.accountName() != null ? o.accountName() : o.accountId();
  }

  static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }
}
