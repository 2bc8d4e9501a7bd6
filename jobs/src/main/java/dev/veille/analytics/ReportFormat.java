package dev.veille.analytics;

import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.Locale;

/** The one place numbers and slots become text, so HTML, CSV and findings say the same thing. */
public final class ReportFormat {
  private ReportFormat() {}

  /** 0.381 -> "+38%", -0.12 -> "-12%" (whole percent: the intervals are wider than a decimal). */
  public static String pct(double relative) {
    long p = Math.round(relative * 100);
    return (p > 0 ? "+" : p < 0 ? "\u2212" : "\u00b10") + (p == 0 ? "" : Long.toString(Math.abs(p))) + "%";
  }

  public static String day(int isoWeekday) {
    return DayOfWeek.of(isoWeekday).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
  }

  public static String shortDay(int isoWeekday) {
    return DayOfWeek.of(isoWeekday).getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
  }

  public static String time(int hour) {
    return String.format(Locale.ROOT, "%02d:00", hour);
  }

  /** "Europe/Paris" -> "Paris time"; "UTC" -> "UTC". */
  public static String zone(String iana) {
    if (iana == null || !iana.contains("/")) {
      return iana == null ? "UTC" : iana;
    }
    return iana.substring(iana.lastIndexOf('/') + 1).replace('_', ' ') + " time";
  }

  /** A number exactly as the JSON writer (Jackson) writes it, so CSV and JSON cells compare equal. */
  public static String num(double v) {
    return Double.toString(v);
  }

  /** Spreadsheet formula injection: a text cell starting with = + - @ (or tab, CR) gets a leading quote. */
  public static String neutralise(String text) {
    if (text == null || text.isEmpty()) {
      return text == null ? "" : text;
    }
    char c = text.charAt(0);
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + text : text;
  }
}
