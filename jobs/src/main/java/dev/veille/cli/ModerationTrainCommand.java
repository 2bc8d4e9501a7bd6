package dev.veille.cli;

import dev.veille.common.SparkSessions;
import dev.veille.moderation.ModerationTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "moderation-train", mixinStandardHelpOptions = true,
    description = {"Trains the moderation model (spam and toxic logistic regressions) and cross-validates it.",
        "Reads the labelled files of the shared moderation folder (YouTube spam CSVs, Davidson, ToxiFrench,"
            + " MLMA TSVs: text and label only, never dates), writes model.json, spam_weights.tsv,"
            + " toxic_weights.tsv and cv.json to --out, and prints cv.json's numbers as one JSON line."
            + " Rebuild the jar afterwards (mvn package) to ship the new model."})
final class ModerationTrainCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "The shared moderation folder (../shared/data/moderation).")
  Path data;

  @Option(names = "--out", defaultValue = "models/moderation", paramLabel = "DIR",
      description = "Where the model goes (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--reg", defaultValue = "0.0003", paramLabel = "LAMBDA",
      description = "L2 regularisation of both regressions (default: ${DEFAULT-VALUE}).")
  double reg;

  @Option(names = "--toxic-files", split = ",", paramLabel = "FILE",
      description = "The toxic task's files under --data (default: davidson_dev.tsv, french_dev.tsv,"
          + " french_mlma_dev.tsv).")
  java.util.List<String> toxicFiles;

  @Option(names = "--quick", description = "Only the toxic task's k-fold numbers; nothing written (to compare settings).")
  boolean quick;

  @Option(names = "--french-groups", defaultValue = "7", paramLabel = "MASK",
      description = "The French head's feature groups: 1 n-grams across words, 2 lexicon counts, 4 shape"
          + " (default: ${DEFAULT-VALUE}, all).")
  int frenchGroups;

  @Option(names = "--mlma", defaultValue = "strict", paramLabel = "MODE",
      description = "How MLMA's French tweets join the French head's training: strict, default or none"
          + " (default: ${DEFAULT-VALUE}).")
  String mlma;

  @Option(names = "--french-only", description = "Only the French head's nested cross-validation; nothing written.")
  boolean frenchOnly;

  @Option(names = "--french-ablation", description = "The French head's feature groups and MLMA modes compared"
      + " (regularisation 1e-3, threshold 0.5); nothing written.")
  boolean frenchAblation;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ModerationTrainer t = new ModerationTrainer(data, out, reg,
        toxicFiles == null ? dev.veille.moderation.ModerationTrainer.TOXIC_FILES : toxicFiles, quick,
        new dev.veille.moderation.ModerationTrainer.French(frenchGroups, mlma,
            dev.veille.moderation.ModerationTrainer.French.DEFAULTS.regs(), frenchOnly));
    t.validate();
    if (frenchAblation) {
      return BenchCommand.print(spec, t.frenchAblation(SparkSessions.getOrCreate("veille moderation-train")));
    }
    return BenchCommand.print(spec, t.run(SparkSessions.getOrCreate("veille moderation-train")));
  }
}
