package dev.veille.common;

/**
 * Test-only: named points of a run where the crash tests stop the process as SIGKILL
 * would ({@link Runtime#halt}: no finally blocks, no shutdown hooks, exit status 137), chosen
 * with the environment variable {@value #ENV}. Unset in production, where this does nothing.
 */
public final class CrashPoints {
  public static final String ENV = "VEILLE_TEST_KILL_AT";

  private CrashPoints() {}

  public static void reached(String point) {
    String wanted = System.getenv(ENV);
    if (wanted != null && wanted.equals(point)) {
      Progress.log("nightly", "test hook %s=%s: halting as SIGKILL would", ENV, point);
      Runtime.getRuntime().halt(137);
    }
  }
}
