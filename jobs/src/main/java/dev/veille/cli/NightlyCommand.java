package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestResult;
import dev.veille.nightly.NightlyJob;
import dev.veille.nightly.RunDates;
import dev.veille.reports.ReportJob;
import dev.veille.sentiment.SentimentResult;
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
        "Ingest (new export files in the landing folders), sentiment (new texts), themes (retrained"
            + " when due, new posts assigned), and the report of the date. Holds the warehouse lock;"
            + " ends by printing the path of report.html.",
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

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (options.config == null) {
      throw new ConfigException("Missing --config (expected the Veille config file that lists the sources)");
    }
    VeilleConfig config = options.load();
    NightlyJob.Settings settings = NightlyJob.Settings.load(options.config, config);
    List<LocalDate> dates = RunDates.resolve(date, from, to, settings.nightly(), Clock.systemUTC());
    NightlyJob job = new NightlyJob(settings, dates);
    job.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille nightly");
    PrintWriter out = spec.commandLine().getOut();
    job.run(spark, new NightlyJob.Printer() {
      @Override
      public void ingest(IngestResult result) {
        IngestCommand.print(result, out, false);
      }

      @Override
      public void sentiment(SentimentResult result) {
        SentimentCommand.print(result, out, false);
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
    return 0;
  }
}
