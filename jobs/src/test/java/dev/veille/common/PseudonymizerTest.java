package dev.veille.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

public class PseudonymizerTest {
  final Pseudonymizer p = new Pseudonymizer("salt-A", Set.of("maisonlune"));

  @Test
  void pseudonymsAreStableCaseInsensitiveAndDependOnTheSalt() {
    String a = p.pseudonym("@Julie_M84");
    assertThat(a).matches("u_[0-9a-f]{16}");
    assertThat(p.pseudonym("julie_m84")).isEqualTo(a);
    assertThat(new Pseudonymizer("salt-B", Set.of()).pseudonym("julie_m84")).isNotEqualTo(a);
    // Not the unsalted SHA-256 of the handle (which anyone could compute from a list of handles).
    assertThat(a).isNotEqualTo("u_" + Versions.sha256("julie_m84").substring(0, 16));
  }

  @Test
  void textKeepsTheBrandAndEmailAddressesButHidesPeople() {
    String text = p.pseudonymiseText("Thanks @Julie_M84 and @bob.smith. Write to care@maisonlune.com or @MaisonLune!");
    assertThat(text).doesNotContain("Julie").doesNotContain("bob.smith")
        .contains("care@maisonlune.com").contains("@maisonlune!")
        .contains("@" + p.pseudonym("julie_m84") + " and @" + p.pseudonym("bob.smith") + ".");
    assertThat(Pseudonymizer.mentionsIn(text)).hasSize(3);
    assertThat(p.pseudonymiseText("no handles here")).isEqualTo("no handles here");
  }

  /** Random texts over the characters that decide a mention: letters (accented, outside the BMP), digits, marks. */
  public static List<String> trickyTexts(long seed, int n) {
    String[] pieces = {"a", "Z", "é", "9", "²", "٣", "_", ".", "-", "@", "#", "&", "/", " ", "\n", "!",
        "\uD835\uDC00", "\uD83D\uDE00", "\uD835", "\uDC00", "Ⅻ", "ʰ", "longhandle", "x".repeat(47)};
    SplittableRandom random = new SplittableRandom(seed);
    List<String> texts = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      StringBuilder b = new StringBuilder();
      int len = random.nextInt(1, 14);
      for (int i = 0; i < len; i++) {
        b.append(pieces[random.nextInt(pieces.length)]);
      }
      texts.add(b.toString());
    }
    return texts;
  }

  @Test
  void theMentionScannerFindsWhatTheMentionRegexFinds() {
    Pattern mention = Pattern.compile(Pseudonymizer.MENTION_REGEX);
    List<String> texts = new ArrayList<>(trickyTexts(11, 50_000));
    texts.addAll(List.of("@", "a@b", "@a", "@a.", "@a.-b", "x@y.com @z", "(@j)", "/@x", ".@x", "@@x",
        "@" + "a".repeat(60), "@a" + ".".repeat(60) + "b", "@\uD835\uDC00x", "\uD835\uDC00@x", "é@x", "²@x"));
    for (String text : texts) {
      Matcher m = mention.matcher(text);
      List<String> expected = new ArrayList<>();
      StringBuilder replaced = new StringBuilder();
      while (m.find()) {
        expected.add(m.group(1));
        m.appendReplacement(replaced, Matcher.quoteReplacement("@" + p.pseudonym(m.group(1))));
      }
      m.appendTail(replaced);
      assertThat(Pseudonymizer.mentionsIn(text)).as(text).isEqualTo(expected);
      assertThat(p.pseudonymiseText(text)).as(text).isEqualTo(replaced.toString());
    }
  }
}
