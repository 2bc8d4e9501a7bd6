package dev.veille.signals;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import dev.veille.common.alerts.Severity;
import java.util.Set;

/**
 * The {@code signals:} section of veille.yaml. Every key is optional; the defaults below are the
 * documented ones (docs/signals.md).
 *
 * <pre>
 * signals:
 *   window_hours: 48            # buzz and crisis look at the 48 hours before the run's cutoff
 *   cooldown_days: 3            # an alert seen again within 3 nights is the same incident
 *   worsen_ratio: 1.5           # ... raised again only when its score grows by this factor (or its severity)
 *   buzz:      {baseline_days: 90, min_baseline_posts: 20, min_interactions: 50, min_ratio: 3, z: 3, ...}
 *   crisis:    {baseline_days: 28, min_comments: 8, min_negative: 5, min_baseline_comments: 10, alpha: 0.001, ...}
 *   emerging:  {window_days: 7, baseline_days: 56, min_count: 5, min_ratio: 3, alpha: 0.01, min_coverage: 0.6}
 *   notify:    {webhook_url: https://hooks.example/..., min_severity: warning, timeout_seconds: 10, retries: 3}
 * </pre>
 */
public record SignalsSettings(int windowHours, int cooldownDays, double worsenRatio, Buzz buzz, Crisis crisis,
    Emerging emerging, Notify notification) implements java.io.Serializable {

  /**
   * Buzz: a young post far above what the account's posts had at the same age.
   *
   * @param baselineDays history of the account's posts the comparison is drawn from
   * @param minBaselinePosts fewer mature posts than this in the history: no buzz alert (too little to compare)
   * @param minInteractions a post needs this many interactions to alert (a 3-like post never does)
   * @param minRatio ... and this many times the expected interactions at its age
   * @param z ... and a robust z-score (log scale, median/MAD) at least this high
   * @param maturityHours snapshots at least this old count as a post's total
   * @param sameAgeMin empirical same-age comparison when at least this many snapshots of other posts are at
   *     a similar age (within a factor 1.5); else the accrual model
   */
  public record Buzz(int baselineDays, int minBaselinePosts, long minInteractions, double minRatio, double z,
      int maturityHours, int sameAgeMin) implements java.io.Serializable {}

  /**
   * Crisis: many negative comments, and a negative share significantly above the account's usual.
   *
   * @param baselineDays trailing history before the window
   * @param minComments scored comments the window needs
   * @param minNegative negative comments the window needs
   * @param minBaselineComments scored comments the baseline needs
   * @param alpha significance of both one-sided tests (count: Poisson; share: binomial)
   * @param minShareRatio the window's negative share must be at least this many times the baseline's
   */
  public record Crisis(int baselineDays, int minComments, int minNegative, int minBaselineComments, double alpha,
      double minShareRatio) implements java.io.Serializable {}

  /**
   * Emerging: terms, hashtags and themes whose share of posts bursts.
   *
   * @param windowDays the recent window (7: a whole week, so weekly patterns cancel)
   * @param baselineDays the history before the window
   * @param minCount posts in the window that must carry the term
   * @param minRatio the window's share must be at least this many times the baseline's
   * @param alpha family-wise significance (Bonferroni over every candidate of the account)
   * @param minCoverage share of the baseline's weeks in which the account has posts; below it the history is a
   *     collection gap, not a baseline, and nothing is called emerging
   */
  public record Emerging(int windowDays, int baselineDays, int minCount, double minRatio, double alpha,
      double minCoverage) implements java.io.Serializable {}

  /**
   * Push notifications of new and worsened alerts.
   *
   * @param webhookUrl a Slack-compatible incoming webhook (or {@code VEILLE_ALERT_WEBHOOK}); null: none
   */
  public record Notify(String webhookUrl, Severity minSeverity, int timeoutSeconds, int retries)
      implements java.io.Serializable {}

  public static final String WEBHOOK_ENV = "VEILLE_ALERT_WEBHOOK";

  public static final SignalsSettings DEFAULTS = new SignalsSettings(48, 3, 1.5,
      new Buzz(90, 20, 50, 3.0, 3.0, 168, 20),
      new Crisis(28, 8, 5, 10, 0.001, 1.5),
      new Emerging(7, 56, 5, 3.0, 0.01, 0.6),
      new Notify(null, Severity.WARNING, 10, 3));

  /** The longest history any detector reads, in days before the cutoff. */
  public int historyDays() {
    return Math.max(buzz.baselineDays() + (windowHours + 23) / 24,
        Math.max(crisis.baselineDays() + (windowHours + 23) / 24, emerging.windowDays() + emerging.baselineDays()));
  }

  /**
   * Days of comments the crisis test reads before the cutoff: its window, the guard of one window
   * and its baseline ({@link CrisisDetector#test}); the only detector that reads comments.
   */
  public int commentDays() {
    return crisis.baselineDays() + (2 * windowHours + 23) / 24;
  }

  /** The settings with the webhook from the environment when the file names none. */
  public SignalsSettings withWebhookFromEnv(java.util.Map<String, String> env) {
    String url = env.get(WEBHOOK_ENV);
    if (notification.webhookUrl() != null || url == null || url.isBlank()) {
      return this;
    }
    return new SignalsSettings(windowHours, cooldownDays, worsenRatio, buzz, crisis, emerging,
        new Notify(checkUrl(url.strip(), WEBHOOK_ENV), notification.minSeverity(), notification.timeoutSeconds(),
            notification.retries()));
  }

  /** The {@code signals:} section of veille.yaml; defaults for what it does not say, the webhook from the environment. */
  public static SignalsSettings from(ConfigNode n) {
    return parse(n).withWebhookFromEnv(System.getenv());
  }

  static SignalsSettings parse(ConfigNode n) {
    SignalsSettings d = DEFAULTS;
    if (!n.isPresent()) {
      return d;
    }
    if (!n.isObject()) {
      throw n.error("a mapping with keys among [buzz, cooldown_days, crisis, emerging, notify, window_hours,"
          + " worsen_ratio]");
    }
    n.allowOnly(Set.of("window_hours", "cooldown_days", "worsen_ratio", "buzz", "crisis", "emerging", "notify"));
    ConfigNode b = section(n, "buzz", Set.of("baseline_days", "min_baseline_posts", "min_interactions", "min_ratio",
        "z", "maturity_hours", "same_age_min"));
    ConfigNode c = section(n, "crisis", Set.of("baseline_days", "min_comments", "min_negative",
        "min_baseline_comments", "alpha", "min_share_ratio"));
    ConfigNode e = section(n, "emerging", Set.of("window_days", "baseline_days", "min_count", "min_ratio", "alpha",
        "min_coverage"));
    ConfigNode x = section(n, "notify", Set.of("webhook_url", "min_severity", "timeout_seconds", "retries"));
    Buzz db = d.buzz();
    Crisis dc = d.crisis();
    Emerging de = d.emerging();
    Notify dn = d.notification();
    String url = x.has("webhook_url") ? checkUrl(x.get("webhook_url").text("an http(s) URL"), "signals.notify.webhook_url")
        : null;
    Severity min = dn.minSeverity();
    if (x.has("min_severity")) {
      String s = x.get("min_severity").text("one of info, warning, critical");
      min = Severity.parse(s).orElseThrow(() -> x.get("min_severity").error("one of info, warning, critical"));
    }
    return new SignalsSettings(
        whole(n.get("window_hours"), d.windowHours(), 1, 24 * 14),
        whole(n.get("cooldown_days"), d.cooldownDays(), 0, 60),
        n.get("worsen_ratio").number(d.worsenRatio(), 1, 100),
        new Buzz(whole(b.get("baseline_days"), db.baselineDays(), 7, 730),
            whole(b.get("min_baseline_posts"), db.minBaselinePosts(), 3, 100_000),
            whole(b.get("min_interactions"), (int) db.minInteractions(), 1, 100_000_000),
            b.get("min_ratio").number(db.minRatio(), 1, 1000),
            b.get("z").number(db.z(), 1, 50),
            whole(b.get("maturity_hours"), db.maturityHours(), 12, 24 * 90),
            whole(b.get("same_age_min"), db.sameAgeMin(), 3, 100_000)),
        new Crisis(whole(c.get("baseline_days"), dc.baselineDays(), 7, 365),
            whole(c.get("min_comments"), dc.minComments(), 1, 1_000_000),
            whole(c.get("min_negative"), dc.minNegative(), 1, 1_000_000),
            whole(c.get("min_baseline_comments"), dc.minBaselineComments(), 1, 1_000_000),
            c.get("alpha").number(dc.alpha(), 1e-12, 0.5),
            c.get("min_share_ratio").number(dc.minShareRatio(), 1, 100)),
        new Emerging(whole(e.get("window_days"), de.windowDays(), 1, 60),
            whole(e.get("baseline_days"), de.baselineDays(), 7, 730),
            whole(e.get("min_count"), de.minCount(), 2, 1_000_000),
            e.get("min_ratio").number(de.minRatio(), 1, 1000),
            e.get("alpha").number(de.alpha(), 1e-12, 0.5),
            e.get("min_coverage").number(de.minCoverage(), 0, 1)),
        new Notify(url, min, whole(x.get("timeout_seconds"), dn.timeoutSeconds(), 1, 300),
            whole(x.get("retries"), dn.retries(), 0, 10)));
  }

  private static ConfigNode section(ConfigNode parent, String key, Set<String> keys) {
    ConfigNode s = parent.get(key);
    if (s.isPresent() && !s.isObject()) {
      throw s.error("a mapping with keys among " + new java.util.TreeSet<>(keys));
    }
    s.allowOnly(keys);
    return s;
  }

  private static int whole(ConfigNode node, int fallback, int min, int max) {
    double v = node.number(fallback, min, max);
    if (v != Math.rint(v)) {
      throw node.error("a whole number from " + min + " to " + max);
    }
    return (int) v;
  }

  private static String checkUrl(String url, String key) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    if (!(lower.startsWith("https://") || lower.startsWith("http://"))) {
      // The URL is a secret: name the key and the scheme, not the whole value.
      String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')) : "(none)";
      throw new ConfigException("Invalid " + key + ": a URL with scheme " + scheme
          + " (expected an http:// or https:// webhook URL)");
    }
    return url;
  }
}
