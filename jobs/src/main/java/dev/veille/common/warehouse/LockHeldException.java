package dev.veille.common.warehouse;

import dev.veille.common.ExitCodes;
import dev.veille.common.VeilleException;

/** Another run holds the warehouse lock (exit code 4). */
public class LockHeldException extends VeilleException {
  public LockHeldException(String message) {
    super(ExitCodes.LOCKED, message);
  }
}
