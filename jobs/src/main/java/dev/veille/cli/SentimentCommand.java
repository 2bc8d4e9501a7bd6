package dev.veille.cli;

import dev.veille.common.Json;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.sentiment.SentimentJob;
import dev.veille.sentiment.SentimentResult;
import dev.veille.sentiment.SentimentSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sentiment", mixinStandardHelpOptions = true,
    description = {"Scores the sentiment of the post and comment texts not scored yet.",
        "Stanford CoreNLP, calibrated; writes the sentiment and sentiment_links tables. Texts in"
            + " languages the model cannot read get a null sentiment with the reason. Holds the"
            + " warehouse lock."})
public final class SentimentCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--json", description = "Print the result as one JSON line instead of text.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    VeilleConfig config = options.load();
    SentimentSettings settings = SentimentSettings.from(options.file().section("sentiment"));
    SentimentJob job = new SentimentJob(config, settings);
    job.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille sentiment");
    SentimentResult result = WarehouseWrites.run(spark, config, "sentiment", () -> job.run(spark));
    print(result, spec.commandLine().getOut(), json);
    return 0;
  }

  static void print(SentimentResult r, PrintWriter out, boolean json) {
    if (json) {
      out.println(Json.line(r));
      out.flush();
      return;
    }
    r.coverage().forEach((lang, c) -> out.printf("  %-8s %,9d texts %,9d with sentiment (%.1f%%)%n", lang,
        c.texts(), c.with_sentiment(), 100 * c.ratio()));
    if (!r.reasons().isEmpty()) {
      out.println("  null sentiment reasons: " + r.reasons());
    }
    out.printf("texts=%d already_scored=%d scored=%d links_written=%d model=%s%n", r.texts(), r.already_scored(),
        r.scored(), r.links_written(), r.model_version());
    out.flush();
  }
}
