package dev.veille.common;

/** Another run holds the warehouse lock (exit code 4). */
public class LockHeldException extends VeilleException {
  public LockHeldException(String message) {
    super(ExitCodes.LOCKED, message);
  }
}
