package dev.veille.cli;

import dev.veille.analytics.ReportSettings;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.reports.ReportJob;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = {"Writes the best-time-to-post and top-themes report for a date.",
        "Into <warehouse>/reports/<date>/: report.html, best_times.json/.csv, top_themes.json/.csv, alerts.json/.csv,"
            + " calendar.json/.ics/.csv (the calendar: section)"
            + " and Parquet tables. Holds the warehouse lock. Prints the path of report.html last."})
public final class ReportCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Report date (default: today, UTC).")
  String date;

  @Option(names = "--as-of-run", paramLabel = "RUN_ID",
      description = {"Reproduces the report of that nightly run: reads each table at the Delta version the run's"
          + " manifest recorded (_runs/RUN_ID/manifest.json), for the run's date unless --date is given.",
          "Rewrites that date's report folder."})
  String asOfRun;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    VeilleConfig config = options.load();
    java.util.Map<String, Long> versions = java.util.Map.of();
    if (asOfRun != null) {
      com.fasterxml.jackson.databind.JsonNode manifest = runManifest(config, asOfRun);
      versions = reportVersions(manifest, asOfRun);
      if (date == null) {
        date = manifest.path("date").asText();
      }
    }
    LocalDate d = parseDate(date);
    // alerts.json's generated_at is the night's instant, as the nightly and `veille signals` stamp it.
    ConfigFile file = options.file();
    java.time.ZoneId zone = dev.veille.nightly.NightlySettings.from(file.section("nightly"), config.defaultTimezone())
        .timezone();
    dev.veille.calendar.CalendarSettings calendar = dev.veille.calendar.CalendarSettings.from(file.section("calendar"));
    calendar.checkAccounts(config.accounts());
    ReportJob.Result r = run(config, ReportSettings.from(file.section("reports")), calendar,
        dev.veille.moderation.ModerationSettings.from(file.section("moderation")), d,
        d.plusDays(1).atStartOfDay(zone).toInstant(), versions);
    print(r, spec.commandLine().getOut());
    return 0;
  }

  static ReportJob.Result run(VeilleConfig config, ReportSettings settings,
      dev.veille.calendar.CalendarSettings calendar, dev.veille.moderation.ModerationSettings moderation,
      LocalDate date, java.time.Instant stampedAt, java.util.Map<String, Long> asOf) {
    ReportJob job = new ReportJob(config, settings, date, stampedAt).withCalendar(calendar).withModeration(moderation)
        .asOf(asOf);
    job.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille report");
    return WarehouseWrites.run(spark, config, "report", () -> job.run(spark));
  }

  private static com.fasterxml.jackson.databind.JsonNode runManifest(VeilleConfig config, String runId) {
    SparkSession spark = SparkSessions.getOrCreate("veille report");
    dev.veille.common.warehouse.Warehouse wh = dev.veille.common.warehouse.Warehouse.of(spark, config.warehouse());
    org.apache.hadoop.fs.Path p = wh.manifest(runId);
    if (!wh.exists(p)) {
      throw new dev.veille.common.ConfigException("Invalid --as-of-run: " + runId + " (no manifest at " + p
          + "; `ls " + wh.path("_runs") + "` lists the runs)");
    }
    try {
      return dev.veille.common.Json.MAPPER.readTree(wh.readText(p));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new dev.veille.common.ConfigException("Invalid --as-of-run: " + runId + " (" + p + " is not JSON: "
          + e.getOriginalMessage() + ")");
    }
  }

  /** The table versions a run's report stage recorded. */
  static java.util.Map<String, Long> reportVersions(com.fasterxml.jackson.databind.JsonNode manifest, String runId) {
    for (com.fasterxml.jackson.databind.JsonNode stage : manifest.path("stages")) {
      if (stage.path("stage").asText().equals("report") && stage.path("table_versions").isObject()) {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        stage.path("table_versions").fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
      }
    }
    throw new dev.veille.common.ConfigException("Invalid --as-of-run: " + runId
        + " (its manifest records no table versions: the run made no report, or was made before Delta Lake)");
  }

  static LocalDate parseDate(String text) {
    if (text == null) {
      return LocalDate.now(ZoneOffset.UTC);
    }
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException("Invalid --date: " + text + " (expected YYYY-MM-DD such as 2026-11-28)");
    }
  }

  static void print(ReportJob.Result r, PrintWriter out) {
    out.printf("report_posts=%d accounts=%d themes=%d%n", r.posts(), r.accounts(), r.themes());
    out.println("report dir: " + r.reportDir());
    out.println("calendar: " + r.reportDir() + "/calendar.ics (" + r.calendarPosts() + " posts planned)");
    out.println("report: " + r.html());
    out.flush();
  }
}
