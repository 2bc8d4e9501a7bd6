package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestJob;
import dev.veille.ingest.IngestResult;
import dev.veille.reports.ReportSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * Runs every stage Veille has, in order, for the configured sources. Today that is ingest;
 * sentiment, themes and reports join as they land.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Runs every pipeline stage on the config's sources and prints where the outputs are.",
        "Stages today: ingest (files already ingested are skipped, so reruns are cheap), then report.",
        "Ends by printing the path of the report.html it made."})
public final class NightlyCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @CommandLine.Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "Report date (default: today, UTC).")
  String date;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (options.config == null) {
      throw new ConfigException("Missing --config (expected the Veille config file that lists the sources)");
    }
    VeilleConfig config = options.load();
    // Checked before any work, so a bad --date or reports: section fails fast (exit 2).
    java.time.LocalDate reportDate = ReportCommand.parseDate(date);
    ReportSettings reportSettings = ReportSettings.load(options.config);
    IngestJob ingest = new IngestJob(config, false);
    ingest.validate();
    IngestResult result = ingest.run(SparkSessions.getOrCreate("veille nightly"));
    PrintWriter out = spec.commandLine().getOut();
    IngestCommand.print(result, out, false);
    out.println("warehouse: " + config.warehouse());
    out.println("  tables: posts/ engagement/ comments/ quarantine/ (Parquet)");
    out.flush();
    // Reports last: the command ends by printing the path of report.html.
    ReportCommand.print(ReportCommand.run(config, reportSettings, reportDate), out);
    return 0;
  }
}
