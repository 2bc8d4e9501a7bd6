package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.analytics.Messages;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.time.LocalDate;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The report's message bundles: same keys, patterns that parse with the same placeholders, French formats. */
class MessagesTest {
  static Properties bundle(String language) throws Exception {
    Properties p = new Properties();
    try (InputStream in = MessagesTest.class.getResourceAsStream("/dev/veille/reports/messages_" + language
        + ".properties")) {
      assertThat(in).as("messages_" + language + ".properties").isNotNull();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }

  @Test
  void bothBundlesHaveTheSameKeysAndPlaceholders() throws Exception {
    Properties en = bundle("en");
    Properties fr = bundle("fr");
    assertThat(fr.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(en.stringPropertyNames());
    // A lone apostrophe opens a MessageFormat quote and silently eats the text after it.
    Pattern loneQuote = Pattern.compile("(?<!')'(?!')");
    for (String k : en.stringPropertyNames()) {
      String e = en.getProperty(k);
      String f = fr.getProperty(k);
      assertThat(loneQuote.matcher(e).find()).as("lone ' in en " + k + ": " + e).isFalse();
      assertThat(loneQuote.matcher(f).find()).as("lone ' in fr " + k + ": " + f).isFalse();
      assertThat(f).as("fr " + k).isNotBlank();
      int ne = new MessageFormat(e).getFormatsByArgumentIndex().length;
      int nf = new MessageFormat(f).getFormatsByArgumentIndex().length;
      assertThat(nf).as("placeholders of " + k + " (en: " + e + ", fr: " + f + ")").isEqualTo(ne);
    }
  }

  @Test
  void frenchFormatsNumbersPercentsDaysAndDates() {
    Messages fr = Messages.of("fr");
    assertThat(fr.pct(0.86)).isEqualTo("+86\u00a0%");
    assertThat(fr.pct(-0.12)).isEqualTo("\u221212\u00a0%");
    assertThat(fr.pct(0.001)).isEqualTo("\u00b10\u00a0%");
    assertThat(fr.number(1234)).isEqualTo("1\u202f234");
    assertThat(fr.day(3) + " " + fr.time(20)).isEqualTo("mercredi 20:00");
    assertThat(fr.date(LocalDate.of(2026, 11, 28))).isEqualTo("28 novembre 2026");
    assertThat(fr.zone("Europe/Paris")).isEqualTo("heure de Paris");
    assertThat(fr.score(0.123)).isEqualTo("+0,12");
    // English keeps what the page always wrote.
    Messages en = Messages.EN;
    assertThat(en.pct(0.86)).isEqualTo("+86%");
    assertThat(en.number(1234)).isEqualTo("1234");
    assertThat(en.day(3) + " " + en.time(20)).isEqualTo("Wednesday 20:00");
    assertThat(en.date(LocalDate.of(2026, 11, 28))).isEqualTo("2026-11-28");
    assertThat(en.zone("Europe/Paris")).isEqualTo("Paris time");
    assertThat(en.get("cell_title", "Tuesday", "20:00", "+5%", "\u22121%", "+9%", "1", 1, "", ""))
        .isEqualTo("Tuesday 20:00: +5% (90% interval \u22121% to +9%), 1 post");
  }
}
