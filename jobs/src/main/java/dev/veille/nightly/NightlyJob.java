package dev.veille.nightly;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.analytics.ReportSettings;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.ConfigLoader;
import dev.veille.common.CrashPoints;
import dev.veille.common.ExitCodes;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import dev.veille.common.RunIds;
import dev.veille.common.SourceSpec;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.VeilleException;
import dev.veille.common.warehouse.StagingRecovery;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestJob;
import dev.veille.ingest.IngestResult;
import dev.veille.moderation.ModerationJob;
import dev.veille.moderation.ModerationSettings;
import dev.veille.reports.ReportJob;
import dev.veille.sentiment.SentimentJob;
import dev.veille.sentiment.SentimentResult;
import dev.veille.sentiment.SentimentSettings;
import dev.veille.signals.SignalsJob;
import dev.veille.signals.SignalsSettings;
import dev.veille.topics.ThemesStage;
import dev.veille.topics.TopicsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.SparkSession;

/**
 * {@code veille nightly}: for each run date, in order, every stage as if run that night, holding
 * the warehouse lock once for all the dates.
 *
 * <ol>
 *   <li><b>ingest</b>: the export files of the sources whose landing folder holds any (files whose
 *       contents the ingest ledger holds are skipped). Writes posts, engagement, comments,
 *       quarantine.</li>
 *   <li><b>sentiment</b>: texts of posts and comments not scored before (needs posts, comments;
 *       writes sentiment, sentiment_links).</li>
 *   <li><b>moderation</b>: {@link ModerationJob} on the comments not moderated yet (needs comments,
 *       posts, sentiment; writes moderation).</li>
 *   <li><b>themes</b>: {@link ThemesStage} (needs posts; writes the model store, themes,
 *       themes_assigned).</li>
 *   <li><b>signals</b>: {@link SignalsJob} (needs the tables above; writes alerts, notifies the
 *       webhook of the alerts raised tonight).</li>
 *   <li><b>report</b>: {@code reports/<date>/} from posts published up to the date (needs every
 *       table above), with the editorial calendar of the weeks after it (calendar.json/.ics/.csv,
 *       see {@code calendar.CalendarPlanner}), then its {@code _SUCCESS}, the run manifest and the {@code reports/latest}
 *       pointer, in that order.</li>
 * </ol>
 *
 * <p>Crash safety: every stage publishes atomically (a table in one Delta commit through
 * {@code TableWriter}, the model store by its CURRENT file, the report by renaming its folder into
 * place), and every stage is incremental against what is published,
 * so a run killed anywhere is finished by the next run of the same date: nothing is doubled and
 * nothing lost. Rows written by a date carry the date's instant (the start of the next day in
 * {@code nightly.timezone}), not the wall clock, so a rerun writes the same rows.
 */
public final class NightlyJob {

  /**
   * Everything a nightly run reads from its config, loaded and validated before any work.
   *
   * @param configSha256 SHA-256 of the config file's bytes, recorded in each manifest
   */
  public record Settings(Path configFile, String configSha256, VeilleConfig config, NightlySettings nightly,
      SentimentSettings sentiment, TopicsConfig topics, SignalsSettings signals, ReportSettings reports,
      dev.veille.calendar.CalendarSettings calendar, ModerationSettings moderation) {

    /**
     * Every section of the config file, each from its own subtree of the one parse; {@code config} is
     * its top level (with any CLI overrides).
     */
    public static Settings of(ConfigFile file, VeilleConfig config) {
      return new Settings(file.path(), file.sha256(), config,
          NightlySettings.from(file.section("nightly"), config.defaultTimezone()),
          SentimentSettings.from(file.section("sentiment")), TopicsConfig.from(file.section("topics")),
          SignalsSettings.from(file.section("signals")), ReportSettings.from(file.section("reports")),
          dev.veille.calendar.CalendarSettings.from(file.section("calendar")),
          ModerationSettings.from(file.section("moderation")));
    }

    /** Reads and parses {@code configFile} once, then builds everything from that parse ({@link #of}). */
    public static Settings load(Path configFile) {
      ConfigFile file = ConfigFile.read(configFile);
      return of(file, ConfigLoader.load(file));
    }
  }

  /** Where the stages' results go as they finish (the CLI prints them). */
  public interface Printer {
    void ingest(IngestResult result);

    void sentiment(SentimentResult result);

    void report(ReportJob.Result result);

    /** The night's alerts (default: nothing printed). */
    default void signals(SignalsJob.Result result) {}

    /** The night's moderation (default: nothing printed). */
    default void moderation(ModerationJob.Result result) {}

    /** Free-form result lines (themes, notes). */
    PrintWriter out();
  }

  /**
   * What one date's run did.
   *
   * @param report the report of the date, or null when the warehouse has no posts yet
   * @param signals the date's alerts, or null when the warehouse has no posts yet
   */
  public record Result(String runId, LocalDate date, String status, String manifest, ReportJob.Result report,
      SignalsJob.Result signals) {}

  private final Settings settings;
  private final List<LocalDate> dates;

  public NightlyJob(Settings settings, List<LocalDate> dates) {
    this.settings = settings;
    this.dates = List.copyOf(dates);
  }

  /** Checks everything that can be checked before Spark does any work or the lock is taken. */
  public void validate() {
    ConfigException.check(!dates.isEmpty(), "Missing run date (expected --date YYYY-MM-DD or --from/--to)");
    new IngestJob(settings.config(), false).validate();
    new SentimentJob(settings.config(), settings.sentiment()).validate();
    for (LocalDate d : dates) {
      new ReportJob(settings.config(), settings.reports(), d).validate();
    }
    settings.calendar().checkAccounts(settings.config().accounts());
  }

  /** Runs every date in order under one warehouse lock; stops at the first date that fails. */
  public List<Result> run(SparkSession spark, Printer printer) {
    Warehouse wh = Warehouse.of(spark, settings.config().warehouse());
    String lockId = RunIds.next("nightly", Instant.now());
    return StagingRecovery.underLock(wh, lockId, () -> {
      removeLeftovers(wh);
      List<Result> results = new ArrayList<>();
      for (LocalDate date : dates) {
        results.add(runDate(spark, wh, date, printer));
      }
      return results;
    });
  }

  private Result runDate(SparkSession spark, Warehouse wh, LocalDate date, Printer printer) {
    Instant started = Instant.now();
    String runId = RunIds.next("nightly", started);
    VeilleConfig config = settings.config();
    RunManifest manifest = new RunManifest(runId, date, started, settings.configFile().toAbsolutePath().toString(),
        settings.configSha256(), wh.root());
    // Rows written for this date carry this instant: the end of the night's date.
    Instant stampedAt = date.plusDays(1).atStartOfDay(settings.nightly().timezone()).toInstant();
    manifest.put("stamped_at", stampedAt.toString());
    PrintWriter out = printer.out();
    Progress.log("nightly", "%s: run %s", date, runId);
    try {
      ingest(spark, wh, date, config, manifest, printer);
      CrashPoints.reached("after:ingest");
      if (!wh.hasTable(Tables.POSTS)) {
        out.println("nothing to report: the warehouse " + wh.root() + " has no posts yet");
        for (String s : List.of("sentiment", "moderation", "themes", "signals", "report")) {
          manifest.stage(s, "skipped", 0, 0, 0, 0).put("reason", "no posts in the warehouse");
        }
        Progress.log("nightly", "%s: no posts in the warehouse, nothing else to do", date);
        String path = manifest.finish(wh, "succeeded", ExitCodes.OK, null).toString();
        out.println("manifest: " + path);
        out.flush();
        return new Result(runId, date, "succeeded", path, null, null);
      }
      sentiment(spark, date, config, stampedAt, manifest, printer);
      CrashPoints.reached("after:sentiment");
      moderation(spark, date, config, stampedAt, manifest, printer);
      CrashPoints.reached("after:moderation");
      themes(spark, date, config, stampedAt, manifest, out);
      CrashPoints.reached("after:themes");
      SignalsJob.Result alerts = signals(spark, date, config, stampedAt, manifest, printer);
      CrashPoints.reached("after:signals");
      out.println("warehouse: " + config.warehouse());
      out.println("  tables: posts/ engagement/ comments/ quarantine/ sentiment/ sentiment_links/"
          + " themes_assigned/ themes/ alerts/ moderation/ post_facts/ (Delta Lake tables)");
      out.println("  models: models/topics/ (theme models; CURRENT names the current version)");
      out.flush();
      ReportJob.Result report = report(spark, wh, date, config, stampedAt, manifest);
      CrashPoints.reached("after:report");
      String path = manifest.finish(wh, "succeeded", ExitCodes.OK, null).toString();
      CrashPoints.reached("after:manifest");
      movePointer(wh, date);
      out.println("manifest: " + path);
      printer.report(report);
      return new Result(runId, date, "succeeded", path, report, alerts);
    } catch (VeilleException e) {
      manifest.finish(wh, "failed", e.exitCode(), e.getMessage());
      throw e;
    } catch (RuntimeException | Error e) {
      manifest.finish(wh, "failed", ExitCodes.UNEXPECTED, String.valueOf(e));
      throw e;
    } finally {
      spark.sparkContext().clearJobGroup();
    }
  }

  private void ingest(SparkSession spark, Warehouse wh, LocalDate date, VeilleConfig config, RunManifest manifest,
      Printer printer) {
    long t0 = System.nanoTime();
    label(spark, date, "ingest", "new export files in the landing folders");
    List<SourceSpec> present = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (SourceSpec s : config.sources()) {
      Landing.Status status = Landing.status(s, wh.hadoop());
      if (status == Landing.Status.FILES) {
        present.add(s);
      } else {
        // "Does not exist" is how a typo in a path shows: say it apart from a quiet night.
        boolean exists = status == Landing.Status.EMPTY;
        empty.add(s.path() + (exists ? " (empty)" : " (does not exist)"));
        ObjectNode input = manifest.inputs().addObject();
        input.put("path", s.path());
        input.put("status", "no files");
        input.put("path_exists", exists);
      }
    }
    if (present.isEmpty()) {
      printer.out().println("ingest: nothing to ingest: no export file in " + String.join(", ", empty));
      printer.out().flush();
      manifest.stage("ingest", "skipped", seconds(t0), 0, 0, 0).put("reason", "no export file in the landing folders");
      Progress.log("nightly", "%s: ingest skipped: the landing folders are missing or empty", date);
      return;
    }
    for (String path : empty) {
      printer.out().println("  note: no export file in " + path + ": passed over");
    }
    IngestJob job = new IngestJob(config.withSources(present), false);
    job.validate();
    IngestResult r = job.run(spark);
    printer.ingest(r);
    for (IngestResult.FileCounts f : r.files()) {
      manifest.inputs().add(Json.MAPPER.valueToTree(f));
    }
    ObjectNode d = manifest.stage("ingest", "succeeded", seconds(t0), r.recordsIn(), r.recordsOk(),
        r.recordsQuarantined());
    d.put("ingest_run_id", r.runId());
    d.put("ingest_manifest", r.manifest());
    d.put("files_new", r.files().stream().filter(f -> !f.skipped()).count());
    d.put("files_skipped", r.files().stream().filter(IngestResult.FileCounts::skipped).count());
    d.put("duplicates_merged", r.duplicatesMerged());
    d.set("reject_reasons", Json.MAPPER.valueToTree(new java.util.TreeMap<>(r.rejectReasons())));
    d.set("table_rows", Json.MAPPER.valueToTree(new java.util.TreeMap<>(r.tableRows())));
    Progress.log("nightly", "%s: ingest done in %.1f s: %,d records in, %,d ok, %,d quarantined", date,
        seconds(t0), r.recordsIn(), r.recordsOk(), r.recordsQuarantined());
  }

  private void sentiment(SparkSession spark, LocalDate date, VeilleConfig config, Instant stampedAt,
      RunManifest manifest, Printer printer) {
    long t0 = System.nanoTime();
    label(spark, date, "sentiment", "score new texts");
    SentimentJob job = new SentimentJob(config, settings.sentiment(), stampedAt, true);
    job.validate();
    SentimentResult r = job.run(spark);
    printer.sentiment(r);
    manifest.version("sentiment_model", r.model_version());
    long unscored = r.reasons().values().stream().mapToLong(Long::longValue).sum();
    ObjectNode d = manifest.stage("sentiment", "succeeded", seconds(t0), r.texts() - r.already_scored(),
        r.scored(), 0);
    d.put("texts", r.texts());
    d.put("already_scored", r.already_scored());
    d.put("without_sentiment", unscored);
    d.put("links_written", r.links_written());
    d.set("reasons", Json.MAPPER.valueToTree(new java.util.TreeMap<>(r.reasons())));
    Progress.log("nightly", "%s: sentiment done in %.1f s: %,d new texts, %,d scored (%,d without sentiment)",
        date, seconds(t0), r.texts() - r.already_scored(), r.scored(), unscored);
  }

  private void themes(SparkSession spark, LocalDate date, VeilleConfig config, Instant stampedAt,
      RunManifest manifest, PrintWriter out) {
    long t0 = System.nanoTime();
    label(spark, date, "themes", "train if due, assign new posts");
    ThemesStage.Result r = ThemesStage.run(spark, config, settings.topics(),
        new ThemesStage.Rules(date, stampedAt, settings.nightly().lowConfidence(),
            settings.nightly().retrainLowConfidenceShare()), out);
    out.flush();
    if (r.skipped() != null) {
      manifest.stage("themes", "skipped", seconds(t0), 0, 0, 0).put("reason", r.skipped());
      Progress.log("nightly", "%s: themes skipped: %s", date, r.skipped());
      return;
    }
    manifest.version("theme_model", r.modelVersion());
    ObjectNode d = manifest.stage("themes", "succeeded", seconds(t0), r.postsToAssign(), r.assigned(), 0);
    d.put("model_version", r.modelVersion());
    d.put("trained", r.trainReason() != null);
    d.put("train_reason", r.trainReason());
    d.put("without_theme", r.withoutTheme());
    if (r.lowConfidenceShare() != null) {
      d.put("low_confidence_share", Math.round(r.lowConfidenceShare() * 10000) / 10000.0);
    } else {
      d.putNull("low_confidence_share");
    }
    d.put("low_confidence_window_posts", r.windowPosts());
    Progress.log("nightly", "%s: themes done in %.1f s with %s%s: %,d posts assigned", date, seconds(t0),
        r.modelVersion(), r.trainReason() != null ? " (trained)" : "", r.assigned());
  }

  private SignalsJob.Result signals(SparkSession spark, LocalDate date, VeilleConfig config, Instant stampedAt,
      RunManifest manifest, Printer printer) {
    long t0 = System.nanoTime();
    label(spark, date, "signals", "buzz, comment crises, emerging themes");
    SignalsJob job = new SignalsJob(config, settings.signals(), date, stampedAt, false);
    job.validate();
    SignalsJob.Result r = job.run(spark);
    printer.signals(r);
    long raised = r.raised().size();
    ObjectNode d = manifest.stage("signals", "succeeded", seconds(t0), 0, r.alerts().size(), 0);
    d.put("alerts", r.alerts().size());
    d.put("raised", raised);
    d.put("notified", r.notified());
    java.util.TreeMap<String, Long> bySeverity = new java.util.TreeMap<>();
    r.raised().forEach(a -> bySeverity.merge(a.severity().id(), 1L, Long::sum));
    d.set("raised_by_severity", Json.MAPPER.valueToTree(bySeverity));
    d.set("warnings", Json.MAPPER.valueToTree(r.warnings()));
    Progress.log("nightly", "%s: signals done in %.1f s: %d alerts, %d raised tonight%s", date, seconds(t0),
        r.alerts().size(), raised, r.warnings().isEmpty() ? "" : " (" + r.warnings().size() + " not notified)");
    return r;
  }

  private void moderation(SparkSession spark, LocalDate date, VeilleConfig config, Instant stampedAt,
      RunManifest manifest, Printer printer) {
    long t0 = System.nanoTime();
    label(spark, date, "moderation", "spam, toxic, questions and complaints among new comments");
    ModerationJob job = new ModerationJob(config, settings.moderation(), date, stampedAt, false);
    job.validate();
    ModerationJob.Result r = job.run(spark);
    printer.moderation(r);
    manifest.version("moderation_model", r.modelVersion());
    ObjectNode d = manifest.stage("moderation", "succeeded", seconds(t0), r.moderated(), r.moderated(), 0);
    d.put("looked", r.looked());
    d.put("brand_replies", r.brandReplies());
    d.put("in_waves", r.inWaves());
    d.set("by_action", Json.MAPPER.valueToTree(r.byAction()));
    d.set("by_label", Json.MAPPER.valueToTree(r.byLabel()));
    Progress.log("nightly", "%s: moderation done in %.1f s: %,d new comments, %s", date, seconds(t0), r.moderated(),
        r.byAction());
  }

  private ReportJob.Result report(SparkSession spark, Warehouse wh, LocalDate date, VeilleConfig config,
      Instant stampedAt, RunManifest manifest) {
    long t0 = System.nanoTime();
    label(spark, date, "report", "best times, top themes and the editorial calendar");
    ReportJob job = new ReportJob(config, settings.reports(), date, stampedAt).withCalendar(settings.calendar())
        .withModeration(settings.moderation());
    job.validate();
    ReportJob.Result r = job.run(spark);
    CrashPoints.reached("report:before-success");
    wh.writeTextAtomically(wh.path("reports/" + date + "/_SUCCESS"), "");
    ObjectNode d = manifest.stage("report", "succeeded", seconds(t0), r.posts(), r.posts(), 0);
    d.put("accounts", r.accounts());
    d.put("themes", r.themes());
    d.put("calendar_posts", r.calendarPosts());
    d.put("calendar_weeks", settings.calendar().weeks());
    d.put("report_dir", r.reportDir());
    // `veille report --as-of-run <run>` reads these versions again (Delta time travel).
    ObjectNode versions = d.putObject("table_versions");
    r.tableVersions().forEach(versions::put);
    manifest.put("report", r.html());
    Progress.log("nightly", "%s: report done in %.1f s: %,d posts, %d accounts, %d themes, %d posts planned"
        + " (calendar)", date, seconds(t0), r.posts(), r.accounts(), r.themes(), r.calendarPosts());
    return r;
  }

  /**
   * {@code reports/latest} names the newest date with a complete report (one line). It moves
   * forward only: a backfill of older dates leaves it alone. Written to a temporary file and
   * renamed, after the run's manifest.
   */
  static void movePointer(Warehouse wh, LocalDate date) {
    org.apache.hadoop.fs.Path pointer = wh.path("reports/latest");
    if (wh.exists(pointer)) {
      String current = wh.readText(pointer).strip();
      try {
        if (!current.isEmpty() && LocalDate.parse(current).isAfter(date)) {
          return;
        }
      } catch (java.time.format.DateTimeParseException e) {
        // An unreadable pointer is replaced by a good one.
      }
    }
    wh.writeTextAtomically(pointer, date + "\n");
  }

  /**
   * What killed runs leave behind, removed under the lock (no other run can be writing):
   * half-written report folders. Half-published tables are made whole by {@link StagingRecovery}
   * and the stages' merges; an interrupted training is redone by {@link ThemesStage}.
   */
  static void removeLeftovers(Warehouse wh) {
    org.apache.hadoop.fs.Path reports = wh.path("reports");
    try {
      if (wh.exists(reports)) {
        for (FileStatus f : wh.fs().listStatus(reports)) {
          if (f.getPath().getName().startsWith("._tmp-")) {
            Progress.log("nightly", "removing %s, left by an interrupted run", f.getPath());
            wh.fs().delete(f.getPath(), true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up " + reports, e);
    }
  }

  /** Labels the stage's Spark jobs in the UI (job group and description). */
  private static void label(SparkSession spark, LocalDate date, String stage, String what) {
    String text = "veille nightly " + date + ": " + stage + " (" + what + ")";
    spark.sparkContext().setJobGroup("veille-nightly-" + date + "-" + stage, text, false);
    spark.sparkContext().setJobDescription(text);
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
