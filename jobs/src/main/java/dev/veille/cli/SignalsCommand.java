package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.ExitCodes;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import dev.veille.nightly.NightlySettings;
import dev.veille.signals.SignalsJob;
import dev.veille.signals.SignalsSettings;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "signals", mixinStandardHelpOptions = true,
    description = {"Raises the early signals of a date: buzz posts, comment crises and emerging themes.",
        "Writes the alerts table and <warehouse>/reports/<date>/alerts.json and alerts.csv; notifies"
            + " signals.notify.webhook_url (or VEILLE_ALERT_WEBHOOK) of the alerts raised tonight."
            + " Holds the warehouse lock."})
public final class SignalsCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "Night to look at (default: yesterday in nightly.timezone, else default_timezone).")
  String date;

  @Option(names = "--fail-on-alert", paramLabel = "LEVEL",
      description = "Exit with 5 (after publishing everything) when an alert at or above LEVEL (warning or"
          + " critical) was raised (new or worsened) for the date.")
  String failOnAlert;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Severity level = failLevel(failOnAlert);
    VeilleConfig config = options.load();
    ConfigFile file = options.file();
    NightlySettings nightly = NightlySettings.from(file.section("nightly"), config.defaultTimezone());
    LocalDate d = date == null ? LocalDate.now(nightly.timezone()).minusDays(1) : ReportCommand.parseDate(date);
    // The same cutoff the nightly stamps the date with: the start of the next day in nightly.timezone.
    Instant cutoff = d.plusDays(1).atStartOfDay(nightly.timezone()).toInstant();
    SignalsJob job = new SignalsJob(config, SignalsSettings.from(file.section("signals")), d, cutoff, true);
    job.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille signals");
    SignalsJob.Result r = WarehouseWrites.run(spark, config, "signals", () -> job.run(spark));
    PrintWriter out = spec.commandLine().getOut();
    print(r, out);
    out.println("alerts: " + r.files());
    out.flush();
    return exitCode(r, level);
  }

  /** {@code --fail-on-alert}'s level, or null when not given. */
  static Severity failLevel(String text) {
    if (text == null) {
      return null;
    }
    Severity s = Severity.parse(text).orElse(null);
    if (s == null || s == Severity.INFO) {
      throw new ConfigException("Invalid --fail-on-alert: " + text + " (expected warning or critical)");
    }
    return s;
  }

  static int exitCode(SignalsJob.Result r, Severity level) {
    return level != null && r.raisedAtLeast(level) ? ExitCodes.ALERTS : ExitCodes.OK;
  }

  /** One summary line, then one line per alert, raised ones first. */
  static void print(SignalsJob.Result r, PrintWriter out) {
    TreeMap<String, Long> bySeverity = new TreeMap<>();
    r.raised().forEach(a -> bySeverity.merge(a.severity().id(), 1L, Long::sum));
    out.printf("alerts=%d raised=%d %s%n", r.alerts().size(), r.raised().size(),
        bySeverity.isEmpty() ? "" : bySeverity.toString().replace(", ", " ").replaceAll("[{}]", ""));
    for (Alert a : r.alerts()) {
      out.printf("  %-8s %-8s %-14s %s%n", a.severity().id(), a.status(), a.kind(), a.message());
    }
    for (String w : r.warnings()) {
      out.println("  warning: " + w);
    }
    out.flush();
  }
}
