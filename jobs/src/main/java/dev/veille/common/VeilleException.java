package dev.veille.common;

/**
 * A failure that Veille expects and can explain in one line; its {@link #exitCode()} is what a
 * scheduler sees (see {@link ExitCodes}). Anything else that escapes a command is a bug: exit 1.
 */
public class VeilleException extends RuntimeException {
  private final int exitCode;

  public VeilleException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public VeilleException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
