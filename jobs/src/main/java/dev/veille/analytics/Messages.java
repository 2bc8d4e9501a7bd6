package dev.veille.analytics;

import java.text.MessageFormat;
import java.text.NumberFormat;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * What a reader of the report sees, in the report's language ({@code reports.language}): the
 * sentences of {@code messages_<language>.properties} (MessageFormat patterns, UTF-8) and the
 * numbers, percents, weekdays and dates formatted the way that language writes them.
 *
 * <p>English keeps the exact text the report always had (no thousands separator, ISO dates), so
 * scripts and tests reading the English page see no change; French writes {@code +86 %} (a
 * no-break space before %), {@code 1 234} (a narrow no-break space), {@code mercredi 20:00} and
 * {@code 28 novembre 2026}. JSON and CSV files never go through this class.
 */
public final class Messages {
  public static final List<String> LANGUAGES = List.of("en", "fr");
  static final String BUNDLE = "dev.veille.reports.messages";

  public static final Messages EN = of("en");

  private final String language;
  private final Locale locale;
  private final ResourceBundle bundle;
  private final DateTimeFormatter dateFormat;
  private final DateTimeFormatter dayHeaderFormat;

  private Messages(String language) {
    this.language = language;
    this.locale = Locale.forLanguageTag(language);
    // No fallback to the JVM's default locale: a French server still writes an English report
    // unless the config says fr.
    this.bundle = ResourceBundle.getBundle(BUNDLE, locale,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    this.dateFormat = DateTimeFormatter.ofPattern(bundle.getString("format_date"), locale);
    this.dayHeaderFormat = DateTimeFormatter.ofPattern(bundle.getString("format_day_header"), locale);
  }

  /** The messages of one of {@link #LANGUAGES}. */
  public static Messages of(String language) {
    if (!LANGUAGES.contains(language)) {
      throw new IllegalArgumentException("No report messages for language " + language + " (expected one of "
          + LANGUAGES + ")");
    }
    return new Messages(language);
  }

  public String language() {
    return language;
  }

  public Locale locale() {
    return locale;
  }

  /** The message {@code key} with its placeholders filled (numbers in {@code args} are best passed formatted). */
  public String get(String key, Object... args) {
    return new MessageFormat(bundle.getString(key), locale).format(args);
  }

  /** The message {@code key}, else {@code fallback} (for labels of open vocabularies: formats, denominators). */
  public String getOr(String key, String fallback) {
    try {
      return get(key);
    } catch (MissingResourceException e) {
      return fallback;
    }
  }

  /** Every message, placeholders left as they are: the template's fixed labels ({@code {{t.key}}}). */
  public java.util.Map<String, String> labels() {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    for (String k : bundle.keySet()) {
      out.put(k, get(k));
    }
    return out;
  }

  public boolean english() {
    return language.equals("en");
  }

  /** 0.381 -> "+38%" (en) or "+38 %" (fr); a true minus sign and "±0" as in {@link ReportFormat#pct}. */
  public String pct(double relative) {
    if (english()) {
      return ReportFormat.pct(relative);
    }
    long p = Math.round(relative * 100);
    String abs = NumberFormat.getPercentInstance(locale).format(Math.abs(p) / 100.0);
    return (p > 0 ? "+" : p < 0 ? "\u2212" : "\u00b1") + abs;
  }

  /** A share in [0, 1] as a whole percent: "84%" or "84 %". */
  public String percent(double share) {
    if (english()) {
      return Math.round(share * 100) + "%";
    }
    return NumberFormat.getPercentInstance(locale).format(Math.round(share * 100) / 100.0);
  }

  /** A count: "1234" (en, as the page always wrote it) or "1 234" (fr). */
  public String number(long n) {
    if (english()) {
      return Long.toString(n);
    }
    return NumberFormat.getIntegerInstance(locale).format(n);
  }

  /** A signed score with two decimals: "+0.12" or "+0,12". */
  public String score(double v) {
    return String.format(locale, "%+.2f", v);
  }

  /** "Tuesday" or "mardi" (French weekday names are lower case). */
  public String day(int isoWeekday) {
    return DayOfWeek.of(isoWeekday).getDisplayName(TextStyle.FULL, locale);
  }

  /** "Tue" or "mar." (the heatmap's row labels). */
  public String shortDay(int isoWeekday) {
    return DayOfWeek.of(isoWeekday).getDisplayName(TextStyle.SHORT, locale);
  }

  /** "20:00" in both languages. */
  public String time(int hour) {
    return ReportFormat.time(hour);
  }

  /** "Europe/Paris" -> "Paris time" or "heure de Paris"; "UTC" stays "UTC". */
  public String zone(String iana) {
    if (iana == null || !iana.contains("/")) {
      return iana == null ? "UTC" : iana;
    }
    return get("format_zone", iana.substring(iana.lastIndexOf('/') + 1).replace('_', ' '));
  }

  /** "2026-11-28" or "28 novembre 2026". */
  public String date(LocalDate d) {
    return d == null ? "null" : d.format(dateFormat);
  }

  /** The calendar grid's day heading: "Wed 2 Dec" or "mer. 2 déc.". */
  public String dayHeader(LocalDate d) {
    return d.format(dayHeaderFormat);
  }
}
