package dev.veille.cli;

import dev.veille.bench.SignalsEvaluation;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.SparkSessions;
import dev.veille.signals.SignalsSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "signals", mixinStandardHelpOptions = true,
    description = {"Runs the signals on generated samples with planted events and prints one JSON line.",
        "Per seed: a sample (buzz post, delivery crisis, launch hashtag, happy comment surge), the real nightly"
            + " (CoreNLP sentiment included), then the detectors night after night. Prints recall of the planted"
            + " events and false alerts (raised, warning or above) per 100 account-nights; misses and false alerts"
            + " are listed."})
final class EvalSignalsCommand implements Callable<Integer> {
  @Option(names = "--seeds", paramLabel = "S,S,...", split = ",", defaultValue = "1,2,3,4,5",
      description = "Generator seeds (default: 1,2,3,4,5).")
  List<Long> seeds = new ArrayList<>();

  @Option(names = "--posts", paramLabel = "N", defaultValue = "3000", description = "Posts per sample (default: 3000).")
  int posts;

  @Option(names = "--nights", paramLabel = "N", defaultValue = "21",
      description = "Nights evaluated, ending on the export date (default: 21).")
  int nights;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Read the signals: section of this config.")
  Path config;

  @Option(names = "--work", paramLabel = "DIR", description = "Keep the samples and warehouses here (default: a"
      + " temporary folder, deleted after).")
  Path work;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (work != null && Files.isDirectory(work)) {
      try (var s = Files.list(work)) {
        if (s.findAny().isPresent()) {
          throw new ConfigException("Invalid --work: " + work + " is not empty (expected a new or empty folder)");
        }
      }
    }
    SignalsSettings settings = config == null ? SignalsSettings.DEFAULTS
        : SignalsSettings.from(ConfigFile.read(config).section("signals"));
    SignalsEvaluation eval = new SignalsEvaluation(seeds, posts, nights, settings, work);
    eval.validate();
    SignalsEvaluation.Result r = eval.run(SparkSessions.getOrCreate("veille eval signals"));
    spec.commandLine().getOut().println(SignalsEvaluation.line(r));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
