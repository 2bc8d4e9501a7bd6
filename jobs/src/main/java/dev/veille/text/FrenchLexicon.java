package dev.veille.text;

import dev.veille.common.Lazy;
import dev.veille.text.FrenchAnalysis;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the French scorer knows about French words, loaded once per JVM from the jar:
 *
 * <ul>
 *   <li>{@code models/sentiment/fr/fr_lexicon.txt}: the French translation of VADER's lexicon
 *       (MIT, origin in {@code ORIGIN.md}), {@code word->valence} from -4 to 4; keys are read with
 *       the same analysis as texts ({@link FrenchAnalysis}), several entries of one folded word are
 *       averaged, and a word is also found by its light stem or with its doubled letters made
 *       single ("contentes", "geniaaal");
 *   <li>{@code emojis_fr.txt}: French emoji names ("😀 grand sourire"), so an emoji is read as words;
 *   <li>{@code no_negate.txt}: words a negation does not flip;
 *   <li>{@code rules_fr.tsv} (written for Veille): negators, boosters, dampeners, contrast words,
 *       idioms whose meaning is not their words' ("pas terrible", "pas mal") and a few social words
 *       the translation misses or mis-rates (they override it).
 * </ul>
 */
public final class FrenchLexicon {
  public static final String DIR = "models/sentiment/fr/";

  private static final Lazy<FrenchLexicon> INSTANCE = Lazy.of(FrenchLexicon::load);

  private final Map<String, Double> exact;
  private final Map<String, Double> slang;
  private final Map<String, Double> stems;
  private final Map<String, Double> collapsed;
  private final Map<String, List<Idiom>> idioms;
  private final Map<Integer, String> emojiNames;
  public final Set<String> negators;
  public final Set<String> weakNegators;
  public final Map<String, Double> boosters;
  public final Set<String> contrast;
  public final Set<String> noNegate;

  /** A phrase (analysed words) with its valence. */
  public record Idiom(List<String> words, double valence) {}

  private FrenchLexicon(Map<String, Double> exact, Map<String, Double> slang, Map<String, List<Idiom>> idioms,
      Map<Integer, String> emojiNames,
      Set<String> negators, Set<String> weakNegators, Map<String, Double> boosters, Set<String> contrast,
      Set<String> noNegate) {
    this.exact = exact;
    this.slang = slang;
    this.idioms = idioms;
    this.emojiNames = emojiNames;
    this.negators = negators;
    this.weakNegators = weakNegators;
    this.boosters = boosters;
    this.contrast = contrast;
    this.noNegate = noNegate;
    this.stems = average(exact, FrenchAnalysis::stem);
    this.collapsed = average(exact, FrenchAnalysis::collapse);
  }

  public static FrenchLexicon get() {
    return INSTANCE.get();
  }

  /** Number of distinct folded words with a valence. */
  public int size() {
    return exact.size();
  }

  /**
   * The valence of an analysed word, or null: Veille's social words first, then the lexicon's
   * exact word, its stem, and the word without doubled letters.
   */
  public Double valence(String word) {
    Double v = slang.get(word);
    return v != null ? v : lexiconValence(word);
  }

  /** The valence from the translated lexicon only (ablations: what Veille's social words add). */
  public Double lexiconValence(String word) {
    Double v = exact.get(word);
    if (v == null) {
      v = stems.get(FrenchAnalysis.stem(word));
    }
    if (v == null) {
      String c = FrenchAnalysis.collapse(word);
      v = collapsed.get(c);
      if (v == null) {
        v = stems.get(FrenchAnalysis.stem(c));
      }
    }
    return v;
  }

  /** Whether the lexicon has this analysed word as it is (no stem, no folding of doubled letters). */
  public boolean knows(String word) {
    return exact.containsKey(word) || slang.containsKey(word);
  }

  /** The idioms that start with this word (longest first), or an empty list. */
  public List<Idiom> idiomsAt(String word) {
    return idioms.getOrDefault(word, List.of());
  }

  /** The French name of an emoji code point (skin tones and variation selectors stripped), or null. */
  public String emojiName(int cp) {
    return emojiNames.get(cp);
  }

  private interface Key {
    String of(String w);
  }

  private static Map<String, Double> average(Map<String, Double> m, Key key) {
    Map<String, double[]> sums = new HashMap<>();
    m.forEach((w, v) -> {
      double[] s = sums.computeIfAbsent(key.of(w), k -> new double[2]);
      s[0] += v;
      s[1]++;
    });
    Map<String, Double> out = new HashMap<>();
    sums.forEach((k, s) -> out.put(k, s[0] / s[1]));
    return Map.copyOf(out);
  }

  private static FrenchLexicon load() {
    Map<String, double[]> sums = new HashMap<>();
    Map<String, List<Idiom>> idioms = new HashMap<>();
    for (String[] line : lines("fr_lexicon.txt", "->", 2)) {
      List<String> words = FrenchAnalysis.words(line[0]);
      double v = Double.parseDouble(line[1].trim());
      if (words.size() == 1) {
        double[] s = sums.computeIfAbsent(words.get(0), k -> new double[2]);
        s[0] += v;
        s[1]++;
      } else if (words.size() > 1) {
        idioms.computeIfAbsent(words.get(0), k -> new ArrayList<>()).add(new Idiom(words, v));
      }
      // Entries without a letter (emoticons) are left to the social lexicon, read on the raw text.
    }
    Map<String, Double> exact = new HashMap<>();
    sums.forEach((w, s) -> exact.put(w, s[0] / s[1]));

    Set<String> negators = new HashSet<>();
    Set<String> weak = new HashSet<>();
    Map<String, Double> boosters = new HashMap<>();
    Set<String> contrast = new HashSet<>();
    Map<String, Double> slang = new HashMap<>();
    for (String[] line : lines("rules_fr.tsv", "\t", 3)) {
      List<String> words = FrenchAnalysis.words(line[1]);
      if (words.isEmpty()) {
        throw new IllegalStateException("Invalid " + DIR + "rules_fr.tsv entry: " + String.join("\t", line)
            + " (no word)");
      }
      double v = Double.parseDouble(line[2].trim());
      String w = words.get(0);
      switch (line[0]) {
        case "negator" -> negators.add(w);
        case "weak_negator" -> weak.add(w);
        case "booster" -> boosters.put(w, v);
        case "dampener" -> boosters.put(w, -v);
        case "contrast" -> contrast.add(w);
        case "slang" -> slang.put(w, v);
        case "idiom" -> idioms.computeIfAbsent(w, k -> new ArrayList<>()).add(new Idiom(words, v));
        default -> throw new IllegalStateException("Invalid " + DIR + "rules_fr.tsv kind: " + line[0]
            + " (expected negator, weak_negator, booster, dampener, contrast, idiom or slang)");
      }
    }
    idioms.replaceAll((k, list) -> list.stream()
        .sorted((a, b) -> Integer.compare(b.words().size(), a.words().size())).toList());

    Map<Integer, String> emoji = new HashMap<>();
    for (String[] line : lines("emojis_fr.txt", "\t", 2)) {
      int[] cps = line[0].codePoints().filter(cp -> cp != 0xFE0F && cp != 0xFE0E).toArray();
      if (cps.length == 1) {
        emoji.putIfAbsent(cps[0], line[1].trim());
      }
    }
    Set<String> noNegate = new HashSet<>();
    for (String[] line : lines("no_negate.txt", "\t", 1)) {
      noNegate.addAll(FrenchAnalysis.words(line[0]));
    }
    return new FrenchLexicon(Map.copyOf(exact), Map.copyOf(slang), Map.copyOf(idioms), Map.copyOf(emoji), Set.copyOf(negators),
        Set.copyOf(weak), Map.copyOf(boosters), Set.copyOf(contrast), Set.copyOf(noNegate));
  }

  /** The non-blank, non-comment lines of a resource, each split in exactly {@code fields} fields. */
  private static List<String[]> lines(String name, String separator, int fields) {
    String resource = DIR + name;
    List<String[]> out = new ArrayList<>();
    try (InputStream in = FrenchLexicon.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource + " on the classpath (it ships in veille.jar)");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank() || line.startsWith("# ")) {
          continue;
        }
        // The valence is after the last separator: a few emoticon keys contain "->" themselves.
        int at = fields == 1 ? -1 : line.lastIndexOf(separator);
        String[] f = fields == 1 ? new String[] {line.strip()}
            : fields == 2 && at > 0 ? new String[] {line.substring(0, at), line.substring(at + separator.length())}
            : line.split(separator, -1);
        if (f.length != fields) {
          throw new IllegalStateException("Invalid " + resource + " line " + n + ": " + line + " (expected "
              + fields + " fields separated by " + (separator.equals("\t") ? "a tab" : separator) + ")");
        }
        out.add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
    return out;
  }
}
