package dev.veille.reports;

import dev.veille.analytics.ReportSettings;
import dev.veille.calendar.Calendar;
import dev.veille.calendar.CalendarFiles;
import dev.veille.calendar.CalendarPlanner;
import dev.veille.calendar.CalendarSettings;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.VeilleConfig;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.AlertsFiles;
import dev.veille.common.warehouse.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code veille calendar}: the editorial calendar of the weeks after a date, computed as the
 * report computes it (the same posts, lifts, slots and themes, the date's alerts from the
 * {@code alerts} table) and written to {@code <warehouse>/reports/<date>/calendar.json},
 * {@code calendar.ics} and {@code calendar.csv}, each file replaced atomically. The nightly's
 * report stage writes the same files (and the "Next week" section of report.html) without this job.
 * Part of the report stage: it reads the report's inputs ({@link ReportJob#inputs}); the plan itself
 * is the calendar library's ({@link CalendarPlanner}).
 *
 * <p>Reads {@code posts} (and {@code engagement}, {@code themes_assigned}, {@code themes},
 * {@code sentiment} when present, as the report does) and {@code alerts}; writes no table.
 */
public final class CalendarJob implements Job<CalendarJob.Result> {

  /** What a run wrote: the folder, the planned posts, the accounts with a plan and without one. */
  public record Result(String dir, int posts, int accounts, int accountsWithoutPlan, List<String> files) {}

  private final VeilleConfig config;
  private final ReportSettings report;
  private final CalendarSettings settings;
  private final LocalDate date;
  private final Instant stampedAt;

  public CalendarJob(VeilleConfig config, ReportSettings report, CalendarSettings settings, LocalDate date,
      Instant stampedAt) {
    this.config = config;
    this.report = report;
    this.settings = settings;
    this.date = date;
    this.stampedAt = stampedAt;
  }

  @Override
  public void validate() {
    new ReportJob(config, report, date, stampedAt).validate();
    settings.checkAccounts(config.accounts());
  }

  @Override
  public Result run(SparkSession spark) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    ReportJob.Inputs in = new ReportJob(config, report, date, stampedAt).inputs(spark, wh);
    List<Alert> alerts = AlertsFiles.ofDate(spark, wh, date);
    Progress.log("calendar", "planning the %d week(s) after %s for %d accounts", settings.weeks(), date,
        in.data().accounts().size());
    Calendar c = withReuseTexts(spark, wh, CalendarPlanner.plan(in.data(), in.posts(), in.lifts(),
        in.themeOf(), alerts, settings, stampedAt));
    Path dir = wh.path("reports/" + date);
    Map<String, String> files = new java.util.LinkedHashMap<>();
    files.put("calendar.json", CalendarFiles.json(c));
    files.put("calendar.ics", CalendarFiles.ics(c));
    files.put("calendar.csv", CalendarFiles.csv(c));
    files.forEach((name, text) -> wh.writeTextAtomically(new Path(dir, name), text));
    Path qualified = wh.fs().makeQualified(dir);
    String where = "file".equals(qualified.toUri().getScheme()) ? qualified.toUri().getPath() : qualified.toString();
    Progress.log("calendar", "wrote %d planned posts to %s", c.slotCount(), where);
    int without = (int) c.accounts().stream().filter(a -> a.slots().isEmpty()).count();
    return new Result(where, c.slotCount(), c.accounts().size(), without,
        files.keySet().stream().map(f -> where + "/" + f).toList());
  }

  /** The calendar with its reuse suggestions' url and text read from {@code posts} (only those posts). */
  public static Calendar withReuseTexts(SparkSession spark, Warehouse wh, Calendar c) {
    List<String> keys = c.reuseKeys();
    if (keys.isEmpty()) {
      return c;
    }
    Map<String, String[]> texts = ReportJob.postTexts(spark, wh, keys);
    return c.withReuseTexts(texts);
  }
}
