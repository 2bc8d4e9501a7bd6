package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code published_month} is formatted by hand for speed; it must be the formatter's UTC month. */
class RecordParserMonthTest {
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Test
  void monthsAreUtcCalendarMonthsAsTheFormatterWritesThem() {
    for (String at : new String[] {"2026-01-01T00:00:00Z", "2026-12-31T23:59:59.999Z",
        "2026-03-31T23:30:00Z", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "2000-02-29T12:00:00Z",
        "0999-06-01T00:00:00Z", "+10000-01-01T00:00:00Z"}) {
      Instant t = Instant.parse(at);
      assertThat(RecordParser.month(t)).as(at).isEqualTo(MONTH.format(t));
    }
    for (long s = -400L * 86_400 * 365; s < 400L * 86_400 * 365; s += 86_399 * 7 + 3_601) {
      Instant t = Instant.ofEpochSecond(s);
      assertThat(RecordParser.month(t)).as(t.toString()).isEqualTo(MONTH.format(t));
    }
  }
}
