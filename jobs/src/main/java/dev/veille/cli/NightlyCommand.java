package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.SparkSessions;
import dev.veille.common.Warehouse;
import dev.veille.common.WarehouseLock;
import org.apache.spark.sql.SparkSession;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestJob;
import dev.veille.ingest.IngestResult;
import dev.veille.reports.ReportSettings;
import dev.veille.sentiment.SentimentJob;
import dev.veille.sentiment.SentimentSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.apache.spark.sql.SparkSession;

/**
 * Runs every stage Veille has, in order, for the configured sources, holding the warehouse lock
 * throughout: ingest, sentiment (only texts not scored before), themes, then the report.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Runs every pipeline stage on the config's sources and prints where the outputs are.",
        "Stages: ingest (files already ingested are skipped, so reruns are cheap), sentiment (only new",
        "texts are scored), themes (a model is trained when none exists, then new posts are assigned",
        "their theme), then the report. Ends by printing the path of the report.html it made."})
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
    SparkSession spark = SparkSessions.getOrCreate("veille nightly");
    PrintWriter out = spec.commandLine().getOut();
    SentimentJob sentiment = new SentimentJob(config, SentimentSettings.load(options.config));
    sentiment.validate();
    try (WarehouseLock lock = WarehouseLock.acquire(Warehouse.of(spark, config.warehouse()), "nightly")) {
      IngestResult result = ingest.run(spark);
      IngestCommand.print(result, out, false);
      SentimentCommand.print(sentiment.run(spark), out, false);
      // Themes: train when no model exists (or it is older than topics.retrain_days), then assign.
      dev.veille.topics.ThemesStage.run(spark, config, dev.veille.topics.TopicsConfig.load(options.config), out);
      out.println("warehouse: " + config.warehouse());
      out.println("  tables: posts/ engagement/ comments/ quarantine/ sentiment/ sentiment_links/"
          + " themes_assigned/ themes/ (Parquet)");
      out.println("  models: models/topics/ (theme models; CURRENT names the current version)");
      out.flush();
      // Reports last: the command ends by printing the path of report.html.
      ReportCommand.print(ReportCommand.run(config, reportSettings, reportDate), out);
    }
    return 0;
  }
}
