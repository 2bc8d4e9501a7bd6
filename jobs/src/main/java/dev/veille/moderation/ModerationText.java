package dev.veille.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * A comment as moderation sees it: HTML undone, links and contacts pulled out, and words normalised
 * against the tricks people use to slip past word lists. Pure functions, no state.
 *
 * <p>{@link #clean} turns HTML into text ({@code <br />} and tags become spaces, entities such as
 * {@code &#39;} and {@code &lt;3} are decoded, the targets of {@code <a href>} are kept as text),
 * removes zero-width and soft-hyphen characters (U+200B..U+200D, U+2060, U+FEFF, U+00AD) and folds
 * compatibility characters (NFKC: "mathematical bold" letters become plain letters).
 *
 * <p>{@link #tokens} then lower-cases, strips accents, and splits into word tokens, matching words
 * as tokens (a list entry never matches inside a longer word: "Scunthorpe" holds no insult). Inside
 * a token, leetspeak digits and symbols between letters become letters ({@code c0nnard},
 * {@code @ss}, {@code $hit}); runs of more than three of the same letter become three
 * ({@code fuuuuck} -> {@code fuuuck}: a token with such a run is compared with word lists with every
 * repeat squeezed, {@link #squeeze}, while an ordinary token must match exactly, so "but" never
 * meets "butt"); and three or more single letters in a row, separated by spaces, dots, dashes,
 * stars or underscores, are joined ({@code i.d.i.o.t}, {@code c o n n a r d}).
 */
public final class ModerationText {
  private ModerationText() {}

  private static final Pattern HREF = Pattern.compile("(?i)<a\\s[^>]*href\\s*=\\s*[\"']?([^\"'\\s>]+)[^>]*>");
  private static final Pattern TAG = Pattern.compile("(?i)</?[a-z][a-z0-9]*(?:\\s[^<>]*)?/?>");
  private static final Pattern URL = Pattern.compile(
      "(?i)\\b(?:https?://|www\\.)[^\\s<>\"']+|\\b[a-z0-9][a-z0-9-]{0,62}(?:\\.[a-z0-9-]{1,63})*"
          + "\\.(?:com|net|org|ly|gl|co|me|io|tv|info|biz|xyz|fr|be|ch|de|uk|us|ru|cn|tk|ml|ga|cf|gq|link|site|"
          + "online|shop|store|club|top|app|page|gg|to|cc|at|in|so)(?:/[^\\s<>\"']*)?(?![a-z0-9])");
  private static final Pattern EMAIL = Pattern.compile("(?i)\\b[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}\\b");
  /** A phone number: 9 to 15 digits with the usual separators, optionally after + or 00. */
  private static final Pattern PHONE = Pattern.compile("(?<![\\w.])(?:\\+|00)?\\d(?:[ .\\-()]{0,2}\\d){8,14}(?![\\w])");

  private static final Pattern SPACES = Pattern.compile("\\s{2,}");

  /** The text without HTML, zero-width characters and compatibility forms (case and accents kept). */
  public static String clean(String text) {
    if (text == null) {
      return "";
    }
    String t = text;
    if (t.indexOf('<') >= 0) {
      t = HREF.matcher(t).replaceAll(m -> " " + Matcher.quoteReplacement(m.group(1)) + " ");
      t = TAG.matcher(t).replaceAll(" ");
    }
    if (t.indexOf('&') >= 0) {
      // Twice: exports sometimes escape the ampersand of an entity (&amp;#39;).
      t = StringEscapeUtils.unescapeHtml4(StringEscapeUtils.unescapeHtml4(t));
    }
    StringBuilder sb = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF' || c == '\u00AD') {
        continue;
      }
      sb.append(c == '\t' || c == '\n' || c == '\r' ? ' ' : c);
    }
    return SPACES.matcher(Normalizer.normalize(sb, Normalizer.Form.NFKC)).replaceAll(" ").strip();
  }

  /** Links in a cleaned text (with or without scheme: {@code bit.ly/x}, {@code www.x.com}, {@code x.com/y}). */
  public static List<String> urls(String cleaned) {
    List<String> out = new ArrayList<>();
    // Every link holds a dot or "://": most comments hold neither and skip the costly pattern.
    if (cleaned.indexOf('.') < 0 && !cleaned.contains("://")) {
      return out;
    }
    Matcher m = URL.matcher(EMAIL.matcher(cleaned).replaceAll(" "));
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  public static List<String> emails(String cleaned) {
    List<String> out = new ArrayList<>();
    if (cleaned.indexOf('@') < 0) {
      return out;
    }
    Matcher m = EMAIL.matcher(cleaned);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Phone numbers (9 to 15 digits), not counting digits inside links. */
  public static List<String> phones(String cleaned) {
    List<String> out = new ArrayList<>();
    // A phone number has at least 9 digits: most comments have fewer and skip both patterns.
    if (cleaned.chars().filter(c -> c >= '0' && c <= '9').count() < 9) {
      return out;
    }
    Matcher m = PHONE.matcher(URL.matcher(cleaned).replaceAll(" "));
    while (m.find()) {
      out.add(m.group().strip());
    }
    return out;
  }

  /** Lower case, without accents (é -> e, ç -> c, œ -> oe), typographic apostrophes as '. */
  public static String fold(String cleaned) {
    String d = Normalizer.normalize(cleaned.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(d.length());
    for (int i = 0; i < d.length(); i++) {
      char c = d.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      switch (c) {
        case 'œ' -> sb.append("oe");
        case 'æ' -> sb.append("ae");
        case 'ß' -> sb.append("ss");
        case '’', '‘', '`', '´' -> sb.append('\'');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Characters that stand for letters inside a word ({@code c0nnard}, {@code @ss}, {@code $hit}). */
  static char leet(char c) {
    return switch (c) {
      case '0' -> 'o';
      case '1', '!', '|' -> 'i';
      case '3' -> 'e';
      case '4', '@' -> 'a';
      case '5', '$' -> 's';
      case '7', '+' -> 't';
      case '8' -> 'b';
      case '9' -> 'g';
      default -> c;
    };
  }

  private static boolean isLeet(char c) {
    return leet(c) != c;
  }

  private static boolean isLetterOrDigit(char c) {
    return Character.isLetterOrDigit(c);
  }

  /** Separators that may sit between the letters of a spelled-out word. */
  private static boolean isSpacer(char c) {
    return c == ' ' || c == '.' || c == '-' || c == '*' || c == '_';
  }

  /** The word tokens of a cleaned text, normalised (see the class comment). */
  public static List<String> tokens(String cleaned) {
    String f = fold(cleaned);
    List<String> raw = new ArrayList<>();
    List<Character> gapAfter = new ArrayList<>();
    int n = f.length();
    int i = 0;
    while (i < n) {
      char c = f.charAt(i);
      if (!isLetterOrDigit(c) && !(isLeet(c) && i + 1 < n && Character.isLetter(f.charAt(i + 1)))) {
        i++;
        continue;
      }
      int start = i;
      StringBuilder tok = new StringBuilder();
      while (i < n) {
        char d = f.charAt(i);
        if (isLetterOrDigit(d)) {
          tok.append(d);
          i++;
        } else if (isLeet(d) && i + 1 < n && (Character.isLetterOrDigit(f.charAt(i + 1)) || isLeet(f.charAt(i + 1)))
            && (tok.length() > 0 || Character.isLetter(f.charAt(i + 1)))) {
          tok.append(d);
          i++;
        } else if (d == '\'' && tok.length() > 0 && i + 1 < n && Character.isLetter(f.charAt(i + 1))) {
          // An elision ends a token: "l'idiot" is "l" and "idiot"; "don't" is "don" and "t".
          break;
        } else {
          break;
        }
      }
      String t = limitRepeats(deleet(tok.toString()), 3);
      if (!t.isEmpty()) {
        raw.add(t);
        // Whether only spacers (no other character) separate this token from the next.
        int j = i;
        int spacers = 0;
        while (j < n && isSpacer(f.charAt(j)) && spacers < 2) {
          j++;
          spacers++;
        }
        gapAfter.add(j > i && j < n && isLetterOrDigit(f.charAt(j)) ? f.charAt(i) : 0);
      }
      if (i == start) {
        i++;
      }
    }
    return joinSpelled(raw, gapAfter);
  }

  /** Digits and symbols among letters read as letters; a token of digits only stays a number. */
  static String deleet(String t) {
    boolean letters = false;
    for (int i = 0; i < t.length(); i++) {
      if (Character.isLetter(t.charAt(i))) {
        letters = true;
        break;
      }
    }
    if (!letters) {
      return t.chars().allMatch(Character::isDigit) ? t : map(t);
    }
    return map(t);
  }

  private static String map(String t) {
    StringBuilder sb = new StringBuilder(t.length());
    for (int i = 0; i < t.length(); i++) {
      sb.append(leet(t.charAt(i)));
    }
    return sb.toString();
  }

  /** Runs of the same character cut to {@code max}. */
  static String limitRepeats(String t, int max) {
    StringBuilder sb = new StringBuilder(t.length());
    int run = 0;
    char prev = 0;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      run = c == prev ? run + 1 : 1;
      prev = c;
      if (run <= max) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** Every run of the same letter cut to one: how word-list entries and tokens are compared. */
  public static String squeeze(String t) {
    return limitRepeats(t, 1);
  }

  /**
   * Joins three or more one-letter tokens written with the same spacer between them into one word
   * ("i.d.i.o.t"; in "a f*u*c*k" the "a" stays apart: its spacer differs).
   */
  private static List<String> joinSpelled(List<String> raw, List<Character> gapAfter) {
    List<String> out = new ArrayList<>(raw.size());
    int i = 0;
    while (i < raw.size()) {
      int j = i;
      char spacer = gapAfter.get(i);
      while (j < raw.size() && raw.get(j).length() == 1 && Character.isLetter(raw.get(j).charAt(0))
          && (j == i || (spacer != 0 && gapAfter.get(j - 1) == spacer))) {
        j++;
      }
      if (j - i >= 3) {
        StringBuilder sb = new StringBuilder();
        for (int k = i; k < j; k++) {
          sb.append(raw.get(k));
        }
        out.add(limitRepeats(sb.toString(), 3));
        i = j;
      } else {
        out.add(raw.get(i));
        i++;
      }
    }
    return out;
  }
}
