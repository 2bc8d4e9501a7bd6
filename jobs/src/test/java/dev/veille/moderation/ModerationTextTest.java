package dev.veille.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModerationTextTest {
  private static final WordLists LISTS = WordLists.of(Map.of(
          "insult", List.of("connard", "idiot", "con", "ta gueule"),
          "obscene", List.of("fuck", "cunt", "ass", "meuf")),
      List.of("meuf"), List.of("bit.ly"));

  private static List<String> hits(String text) {
    return LISTS.match(ModerationText.tokens(ModerationText.clean(text))).stream().map(WordLists.Hit::entry).toList();
  }

  @Test
  void obfuscatedWordsAreFound() {
    assertThat(hits("espèce de c0nnard")).containsExactly("connard");
    assertThat(hits("what an i.d.i.o.t")).containsExactly("idiot");
    assertThat(hits("I D I O T")).containsExactly("idiot");
    assertThat(hits("fuuuuuck this")).containsExactly("fuck");
    assertThat(hits("CONNNNARD")).containsExactly("connard");
    assertThat(hits("what a f*u*c*k")).containsExactly("fuck");
    assertThat(hits("you @ss")).containsExactly("ass");
    // Zero-width characters and "mathematical bold" letters do not hide a word.
    assertThat(hits("con\u200Bnard")).containsExactly("connard");
    assertThat(hits("\uD835\uDC22\uD835\uDC1D\uD835\uDC22\uD835\uDC28\uD835\uDC2D")).containsExactly("idiot");
    // Accents and case.
    assertThat(hits("TA GUEULE")).containsExactly("ta gueule");
  }

  @Test
  void wordsMatchAsTokensNotSubstrings() {
    assertThat(hits("Greetings from Scunthorpe!")).isEmpty();
    assertThat(hits("a classic assessment of the cocktail")).isEmpty();
    assertThat(hits("Je suis content, le concours était génial")).isEmpty();
    assertThat(hits("Middlesex and Essex, Penistone road")).isEmpty();
    assertThat(hits("idiotic? no, idiotproof")).isEmpty();
  }

  @Test
  void allowListedEntriesNeverFire() {
    assertThat(hits("ma meuf adore ce parfum")).isEmpty();
  }

  @Test
  void htmlIsText() {
    String c = ModerationText.clean("Check this<br />out &lt;3 <a href=\"http://bit.ly/x1\">here</a> it&#39;s great\uFEFF");
    assertThat(c).isEqualTo("Check this out <3 http://bit.ly/x1 here it's great");
    assertThat(ModerationText.urls(c)).containsExactly("http://bit.ly/x1");
    assertThat(LISTS.isShortened("http://bit.ly/x1")).isTrue();
    assertThat(ModerationText.tokens(c)).containsExactly("check", "this", "out", "3", "http", "bit", "ly", "xi", "here",
        "it", "s", "great");
  }

  @Test
  void contactsAreFound() {
    String c = ModerationText.clean("Call me on +33 6 12 34 56 78 or mail win@prizes.example, see www.prizes.example/go");
    assertThat(ModerationText.phones(c)).hasSize(1);
    assertThat(ModerationText.emails(c)).containsExactly("win@prizes.example");
    assertThat(ModerationText.urls(c)).contains("www.prizes.example/go");
    // Prices, years and short numbers are not phone numbers.
    assertThat(ModerationText.phones(ModerationText.clean("Paid 129.99 in 2026 for 3 candles"))).isEmpty();
  }

  @Test
  void numbersStayNumbers() {
    assertThat(ModerationText.tokens("2026 was 100% great")).containsExactly("2026", "was", "100", "great");
  }
}
