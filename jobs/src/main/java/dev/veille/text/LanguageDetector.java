package dev.veille.text;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A small, dependable language guesser for short social texts: it counts frequent function words
 * (stop words) of English, French, Spanish, German, Italian, Portuguese and Dutch, plus a few
 * letters typical of one language ({@code ç}, {@code ñ}, {@code ß}). It needs no model and no
 * download, and runs in microseconds.
 *
 * <p>Answers: an ISO 639-1 code ({@code en}, {@code fr}, {@code es}, {@code de}, {@code it},
 * {@code pt}, {@code nl}); {@code other} when most letters are not Latin (Arabic, Cyrillic,
 * CJK, ...); {@code und} (undetermined) when the text is too short to tell ("Wow!!", emoji only).
 * An elided French article or pronoun before a vowel ({@code l'été}, {@code qu'il}) counts as a
 * French word. Measured on the shared tweets (docs/sentiment.md, language routing).
 */
public final class LanguageDetector {
  public static final String UNDETERMINED = "und";
  public static final String OTHER = "other";

  private static final Map<String, List<String>> STOP_WORDS = Map.of(
      "en", List.of("the", "and", "is", "are", "was", "were", "to", "of", "it", "that", "this", "with",
          "for", "you", "i", "my", "me", "be", "have", "has", "not", "but", "just", "what", "at", "we",
          "they", "he", "she", "will", "can", "do", "don't", "i'm", "it's", "your", "all", "get", "like",
          "from", "about", "how", "when", "today", "tomorrow", "if", "been", "would", "should", "there",
          "their", "who", "an", "or", "him", "her", "our", "going", "got", "im", "dont", "see", "go",
          "love", "good", "day", "night", "thanks", "great", "happy", "new", "out", "up", "one", "by",
          "in", "on", "as", "so", "his", "its", "than", "then", "them", "these", "those", "which", "more",
          "some", "any", "only", "very", "after", "over", "still", "why", "where", "here", "now", "did",
          "does", "had", "am", "us", "off", "make", "know", "time", "people", "first", "last", "back",
          "really", "think", "want", "need", "best", "better", "won't", "can't", "didn't", "isn't",
          "you're", "he's", "she's", "that's", "there's", "what's", "let's", "i'll", "i've", "gonna",
          "no", "yes", "please", "ever", "never", "again", "much", "less", "too", "way", "well", "come"),
      "fr", List.of("le", "la", "les", "des", "du", "un", "une", "est", "et", "je", "tu", "il", "elle",
          "nous", "vous", "ils", "pas", "ne", "que", "qui", "pour", "avec", "dans", "sur", "au", "aux",
          "ce", "cette", "mais", "ou", "c'est", "j'ai", "très", "bien", "merci", "plus", "sont", "été",
          "être", "fait", "aussi", "tout", "comme", "mon", "ma", "mes", "son", "sa", "ses", "leur",
          "avoir", "faire", "rien", "encore", "toujours", "jamais", "ça",
          "moi", "toi", "lui", "sans", "chez", "quand", "où", "peu", "trop", "depuis", "de", "en", "à",
          "ces", "cet", "nos", "notre", "vos", "votre", "ont", "était", "donc", "alors", "ici", "après",
          "avant", "entre", "vers", "contre", "chaque", "déjà", "oui", "voici", "voilà", "parce",
          "aujourd'hui", "demain", "hier", "tous", "toutes", "nouveau", "nouvelle", "quoi", "pourquoi"),
      "es", List.of("el", "los", "las", "de", "que", "y", "en", "un", "una", "es", "por", "para", "con",
          "no", "se", "su", "al", "lo", "como", "más", "pero", "muy", "ya", "yo", "mi", "me", "gracias",
          "hoy", "está", "son", "del", "hay", "todo", "esta", "este", "bien", "cuando", "porque", "también",
          "eso", "nos", "le", "sus", "fue", "ser", "tiene", "qué", "sin", "sobre"),
      "de", List.of("der", "die", "das", "und", "ist", "nicht", "ich", "du", "wir", "sie", "es", "ein",
          "eine", "zu", "mit", "auf", "für", "von", "den", "dem", "auch", "sich", "noch", "nur", "aber",
          "wie", "bei", "nach", "heute", "danke", "sehr", "gut", "mein", "dass", "wird", "sind", "hat",
          "haben", "kein", "keine", "oder", "wenn", "schon", "mal", "jetzt", "im", "ja", "war"),
      "it", List.of("il", "di", "che", "e", "la", "per", "non", "sono", "una", "della", "con", "gli",
          "del", "questo", "anche", "ma", "come", "mi", "ti", "grazie", "molto", "oggi", "sei", "ho"),
      "pt", List.of("o", "os", "as", "de", "que", "e", "não", "um", "uma", "para", "com", "do", "da",
          "dos", "das", "em", "é", "mais", "muito", "obrigado", "obrigada", "você", "eu", "hoje", "isso"),
      "nl", List.of("de", "het", "een", "en", "van", "ik", "je", "niet", "dat", "is", "op", "te", "met",
          "voor", "zijn", "maar", "ook", "wat", "bedankt", "heel", "vandaag", "nog", "wel", "geen"));

  private static final java.util.regex.Pattern FRENCH_ELISION = java.util.regex.Pattern.compile(
      "(?:c|d|j|l|m|n|s|t|qu|jusqu|lorsqu|puisqu)'[aeiouyhàâéèêëîïôûœ].*");

  private static final List<String> ORDER = List.of("en", "fr", "es", "de", "pt", "it", "nl");
  private static final Map<String, Set<String>> WORDS = new HashMap<>();

  static {
    STOP_WORDS.forEach((lang, words) -> WORDS.put(lang, Set.copyOf(words)));
  }

  private LanguageDetector() {}

  /** The language of a (preferably normalised) text: a code, {@code other} or {@code und}. */
  public static String detect(String text) {
    if (text == null) {
      return UNDETERMINED;
    }
    int latin = 0;
    int nonLatin = 0;
    Map<String, Double> score = new HashMap<>();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isLetter(cp)) {
        continue;
      }
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
        latin++;
        String hint = switch (Character.toLowerCase(cp)) {
          case 'ç', 'œ', 'è', 'ê', 'à', 'ù', 'û', 'î', 'ï', 'â' -> "fr";
          case 'é' -> "fr?";
          case 'ñ', '¿', '¡' -> "es";
          case 'á', 'í', 'ó', 'ú' -> "es?";
          case 'ß', 'ä', 'ö' -> "de";
          case 'ã', 'õ' -> "pt";
          default -> null;
        };
        if (hint != null) {
          // 'é' is most frequent in French but also written in Spanish and Portuguese, and 'á',
          // 'í', 'ó', 'ú' in Spanish and Portuguese: weak hints.
          score.merge(hint.replace("?", ""), hint.endsWith("?") ? 0.3 : 0.5, Double::sum);
        }
      } else {
        nonLatin++;
      }
    }
    if (latin + nonLatin == 0) {
      return UNDETERMINED;
    }
    if (nonLatin > latin) {
      return OTHER;
    }
    String lower = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
    for (String token : lower.split("[^\\p{L}']+")) {
      if (token.isEmpty()) {
        continue;
      }
      if (FRENCH_ELISION.matcher(token).matches()) {
        // l'été, d'accord, qu'il, n'est: an elided article or pronoun before a vowel or h is French
        // (English "c'mon" or "pt's" are not: a consonant follows).
        score.merge("fr", 1.0, Double::sum);
      }
      for (Map.Entry<String, Set<String>> e : WORDS.entrySet()) {
        if (e.getValue().contains(token)) {
          score.merge(e.getKey(), 1.0, Double::sum);
        }
      }
    }
    // Ties go to the language listed first (by number of speakers online: en, fr, es, de, ...).
    String best = UNDETERMINED;
    double bestScore = 0;
    for (String language : ORDER) {
      double s = score.getOrDefault(language, 0.0);
      if (s > bestScore) {
        best = language;
        bestScore = s;
      }
    }
    return bestScore >= 1 ? best : UNDETERMINED;
  }

}
