package dev.veille.common;

/** Process exit codes, stable for schedulers (cron, Airflow). Documented in docs/cli.md. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int UNEXPECTED = 1;
  public static final int USAGE_OR_CONFIG = 2;
  public static final int DATA_QUALITY = 3;
  public static final int LOCKED = 4;
  /** An alert at or above {@code --fail-on-alert}'s level was raised (after everything was published). */
  public static final int ALERTS = 5;

  private ExitCodes() {}
}
