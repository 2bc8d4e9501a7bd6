package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestJob;
import dev.veille.ingest.IngestResult;
import dev.veille.sentiment.SentimentJob;
import dev.veille.sentiment.SentimentSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import org.apache.spark.sql.SparkSession;

/**
 * Runs every stage Veille has, in order, for the configured sources: ingest, then sentiment
 * (only texts not scored before); themes and reports join as they land.
 */
@Command(name = "nightly", mixinStandardHelpOptions = true,
    description = {"Runs every pipeline stage on the config's sources and prints where the outputs are.",
        "Stages today: ingest (files already ingested are skipped), then sentiment (only new texts are scored),",
        "so reruns are cheap."})
public final class NightlyCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (options.config == null) {
      throw new ConfigException("Missing --config (expected the Veille config file that lists the sources)");
    }
    VeilleConfig config = options.load();
    IngestJob ingest = new IngestJob(config, false);
    ingest.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille nightly");
    IngestResult result = ingest.run(spark);
    PrintWriter out = spec.commandLine().getOut();
    IngestCommand.print(result, out, false);
    SentimentJob sentiment = new SentimentJob(config, SentimentSettings.load(options.config));
    sentiment.validate();
    SentimentCommand.print(sentiment.run(spark), out, false);
    out.println("warehouse: " + config.warehouse());
    out.println("  tables: posts/ engagement/ comments/ quarantine/ sentiment/ sentiment_links/ (Parquet)");
    out.flush();
    return 0;
  }
}
