package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class CountFormatTest {
  private static final CountFormat FR = CountFormat.COMMA;
  private static final CountFormat EN = CountFormat.POINT;

  @Test
  void frenchCountsGroupThousandsBySpacesOrDotsAndAbbreviateWithADecimalComma() {
    assertThat(FR.parse("1234")).isEqualTo(1234);
    assertThat(FR.parse("1 234")).isEqualTo(1234);
    assertThat(FR.parse("1\u00a0234")).isEqualTo(1234);
    assertThat(FR.parse("12\u202f345\u202f678")).isEqualTo(12_345_678);
    assertThat(FR.parse("1.234")).isEqualTo(1234);
    assertThat(FR.parse("12,0")).isEqualTo(12);
    assertThat(FR.parse("1,2 k")).isEqualTo(1200);
    assertThat(FR.parse("1,2\u00a0k")).isEqualTo(1200);
    assertThat(FR.parse("1,2\u202fk")).isEqualTo(1200);
    assertThat(FR.parse("3,4 M")).isEqualTo(3_400_000);
    assertThat(FR.parse("2,5 Md")).isEqualTo(2_500_000_000L);
    assertThat(FR.parse("15k")).isEqualTo(15_000);
    assertThat(FR.parse("1,25K")).isEqualTo(1250);
    // Abbreviations are rounded, as the export rounded them.
    assertThat(FR.parse("1,2345 k")).isEqualTo(1235);
    assertThat(FR.parse("-3")).isEqualTo(-3);
    assertThat(FR.parse("\u22123")).isEqualTo(-3);
  }

  @Test
  void englishCountsKeepTheirCommasAndDecimalPoint() {
    assertThat(EN.parse("1,234")).isEqualTo(1234);
    assertThat(EN.parse("1 234 567")).isEqualTo(1_234_567);
    assertThat(EN.parse("1_234")).isEqualTo(1234);
    assertThat(EN.parse("12.0")).isEqualTo(12);
    assertThat(EN.parse("1.2K")).isEqualTo(1200);
    assertThat(EN.parse("3.4M")).isEqualTo(3_400_000);
    assertThat(EN.parse("2B")).isEqualTo(2_000_000_000L);
  }

  @Test
  void valuesThatFitNeitherGroupingNorADecimalAreRejectedNotGuessed() {
    // With a decimal comma "1,234" is one and a bit; with a point, "1.5" is not whole.
    assertThatThrownBy(() -> FR.parse("1,234")).hasMessage("not a whole number");
    assertThatThrownBy(() -> EN.parse("1.5")).hasMessage("not a whole number");
    // Groups are three digits, all with the same separator.
    for (String bad : new String[] {"1,2 k", "12,34", "1,2,3", "1,234.567.8", "1 234,567", "12abc", "k", "-", "",
        "1..2", ",5", "1.234 567", "1 2345"}) {
      assertThatThrownBy(() -> EN.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    for (String bad : new String[] {"1.2 k", "12 34", "1,2,3", "1 234.567", "12abc", "1,", "1.234 567"}) {
      assertThatThrownBy(() -> FR.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> FR.parse("99999999999 Md")).hasMessage("too large");
  }

  @Test
  void aLocaleGivesItsDecimalSeparator() {
    assertThat(CountFormat.of(Locale.FRENCH)).isEqualTo(FR);
    assertThat(CountFormat.of(Locale.forLanguageTag("fr-CA"))).isEqualTo(FR);
    assertThat(CountFormat.of(Locale.GERMANY)).isEqualTo(FR);
    assertThat(CountFormat.of(Locale.US)).isEqualTo(EN);
    assertThat(CountFormat.of(Locale.UK)).isEqualTo(EN);
  }

  @Test
  void rejectionReasonsNameTheValueAndTheReadingThatWouldFit() {
    assertThatThrownBy(() -> RecordParser.parseCount("reactions", "1,2 k", EN))
        .isInstanceOf(RecordParser.Reject.class)
        .hasMessage("reactions: \"1,2 k\" is not a number (counts are read with a decimal point, thousands grouped"
            + " by comma or space; with numbers.decimal: \",\" it reads 1200)");
    assertThatThrownBy(() -> RecordParser.parseCount("shares", "1,5", FR))
        .hasMessage("shares: \"1,5\" is not a whole number (counts are read with a decimal comma, thousands grouped"
            + " by space or dot)");
    assertThatThrownBy(() -> RecordParser.parseCount("reach", "12abc", FR)).hasMessageStartingWith("reach: \"12abc\" is not a number");
    assertThatThrownBy(() -> RecordParser.parseCount("reach", "-1 234", FR))
        .satisfies(e -> assertThat(((RecordParser.Reject) e).code).isEqualTo("negative_count"))
        .hasMessage("reach: -1 234 is negative");
  }
}
