package dev.veille.common;

import java.util.Locale;

/** A usage or configuration error (exit code 2). The message names the key and the bad value. */
public class ConfigException extends VeilleException {
  public ConfigException(String message) {
    super(ExitCodes.USAGE_OR_CONFIG, message);
  }

  public ConfigException(String message, Throwable cause) {
    super(ExitCodes.USAGE_OR_CONFIG, message, cause);
  }

  /** Checks a job's run date ({@code --date}): given, and between 2000 and 2200. */
  public static void checkRunDate(java.time.LocalDate date, String what) {
    check(date != null, "Missing %s date (expected --date YYYY-MM-DD)", what);
    check(date.getYear() >= 2000 && date.getYear() <= 2200,
        "Invalid --date: %s (expected a date between 2000 and 2200)", date);
  }

  /** Throws {@code ConfigException(String.format(format, args))} unless {@code condition} holds. */
  public static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new ConfigException(String.format(Locale.ROOT, format, args));
    }
  }
}
