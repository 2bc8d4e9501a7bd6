package dev.veille.text;

import dev.veille.common.Lazy;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The social lexicon ({@code models/sentiment/social_lexicon.tsv}, shipped in the jar): emoji and
 * emoticons, each with a word the sentence model knows and a polarity in [-1, 1]. Loaded once per
 * JVM; immutable and thread-safe.
 */
public final class SocialLexicon {
  /** Where the lexicon is on the classpath (the jar), and in the repository under models/. */
  public static final String RESOURCE = "models/sentiment/social_lexicon.tsv";

  /** A lexicon entry: the word it stands for and its polarity. */
  public record Entry(String word, double polarity) {}

  /** Counts of emoji and emoticons in a text and their summed polarity. */
  public record Polarity(int emoji, int emoticons, double sum) {}

  private static final Lazy<SocialLexicon> INSTANCE = Lazy.of(SocialLexicon::load);

  private final Map<Integer, Entry> emoji;
  private final Map<String, Entry> emoticons;
  private final Pattern emoticonPattern;

  private SocialLexicon(Map<Integer, Entry> emoji, Map<String, Entry> emoticons) {
    this.emoji = Map.copyOf(emoji);
    this.emoticons = Map.copyOf(emoticons);
    String alternatives = emoticons.keySet().stream()
        .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
        .map(Pattern::quote).collect(Collectors.joining("|"));
    // An emoticon stands alone: white space (or the text's edge) before, white space, the edge
    // or punctuation after, so "6:30" or "(see:" never match.
    this.emoticonPattern = Pattern.compile("(?<=^|\\s)(?:" + alternatives + ")(?=$|\\s|[.,!?;])");
  }

  public static SocialLexicon get() {
    return INSTANCE.get();
  }

  private static SocialLexicon load() {
    Map<Integer, Entry> emoji = new HashMap<>();
    Map<String, Entry> emoticons = new HashMap<>();
    ClassLoader loader = SocialLexicon.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE + " on the classpath (it ships in veille.jar)");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 4) {
          throw new IllegalStateException("Invalid " + RESOURCE + " line " + n + ": " + line
              + " (expected kind, token, word, polarity separated by tabs)");
        }
        Entry e = new Entry(f[2], Double.parseDouble(f[3]));
        if (f[0].equals("emoji")) {
          emoji.put(f[1].codePointAt(0), e);
        } else {
          emoticons.put(f[1], e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + RESOURCE, e);
    }
    return new SocialLexicon(emoji, emoticons);
  }

  /** True for code points in the emoji and pictograph blocks (whether or not the lexicon knows them). */
  public static boolean isEmoji(int cp) {
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF)
        || (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2300 && cp <= 0x23FF);
  }

  /** Joiners, variation selectors, skin tones and tag characters: parts of an emoji, never words. */
  static boolean isEmojiModifier(int cp) {
    return cp == 0xFE0F || cp == 0xFE0E || cp == 0x200D || (cp >= 0x1F3FB && cp <= 0x1F3FF)
        || (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3;
  }

  public Entry emoji(int cp) {
    return emoji.get(cp);
  }

  public Entry emoticon(String token) {
    return emoticons.get(token);
  }

  /** Emoticons to words ({@code :)} to {@code happy}). */
  public String replaceEmoticons(String text) {
    if (text.indexOf(':') < 0 && text.indexOf('<') < 0 && text.indexOf('^') < 0 && text.indexOf('=') < 0
        && text.indexOf('_') < 0 && text.indexOf(';') < 0 && text.indexOf('D') < 0 && text.indexOf('X') < 0
        && text.indexOf('x') < 0) {
      return text;
    }
    return SocialText.replace(emoticonPattern, text, m -> emoticons.get(m.group()).word());
  }

  /**
   * Emoji to words ({@code 😍} to {@code love}), emoji the lexicon does not know removed, and a
   * run of the same emoji (spaces between allowed) kept at most twice.
   */
  public String replaceEmoji(String text) {
    StringBuilder out = null;
    int lastEmoji = -1;
    int run = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      boolean emojiPart = isEmoji(cp) || isEmojiModifier(cp);
      if (emojiPart && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (isEmojiModifier(cp)) {
          // dropped
        } else if (isEmoji(cp)) {
          run = cp == lastEmoji ? run + 1 : 1;
          lastEmoji = cp;
          Entry e = emoji.get(cp);
          if (e != null && run <= 2) {
            out.append(' ').append(e.word()).append(' ');
          } else {
            out.append(' ');
          }
        } else {
          if (!Character.isWhitespace(cp)) {
            lastEmoji = -1;
            run = 0;
          }
          out.appendCodePoint(cp);
        }
      }
      i = next;
    }
    return out == null ? text : out.toString();
  }

  /** Emoji and emoticons of a raw text and their summed polarity (each distinct run counted once). */
  public Polarity polarity(String text) {
    if (text == null) {
      return new Polarity(0, 0, 0);
    }
    int nEmoji = 0;
    double sum = 0;
    int last = -1;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isEmoji(cp)) {
        if (cp != last) {
          Entry e = emoji.get(cp);
          if (e != null) {
            nEmoji++;
            sum += e.polarity();
          }
        }
        last = cp;
      } else if (!isEmojiModifier(cp) && !Character.isWhitespace(cp)) {
        last = -1;
      }
    }
    int nEmoticons = 0;
    Matcher m = emoticonPattern.matcher(text);
    while (m.find()) {
      nEmoticons++;
      sum += emoticons.get(m.group()).polarity();
    }
    return new Polarity(nEmoji, nEmoticons, sum);
  }

  /** Every emoticon of the lexicon (tests, docs). */
  public List<String> emoticonTokens() {
    return new ArrayList<>(emoticons.keySet());
  }
}
