package dev.veille.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemmer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * French words as the French sentiment model reads them, by Lucene's analysis (Apache-2.0): Unicode
 * word boundaries ({@link StandardTokenizer}, UAX #29), elided articles and pronouns removed
 * ({@link ElisionFilter} with {@link FrenchAnalyzer#DEFAULT_ARTICLES}: {@code l'écologie} is
 * {@code écologie}, {@code qu'il} is {@code il}), lower case, and accents folded
 * ({@link ASCIIFoldingFilter}) so that "genial" and "génial", "tres" and "très" are one word
 * (people often type without accents on phones). {@link #stem} adds Lucene's light French stemmer
 * ({@code contente}, {@code contents} and {@code content} share a stem).
 *
 * <p>One rule is added before Lucene sees the text: {@code n'} before a vowel or h becomes
 * {@code ne} ({@code n'aime} is {@code ne aime}), because the elision filter would otherwise drop
 * the first half of the negation {@code ne ... pas}. Words in ALL CAPS and elongations are
 * already handled by {@link SocialText}; a token with no letter (a number) is dropped.
 *
 * <p>Thread-safe: Lucene's analyzer keeps one token stream per thread.
 */
public final class FrenchAnalysis {
  private static final Pattern ELIDED_NE = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])n['\u2019](?=[\\p{L}])");
  private static final Pattern APOSTROPHE = Pattern.compile("\u2019");

  private static final Analyzer ANALYZER = new Analyzer() {
    @Override
    protected TokenStreamComponents createComponents(String field) {
      Tokenizer source = new StandardTokenizer();
      TokenStream t = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
      t = new LowerCaseFilter(t);
      t = new ASCIIFoldingFilter(t);
      return new TokenStreamComponents(source, t);
    }
  };

  private FrenchAnalysis() {}

  /** The words of a text: elision removed, lower case, accents folded; numbers dropped. */
  public static List<String> words(String text) {
    return words(text, true);
  }

  /** As {@link #words(String)}; without {@code elidedNe}, {@code n'} is dropped like other elisions (ablations). */
  public static List<String> words(String text, boolean elidedNe) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    String t = APOSTROPHE.matcher(text).replaceAll("'");
    t = elidedNe ? ELIDED_NE.matcher(t).replaceAll("ne ") : t;
    try (TokenStream ts = ANALYZER.tokenStream("text", t)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        String w = term.toString();
        if (w.codePoints().anyMatch(Character::isLetter)) {
          out.add(w);
        }
      }
      ts.end();
    } catch (IOException e) {
      // Reading from a String cannot fail; if Lucene says otherwise, say so.
      throw new UncheckedIOException("Cannot tokenise a French text", e);
    }
    return out;
  }

  /** A word folded like {@link #words} does: lower case, accents removed (for lexicon keys). */
  public static String fold(String word) {
    char[] in = word.toLowerCase(Locale.ROOT).toCharArray();
    char[] out = new char[in.length * 4];
    int n = ASCIIFoldingFilter.foldToASCII(in, 0, out, 0, in.length);
    return new String(out, 0, n);
  }

  /** Lucene's light French stem of a folded word ({@code contentes} to {@code content}). */
  public static String stem(String folded) {
    char[] c = folded.toCharArray();
    int n = new FrenchLightStemmer().stem(c, c.length);
    return new String(c, 0, n);
  }

  /** A word with every doubled letter made single: how "troop" or "genialll" are looked up last. */
  public static String collapse(String word) {
    StringBuilder b = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (i == 0 || c != word.charAt(i - 1)) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
