package dev.veille.sentiment;

import dev.veille.text.FrenchAnalysis;
import dev.veille.text.FrenchLexicon;
import dev.veille.text.SocialText;
import java.util.Locale;
import java.util.Map;

/**
 * The routing rule of texts too short for the language detector ({@code und}: no function word,
 * "Génial !", "Wow!!", "Merci 🙏"): the model whose sentiment lexicon knows more of the text's words
 * reads it, a French accented letter counting for French; English on a tie (and when neither knows
 * a word: emoji, names), as before French was supported. Pure and thread-safe.
 */
final class LexiconVote {
  private LexiconVote() {}

  /** Whether the French model should read this undetermined text. */
  static boolean frenchWins(String raw) {
    String text = SocialText.normalise(raw == null ? "" : raw, FrenchFeatures.STEPS);
    Map<String, Double> english = SentimentFeatures.vaderLexicon();
    int en = 0;
    for (String w : text.toLowerCase(Locale.ROOT).replace('\u2019', '\'').split("[^\\p{L}']+")) {
      if (!w.isEmpty() && english.containsKey(w)) {
        en++;
      }
    }
    FrenchLexicon lex = FrenchLexicon.get();
    int fr = 0;
    for (String w : FrenchAnalysis.words(text)) {
      if (lex.knows(w)) {
        fr++;
      }
    }
    if (text.codePoints().anyMatch(LexiconVote::frenchLetter)) {
      fr++;
    }
    return fr > en;
  }

  private static boolean frenchLetter(int cp) {
    return switch (Character.toLowerCase(cp)) {
      case 'é', 'è', 'ê', 'à', 'â', 'ç', 'ù', 'û', 'î', 'ï', 'ô', 'œ' -> true;
      default -> false;
    };
  }
}
