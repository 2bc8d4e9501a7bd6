package dev.veille.sentiment;

import dev.veille.text.SocialLexicon;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inputs of the calibration: CoreNLP's length-weighted five-class distribution and its most
 * negative and most positive sentence, plus social signals the sentence model cannot see
 * (emoji and emoticon polarity from the lexicon, negations, exclamation and question marks,
 * shouting, elongations). Social signals are read on the raw text, before normalisation
 * removes them. Every count is capped, so one odd text cannot dominate.
 */
public final class SentimentFeatures {
  /** Feature names, in the order of {@link #of}; groups share a prefix (used by ablations). */
  public static final List<String> NAMES = List.of(
      "corenlp.very_negative", "corenlp.negative", "corenlp.neutral", "corenlp.positive", "corenlp.very_positive",
      "extremes.min_sentence", "extremes.max_sentence",
      "lexicon.polarity", "lexicon.count",
      "negation.count",
      "punctuation.exclamations", "punctuation.questions",
      "emphasis.caps_words", "emphasis.elongations",
      "length.log_tokens");

  private static final Pattern NEGATION = Pattern.compile(
      "(?i)\\b(?:not|no|never|nothing|nobody|none|nor|cannot|can't|cant|won't|wont|don't|dont|doesn't|doesnt"
          + "|didn't|didnt|isn't|isnt|aren't|arent|wasn't|wasnt|shouldn't|couldn't|wouldn't|ain't|n't)\\b");
  private static final Pattern CAPS = Pattern.compile("\\b\\p{Lu}{3,}\\b");
  private static final Pattern ELONGATED = Pattern.compile("(\\p{L})\\1{2,}");

  private SentimentFeatures() {}

  public static double[] of(String raw, CoreNlpSentiment.Analysis a) {
    double[] f = new double[NAMES.size()];
    for (int c = 0; c < 5; c++) {
      f[c] = a.distribution()[c];
    }
    f[5] = a.minSentence();
    f[6] = a.maxSentence();
    SocialLexicon.Polarity p = SocialLexicon.get().polarity(raw);
    f[7] = clip(p.sum(), 3);
    f[8] = clip(p.emoji() + p.emoticons(), 3);
    f[9] = clip(count(NEGATION, raw.replace('\u2019', '\'')), 3);
    f[10] = clip(countChar(raw, '!'), 3);
    f[11] = clip(countChar(raw, '?'), 3);
    f[12] = clip(count(CAPS, raw), 3);
    f[13] = clip(count(ELONGATED, raw.toLowerCase(Locale.ROOT)), 3);
    f[14] = Math.log1p(a.tokens());
    return f;
  }

  private static double clip(double v, double limit) {
    return Math.max(-limit, Math.min(limit, v));
  }

  private static int count(Pattern p, String s) {
    Matcher m = p.matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static int countChar(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
