package dev.veille.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns the timestamps of an export into UTC instants.
 *
 * <ul>
 *   <li>{@code iso}: ISO-8601 with an offset ({@code 2026-03-29T09:15:00+02:00}, {@code ...Z});
 *       without one, the declared zone applies. A space instead of {@code T} is accepted.
 *   <li>{@code epoch_seconds}, {@code epoch_millis}: numbers since 1970-01-01T00:00Z.
 *   <li>any java.time pattern ({@code MM/dd/yyyy HH:mm}, {@code EEE MMM dd HH:mm:ss Z yyyy}):
 *       month and day names in the mapping's {@code timestamps.locale} (English by default,
 *       {@code d MMMM yyyy HH:mm} reads "17 mai 2022 12:29" in French); without an offset in the
 *       pattern the declared zone applies.
 * </ul>
 *
 * <p>Local times in the zone's daylight-saving gap (the hour that does not exist) move forward by
 * the gap's length; in the repeated autumn hour the earlier of the two instants is taken, as
 * {@link ZonedDateTime#ofLocal} does. Dates that do not exist (31 February) are errors, not
 * silently rolled over.
 *
 * <p>Patterns of fixed-width numbers and separators ({@code MM/dd/yyyy HH:mm}) read well-formed
 * values without the formatter, whose resolving dominated their cost; every other value still goes
 * through the formatter, so results and error messages are the formatter's.
 */
public final class TimestampParser implements Serializable {
  public static final Set<String> BUILT_IN = Set.of("iso", "epoch_seconds", "epoch_millis");

  private final String format;
  private final ZoneId zone;
  private final Locale locale;
  private transient DateTimeFormatter formatter;
  private transient FixedWidth fixedWidthLayout;
  /** The pattern with one-digit MM, dd, HH and hh, for the hint in rejection reasons. */
  private transient TimestampParser narrower;

  public TimestampParser(String format, ZoneId zone) {
    this(format, zone, Locale.ENGLISH);
  }

  /** @param locale language of month and day names in the pattern */
  public TimestampParser(String format, ZoneId zone, Locale locale) {
    this.format = format;
    this.zone = zone;
    this.locale = locale;
  }

  public Locale locale() {
    return locale;
  }

  /** True when values in this format always carry their own offset, so no zone is needed. */
  public boolean needsZone() {
    return switch (format) {
      case "epoch_seconds", "epoch_millis" -> false;
      case "iso" -> false;
      default -> !patternHasOffset(format);
    };
  }

  public ZoneId zone() {
    return zone;
  }

  /** Parses one value; throws {@link IllegalArgumentException} saying why it is not a timestamp. */
  public Instant parse(String raw) {
    return parse(raw, true);
  }

  /** {@link #parse} without the fixed-width shortcut: the reference its tests compare it with. */
  Instant parseWithFormatter(String raw) {
    return parse(raw, false);
  }

  private Instant parse(String raw, boolean shortcut) {
    String value = raw.trim();
    try {
      return switch (format) {
        case "epoch_seconds" -> epoch(value, 1000);
        case "epoch_millis" -> epoch(value, 1);
        case "iso" -> iso(value);
        default -> pattern(value, shortcut);
      };
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("\"" + raw + "\" is not a timestamp in format " + format
          + narrowerPatternHint(value));
    }
  }

  /**
   * When the value has one-digit months, days or hours that the pattern's {@code MM}, {@code dd}
   * or {@code HH} refuse (a common mistake with US-style exports), names the pattern that reads
   * it; otherwise nothing. Runs only for rejected values.
   */
  private String narrowerPatternHint(String value) {
    if (narrower == null) {
      String relaxed = BUILT_IN.contains(format) ? format
          : format.replaceAll("(?<!M)MM(?!M)", "M").replaceAll("(?<!d)dd(?!d)", "d")
              .replaceAll("(?<!H)HH(?!H)", "H").replaceAll("(?<!h)hh(?!h)", "h");
      // Built once per task: a file of bad timestamps would otherwise build a formatter per value.
      narrower = new TimestampParser(relaxed, zone, locale);
    }
    if (narrower.format.equals(format)) {
      return "";
    }
    try {
      narrower.parse(value, false);
      return " (it matches \"" + narrower.format + "\": in java.time patterns, a doubled letter such as MM,"
          + " dd or HH needs two digits)";
    } catch (IllegalArgumentException | DateTimeException e) {
      return "";
    }
  }

  private static Instant epoch(String value, long millisPerUnit) {
    BigDecimal millis = new BigDecimal(value).multiply(BigDecimal.valueOf(millisPerUnit));
    return Instant.ofEpochMilli(millis.longValueExact());
  }

  private Instant iso(String value) {
    String v = value.length() > 10 && value.charAt(10) == ' '
        ? value.substring(0, 10) + 'T' + value.substring(11) : value;
    TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parseBest(v,
        OffsetDateTime::from, LocalDateTime::from);
    if (t instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    return local((LocalDateTime) t, value);
  }

  private Instant pattern(String value, boolean shortcut) {
    if (shortcut) {
      Instant fast = fixedWidth(value);
      if (fast != null) {
        return fast;
      }
    }
    if (formatter == null) {
      formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(format)
          .toFormatter(locale).withResolverStyle(ResolverStyle.SMART);
    }
    TemporalAccessor t = formatter.parse(value);
    LocalDateTime local = LocalDateTime.from(t);
    // SMART resolution clamps 31 February to 28/29 February; the written day must survive. A
    // clamped day resolves to the 28th or later, and hour 24 (pattern letter H) to the next day's
    // midnight (the value was written on the day before): only those are parsed a second time.
    if (local.getDayOfMonth() >= 28
        || (format.indexOf('H') >= 0 && local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT))) {
      TemporalAccessor written = formatter.parseUnresolved(value, new ParsePosition(0));
      if (written != null && written.isSupported(ChronoField.DAY_OF_MONTH)) {
        boolean hour24 = written.isSupported(ChronoField.HOUR_OF_DAY) && written.getLong(ChronoField.HOUR_OF_DAY) == 24;
        if (written.getLong(ChronoField.DAY_OF_MONTH) != (hour24 ? local.minusDays(1) : local).getDayOfMonth()) {
          throw new DateTimeException("no such date");
        }
      }
    }
    if (t.isSupported(ChronoField.OFFSET_SECONDS)) {
      return local.toInstant(java.time.ZoneOffset.ofTotalSeconds(t.get(ChronoField.OFFSET_SECONDS)));
    }
    return local(local, value);
  }

  private Instant local(LocalDateTime local, String value) {
    if (zone == null) {
      throw new IllegalArgumentException("\"" + value + "\" has no offset and the mapping declares"
          + " no zone (timestamps.zone, or timestamp_zone on the source)");
    }
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /** Whether this format reads some values without the formatter (see {@link FixedWidth}). */
  boolean hasFixedWidthShortcut() {
    return layout() != FixedWidth.NONE;
  }

  private FixedWidth layout() {
    if (fixedWidthLayout == null) {
      fixedWidthLayout = BUILT_IN.contains(format) ? FixedWidth.NONE : FixedWidth.of(format);
    }
    return fixedWidthLayout;
  }

  /**
   * The instant of a trimmed value that matches this format's fixed-width layout with every field
   * in range, else null: such values then go through the formatter, which yields the same instant
   * for them (the tests compare both on generated values) or says why the value is not one.
   */
  Instant fixedWidth(String value) {
    FixedWidth layout = layout();
    if (layout == FixedWidth.NONE || value.length() != format.length()) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (layout.digitAt[i] ? c < '0' || c > '9' : c != format.charAt(i)) {
        return null;
      }
    }
    int year = number(value, layout.year, 4);
    int month = number(value, layout.month, 2);
    int day = number(value, layout.day, 2);
    int hour = number(value, layout.hour, 2);
    int minute = number(value, layout.minute, 2);
    int second = layout.second < 0 ? 0 : number(value, layout.second, 2);
    // Year 0 exists for uuuu but not as a year of the era (yyyy); hour 24 is the next day's
    // midnight to the SMART resolver; the formatter decides those and says why the rest are wrong.
    if ((year == 0 && layout.yearOfEra) || month < 1 || month > 12
        || day < 1 || day > Month.of(month).length(Year.isLeap(year))
        || hour > 23 || minute > 59 || second > 59) {
      return null;
    }
    return local(LocalDateTime.of(year, month, day, hour, minute, second), value);
  }

  private static int number(String value, int start, int width) {
    int n = 0;
    for (int i = start; i < start + width; i++) {
      n = n * 10 + (value.charAt(i) - '0');
    }
    return n;
  }

  /**
   * Where the fields of a pattern made only of {@code yyyy} or {@code uuuu}, {@code MM},
   * {@code dd}, {@code HH}, {@code mm}, optionally {@code ss}, each once, and ASCII literals that
   * are neither letters nor digits nor pattern syntax, start in a value. Such a pattern is as long
   * as the values it matches, so a value is checked against it position by position. Any other
   * pattern is {@link #NONE}: the formatter reads all its values.
   */
  private record FixedWidth(boolean[] digitAt, boolean yearOfEra, int year, int month, int day,
      int hour, int minute, int second) {
    static final FixedWidth NONE = new FixedWidth(new boolean[0], false, -1, -1, -1, -1, -1, -1);
    private static final Set<String> FIELDS = Set.of("yyyy", "uuuu", "MM", "dd", "HH", "mm", "ss");

    static FixedWidth of(String pattern) {
      boolean[] digitAt = new boolean[pattern.length()];
      // Where each field starts, by its pattern letters.
      Map<String, Integer> start = new HashMap<>();
      for (int i = 0; i < pattern.length(); ) {
        char c = pattern.charAt(i);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
          int end = i;
          while (end < pattern.length() && pattern.charAt(end) == c) {
            end++;
          }
          String letters = pattern.substring(i, end);
          if (!FIELDS.contains(letters) || start.put(letters, i) != null) {
            return NONE;
          }
          Arrays.fill(digitAt, i, end, true);
          i = end;
        } else if (c >= ' ' && c <= '~' && (c < '0' || c > '9') && "'[]{}#".indexOf(c) < 0) {
          i++;
        } else {
          return NONE;
        }
      }
      boolean yearOfEra = start.containsKey("yyyy");
      Integer year = yearOfEra ? start.get("yyyy") : start.get("uuuu");
      if (year == null || (yearOfEra && start.containsKey("uuuu")) || !start.containsKey("MM")
          || !start.containsKey("dd") || !start.containsKey("HH") || !start.containsKey("mm")) {
        return NONE;
      }
      return new FixedWidth(digitAt, yearOfEra, year, start.get("MM"), start.get("dd"),
          start.get("HH"), start.get("mm"), start.getOrDefault("ss", -1));
    }
  }

  /** Whether a pattern prints an offset or zone (letters X, x, Z, O, V, z outside quotes). */
  static boolean patternHasOffset(String pattern) {
    boolean quoted = false;
    for (char c : pattern.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && "XxZOVz".indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }
}
