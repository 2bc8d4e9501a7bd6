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

  private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_.])@[\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]*");
  private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&])#([\\p{L}\\p{N}_]+)");
  private static final Pattern ELONGATION = Pattern.compile("(\\p{L})\\1{2,}");
  private static final Pattern CAPS_WORD = Pattern.compile("\\b\\p{Lu}{2,}\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");
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
    if (steps.contains(Step.HTML_ENTITIES) && t.indexOf('&') >= 0) {
      t = StringEscapeUtils.unescapeHtml4(t);
    }
    if (steps.contains(Step.NFKC)) {
      t = Normalizer.normalize(t, Normalizer.Form.NFKC);
    }
    if (steps.contains(Step.URLS)) {
      t = URL.matcher(t).replaceAll(" ");
    }
    if (steps.contains(Step.HANDLES)) {
      t = HANDLE.matcher(t).replaceAll(" ");
    }
    if (steps.contains(Step.HASHTAGS)) {
      t = replace(HASHTAG, t, m -> String.join(" ", segmentHashtag(m.group(1))));
    }
    if (steps.contains(Step.EMOTICONS)) {
      t = SocialLexicon.get().replaceEmoticons(t);
    }
    if (steps.contains(Step.EMOJI)) {
      t = SocialLexicon.get().replaceEmoji(t);
    }
    if (steps.contains(Step.ELONGATIONS)) {
      t = ELONGATION.matcher(t).replaceAll("$1$1");
    }
    if (steps.contains(Step.CAPS)) {
      t = replace(CAPS_WORD, t, m -> m.group().toLowerCase(Locale.ROOT));
    }
    return SPACES.matcher(t).replaceAll(" ").strip();
  }

  /**
   * Splits a hashtag body into lower-case words at underscores, case changes and letter/digit
   * boundaries: {@code NeverAgain} to {@code [never, again]}, {@code COVID19Vaccine} to
   * {@code [covid, 19, vaccine]}. An all-lower-case tag stays one word ({@code homedecor}).
   */
  public static List<String> segmentHashtag(String tag) {
    List<String> words = new ArrayList<>();
    for (String part : tag.split("_+")) {
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
