package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimestampParserTest {
  static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @Test
  void isoWithOffsetOrZuluIgnoresTheDeclaredZone() {
    TimestampParser p = new TimestampParser("iso", PARIS);
    assertThat(p.parse("2021-11-15T19:08:05.000Z")).isEqualTo(Instant.parse("2021-11-15T19:08:05Z"));
    assertThat(p.parse("2026-07-01T09:00:00+01:00")).isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
    assertThat(p.parse(" 2026-07-01 09:00:00+01:00 ")).isEqualTo(Instant.parse("2026-07-01T08:00:00Z"));
  }

  @Test
  void isoWithoutOffsetUsesTheZoneAcrossDaylightSavingChanges() {
    TimestampParser p = new TimestampParser("iso", PARIS);
    // Winter (UTC+1) and summer (UTC+2) either side of 29 March 2026.
    assertThat(p.parse("2026-03-28T20:00:00")).isEqualTo(Instant.parse("2026-03-28T19:00:00Z"));
    assertThat(p.parse("2026-03-29T20:00:00")).isEqualTo(Instant.parse("2026-03-29T18:00:00Z"));
    // 02:30 on 29 March does not exist in Paris: it moves forward by the gap, to 03:30 CEST.
    assertThat(p.parse("2026-03-29T02:30:00")).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    // 02:30 on 25 October happens twice: the earlier (CEST) instant is taken.
    assertThat(p.parse("2026-10-25T02:30:00")).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
  }

  @Test
  void patternsReadMonthFirstDatesAndTwitterClassicDates() {
    TimestampParser meta = new TimestampParser("MM/dd/yyyy HH:mm", ZoneId.of("America/New_York"));
    assertThat(meta.parse("09/28/2026 18:12")).isEqualTo(Instant.parse("2026-09-28T22:12:00Z"));
    assertThat(meta.needsZone()).isTrue();

    TimestampParser classic = new TimestampParser("EEE MMM dd HH:mm:ss Z yyyy", null);
    assertThat(classic.needsZone()).isFalse();
    assertThat(classic.parse("Tue Oct 18 21:53:25 +0000 2011")).isEqualTo(Instant.parse("2011-10-18T21:53:25Z"));

    TimestampParser airline = new TimestampParser("yyyy-MM-dd HH:mm:ss Z", null);
    assertThat(airline.parse("2015-02-24 11:35:52 -0800")).isEqualTo(Instant.parse("2015-02-24T19:35:52Z"));

    TimestampParser lenientHour = new TimestampParser("M/d/yyyy H:mm", ZoneId.of("Asia/Bangkok"));
    assertThat(lenientHour.parse("4/22/2018 6:00")).isEqualTo(Instant.parse("2018-04-21T23:00:00Z"));
  }

  @Test
  void epochNumbers() {
    assertThat(new TimestampParser("epoch_seconds", null).parse("1700000000"))
        .isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
    assertThat(new TimestampParser("epoch_millis", null).parse("1700000000123"))
        .isEqualTo(Instant.parse("2023-11-14T22:13:20.123Z"));
  }

  @Test
  void valuesThatAreNotTimestampsSayWhy() {
    TimestampParser meta = new TimestampParser("MM/dd/yyyy HH:mm", PARIS);
    assertThatThrownBy(() -> meta.parse("31/02/2026 25:61")).hasMessageContaining("\"31/02/2026 25:61\"")
        .hasMessageContaining("MM/dd/yyyy HH:mm");
    assertThatThrownBy(() -> meta.parse("02/31/2026 10:00")).hasMessageContaining("not a timestamp");
    // Only days past the 28th can be clamped by the resolver, so only they are checked twice.
    assertThatThrownBy(() -> meta.parse("02/29/2026 10:00")).hasMessageContaining("not a timestamp");
    assertThatThrownBy(() -> meta.parse("04/31/2026 10:00")).hasMessageContaining("not a timestamp");
    assertThat(meta.parse("02/29/2028 10:00")).isEqualTo(Instant.parse("2028-02-29T09:00:00Z"));
    assertThat(meta.parse("04/30/2026 10:00")).isEqualTo(Instant.parse("2026-04-30T08:00:00Z"));
    assertThat(meta.parse("02/28/2026 10:00")).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
    assertThatThrownBy(() -> new TimestampParser("iso", PARIS).parse("yesterday"))
        .hasMessageContaining("yesterday");
    assertThatThrownBy(() -> new TimestampParser("epoch_seconds", null).parse("12abc"))
        .hasMessageContaining("12abc");
    assertThatThrownBy(() -> new TimestampParser("iso", null).parse("2026-03-28T20:00:00"))
        .hasMessageContaining("no offset");
  }
}
