package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.common.PseudonymizerTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HashtagScanTest {
  @Test
  void theHashtagScannerFindsWhatTheHashtagRegexFinds() {
    Pattern hashtag = Pattern.compile(RecordParser.HASHTAG_REGEX);
    List<String> texts = new ArrayList<>(PseudonymizerTest.trickyTexts(23, 50_000));
    texts.addAll(List.of("#", "##a", "#a#b", "a#b", "&#39;", "http://x.com/#frag", " #Été2026!", "#\uD835\uDC00",
        "\uD835\uDC00#x", "\uD83D\uDE00#x", "²#x", "#_", "#a.b"));
    for (String text : texts) {
      Matcher m = hashtag.matcher(text);
      List<String> expected = new ArrayList<>();
      while (m.find()) {
        expected.add(m.group(1).toLowerCase(Locale.ROOT));
      }
      assertThat(RecordParser.hashtagsIn(text)).as(text).isEqualTo(expected);
    }
  }
}
