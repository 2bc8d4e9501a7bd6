package dev.veille.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;

/**
 * Social-text normalisation shared by every model that reads post texts (sentiment, themes), so
 * they see the same words. It turns what people type on social platforms into plain sentences,
 * in this order (each a {@link Step}, so its worth can be measured by leaving it out):
 *
 * <ul>
 *   <li>HTML entities decoded ({@code &amp;} to {@code &});
 *   <li>compatibility characters folded (NFKC): "mathematical bold" letters become plain letters;
 *   <li>URLs removed; {@code @handles} (names or pseudonyms) removed;
 *   <li>hashtags segmented into words: {@code #NeverAgain} becomes {@code never again},
 *       {@code #home_decor} becomes {@code home decor};
 *   <li>emoticons ({@code :)}, {@code <3}, {@code :'(}) replaced by a word from the
 *       {@link SocialLexicon} ({@code happy}, {@code love}, {@code crying});
 *   <li>emoji replaced by a word from the lexicon ({@code 😍} to {@code love}); emoji the lexicon
 *       does not know are removed; a run of the same emoji counts at most twice, so 500 emoji
 *       become two words, not 500;
 *   <li>elongations shortened: {@code soooo} becomes {@code soo} (two letters keep the emphasis);
 *   <li>words in ALL CAPS lower-cased (emphasis is kept by the models' own features, not the case);
 *   <li>white space collapsed.
 * </ul>
 *
 * <p>Pure and thread-safe; {@link #normalise(String)} keeps its signature and meaning ("a cleaned
 * text for models") because several stages depend on it.
 */
public final class SocialText {
  /** The steps of {@link #normalise(String, Set)}, in the order they run. */
  public enum Step {
    HTML_ENTITIES, NFKC, URLS, HANDLES, HASHTAGS, EMOTICONS, EMOJI, ELONGATIONS, CAPS
  }

  /** Every step: what {@link #normalise(String)} does. */
  public static final Set<Step> ALL_STEPS = Collections.unmodifiableSet(EnumSet.allOf(Step.class));

  static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  // The '@' and '#' come before the look-behinds (which then look past them): a scan tests one
  // character at each position instead of a character class.
  static final Pattern HANDLE = Pattern.compile("@(?<![\\p{L}\\p{N}_.]@)[\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]*");
  static final Pattern HASHTAG = Pattern.compile("#(?<![\\p{L}\\p{N}_&]#)([\\p{L}\\p{N}_]+)");
  static final Pattern ELONGATION = Pattern.compile("(\\p{L})\\1{2,}");
  static final Pattern CAPS_WORD = Pattern.compile("\\b\\p{Lu}{2,}\\b");
  static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern UNDERSCORES = Pattern.compile("_+");
  private static final Pattern SEGMENT =
      Pattern.compile("\\p{Lu}+(?=\\p{Lu}\\p{Ll})|\\p{Lu}?\\p{Ll}+|\\p{Lu}+|\\p{N}+|\\p{L}+");

  private SocialText() {}

  /** The normalised text (every step); null stays null. */
  public static String normalise(String text) {
    return normalise(text, ALL_STEPS);
  }

  /** The text normalised by the given steps only (ablations); null stays null. */
  public static String normalise(String text, Set<Step> steps) {
    if (text == null) {
      return null;
    }
    String t = text;
    // Each pattern runs only on a text that holds what it needs to match (a '#', an '@', two
    // capitals in a row...): the checks are cheaper than the patterns' scans, which were half of
    // the emerging-theme detector's time on 63 days of a busy history (docs/benchmarks.md).
    if (steps.contains(Step.HTML_ENTITIES) && mayHoldEntity(t)) {
      t = StringEscapeUtils.unescapeHtml4(t);
    }
    if (steps.contains(Step.NFKC)) {
      t = Normalizer.normalize(t, Normalizer.Form.NFKC);
    }
    if (steps.contains(Step.URLS) && mayHoldUrl(t)) {
      t = URL.matcher(t).replaceAll(" ");
    }
    if (steps.contains(Step.HANDLES) && t.indexOf('@') >= 0) {
      t = HANDLE.matcher(t).replaceAll(" ");
    }
    if (steps.contains(Step.HASHTAGS) && t.indexOf('#') >= 0) {
      t = replace(HASHTAG, t, m -> String.join(" ", segmentHashtag(m.group(1))));
    }
    if (steps.contains(Step.EMOTICONS)) {
      t = SocialLexicon.get().replaceEmoticons(t);
    }
    if (steps.contains(Step.EMOJI)) {
      t = SocialLexicon.get().replaceEmoji(t);
    }
    if (steps.contains(Step.ELONGATIONS) && hasRunOfThree(t)) {
      t = ELONGATION.matcher(t).replaceAll("$1$1");
    }
    if (steps.contains(Step.CAPS) && hasTwoCapitals(t)) {
      t = replace(CAPS_WORD, t, m -> m.group().toLowerCase(Locale.ROOT));
    }
    return (hasSpacesToCollapse(t) ? SPACES.matcher(t).replaceAll(" ") : t).strip();
  }

  /**
   * False only when HTML unescaping would change nothing: every named entity ends with ';' and a
   * numeric one starts with "&#".
   */
  static boolean mayHoldEntity(String t) {
    int amp = t.indexOf('&');
    return amp >= 0 && (t.indexOf(';', amp) >= 0 || t.indexOf("&#", amp) >= 0);
  }

  /** False only when {@link #URL} cannot match: it needs "://" or "www." (any case). */
  static boolean mayHoldUrl(String t) {
    if (t.contains("://")) {
      return true;
    }
    for (int dot = t.indexOf('.'); dot >= 0; dot = t.indexOf('.', dot + 1)) {
      if (dot >= 3 && t.regionMatches(true, dot - 3, "www", 0, 3)) {
        return true;
      }
    }
    return false;
  }

  /** False only when {@link #ELONGATION} cannot match: it needs a character three times in a row. */
  static boolean hasRunOfThree(String t) {
    int run = 0;
    int last = -1;
    for (int i = 0; i < t.length(); ) {
      int c = t.codePointAt(i);
      run = c == last ? run + 1 : 1;
      if (run >= 3) {
        return true;
      }
      last = c;
      i += Character.charCount(c);
    }
    return false;
  }

  /**
   * False only when {@link #CAPS_WORD} cannot match: it needs two upper-case letters in a row
   * ({@link Character#isUpperCase} holds for every {@code \p{Lu}} letter, and for a few more).
   */
  static boolean hasTwoCapitals(String t) {
    boolean previous = false;
    for (int i = 0; i < t.length(); ) {
      int c = t.codePointAt(i);
      boolean upper = Character.isUpperCase(c);
      if (upper && previous) {
        return true;
      }
      previous = upper;
      i += Character.charCount(c);
    }
    return false;
  }

  /** False only when {@link #SPACES} would change nothing: no white space but single plain spaces. */
  static boolean hasSpacesToCollapse(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
          || (c == ' ' && i + 1 < t.length() && t.charAt(i + 1) == ' ')) {
        return true;
      }
    }
    return false;
  }

  /**
   * Splits a hashtag body into lower-case words at underscores, case changes and letter/digit
   * boundaries: {@code NeverAgain} to {@code [never, again]}, {@code COVID19Vaccine} to
   * {@code [covid, 19, vaccine]}. An all-lower-case tag stays one word ({@code homedecor}).
   */
  public static List<String> segmentHashtag(String tag) {
    List<String> words = new ArrayList<>();
    for (String part : tag.indexOf('_') < 0 ? new String[] {tag} : UNDERSCORES.split(tag)) {
      Matcher m = SEGMENT.matcher(part);
      while (m.find()) {
        words.add(m.group().toLowerCase(Locale.ROOT));
      }
    }
    return words;
  }

  interface Replacer {
    String apply(Matcher m);
  }

  static String replace(Pattern p, String text, Replacer r) {
    Matcher m = p.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(r.apply(m)));
    }
    m.appendTail(out);
    return out.toString();
  }
}
