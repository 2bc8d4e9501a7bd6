package dev.veille.cli;

import dev.veille.moderation.ModerationEval;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "moderation", mixinStandardHelpOptions = true,
    description = {"Moderates a labelled file as `veille moderate` would and prints one JSON line of metrics.",
        "A TSV with a header holding label (spam, toxic or ok) and text, or a YouTube Spam Collection CSV"
            + " (CONTENT, CLASS). The positive class is the file's non-ok label. Metrics: n, positive, precision,"
            + " recall, f1, macro_f1, hide_precision (share of the comments it would hide whose label is not"
            + " ok), hide_share, confusion (rows gold), docs_per_s. Scores with the shipped model: on the"
            + " files it was trained on, see models/moderation/MODEL_CARD.md for cross-validated numbers."})
final class EvalModerationCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE.tsv", description = "The labelled file.")
  Path input;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return BenchCommand.print(spec, ModerationEval.run(input));
  }
}
