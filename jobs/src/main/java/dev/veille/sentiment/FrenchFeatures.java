package dev.veille.sentiment;

import dev.veille.text.FrenchAnalysis;
import dev.veille.text.FrenchLexicon;
import dev.veille.text.SocialLexicon;
import dev.veille.text.SocialText;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inputs of the French calibration, one code path for training and scoring. CoreNLP has no
 * French sentiment model, so these are lexical and social features, in the spirit of the English
 * calibration's (whose accuracy on tweets also comes mostly from them):
 *
 * <ul>
 *   <li>{@code vader}: positive and negative valence of the words in the French VADER lexicon and
 *       {@code rules_fr.tsv} ({@link FrenchLexicon}), and VADER's normalised compound. French rules:
 *       a word is negated ({@code x -0.74}) after a negator in the three words before it
 *       ("pas bon", "jamais content"), after "ne" in the three words before it ("je ne l'aime",
 *       "ce n'est bon": the verb between ne and pas), before "pas"/"jamais" right after it
 *       ("j'aime pas", spoken French without "ne"), and after a weak negator (plus, rien, personne)
 *       only when "ne" comes before it ("ne ... plus"); boosters and dampeners ("très", "trop",
 *       "un peu") move the next word's valence by 0.293 as in VADER; words before "mais" count half
 *       and after it 1.5 times; idioms ("pas terrible", "pas mal", "de ouf") replace their words;
 *   <li>{@code polar}: how many words are clearly positive and negative after the rules, and the
 *       strongest of each sign;
 *   <li>{@code english}: English VADER valences of the words the French lexicon does not know
 *       ("top", "love", "fail" in French posts);
 *   <li>{@code domain}: learned word polarities ({@link DomainWords}) over light stems;
 *   <li>{@code lexicon}: emoji and emoticon polarity and count from the social lexicon (raw text);
 *   <li>{@code negation}: negators in the text; {@code punctuation} (! and ?); {@code emphasis}
 *       (ALL CAPS words, elongations); {@code links} (URLs: shared news is mostly neutral);
 *       {@code length} (log of the word count).
 * </ul>
 *
 * Emoji are read as their French names ("😍" is "visage souriant avec yeux en forme de cœur"), a run
 * of the same emoji at most twice; counts are capped so one odd text cannot dominate.
 */
public final class FrenchFeatures {
  /** Feature names, in the order of {@link #of}; groups share a prefix (used by ablations). */
  public static final List<String> NAMES = List.of(
      "vader.positive", "vader.negative", "vader.compound",
      "domain.negative", "domain.neutral", "domain.positive",
      "lexicon.polarity", "lexicon.count",
      "negation.count",
      "punctuation.exclamations", "punctuation.questions",
      "emphasis.caps_words", "emphasis.elongations",
      "links.urls",
      "length.log_tokens",
      "polar.positive_words", "polar.negative_words", "polar.max", "polar.min",
      "english.positive", "english.negative");

  static final int DOMAIN = NAMES.indexOf("domain.negative");

  /** Every normalisation step but emoji and emoticons to English words: the French reading names them. */
  static final Set<SocialText.Step> STEPS = EnumSet.complementOf(
      EnumSet.of(SocialText.Step.EMOJI, SocialText.Step.EMOTICONS));

  private static final double NEGATED = -0.74;
  private static final double VADER_ALPHA = 15;
  private static final Pattern CAPS = Pattern.compile("\\b\\p{Lu}{3,}\\b");
  private static final Pattern ELONGATED = Pattern.compile("(\\p{L})\\1{2,}");
  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+|\\bhttp\\b");

  private FrenchFeatures() {}

  /**
   * Which French rules apply (all, except in the trainer's ablations): negation, idioms and
   * Veille's social words, boosters and contrast, emoji read as French names, light stems (not
   * words) for the domain word table, and {@code n'} read as {@code ne}.
   */
  public record Rules(boolean negation, boolean idioms, boolean boosters, boolean emojiNames, boolean stems,
      boolean elidedNe) {
    public static final Rules ALL = new Rules(true, true, true, true, true, true);
  }

  /**
   * A French text as the calibration reads it.
   *
   * @param words analysed words (elision removed, lower case, accents folded)
   * @param terms what {@link DomainWords} reads: the words' light stems
   * @param features every feature but {@code domain.*} (zeros until a word table fills them)
   */
  public record Text(List<String> words, List<String> terms, double[] features, int sentences) {}

  /** The analysed words of a raw text (emoji as their French names). */
  public static List<String> words(String raw) {
    return FrenchAnalysis.words(withEmojiNames(SocialText.normalise(raw == null ? "" : raw, STEPS)));
  }

  /** Every feature of a raw text, the {@code domain.*} ones from {@code domain} (zero when null). */
  public static Text of(String raw, DomainWords domain) {
    return of(raw, domain, Rules.ALL);
  }

  static Text of(String raw, DomainWords domain, Rules rules) {
    String plain = SocialText.normalise(raw, STEPS);
    String normalised = rules.emojiNames() ? withEmojiNames(plain) : withoutEmoji(plain);
    List<String> words = FrenchAnalysis.words(normalised, rules.elidedNe());
    List<String> terms = new ArrayList<>(words.size());
    for (String w : words) {
      terms.add(rules.stems() ? FrenchAnalysis.stem(w) : w);
    }
    double[] f = new double[NAMES.size()];
    int negations = vader(words, f, 0, rules);
    if (domain != null) {
      System.arraycopy(domain.features(terms), 0, f, DOMAIN, 3);
    }
    SocialLexicon.Polarity p = SocialLexicon.get().polarity(raw);
    f[6] = clip(p.sum(), 3);
    f[7] = clip(p.emoji() + p.emoticons(), 3);
    f[8] = clip(negations, 3);
    f[9] = clip(countChar(raw, '!'), 3);
    f[10] = clip(countChar(raw, '?'), 3);
    f[11] = clip(count(CAPS, raw), 3);
    f[12] = clip(count(ELONGATED, raw.toLowerCase(Locale.ROOT)), 3);
    f[13] = clip(count(URL, raw), 2);
    f[14] = Math.log1p(words.size());
    english(words, f, 19);
    return new Text(words, terms, f, sentences(withoutEmoji(plain)));
  }

  /** The domain features of a text's terms, written into a copy of its features. */
  static double[] withDomain(Text t, DomainWords domain) {
    double[] f = t.features().clone();
    System.arraycopy(domain.features(t.terms()), 0, f, DOMAIN, 3);
    return f;
  }

  /**
   * VADER's word valences with French negation, boosters, contrast and idioms; writes positive,
   * negative and compound at {@code at} and returns the number of negators seen.
   */
  static int vader(List<String> words, double[] f, int at, Rules rules) {
    FrenchLexicon lex = FrenchLexicon.get();
    int n = words.size();
    double[] valence = new double[n];
    boolean[] negator = new boolean[n];
    int negations = 0;
    boolean[] isNe = new boolean[n];
    for (int i = 0; i < n; i++) {
      String w = words.get(i);
      isNe[i] = w.equals("ne");
      negator[i] = lex.negators.contains(w);
      negations += negator[i] || isNe[i] ? 1 : 0;
    }
    int contrastAt = -1;
    for (int i = 0; i < n; i++) {
      if (lex.contrast.contains(words.get(i))) {
        contrastAt = i;
      }
    }
    for (int i = 0; i < n; i++) {
      String w = words.get(i);
      FrenchLexicon.Idiom idiom = rules.idioms() ? idiomAt(lex, words, i) : null;
      double v;
      int span = 1;
      if (idiom != null) {
        v = idiom.valence();
        span = idiom.words().size();
      } else {
        if (negator[i] || isNe[i] || lex.boosters.containsKey(w) || lex.weakNegators.contains(w)
            || lex.contrast.contains(w)) {
          continue;
        }
        Double found = rules.idioms() ? lex.valence(w) : lex.lexiconValence(w);
        if (found == null) {
          continue;
        }
        v = found;
        if (i > 0 && rules.boosters()) {
          Double b = lex.boosters.get(words.get(i - 1));
          if (b != null) {
            v += Math.signum(v) * b;
          }
        }
        if (rules.negation() && !lex.noNegate.contains(w) && negated(words, negator, isNe, i, lex)) {
          v *= NEGATED;
        }
      }
      if (contrastAt >= 0 && rules.boosters()) {
        v *= i < contrastAt ? 0.5 : 1.5;
      }
      valence[i] = v;
      i += span - 1;
    }
    double positive = 0;
    double negative = 0;
    for (double v : valence) {
      if (v > 0) {
        positive += v;
      } else {
        negative -= v;
      }
    }
    double s = positive - negative;
    f[at] = Math.min(positive, 12) / 4;
    f[at + 1] = Math.min(negative, 12) / 4;
    f[at + 2] = s / Math.sqrt(s * s + VADER_ALPHA);
    // The polar words themselves: how many, and the strongest of each sign.
    int pos = 0;
    int neg = 0;
    double max = 0;
    double min = 0;
    for (double v : valence) {
      pos += v > 0.5 ? 1 : 0;
      neg += v < -0.5 ? 1 : 0;
      max = Math.max(max, v);
      min = Math.min(min, v);
    }
    f[15] = Math.min(pos, 4);
    f[16] = Math.min(neg, 4);
    f[17] = max / 4;
    f[18] = min / 4;
    return negations;
  }

  private static FrenchLexicon.Idiom idiomAt(FrenchLexicon lex, List<String> words, int i) {
    for (FrenchLexicon.Idiom idiom : lex.idiomsAt(words.get(i))) {
      List<String> p = idiom.words();
      if (i + p.size() <= words.size() && words.subList(i, i + p.size()).equals(p)) {
        return idiom;
      }
    }
    return null;
  }

  /** The French negation rules of the class comment. */
  private static boolean negated(List<String> words, boolean[] negator, boolean[] isNe, int i, FrenchLexicon lex) {
    boolean ne = false;
    for (int j = Math.max(0, i - 3); j < i; j++) {
      if (negator[j] || isNe[j]) {
        return true;
      }
    }
    for (int j = Math.max(0, i - 5); j < i; j++) {
      ne |= isNe[j];
      if (ne && lex.weakNegators.contains(words.get(j))) {
        return true;
      }
    }
    if (i + 1 < words.size() && negator[i + 1] && !words.get(i + 1).equals("sans")) {
      String next = words.get(i + 1);
      return next.equals("pas") || next.equals("jamais");
    }
    return false;
  }

  /**
   * English words in French posts ("top", "love", "fail", "nice"): valences from the English VADER
   * lexicon of the words the French one does not know.
   */
  private static void english(List<String> words, double[] f, int at) {
    Map<String, Double> english = SentimentFeatures.vaderLexicon();
    FrenchLexicon lex = FrenchLexicon.get();
    double positive = 0;
    double negative = 0;
    for (String w : words) {
      Double v = lex.valence(w) == null && w.length() > 2 ? english.get(w) : null;
      if (v != null) {
        positive += Math.max(0, v);
        negative += Math.max(0, -v);
      }
    }
    f[at] = Math.min(positive, 8) / 4;
    f[at + 1] = Math.min(negative, 8) / 4;
  }

  /** Emoji removed (ablation: what reading them as French names is worth). */
  static String withoutEmoji(String text) {
    StringBuilder b = new StringBuilder(text.length());
    text.codePoints().filter(cp -> !SocialLexicon.isEmoji(cp) && cp != 0xFE0F && cp != 0x200D)
        .forEach(b::appendCodePoint);
    return b.toString();
  }

  /** Emoji replaced by their French names, a run of the same emoji at most twice; unknown emoji removed. */
  static String withEmojiNames(String text) {
    if (text.codePoints().noneMatch(SocialLexicon::isEmoji)) {
      return text;
    }
    FrenchLexicon lex = FrenchLexicon.get();
    StringBuilder b = new StringBuilder(text.length() + 32);
    int previous = -1;
    int run = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF)) {
        continue;
      }
      if (!SocialLexicon.isEmoji(cp)) {
        b.appendCodePoint(cp);
        previous = -1;
        continue;
      }
      run = cp == previous ? run + 1 : 1;
      previous = cp;
      String name = lex.emojiName(cp);
      if (name != null && run <= 2) {
        b.append(' ').append(name).append(' ');
      }
    }
    return b.toString();
  }

  private static int sentences(String text) {
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.FRENCH);
    it.setText(text);
    int n = 0;
    int start = it.first();
    for (int end = it.next(); end != BreakIterator.DONE; start = end, end = it.next()) {
      if (text.substring(start, end).codePoints().anyMatch(Character::isLetterOrDigit)) {
        n++;
      }
    }
    return Math.max(1, n);
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
