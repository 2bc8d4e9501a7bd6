package dev.veille.common;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * One line per step on stderr, so a person (or a scheduler's log) can follow a long run while
 * stdout stays free for results. Lines look like {@code [veille 00:12] ingest: wrote posts}.
 */
public final class Progress {
  private static volatile PrintStream out = System.err;
  private static final long START = System.nanoTime();

  private Progress() {}

  /** Redirects progress lines (tests; the CLI's error stream). */
  public static void redirect(PrintStream stream) {
    out = stream;
  }

  public static void log(String stage, String format, Object... args) {
    long seconds = Duration.ofNanos(System.nanoTime() - START).toSeconds();
    out.printf(Locale.ROOT, "[veille %02d:%02d] %s: %s%n", seconds / 60, seconds % 60, stage,
        String.format(Locale.ROOT, format, args));
    out.flush();
  }
}
