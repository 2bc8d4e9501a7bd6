package dev.veille;

import dev.veille.cli.VeilleCommand;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI as a scheduler sees it: the exit code, stdout and stderr. */
public record CliRun(int code, String out, String err) {
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VeilleCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }
}
