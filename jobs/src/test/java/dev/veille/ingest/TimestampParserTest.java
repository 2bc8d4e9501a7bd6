package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
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

  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void fixedWidthShortcutAgreesWithTheFormatterOnGeneratedValues() {
    for (String pattern : List.of("MM/dd/yyyy HH:mm", "yyyy-MM-dd HH:mm:ss", "dd.MM.yyyy HH:mm",
        "uuuu-MM-dd HH:mm", "yyyyMMddHHmmss")) {
      for (ZoneId zone : new ZoneId[] {PARIS, NEW_YORK, null}) {
        TimestampParser parser = new TimestampParser(pattern, zone);
        assertThat(parser.hasFixedWidthShortcut()).as(pattern).isTrue();
        int shortcuts = 0;
        List<String> values = generatedValues(pattern, new Random(pattern.hashCode()));
        for (String value : values) {
          assertThat(outcome(() -> parser.parse(value)))
              .as("%s in %s: \"%s\"", pattern, zone, value)
              .isEqualTo(outcome(() -> parser.parseWithFormatter(value)));
          if (zone != null && parser.fixedWidth(value.trim()) != null) {
            shortcuts++;
          }
        }
        // The comparison means something only if the shortcut took a good share of the values.
        if (zone != null) {
          assertThat(shortcuts).as(pattern).isGreaterThan(values.size() / 4);
        }
      }
    }
  }

  @Test
  void fixedWidthShortcutHandlesDaylightSavingChangesLikeTheFormatter() {
    TimestampParser paris = new TimestampParser("MM/dd/yyyy HH:mm", PARIS);
    // In the spring gap, 02:30 moves forward to 03:30 CEST; in the autumn overlap the earlier wins.
    assertThat(paris.fixedWidth("03/29/2026 02:30")).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    assertThat(paris.fixedWidth("10/25/2026 02:30")).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
    TimestampParser newYork = new TimestampParser("yyyy-MM-dd HH:mm:ss", NEW_YORK);
    assertThat(newYork.fixedWidth("2026-03-08 02:30:00")).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    assertThat(newYork.fixedWidth("2026-11-01 01:30:00")).isEqualTo(Instant.parse("2026-11-01T05:30:00Z"));
  }

  @Test
  void valuesTheShortcutDoesNotDecideGoToTheFormatter() {
    TimestampParser meta = new TimestampParser("MM/dd/yyyy HH:mm", PARIS);
    // Hour 24 is the next day's midnight to the formatter; out-of-range and wrongly sized values
    // are its to reject, with its message.
    assertThat(meta.fixedWidth("03/10/2026 24:00")).isNull();
    assertThat(meta.parse("03/10/2026 24:00")).isEqualTo(Instant.parse("2026-03-10T23:00:00Z"));
    // The same on every day of the month, the last ones included (the day-survives check must
    // look at the day the value was written on, not the next one).
    for (String day : List.of("27", "28", "29", "30", "31")) {
      assertThat(meta.parse("03/" + day + "/2026 24:00")).as(day)
          .isEqualTo(ZonedDateTime.of(2026, 3, Integer.parseInt(day), 0, 0, 0, 0, PARIS).plusDays(1).toInstant());
    }
    assertThatThrownBy(() -> meta.parse("02/31/2026 24:00")).hasMessageContaining("is not a timestamp");
    assertThatThrownBy(() -> meta.parse("04/31/2026 24:00")).hasMessageContaining("is not a timestamp");
    assertThat(meta.fixedWidth("04/31/2026 10:00")).isNull();
    assertThat(meta.fixedWidth("3/28/2026 10:00")).isNull();
    assertThat(meta.fixedWidth("03-28-2026 10:00")).isNull();
    assertThatThrownBy(() -> meta.parse("04/31/2026 10:00"))
        .hasMessage("\"04/31/2026 10:00\" is not a timestamp in format MM/dd/yyyy HH:mm");
    assertThat(meta.parse("  03/28/2026 10:00 ")).isEqualTo(Instant.parse("2026-03-28T09:00:00Z"));
    assertThat(new TimestampParser("yyyy-MM-dd HH:mm", PARIS).fixedWidth("0000-01-01 00:00")).isNull();
  }

  @Test
  void oneDigitMonthsDaysAndHoursThatThePatternRefusesAreExplained() {
    // US-style exports write 4/22/2018 6:00; MM/dd/yyyy HH:mm wants two digits in each field.
    TimestampParser meta = new TimestampParser("MM/dd/yyyy HH:mm", PARIS);
    assertThatThrownBy(() -> meta.parse("4/22/2018 6:00")).hasMessage("\"4/22/2018 6:00\" is not a"
        + " timestamp in format MM/dd/yyyy HH:mm (it matches \"M/d/yyyy H:mm\": in java.time patterns,"
        + " a doubled letter such as MM, dd or HH needs two digits)");
    assertThat(new TimestampParser("M/d/yyyy H:mm", PARIS).parse("4/22/2018 6:00"))
        .isEqualTo(Instant.parse("2018-04-22T04:00:00Z"));
    // Values the narrower pattern cannot read either get no hint.
    assertThatThrownBy(() -> meta.parse("4/31/2018 6:00"))
        .hasMessage("\"4/31/2018 6:00\" is not a timestamp in format MM/dd/yyyy HH:mm");
    assertThatThrownBy(() -> meta.parse("yesterday"))
        .hasMessage("\"yesterday\" is not a timestamp in format MM/dd/yyyy HH:mm");
    // Month names (MMM) are not narrowed.
    assertThatThrownBy(() -> new TimestampParser("dd MMM yyyy HH:mm", PARIS).parse("7 Apr 2018 06:00"))
        .hasMessageContaining("(it matches \"d MMM yyyy H:mm\"");
  }

  @Test
  void patternsWithQuotesOrOtherFieldsKeepTheFormatter() {
    TimestampParser quoted = new TimestampParser("uuuu-MM-dd'T'HH:mm", PARIS);
    assertThat(quoted.hasFixedWidthShortcut()).isFalse();
    assertThat(quoted.parse("2026-03-29T02:30")).isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
    for (String pattern : List.of("M/d/yyyy H:mm", "yyyy-MM-dd", "yy-MM-dd HH:mm", "yyyy-MM-dd hh:mm",
        "yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd HH:mm Z", "[yyyy-MM-dd HH:mm]", "yyyy-MM-dd HH:mm dd",
        "EEE MMM dd HH:mm:ss Z yyyy", "iso", "epoch_seconds")) {
      assertThat(new TimestampParser(pattern, PARIS).hasFixedWidthShortcut()).as(pattern).isFalse();
    }
  }

  /** The instant, or the exception's class and message. */
  private static String outcome(java.util.function.Supplier<Instant> parse) {
    try {
      return parse.get().toString();
    } catch (RuntimeException e) {
      return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  /**
   * Values written in {@code pattern}: valid dates over several centuries, 29 February in leap and
   * other years, days past the month's end, hour 24, fields out of range, daylight-saving gaps and
   * overlaps in Paris and New York, wrong lengths, other separators and surrounding spaces.
   */
  private static List<String> generatedValues(String pattern, Random random) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      int year = 1600 + random.nextInt(800);
      int month = 1 + random.nextInt(12);
      int day = 1 + random.nextInt(28);
      int hour = random.nextInt(24);
      int minute = random.nextInt(60);
      int second = random.nextInt(60);
      switch (random.nextInt(12)) {
        case 0 -> { month = 2; day = 29; }
        case 1 -> day = 29 + random.nextInt(3);
        case 2 -> { hour = 24; if (random.nextBoolean()) { minute = 0; second = 0; } }
        case 3 -> { month = random.nextBoolean() ? 0 : 13 + random.nextInt(87); }
        case 4 -> day = random.nextBoolean() ? 0 : 32 + random.nextInt(68);
        case 5 -> { minute = 60 + random.nextInt(40); second = 60 + random.nextInt(40); }
        case 6 -> year = random.nextInt(3) == 0 ? 0 : random.nextInt(10_000);
        case 7 -> {
          // Daylight-saving changes of 2026 and of a year of the 1990s.
          int[][] changes = {{2026, 3, 29, 2}, {2026, 10, 25, 2}, {2026, 3, 8, 2}, {2026, 11, 1, 1},
              {1996, 3, 31, 2}, {1996, 10, 27, 2}, {1996, 4, 7, 2}, {1996, 10, 27, 1}};
          int[] c = changes[random.nextInt(changes.length)];
          year = c[0]; month = c[1]; day = c[2]; hour = c[3] - 1 + random.nextInt(3);
        }
        default -> { }
      }
      String value = write(pattern, year, month, day, hour, minute, second);
      value = switch (random.nextInt(14)) {
        case 0 -> " " + value + "\t";
        case 1 -> value.substring(1);
        case 2 -> value + "0";
        case 3 -> value + "Z";
        case 4 -> "x" + value;
        case 5 -> value.replace(':', '.').replace('/', '-');
        case 6 -> {
          char[] chars = value.toCharArray();
          chars[random.nextInt(chars.length)] = "a /:-9".charAt(random.nextInt(6));
          yield new String(chars);
        }
        default -> value;
      };
      values.add(value);
    }
    return values;
  }

  /** {@code pattern} with its fields replaced by the numbers, zero-padded to the field's width. */
  private static String write(String pattern, int year, int month, int day, int hour, int minute, int second) {
    return pattern.replace("yyyy", String.format(Locale.ROOT, "%04d", year))
        .replace("uuuu", String.format(Locale.ROOT, "%04d", year))
        .replace("MM", String.format(Locale.ROOT, "%02d", month))
        .replace("dd", String.format(Locale.ROOT, "%02d", day))
        .replace("HH", String.format(Locale.ROOT, "%02d", hour))
        .replace("mm", String.format(Locale.ROOT, "%02d", minute))
        .replace("ss", String.format(Locale.ROOT, "%02d", second));
  }

  @Test
  void frenchExportsWriteDayFirstDatesAndFrenchMonthNames() {
    TimestampParser numeric = new TimestampParser("dd/MM/yyyy HH:mm", PARIS);
    assertThat(numeric.parse("17/05/2022 12:29")).isEqualTo(Instant.parse("2022-05-17T10:29:00Z"));
    TimestampParser named = new TimestampParser("d MMMM yyyy HH:mm", PARIS, Locale.FRENCH);
    assertThat(named.parse("17 mai 2022 12:29")).isEqualTo(Instant.parse("2022-05-17T10:29:00Z"));
    assertThat(named.parse("1 Décembre 2022 09:00")).isEqualTo(Instant.parse("2022-12-01T08:00:00Z"));
    assertThat(new TimestampParser("d MMM yyyy 'à' HH'h'mm", PARIS, Locale.FRENCH).parse("3 févr. 2023 à 18h05"))
        .isEqualTo(Instant.parse("2023-02-03T17:05:00Z"));
    // English names are not French ones: the reason names the value and the pattern.
    assertThatThrownBy(() -> named.parse("17 May 2022 12:29"))
        .hasMessage("\"17 May 2022 12:29\" is not a timestamp in format d MMMM yyyy HH:mm");
  }
}
