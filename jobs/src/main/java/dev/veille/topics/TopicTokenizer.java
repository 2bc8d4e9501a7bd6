package dev.veille.topics;

import dev.veille.text.SocialText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a post into the tokens the theme models count.
 *
 * <ol>
 *   <li>Hashtags become tokens of their own, {@code #homedecor} (lower case), taken from the post's
 *       {@code hashtags} column when it has any, else from {@code #tags} in the text: a hashtag is
 *       the most deliberate topic signal a post carries.
 *   <li>Brand and partner {@code @handles} become {@code @name} tokens when {@code keepMentions}
 *       (pseudonymised people, {@code u_} + 16 hex digits, never do: they are not topics).
 *   <li>The text goes through {@link SocialText#normalise} (shared with sentiment: URLs and
 *       handles removed, hashtags segmented into words, NFKC, elongations, caps), then is lower
 *       cased and split into words; French elisions ({@code l'}, {@code d'}, {@code qu'}) and the
 *       English possessive {@code 's} are cut off.
 *   <li>Stop words (English, French, social noise) are dropped, as are words under two letters
 *       and numbers.
 *   <li>With {@code bigrams}, adjacent kept words also give {@code word_word} tokens.
 * </ol>
 *
 * <p>Pure and serializable: Spark ships one instance to the executors.
 */
public final class TopicTokenizer implements Serializable {
  /**
   * The shared normalisation, minus emoji and emoticons turned into words: they carry how people
   * feel (sentiment's business), not what a post is about, and would pull unrelated posts together.
   */
  private static final java.util.Set<SocialText.Step> STEPS = java.util.EnumSet.complementOf(
      java.util.EnumSet.of(SocialText.Step.EMOTICONS, SocialText.Step.EMOJI));

  private static final long serialVersionUID = 1L;

  private static final Pattern HASHTAG = Pattern.compile("(?<![\\p{L}\\p{N}_&])#([\\p{L}\\p{N}_]+)");
  private static final Pattern MENTION = Pattern.compile("(?<![\\p{L}\\p{N}_.])@([\\p{L}\\p{N}_]+)");
  private static final Pattern PSEUDONYM = Pattern.compile("u_[0-9a-f]{16}");
  private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}'’-]+");
  private static final Pattern ELISION = Pattern.compile(
      "^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]");
  private static final Pattern POSSESSIVE = Pattern.compile("['’]s$");
  private static final Pattern EDGES = Pattern.compile("^['’-]+|['’-]+$");
  private static final Pattern NUMBER = Pattern.compile("[\\p{N}.,:'’-]+(?:st|nd|rd|th|h|k|m|e|er)?");

  /** The stop-word lists shipped in the jar (copies of models/topics/stopwords/). */
  public static final List<String> STOP_LISTS = List.of("en", "fr", "social");

  private final Set<String> stopWords;
  private final boolean bigrams;
  private final boolean keepMentions;

  public TopicTokenizer(boolean bigrams, boolean keepMentions) {
    this(defaultStopWords(), bigrams, keepMentions);
  }

  public TopicTokenizer(Set<String> stopWords, boolean bigrams, boolean keepMentions) {
    this.stopWords = Set.copyOf(stopWords);
    this.bigrams = bigrams;
    this.keepMentions = keepMentions;
  }

  public Set<String> stopWords() {
    return Collections.unmodifiableSet(stopWords);
  }

  public boolean isStopWord(String token) {
    return stopWords.contains(token.startsWith("#") || token.startsWith("@") ? token.substring(1) : token);
  }

  /** The tokens of a post; {@code hashtags} may be null or empty (then they come from the text). */
  public List<String> tokens(String text, List<String> hashtags) {
    List<String> out = new ArrayList<>();
    Set<String> tags = new LinkedHashSet<>();
    if (hashtags != null && !hashtags.isEmpty()) {
      for (String h : hashtags) {
        if (h != null && !h.isBlank()) {
          tags.add(h.strip().replaceFirst("^#", "").toLowerCase(Locale.ROOT));
        }
      }
    } else if (text != null) {
      Matcher m = HASHTAG.matcher(text);
      while (m.find()) {
        tags.add(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    for (String t : tags) {
      if (t.length() >= 2 && !stopWords.contains(t)) {
        out.add("#" + t);
      }
    }
    if (text == null || text.isBlank()) {
      return out;
    }
    if (keepMentions) {
      Matcher m = MENTION.matcher(text);
      while (m.find()) {
        String handle = m.group(1).toLowerCase(Locale.ROOT);
        if (handle.length() >= 2 && !PSEUDONYM.matcher(handle).matches() && !stopWords.contains(handle)) {
          out.add("@" + handle);
        }
      }
    }
    String normalised = SocialText.normalise(text, STEPS);
    List<String> words = new ArrayList<>();
    for (String raw : SPLIT.split(normalised.toLowerCase(Locale.ROOT))) {
      // The patterns run only where they can match (an apostrophe, an edge mark, a word that does
      // not start with a letter): this loop runs for every word of every post assigned.
      String w = raw;
      if (w.indexOf('\'') >= 0 || w.indexOf('’') >= 0) {
        w = ELISION.matcher(w).replaceFirst("");
        w = POSSESSIVE.matcher(w).replaceFirst("");
      }
      if (!w.isEmpty() && (isEdgeMark(w.charAt(0)) || isEdgeMark(w.charAt(w.length() - 1)))) {
        w = EDGES.matcher(w).replaceAll("");
      }
      w = w.replace('’', '\'');
      if (w.length() < 2 || stopWords.contains(w)
          || (!Character.isLetter(w.codePointAt(0)) && NUMBER.matcher(w).matches())) {
        // A stop word breaks a phrase: no bigram spans it.
        words.add(null);
        continue;
      }
      words.add(w);
    }
    String previous = null;
    for (String w : words) {
      if (w != null) {
        out.add(w);
        if (bigrams && previous != null && !previous.equals(w)) {
          out.add(previous + "_" + w);
        }
      }
      previous = w;
    }
    return out;
  }

  private static boolean isEdgeMark(char c) {
    return c == '\'' || c == '’' || c == '-';
  }

  /** English, French and social-noise stop words, as shipped in the jar. */
  public static Set<String> defaultStopWords() {
    Set<String> all = new HashSet<>();
    for (String list : STOP_LISTS) {
      all.addAll(stopList(list));
    }
    return all;
  }

  /** One shipped list: {@code en}, {@code fr} or {@code social}. */
  public static Set<String> stopList(String name) {
    String resource = "/dev/veille/topics/stopwords/" + name + ".txt";
    Set<String> words = new HashSet<>();
    try (InputStream in = TopicTokenizer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing stop-word list " + resource + " on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        String w = line.strip().toLowerCase(Locale.ROOT);
        if (!w.isEmpty() && !w.startsWith("#")) {
          words.add(w.replace('’', '\''));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
    return words;
  }
}
