package dev.veille.nightly;

import dev.veille.common.ConfigException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The dates one {@code veille nightly} covers: {@code --date D}, or {@code --from A --to B}
 * (inclusive, oldest first), or by default yesterday in the nightly time zone.
 */
public final class RunDates {
  private RunDates() {}

  public static List<LocalDate> resolve(String date, String from, String to, NightlySettings settings,
      Clock clock) {
    if (date != null && (from != null || to != null)) {
      throw new ConfigException("Invalid options: --date " + date + " with --from/--to (expected either one"
          + " --date, or a --from/--to range)");
    }
    if ((from == null) != (to == null)) {
      throw new ConfigException(from == null
          ? "Missing --from (expected --from YYYY-MM-DD with --to " + to + ")"
          : "Missing --to (expected --to YYYY-MM-DD with --from " + from + ")");
    }
    if (from != null) {
      LocalDate a = parse("--from", from);
      LocalDate b = parse("--to", to);
      if (a.isAfter(b)) {
        throw new ConfigException("Invalid --from/--to: " + from + " is after " + to
            + " (expected --from on or before --to)");
      }
      long n = ChronoUnit.DAYS.between(a, b) + 1;
      if (n > settings.maxDates()) {
        throw new ConfigException("Invalid --from/--to: " + from + " to " + to + " is " + n
            + " dates (expected at most nightly.max_dates, " + settings.maxDates() + ")");
      }
      List<LocalDate> dates = new ArrayList<>();
      for (LocalDate d = a; !d.isAfter(b); d = d.plusDays(1)) {
        dates.add(d);
      }
      return dates;
    }
    if (date != null) {
      return List.of(parse("--date", date));
    }
    ZoneId zone = settings.timezone();
    return List.of(LocalDate.now(clock.withZone(zone)).minusDays(1));
  }

  static LocalDate parse(String option, String text) {
    LocalDate d;
    try {
      d = LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigException("Invalid " + option + ": " + text + " (expected YYYY-MM-DD such as 2026-11-28)");
    }
    if (d.getYear() < 2000 || d.getYear() > 2200) {
      throw new ConfigException("Invalid " + option + ": " + text + " (expected a date between 2000 and 2200)");
    }
    return d;
  }
}
