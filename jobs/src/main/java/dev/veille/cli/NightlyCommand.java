package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.common.alerts.Severity;
import dev.veille.ingest.IngestResult;
import dev.veille.nightly.NightlyJob;
import dev.veille.nightly.RunDates;
import dev.veille.reports.ReportJob;
import dev.veille.sentiment.SentimentResult;
import dev.veille.signals.SignalsJob;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code veille nightly}: the command schedulers run (see {@link NightlyJob}). Everything in the
 * config and the options is validated before the lock is taken or Spark starts.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Runs every stage for a date, as if run that night.",
        "Ingest (new export files in the landing folders), sentiment (new texts), moderation (new comments,"
            + " and the queue of comments to act on), themes (retrained when due, new posts assigned), signals"
            + " (alerts) and the report of the date. Holds the warehouse lock; ends by printing the path of"
            + " report.html.",
        "Rerunning a date changes nothing; a run killed anywhere is completed by the next."})
public final class NightlyCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @CommandLine.Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "Run date (default: yesterday in nightly.timezone, else default_timezone).")
  String date;

  @CommandLine.Option(names = "--from", paramLabel = "YYYY-MM-DD",
      description = "Backfill: first date of an inclusive range (with --to); dates run oldest first.")
  String from;

  @CommandLine.Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Backfill: last date (with --from).")
  String to;

  @CommandLine.Option(names = "--fail-on-alert", paramLabel = "LEVEL",
      description = "Exit with 5 (after every stage has published) when an alert at or above LEVEL (warning or"
          + " critical) was raised (new or worsened) for a date of the run.")
  String failOnAlert;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (options.config == null) {
      throw new ConfigException("Missing --config (expected the Veille config file that lists the sources)");
    }
    Severity level = SignalsCommand.failLevel(failOnAlert);
    VeilleConfig config = options.load();
    NightlyJob.Settings settings = NightlyJob.Settings.of(options.file(), config);
    List<LocalDate> dates = RunDates.resolve(date, from, to, settings.nightly(), Clock.systemUTC());
    NightlyJob job = new NightlyJob(settings, dates);
    job.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille nightly");
    PrintWriter out = spec.commandLine().getOut();
    List<NightlyJob.Result> results = job.run(spark, new NightlyJob.Printer() {
      @Override
      public void ingest(IngestResult result) {
        IngestCommand.print(result, out, false);
      }

      @Override
      public void sentiment(SentimentResult result) {
        SentimentCommand.print(result, out, false);
      }

      @Override
      public void signals(SignalsJob.Result result) {
        SignalsCommand.print(result, out);
      }

      @Override
      public void moderation(dev.veille.moderation.ModerationJob.Result result) {
        ModerateCommand.print(result, out);
      }

      @Override
      public void report(ReportJob.Result result) {
        ReportCommand.print(result, out);
      }

      @Override
      public PrintWriter out() {
        return out;
      }
    });
    for (NightlyJob.Result r : results) {
      if (r.signals() != null && SignalsCommand.exitCode(r.signals(), level) != 0) {
        return SignalsCommand.exitCode(r.signals(), level);
      }
    }
    return 0;
  }
}
