package dev.veille.cli;

import dev.veille.analytics.ReportSettings;
import dev.veille.calendar.CalendarSettings;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.nightly.NightlySettings;
import dev.veille.reports.CalendarJob;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "calendar", mixinStandardHelpOptions = true,
    description = {"Plans the editorial calendar of the weeks after a date: per account, when to post (recommended"
        + " slots, some worth testing), which theme, which format, and past posts to reuse.",
        "Writes <warehouse>/reports/<date>/calendar.json, calendar.ics and calendar.csv (the nightly's report"
            + " stage writes the same files). Holds the warehouse lock."})
public final class CalendarCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "Report date; the plan starts the day after (default: today, UTC).")
  String date;

  @Option(names = "--weeks", paramLabel = "N",
      description = "Weeks to plan, 1 to " + CalendarSettings.MAX_WEEKS + " (default: calendar.weeks, else 1).")
  Integer weeks;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (weeks != null && (weeks < 1 || weeks > CalendarSettings.MAX_WEEKS)) {
      throw new ConfigException("Invalid --weeks: " + weeks + " (expected 1 to " + CalendarSettings.MAX_WEEKS + ")");
    }
    VeilleConfig config = options.load();
    LocalDate d = ReportCommand.parseDate(date);
    ConfigFile file = options.file();
    CalendarSettings settings = CalendarSettings.from(file.section("calendar"));
    if (weeks != null) {
      settings = settings.withWeeks(weeks);
    }
    // The night's instant, as the nightly stamps the date: the .ics DTSTAMP, the same on every rerun.
    java.time.ZoneId zone = NightlySettings.from(file.section("nightly"), config.defaultTimezone()).timezone();
    Instant stampedAt = d.plusDays(1).atStartOfDay(zone).toInstant();
    CalendarJob job = new CalendarJob(config, ReportSettings.from(file.section("reports")), settings, d, stampedAt);
    job.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille calendar");
    CalendarJob.Result r = WarehouseWrites.run(spark, config, "calendar", () -> job.run(spark));
    PrintWriter out = spec.commandLine().getOut();
    out.printf("calendar_posts=%d accounts=%d without_plan=%d%n", r.posts(), r.accounts(), r.accountsWithoutPlan());
    r.files().forEach(f -> out.println("calendar: " + f));
    out.flush();
    return 0;
  }
}
