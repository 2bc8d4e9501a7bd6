package dev.veille.text;

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
 * <p>What a token is depends on {@link Terms}. {@link Terms#SURFACE} (models trained before term
 * keys, and the signals' detectors): the word as written. {@link Terms#FOLDED}: its <em>key</em>,
 * without accents and in a light singular ({@link #key}), so "déco"/"deco" and
 * "coussin"/"coussins" are one token. {@link Terms#BILINGUAL} (the default for new models): the
 * key, then French domain words become their English counterpart by the shipped lexicon
 * ({@code models/topics/lexicon/fr-en.tsv}), so "coussin en lin" and "linen cushion" share their
 * two tokens and a mixed-language brand gets one theme space. {@link #terms} gives each token with
 * the word it was read from, for labels in the words posts use.
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
  static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}'’-]+");
  private static final Pattern ELISION = Pattern.compile(
      "^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]");
  private static final Pattern POSSESSIVE = Pattern.compile("['’]s$");
  private static final Pattern EDGES = Pattern.compile("^['’-]+|['’-]+$");
  private static final Pattern NUMBER = Pattern.compile("[\\p{N}.,:'’-]+(?:st|nd|rd|th|h|k|m|e|er)?");

  /** The stop-word lists new models use (copies of models/topics/stopwords/, in the jar). */
  public static final List<String> STOP_LISTS = List.of("en", "fr", "fr-iso", "fr-social", "social");
  /** The lists of models trained before {@code fr-iso} and {@code fr-social} were shipped. */
  public static final List<String> LEGACY_STOP_LISTS = List.of("en", "fr", "social");
  /** The bilingual lexicon shipped in the jar (a copy of models/topics/lexicon/fr-en.tsv). */
  public static final String LEXICON = "fr-en";

  /** What a token is (see the class comment); recorded on the model card. */
  public enum Terms {
    SURFACE("surface"), FOLDED("folded"), BILINGUAL("bilingual");

    public final String id;

    Terms(String id) {
      this.id = id;
    }

    /** The terms of {@code id}, or null. */
    public static Terms parse(String id) {
      for (Terms t : values()) {
        if (t.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
          return t;
        }
      }
      return null;
    }
  }

  private final Set<String> stopWords;
  private final boolean bigrams;
  private final boolean keepMentions;
  private final Terms terms;
  /** Term key of a French word to the key of its English counterpart (empty unless bilingual). */
  private final java.util.Map<String, String> lexicon;

  /** Words as written, with the stop lists of {@link #LEGACY_STOP_LISTS}: as before term keys. */
  public TopicTokenizer(boolean bigrams, boolean keepMentions) {
    this(stopWords(LEGACY_STOP_LISTS), bigrams, keepMentions);
  }

  public TopicTokenizer(Set<String> stopWords, boolean bigrams, boolean keepMentions) {
    this(stopWords, bigrams, keepMentions, Terms.SURFACE);
  }

  public TopicTokenizer(Set<String> stopWords, boolean bigrams, boolean keepMentions, Terms terms) {
    Set<String> stops = new HashSet<>(stopWords);
    if (terms != Terms.SURFACE) {
      // Accentless text ("tres", "deja") must meet the same stop words as accented text.
      for (String w : stopWords) {
        stops.add(fold(w));
      }
    }
    this.stopWords = Set.copyOf(stops);
    this.bigrams = bigrams;
    this.keepMentions = keepMentions;
    this.terms = terms;
    this.lexicon = terms == Terms.BILINGUAL ? lexicon(LEXICON) : java.util.Map.of();
  }

  /** The tokeniser of new models: {@link #STOP_LISTS} and {@code terms}. */
  public static TopicTokenizer of(Terms terms, boolean bigrams, boolean keepMentions) {
    return new TopicTokenizer(stopWords(STOP_LISTS), bigrams, keepMentions, terms);
  }

  public Terms terms() {
    return terms;
  }

  public Set<String> stopWords() {
    return Collections.unmodifiableSet(stopWords);
  }

  public boolean isStopWord(String token) {
    return stopWords.contains(token.startsWith("#") || token.startsWith("@") ? token.substring(1) : token);
  }

  /** The tokens of a post; {@code hashtags} may be null or empty (then they come from the text). */
  public List<String> tokens(String text, List<String> hashtags) {
    return read(text, hashtags, null);
  }

  /**
   * Each token of {@link #tokens} with the word it was read from, as {@code {token, word}} pairs
   * in the same order ({@code word_word} for a bigram): what a theme's label shows.
   */
  public List<String[]> terms(String text, List<String> hashtags) {
    List<String[]> out = new ArrayList<>();
    read(text, hashtags, out);
    return out;
  }

  private List<String> read(String text, List<String> hashtags, List<String[]> surfaces) {
    List<String> out = new ArrayList<>();
    Set<String> tags = new LinkedHashSet<>();
    if (hashtags != null && !hashtags.isEmpty()) {
      for (String h : hashtags) {
        if (h != null && !h.isBlank()) {
          String tag = h.strip();
          tags.add((tag.startsWith("#") ? tag.substring(1) : tag).toLowerCase(Locale.ROOT));
        }
      }
    } else if (text != null) {
      Matcher m = HASHTAG.matcher(text);
      while (m.find()) {
        tags.add(m.group(1).toLowerCase(Locale.ROOT));
      }
    }
    Set<String> tagKeys = new HashSet<>();
    for (String t : tags) {
      if (t.length() >= 2 && !stopWords.contains(t)) {
        // "#déco" and "#deco" are one hashtag; hashtags are not singularised or translated.
        String tag = "#" + (terms == Terms.SURFACE ? t : fold(t));
        if (terms == Terms.SURFACE || tagKeys.add(tag)) {
          emit(out, surfaces, tag, "#" + t);
        }
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
          emit(out, surfaces, "@" + handle, "@" + handle);
        }
      }
    }
    String normalised = SocialText.normalise(text, STEPS);
    List<String> words = new ArrayList<>();
    for (String raw : split(normalised.toLowerCase(Locale.ROOT))) {
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
          || (terms != Terms.SURFACE && stopWords.contains(fold(w)))
          || (!Character.isLetter(w.codePointAt(0)) && NUMBER.matcher(w).matches())) {
        // A stop word breaks a phrase: no bigram spans it.
        words.add(null);
        continue;
      }
      words.add(w);
    }
    String previous = null;
    String previousKey = null;
    for (String w : words) {
      String k = w == null ? null : tokenOf(w);
      if (w != null) {
        emit(out, surfaces, k, w);
        if (bigrams && previous != null && !previousKey.equals(k)) {
          emit(out, surfaces, previousKey + "_" + k, previous + "_" + w);
        }
      }
      previous = w;
      previousKey = k;
    }
    return out;
  }

  /**
   * {@code SPLIT.split(text)} without the pattern (this runs on every text the themes and the
   * emerging-theme detector read): the runs between separators, an empty first one when the text
   * starts with a separator, no empty last one, the whole text when there is no separator.
   */
  static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    boolean separated = false;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      if (!isWordChar(c)) {
        int end = next;
        while (end < text.length() && !isWordChar(text.codePointAt(end))) {
          end += Character.charCount(text.codePointAt(end));
        }
        out.add(text.substring(start, i));
        separated = true;
        start = end;
        next = end;
      }
      i = next;
    }
    if (!separated) {
      return List.of(text);
    }
    out.add(text.substring(start));
    int last = out.size();
    while (last > 0 && out.get(last - 1).isEmpty()) {
      last--;
    }
    return out.subList(0, last);
  }

  /** A character of {@code [\p{L}\p{N}'’-]}, what {@link #SPLIT} keeps. */
  private static boolean isWordChar(int c) {
    if (c == '\'' || c == '’' || c == '-') {
      return true;
    }
    if (Character.isLetter(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  private static void emit(List<String> out, List<String[]> surfaces, String token, String word) {
    out.add(token);
    if (surfaces != null) {
      surfaces.add(new String[] {token, word});
    }
  }

  /** The token of a kept word under this tokeniser's {@link Terms}. */
  private String tokenOf(String word) {
    if (terms == Terms.SURFACE) {
      return word;
    }
    String k = key(word);
    return lexicon.getOrDefault(k, k);
  }

  /** {@code word} without accents or diacritics ({@code œ} and {@code æ} spelt out), lower case. */
  public static String fold(String word) {
    boolean ascii = true;
    for (int i = 0; i < word.length() && ascii; i++) {
      ascii = word.charAt(i) < 0x80;
    }
    if (ascii) {
      return word;
    }
    String spelt = word.replace("œ", "oe").replace("æ", "ae");
    return DIACRITICS.matcher(java.text.Normalizer.normalize(spelt, java.text.Normalizer.Form.NFD)).replaceAll("");
  }

  private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");

  /**
   * The term key of a lower-case word: folded ({@link #fold}), then a light singular that serves
   * French and English alike, so that a word and its plural (and a French feminine) meet: final
   * {@code -eaux}/{@code -oux}/{@code -eux} lose their {@code x}, {@code -aux} becomes
   * {@code -al}, a final {@code s} goes (not after {@code s}, {@code u} or {@code i}: "dress",
   * "plus", "tapis"), then a final {@code e} ("bougies" and "bougie", "boxes" and "box", "verte"
   * and "vert") and a final {@code y} becomes {@code i} ("stories" and "story"). Short words are
   * left alone. A key is never shown: labels show the words themselves.
   */
  public static String key(String word) {
    String w = fold(word);
    int n = w.length();
    if (n >= 5 && w.endsWith("eaux")) {
      w = w.substring(0, n - 1);
    } else if (n >= 5 && w.endsWith("aux")) {
      w = w.substring(0, n - 3) + "al";
    } else if (n >= 4 && (w.endsWith("oux") || w.endsWith("eux"))) {
      w = w.substring(0, n - 1);
    } else if (n >= 4 && w.charAt(n - 1) == 's' && "sui".indexOf(w.charAt(n - 2)) < 0) {
      w = w.substring(0, n - 1);
    }
    n = w.length();
    if (n >= 4 && w.charAt(n - 1) == 'e') {
      w = w.substring(0, n - 1);
    } else if (n >= 3 && w.charAt(n - 1) == 'y') {
      w = w.substring(0, n - 1) + "i";
    }
    return w;
  }

  private static boolean isEdgeMark(char c) {
    return c == '\'' || c == '’' || c == '-';
  }

  /** English, French and social-noise stop words of new models ({@link #STOP_LISTS}). */
  public static Set<String> defaultStopWords() {
    return stopWords(STOP_LISTS);
  }

  /** The union of shipped lists. */
  public static Set<String> stopWords(List<String> lists) {
    Set<String> all = new HashSet<>();
    for (String list : lists) {
      all.addAll(stopList(list));
    }
    return all;
  }

  /**
   * The shipped bilingual lexicon {@code name} ({@code models/topics/lexicon/NAME.tsv}): the term
   * key of each French word to the term key of its English counterpart.
   */
  public static java.util.Map<String, String> lexicon(String name) {
    String resource = "/dev/veille/topics/lexicon/" + name + ".tsv";
    java.util.Map<String, String> map = new java.util.HashMap<>();
    try (InputStream in = TopicTokenizer.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing lexicon " + resource + " on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] pair = line.strip().split("\t");
        if (pair.length != 2 || pair[0].isBlank() || pair[1].isBlank()) {
          throw new IllegalStateException(resource + " line " + number + ": expected french<TAB>english, got \""
              + line + "\"");
        }
        String from = key(pair[0].strip().toLowerCase(Locale.ROOT));
        String to = key(pair[1].strip().toLowerCase(Locale.ROOT));
        if (!from.equals(to)) {
          map.put(from, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
    return java.util.Map.copyOf(map);
  }

  /** One shipped list: {@code en}, {@code fr}, {@code fr-iso}, {@code fr-social} or {@code social}. */
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
