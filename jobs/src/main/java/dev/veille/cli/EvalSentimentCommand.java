package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.Json;
import dev.veille.common.SparkSessions;
import dev.veille.sentiment.SentimentEval;
import dev.veille.sentiment.SentimentSettings;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sentiment", mixinStandardHelpOptions = true,
    description = {"Scores a labelled TSV as `veille sentiment` would and prints one JSON line of metrics.",
        "The TSV has a header with label and text (label 0 negative, 1 neutral, 2 positive). Metrics:"
            + " coverage, languages, accuracy, macro recall, macro F1, F1-PN, confusion (rows gold),"
            + " and CoreNLP's own uncalibrated answer on the same texts. `tiers` has both tiers (full and"
            + " lexical) on the same texts, before and after the prior-shift correction (EM)."})
final class EvalSentimentCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE.tsv", description = "The labelled file.")
  Path input;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Only the first N texts (default: all).")
  int limit;

  @Option(names = "--exclude", paramLabel = "FILE.tsv",
      description = "Leave out the texts of --input that this file has too (e.g. the training file).")
  Path exclude;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Read the sentiment: section of this config.")
  Path config;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 0) {
      throw new ConfigException("Invalid --limit: " + limit + " (expected 0 for all, or a positive number)");
    }
    SentimentSettings settings = SentimentSettings.from(ConfigFile.readIfGiven(config).section("sentiment"));
    var result = SentimentEval.run(SparkSessions.getOrCreate("veille eval sentiment"), input, limit, settings,
        exclude);
    spec.commandLine().getOut().println(Json.line(result));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
