package dev.veille.cli;

import dev.veille.common.ExitCodes;
import dev.veille.common.Progress;
import dev.veille.common.VeilleException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code veille}: the command line. Locally, bin/veille runs it with {@code spark.master=local[*]};
 * on a cluster, {@code spark-submit --class dev.veille.cli.VeilleCommand veille.jar <command> ...}.
 * Exit codes: 0 ok, 1 unexpected failure, 2 usage or configuration error, 3 data-quality gate
 * failed, 4 another run holds the lock, 5 an alert at or above --fail-on-alert's level was raised.
 */
@Command(name = "veille", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Batch analytics and trend mining for community managers, on Apache Spark.",
    subcommands = {IngestCommand.class, GenerateCommand.class, NightlyCommand.class,
        SentimentCommand.class, TopicsCommand.class, SignalsCommand.class, ModerateCommand.class, ReportCommand.class,
        CalendarCommand.class, SqlCommand.class, TablesCommand.class, MigrateCommand.class, ModerationTrainCommand.class,
        EvalCommand.class,
        BenchCommand.class, PresetsCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:unexpected failure (a bug: please report it with the stack trace)",
        "2:usage or configuration error",
        "3:data-quality gate failed (too many bad records in a file)",
        "4:another run holds the warehouse lock",
        "5:an alert at or above --fail-on-alert's level was raised (nightly, signals; everything is published)"})
public final class VeilleCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI with the given streams; returns the exit code (tests call this). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = commandLine(out, err);
    return cli.execute(args);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new VeilleCommand());
    cli.setOut(out);
    cli.setErr(err);
    // A usage error is one line like every other failure (plus picocli's "did you mean"), and a
    // pointer to the help rather than the whole usage text.
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine failed = e.getCommandLine();
      err.println("veille: " + e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("See '" + failed.getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return failed.getCommandSpec().exitCodeOnInvalidInput();
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof VeilleException v) {
        err.println("veille: " + v.getMessage());
        err.flush();
        return v.exitCode();
      }
      err.println("veille: unexpected failure: " + e + " (a bug: the stack trace follows)");
      e.printStackTrace(err);
      err.flush();
      return ExitCodes.UNEXPECTED;
    });
    Progress.redirect(new java.io.PrintStream(new WriterOutputStream(err), true));
    return cli;
  }

  /** Bridges progress lines (a PrintStream) onto the CLI's error writer. */
  private static final class WriterOutputStream extends java.io.OutputStream {
    private final PrintWriter writer;
    private final java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();

    WriterOutputStream(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) {
      buffer.write(b);
      if (b == '\n') {
        flush();
      }
    }

    @Override
    public void flush() {
      writer.print(buffer.toString(java.nio.charset.StandardCharsets.UTF_8));
      writer.flush();
      buffer.reset();
    }
  }
}
