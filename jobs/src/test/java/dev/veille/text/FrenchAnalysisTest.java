package dev.veille.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrenchAnalysisTest {
  @Test
  void removesElisionButKeepsTheNegationOfNApostrophe() {
    assertThat(FrenchAnalysis.words("L'été qu'il n'aime pas")).containsExactly("ete", "il", "ne", "aime", "pas");
    // Typographic apostrophes, as phones type them.
    assertThat(FrenchAnalysis.words("J\u2019adore l\u2019écologie, c\u2019est n\u2019importe quoi"))
        .containsExactly("adore", "ecologie", "est", "ne", "importe", "quoi");
    // "aujourd'hui" is one word, not an elision.
    assertThat(FrenchAnalysis.words("aujourd'hui")).containsExactly("aujourd'hui");
  }

  @Test
  void foldsAccentsSoAccentlessTextReadsTheSame() {
    assertThat(FrenchAnalysis.words("Très génial, déçue")).isEqualTo(FrenchAnalysis.words("tres genial, decue"));
    assertThat(FrenchAnalysis.fold("Cœur ÉTÉ")).isEqualTo("coeur ete");
  }

  @Test
  void dropsNumbersAndStemsLightly() {
    assertThat(FrenchAnalysis.words("3 000 clients contents en 2024")).containsExactly("clients", "contents", "en");
    assertThat(FrenchAnalysis.stem("contentes")).isEqualTo(FrenchAnalysis.stem("content"));
    assertThat(FrenchAnalysis.collapse("geniaal")).isEqualTo("genial");
  }
}
