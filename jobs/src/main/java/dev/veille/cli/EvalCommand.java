package dev.veille.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code veille eval ...}: model evaluations on labelled files, one JSON line each. Each model
 * brings its own subcommand class.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Evaluations on labelled files or planted data: each prints one JSON line of metrics.",
    subcommands = {EvalSentimentCommand.class, EvalTopicsCommand.class, EvalSignalsCommand.class,
        EvalModerationCommand.class})
public final class EvalCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing evaluation (sentiment, topics, signals or moderation)");
  }
}
