package dev.veille.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageDetectorTest {
  @Test
  void tellsTheCommonLanguagesApart() {
    assertThat(LanguageDetector.detect("I can't wait for the new collection, it looks great")).isEqualTo("en");
    assertThat(LanguageDetector.detect("Je n'ai jamais reçu ma commande, c'est vraiment nul")).isEqualTo("fr");
    assertThat(LanguageDetector.detect("Muchas gracias por el regalo, me encanta")).isEqualTo("es");
    assertThat(LanguageDetector.detect("Danke, das ist sehr gut und schnell")).isEqualTo("de");
  }

  @Test
  void saysWhenItCannotTell() {
    assertThat(LanguageDetector.detect("Wow!!")).isEqualTo("und");
    assertThat(LanguageDetector.detect("")).isEqualTo("und");
    assertThat(LanguageDetector.detect(null)).isEqualTo("und");
    assertThat(LanguageDetector.detect("\u0634\u0643\u0631\u0627 \u062C\u0632\u064A\u0644\u0627")).isEqualTo("other");
    assertThat(LanguageDetector.detect("\u041E\u0447\u0435\u043D\u044C \u0445\u043E\u0440\u043E\u0448\u043E")).isEqualTo("other");
  }

  @Test
  void frenchShapesAreNotMistakenForSpanishAndEnglishOnesNotForFrench() {
    // Shapes the earlier word lists got wrong on the shared tweets (French read as Spanish, English
    // as French or Spanish).
    assertThat(LanguageDetector.detect("Le Palmarès 2013 de l'écologie en France")).isEqualTo("fr");
    assertThat(LanguageDetector.detect("Statistiques en temps réel de nos émissions de gaz à effet de serre"))
        .isEqualTo("fr");
    assertThat(LanguageDetector.detect("Wilt Chamberlain dropped 100 pts with no threes ! C'mon son"))
        .isEqualTo("en");
    assertThat(LanguageDetector.detect("no apology? Cool.")).isEqualTo("en");
    assertThat(LanguageDetector.detect("Shammi Kapoor funeral on Monday as tributes pour in")).isEqualTo("en");
    // An elided article before a vowel is French.
    assertThat(LanguageDetector.detect("L'équipe au top")).isEqualTo("fr");
  }
}
