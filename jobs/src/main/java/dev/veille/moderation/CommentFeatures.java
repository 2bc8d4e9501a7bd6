package dev.veille.moderation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import scala.util.hashing.MurmurHash3$;

/**
 * What the learned models see of a comment: hashed, so a model is a list of weights and needs no
 * vocabulary. Chosen to carry over to comments unlike the training files (docs/moderation.md):
 *
 * <ul>
 *   <li>normalised word tokens ({@link ModerationText#tokens}) and pairs of neighbouring tokens;</li>
 *   <li>character 3- to 5-grams of each squeezed token with its boundaries ({@code " con"}), so
 *       spellings the training files never showed still share most of their features;</li>
 *   <li>word-list categories that fired ({@link WordLists}) and the shape of the comment: links,
 *       shortened links, e-mail addresses, phone numbers, a question mark, shouting (mostly upper
 *       case), @mentions, length, the language ({@link dev.veille.text.LanguageDetector}). Never a
 *       date or anything about the author.</li>
 * </ul>
 *
 * <p>The n-gram part is scaled to unit length (long comments do not weigh more); the others are 1.
 */
public final class CommentFeatures {
  private CommentFeatures() {}

  /** Hash buckets: 2^18 (small enough for MLlib to fit in seconds; collisions cost little at this size). */
  public static final int DIM = 1 << 18;
  private static final int SEED = 0x5eed;

  /** A sparse vector: sorted distinct indices and their values. */
  public record Sparse(int[] indices, double[] values) {}

  /** Everything moderation derives from one comment's text, computed once. */
  public record Parsed(String cleaned, List<String> tokens, List<WordLists.Hit> hits, List<String> urls,
      List<String> shortened, List<String> emails, List<String> phones, String language) {
    public boolean hasCategory(String category) {
      return hits.stream().anyMatch(h -> h.category().equals(category));
    }
  }

  public static Parsed parse(String text, WordLists lists) {
    String cleaned = ModerationText.clean(text);
    List<String> tokens = ModerationText.tokens(cleaned);
    List<String> urls = ModerationText.urls(cleaned);
    List<String> shortened = urls.stream().filter(lists::isShortened).toList();
    return new Parsed(cleaned, tokens, lists.match(tokens), urls, shortened, ModerationText.emails(cleaned),
        ModerationText.phones(cleaned), dev.veille.text.LanguageDetector.detect(cleaned));
  }

  public static Sparse vector(Parsed p) {
    return vector(p, 0);
  }

  /** French feature group: character 3- to 5-grams across word boundaries ("x:"). */
  public static final int FR_CROSS = 1;
  /** French feature group: counts of negative words of the French sentiment lexicon and of list words. */
  public static final int FR_LEXICON = 2;
  /** French feature group: shape (capitals, "!!", "?!", "...") and words aimed at someone ("tu", "vous"). */
  public static final int FR_SHAPE = 4;
  /** Every French group: the French head's features. */
  public static final int FR_ALL = FR_CROSS | FR_LEXICON | FR_SHAPE;

  private static final java.util.Set<String> SECOND_PERSON = java.util.Set.of("tu", "t", "toi", "te", "ta", "ton",
      "tes", "vous", "votre", "vos", "ptn");

  /**
   * {@link #vector(Parsed)} plus the French groups in {@code groups} (a mask of {@link #FR_CROSS},
   * {@link #FR_LEXICON}, {@link #FR_SHAPE}): forum slang and missing accents split words differently,
   * so n-grams across word boundaries, the strongly negative words of the French sentiment lexicon
   * (already shipped for French sentiment), and the shape of a shouted or aimed comment.
   */
  public static Sparse vector(Parsed p, int groups) {
    // The n-grams are hashed from one reused buffer, as MurmurHash3.stringHash hashes the same
    // characters as a String ("w:" + token...): the same buckets without a String per n-gram.
    Grams grams = new Grams();
    List<String> toks = p.tokens();
    for (int i = 0; i < toks.size(); i++) {
      String t = toks.get(i);
      grams.start('w').append(t).add();
      if (i + 1 < toks.size()) {
        grams.start('b').append(t).append(' ').append(toks.get(i + 1)).add();
      }
      String s = " " + ModerationText.squeeze(t) + " ";
      for (int n = 3; n <= 5; n++) {
        for (int k = 0; k + n <= s.length(); k++) {
          grams.start('c').append(s, k, k + n).add();
        }
      }
    }
    List<String> meta = new ArrayList<>();
    if (groups != 0) {
      french(p, groups, grams, meta);
    }
    for (WordLists.Hit h : p.hits()) {
      meta.add("lex:" + h.category());
    }
    if (!p.urls().isEmpty()) {
      meta.add("m:url");
    }
    if (!p.shortened().isEmpty()) {
      meta.add("m:short");
    }
    if (!p.emails().isEmpty()) {
      meta.add("m:email");
    }
    if (!p.phones().isEmpty()) {
      meta.add("m:phone");
    }
    String c = p.cleaned();
    if (c.indexOf('?') >= 0) {
      meta.add("m:qmark");
    }
    if (c.indexOf('@') >= 0) {
      meta.add("m:mention");
    }
    long letters = c.chars().filter(Character::isLetter).count();
    long upper = c.chars().filter(Character::isUpperCase).count();
    if (letters >= 8 && upper > 0.6 * letters) {
      meta.add("m:shout");
    }
    // The language lets each language have its own base rate (French forums and English tweets differ).
    meta.add("lang:" + p.language());
    int n = toks.size();
    meta.add("m:len" + (n <= 3 ? "s" : n <= 12 ? "m" : n <= 40 ? "l" : "xl"));

    int[] idx = new int[grams.size + meta.size()];
    double[] val = new double[idx.length];
    int k = 0;
    for (int g = 0; g < grams.size; g++) {
      idx[k] = grams.indices[g];
      val[k++] = 1;
    }
    int gramEnd = k;
    for (String m : meta) {
      idx[k] = index(m);
      val[k++] = -1; // marks meta features until merged
    }
    return merge(idx, val, gramEnd);
  }

  private static void french(Parsed p, int groups, Grams grams, List<String> meta) {
    List<String> toks = p.tokens();
    if ((groups & FR_CROSS) != 0 && toks.size() > 1) {
      StringBuilder sb = new StringBuilder(" ");
      for (String t : toks) {
        sb.append(ModerationText.squeeze(t)).append(' ');
      }
      String s = sb.toString();
      // Only the n-grams that span a boundary: those inside a word are already "c:" features.
      for (int n = 3; n <= 5; n++) {
        for (int k = 1; k + n <= s.length() - 1; k++) {
          int space = s.indexOf(' ', k);
          if (space > k && space < k + n - 1) {
            grams.start('x').append(s, k, k + n).add();
          }
        }
      }
    }
    long insults = p.hits().stream().filter(h -> h.category().equals(WordLists.INSULT)
        || h.category().equals(WordLists.OBSCENE) || h.category().equals(WordLists.HATE)).count();
    int strong = 0;
    int negative = 0;
    if ((groups & (FR_LEXICON | FR_SHAPE)) != 0) {
      dev.veille.text.FrenchLexicon lex = dev.veille.text.FrenchLexicon.get();
      for (String t : toks) {
        Double v = lex.valence(t);
        if (v != null && v <= -2) {
          strong++;
        } else if (v != null && v <= -1) {
          negative++;
        }
      }
    }
    if ((groups & FR_LEXICON) != 0) {
      meta.add("fr:strong" + Math.min(strong, 3));
      meta.add("fr:neg" + Math.min(negative, 3));
      meta.add("fr:insults" + Math.min(insults, 3));
    }
    if ((groups & FR_SHAPE) != 0) {
      String c = p.cleaned();
      long letters = c.chars().filter(Character::isLetter).count();
      long upper = c.chars().filter(Character::isUpperCase).count();
      if (letters >= 4) {
        meta.add("fr:caps" + (upper * 10 / letters >= 6 ? "6" : upper * 10 / letters >= 3 ? "3" : "0"));
      }
      if (c.contains("!!")) {
        meta.add("fr:bang2");
      }
      if (c.contains("?!") || c.contains("!?")) {
        meta.add("fr:interrobang");
      }
      if (c.contains("...") || c.contains("…")) {
        meta.add("fr:ellipsis");
      }
      boolean aimed = toks.stream().anyMatch(SECOND_PERSON::contains);
      if (aimed) {
        meta.add("fr:aimed");
        if (insults > 0 || strong > 0) {
          meta.add("fr:aimed_negative");
        }
      }
    }
  }

  static int index(String feature) {
    return Math.floorMod(MurmurHash3$.MODULE$.stringHash(feature, SEED), DIM);
  }

  /** The buckets of the n-gram features of one comment, hashed from a reused character buffer. */
  static final class Grams {
    private char[] buf = new char[64];
    private int len;
    int[] indices = new int[256];
    int size;

    /** A new feature: its kind's letter and ':' ("w:", "b:", "c:"). */
    Grams start(char kind) {
      len = 0;
      return append(kind).append(':');
    }

    Grams append(char c) {
      if (len == buf.length) {
        buf = Arrays.copyOf(buf, len * 2);
      }
      buf[len++] = c;
      return this;
    }

    Grams append(String s) {
      return append(s, 0, s.length());
    }

    Grams append(String s, int from, int to) {
      for (int i = from; i < to; i++) {
        append(s.charAt(i));
      }
      return this;
    }

    /** Ends the feature: its bucket, exactly {@link #index} of the same characters. */
    void add() {
      if (size == indices.length) {
        indices = Arrays.copyOf(indices, size * 2);
      }
      indices[size++] = Math.floorMod(stringHash(buf, len), DIM);
    }

    /** scala.util.hashing.MurmurHash3.stringHash over {@code buf[0, len)}. */
    private static int stringHash(char[] buf, int len) {
      scala.util.hashing.MurmurHash3 m = MurmurHash3$.MODULE$;
      int h = SEED;
      int i = 0;
      while (i + 1 < len) {
        h = m.mix(h, (buf[i] << 16) + buf[i + 1]);
        i += 2;
      }
      if (i < len) {
        h = m.mixLast(h, buf[i]);
      }
      return m.finalizeHash(h, len);
    }
  }

  /** Distinct indices, sorted: n-grams present (1, then scaled to unit length), meta features 1. */
  private static Sparse merge(int[] idx, double[] val, int gramEnd) {
    long[] packed = new long[idx.length];
    for (int i = 0; i < idx.length; i++) {
      packed[i] = ((long) idx[i] << 1) | (i < gramEnd ? 0 : 1);
    }
    Arrays.sort(packed);
    int[] outI = new int[packed.length];
    double[] outV = new double[packed.length];
    boolean[] isMeta = new boolean[packed.length];
    int m = 0;
    int grams = 0;
    for (long p : packed) {
      int i = (int) (p >>> 1);
      boolean meta = (p & 1) == 1;
      if (m > 0 && outI[m - 1] == i) {
        isMeta[m - 1] |= meta;
        continue;
      }
      outI[m] = i;
      isMeta[m] = meta;
      m++;
    }
    for (int i = 0; i < m; i++) {
      if (!isMeta[i]) {
        grams++;
      }
    }
    double scale = grams == 0 ? 0 : 1 / Math.sqrt(grams);
    for (int i = 0; i < m; i++) {
      outV[i] = isMeta[i] ? 1 : scale;
    }
    return new Sparse(Arrays.copyOf(outI, m), Arrays.copyOf(outV, m));
  }
}
