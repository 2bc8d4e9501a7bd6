package dev.veille.signals;

import static org.apache.spark.sql.functions.col;

import dev.veille.common.Account;
import dev.veille.common.ConfigException;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.AlertsFiles;
import dev.veille.common.alerts.Severity;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code veille signals}: the early signals of one night, as alerts (docs/signals.md).
 *
 * <p>Reads {@code posts}, {@code engagement}, {@code comments}, {@code sentiment}, {@code sentiment_links},
 * {@code themes_assigned} and {@code themes}, only as far back as the longest baseline
 * ({@link SignalsSettings#historyDays()}; comments only as far as the crisis test looks,
 * {@link SignalsSettings#commentDays()}) and never past the cutoff (the night's instant, as the nightly
 * stamps it). Runs the three detectors ({@link BuzzDetector}, {@link CrisisDetector},
 * {@link EmergingDetector}), makes incidents of their findings against the {@code alerts} of the nights
 * before ({@link Incidents}), notifies the webhook of the alerts raised tonight, then writes the night's
 * rows to {@code alerts} (keyed by alert_id and date: a rerun writes the same rows and notifies nobody
 * again) and, when asked, {@code reports/<date>/alerts.json} and {@code alerts.csv}.
 */
public final class SignalsJob implements Job<SignalsJob.Result> {

  /**
   * What a night raised.
   *
   * @param alerts every alert of the night (new, worsened and ongoing), most severe first
   * @param warnings notification failures (the run still succeeds)
   * @param files where alerts.json was written, or null
   */
  public record Result(LocalDate date, Instant cutoff, List<Alert> alerts, int notified, List<String> warnings,
      String files) {
    public List<Alert> raised() {
      return alerts.stream().filter(Alert::raised).toList();
    }

    /** Whether an alert at or above {@code level} was raised (new or worsened) tonight. */
    public boolean raisedAtLeast(Severity level) {
      return alerts.stream().anyMatch(a -> a.raised() && a.severity().atLeast(level));
    }
  }

  private final VeilleConfig config;
  private final SignalsSettings settings;
  private final LocalDate date;
  private final Instant cutoff;
  private final boolean writeFiles;

  /**
   * @param cutoff the night's instant: nothing observed, published or commented at or after it is read
   * @param writeFiles also write reports/<date>/alerts.json and alerts.csv (the report writes them otherwise)
   */
  public SignalsJob(VeilleConfig config, SignalsSettings settings, LocalDate date, Instant cutoff,
      boolean writeFiles) {
    this.config = config;
    this.settings = settings;
    this.date = date;
    this.cutoff = cutoff;
    this.writeFiles = writeFiles;
  }

  @Override
  public void validate() {
    ConfigException.checkRunDate(date, "signals");
  }

  /**
   * Runs with shuffled hash joins preferred to sort-merge joins, and as many shuffle partitions as
   * the session has cores (as moderation does) instead of Spark's 200: the stage's shuffles carry
   * the history read, cut to its rows (see {@link SignalInputs}), and 200 tasks per shuffle cost
   * more than the work on a small cluster.
   */
  @Override
  public Result run(SparkSession spark) {
    Map<String, String> conf = new java.util.HashMap<>(dev.veille.common.ScopedConf.partitionsPerCore(spark));
    conf.put("spark.sql.join.preferSortMergeJoin", "false");
    return dev.veille.common.ScopedConf.with(spark, conf, () -> runStage(spark));
  }

  private Result runStage(SparkSession spark) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    wh.requirePosts();
    Instant from = cutoff.minus(Duration.ofDays(settings.historyDays()));
    Instant commentsFrom = cutoff.minus(Duration.ofDays(settings.commentDays()));
    Progress.log("signals", "%s: reading %s to %s (comments from %s)", date, from, cutoff, commentsFrom);
    SignalInputs in = SignalInputs.read(spark, wh, from, commentsFrom, cutoff).cached();
    List<Alert> found;
    try {
      found = detect(in, wh, spark, cutoff, date, settings, accountNames(config));
    } finally {
      in.unpersist();
    }
    // One read of the alerts table: the nights before (incidents) and this night's (already notified).
    List<Alert> history = AlertsFiles.history(spark, wh, date.minusDays(settings.cooldownDays()), date.plusDays(1));
    List<Alert> alerts = Incidents.resolve(found, history, date, settings.cooldownDays(), settings.worsenRatio());
    Set<String> published = new java.util.HashSet<>();
    history.stream().filter(a -> a.date().equals(date)).forEach(a -> published.add(a.id()));

    int notified = 0;
    List<String> warnings = new ArrayList<>();
    if (settings.notification().webhookUrl() != null) {
      // A night whose alerts were published already has notified them: a rerun stays quiet.
      List<Alert> due = WebhookNotifier.toNotify(alerts, settings.notification().minSeverity()).stream()
          .filter(a -> !published.contains(a.id())).toList();
      if (!due.isEmpty()) {
        WebhookNotifier.Outcome o = WebhookNotifier.of(settings.notification()).send(due);
        notified = o.sent();
        warnings.addAll(o.warnings());
        o.warnings().forEach(w -> Progress.log("signals", "warning: %s", w));
      }
    }
    if (!alerts.isEmpty() || wh.hasTable(Tables.ALERTS)) {
      // The night's alerts replace whatever an earlier run of the same night published, so a
      // rerun with other settings also withdraws what it no longer finds.
      new TableWriter(spark, wh, "signals-" + date).replace(Tables.ALERTS, AlertsFiles.frame(spark, alerts, cutoff),
          String.format(java.util.Locale.ROOT, "date_month = '%s' AND date = '%s'", date.toString().substring(0, 7),
              date));
    }
    String files = null;
    if (writeFiles) {
      org.apache.hadoop.fs.Path dir = wh.path("reports/" + date);
      wh.writeTextAtomically(new org.apache.hadoop.fs.Path(dir, "alerts.json"), AlertsFiles.json(date, cutoff,
          alerts));
      wh.writeTextAtomically(new org.apache.hadoop.fs.Path(dir, "alerts.csv"), AlertsFiles.csv(alerts));
      org.apache.hadoop.fs.Path q = wh.fs().makeQualified(new org.apache.hadoop.fs.Path(dir, "alerts.json"));
      files = "file".equals(q.toUri().getScheme()) ? q.toUri().getPath() : q.toString();
    }
    Progress.log("signals", "%s: %d alerts (%d raised tonight)", date, alerts.size(),
        alerts.stream().filter(Alert::raised).count());
    return new Result(date, cutoff, alerts, notified, warnings, files);
  }

  /** The three detectors over inputs read up to {@code cutoff} (used by the job and the evaluation). */
  public static List<Alert> detect(SignalInputs in, Warehouse wh, SparkSession spark, Instant cutoff,
      LocalDate date, SignalsSettings s, Map<String, String> names) {
    Instant window = cutoff.minus(Duration.ofHours(s.windowHours()));
    Instant buzzFrom = window.minus(Duration.ofDays(s.buzz().baselineDays()));
    long t0 = System.nanoTime();
    List<Alert> out = new ArrayList<>(BuzzDetector.detect(BuzzDetector.observations(in, buzzFrom, window), window,
        cutoff, date, s.buzz(), names));
    Progress.log("signals", "%s: buzz: %d alert(s) (%.1f s)", date, out.size(), (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();

    List<CrisisDetector.HourCounts> hourly = CrisisDetector.hourly(in, cutoff);
    List<String> crisisAccounts = new ArrayList<>();
    Map<String, List<CrisisDetector.HourCounts>> byAccount = CrisisDetector.byAccount(hourly);
    double prior = CrisisDetector.brandShare(byAccount, s.windowHours(), s.crisis().baselineDays());
    byAccount.forEach((k, v) -> {
      if (CrisisDetector.severity(v, s.windowHours(), s.crisis(), prior) != null) {
        crisisAccounts.add(k);
      }
    });
    List<CrisisDetector.NegativeComment> negatives = CrisisDetector.negatives(in, window, crisisAccounts);
    Map<String, String[]> crisisPosts = lookup(in, spark, wh, negatives.stream()
        .map(CrisisDetector.NegativeComment::postKey).toList());
    List<Alert> crises = CrisisDetector.detect(hourly, negatives, crisisPosts, window, cutoff, s.windowHours(), date,
        s.crisis(), names);
    out.addAll(crises);
    Progress.log("signals", "%s: crisis: %d alert(s) (%.1f s)", date, crises.size(), (System.nanoTime() - t0) / 1e9);
    t0 = System.nanoTime();

    Instant emergingWindow = cutoff.minus(Duration.ofDays(s.emerging().windowDays()));
    EmergingDetector.Counts counts = EmergingDetector.count(in,
        emergingWindow.minus(Duration.ofDays(s.emerging().baselineDays())), emergingWindow, s.emerging().minCount());
    Map<String, String[]> examples = lookup(in, spark, wh, counts.candidates().stream()
        .flatMap(c -> c.windowPosts().stream().limit(3)).toList());
    List<Alert> emerging = EmergingDetector.detect(counts, examples, emergingWindow, cutoff, date, s.emerging(), names);
    out.addAll(emerging);
    Progress.log("signals", "%s: emerging themes: %d alert(s) (%.1f s)", date, emerging.size(),
        (System.nanoTime() - t0) / 1e9);
    return out;
  }

  /**
   * url and text of the given posts (for evidence): from the history read, else (a comment under an
   * older post) from the posts table.
   */
  static Map<String, String[]> lookup(SignalInputs in, SparkSession spark, Warehouse wh, Collection<String> keys) {
    Set<String> missing = new LinkedHashSet<>(keys);
    Map<String, String[]> out = new HashMap<>();
    if (missing.isEmpty()) {
      return out;
    }
    for (Row r : in.posts().filter(col("post_key").isin(missing.toArray())).select("post_key", "url", "text")
        .collectAsList()) {
      out.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
    }
    missing.removeAll(out.keySet());
    if (!missing.isEmpty() && wh != null) {
      for (Row r : wh.read(spark, Tables.POSTS).filter(col("post_key").isin(missing.toArray()))
          .select("post_key", "url", "text").collectAsList()) {
        out.put(r.getString(0), new String[] {r.getString(1), r.getString(2)});
      }
    }
    return out;
  }

  /** Configured account names by {@code platform|id}: what the brand calls its accounts. */
  public static Map<String, String> accountNames(VeilleConfig config) {
    Map<String, String> names = new HashMap<>();
    for (Account a : config.accounts()) {
      if (a.name() != null && !a.name().isBlank()) {
        names.put(a.platform() + "|" + a.id(), a.name());
      }
    }
    return names;
  }

  /** The alerts of one night as published, most severe first ({@link AlertsFiles#ofDate}). */
  public static List<Alert> ofDate(SparkSession spark, Warehouse wh, LocalDate date) {
    return AlertsFiles.ofDate(spark, wh, date);
  }
}
