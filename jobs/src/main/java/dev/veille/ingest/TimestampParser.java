package dev.veille.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the timestamps of an export into UTC instants.
 *
 * <ul>
 *   <li>{@code iso}: ISO-8601 with an offset ({@code 2026-03-29T09:15:00+02:00}, {@code ...Z});
 *       without one, the declared zone applies. A space instead of {@code T} is accepted.
 *   <li>{@code epoch_seconds}, {@code epoch_millis}: numbers since 1970-01-01T00:00Z.
 *   <li>any java.time pattern ({@code MM/dd/yyyy HH:mm}, {@code EEE MMM dd HH:mm:ss Z yyyy}):
 *       English month and day names; without an offset in the pattern the declared zone applies.
 * </ul>
 *
 * <p>Local times in the zone's daylight-saving gap (the hour that does not exist) move forward by
 * the gap's length; in the repeated autumn hour the earlier of the two instants is taken, as
 * {@link ZonedDateTime#ofLocal} does. Dates that do not exist (31 February) are errors, not
 * silently rolled over.
 */
public final class TimestampParser implements Serializable {
  public static final Set<String> BUILT_IN = Set.of("iso", "epoch_seconds", "epoch_millis");

  private final String format;
  private final ZoneId zone;
  private transient DateTimeFormatter formatter;

  public TimestampParser(String format, ZoneId zone) {
    this.format = format;
    this.zone = zone;
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
    String value = raw.trim();
    try {
      return switch (format) {
        case "epoch_seconds" -> epoch(value, 1000);
        case "epoch_millis" -> epoch(value, 1);
        case "iso" -> iso(value);
        default -> pattern(value);
      };
    } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("\"" + raw + "\" is not a timestamp in format " + format);
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

  private Instant pattern(String value) {
    if (formatter == null) {
      formatter = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(format)
          .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.SMART);
    }
    TemporalAccessor t = formatter.parse(value);
    LocalDateTime local = LocalDateTime.from(t);
    // SMART resolution clamps 31 February to 28/29 February; the written day must survive. A
    // clamped day resolves to the 28th or later, so only those values are parsed a second time.
    if (local.getDayOfMonth() >= 28) {
      TemporalAccessor written = formatter.parseUnresolved(value, new ParsePosition(0));
      if (written != null && written.isSupported(ChronoField.DAY_OF_MONTH)
          && written.getLong(ChronoField.DAY_OF_MONTH) != local.getDayOfMonth()) {
        throw new DateTimeException("no such date");
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
