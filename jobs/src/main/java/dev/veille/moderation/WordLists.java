package dev.veille.moderation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The moderation word lists ({@code models/moderation/}, in the jar under the same path), matched as
 * whole tokens: an entry of one or more words fires when the comment's normalised tokens hold the
 * same words in a row. A token stretched by a run of three letters or more is compared with every
 * repeat squeezed ({@code fuuuck} meets {@code fuck}, {@code connnnard} meets {@code connard});
 * other tokens must match exactly ({@code but} never meets {@code butt}). Entries of
 * {@code allow.txt} never fire.
 *
 * <p>Categories: {@code obscene} (LDNOOBW, English and French, CC BY 4.0), {@code insult},
 * {@code threat}, {@code hate} and {@code spam} (phrases written for Veille).
 */
public final class WordLists implements java.io.Serializable {
  public static final String OBSCENE = "obscene";
  public static final String INSULT = "insult";
  public static final String THREAT = "threat";
  public static final String HATE = "hate";
  public static final String SPAM = "spam";

  /** Category by list file under {@code models/moderation/}. */
  static final Map<String, String> FILES = new LinkedHashMap<>();

  static {
    FILES.put("ldnoobw_en.txt", OBSCENE);
    FILES.put("ldnoobw_fr.txt", OBSCENE);
    FILES.put("insults.txt", INSULT);
    FILES.put("threats.txt", THREAT);
    FILES.put("hate.txt", HATE);
    FILES.put("spam_phrases.txt", SPAM);
  }

  /** One entry that fired: its category and the entry as written in its list. */
  public record Hit(String category, String entry) implements java.io.Serializable {}

  private record Entry(String[] words, String[] squeezed, String category, String text)
      implements java.io.Serializable {}

  /** Entries by their first word, exact and squeezed. */
  private final Map<String, List<Entry>> byFirst;
  private final Set<String> shorteners;

  private WordLists(Map<String, List<Entry>> byFirst, Set<String> shorteners) {
    this.byFirst = byFirst;
    this.shorteners = shorteners;
  }

  private static volatile WordLists shipped;

  /** The lists shipped in the jar, read once per JVM. */
  public static WordLists shipped() {
    WordLists w = shipped;
    if (w == null) {
      synchronized (WordLists.class) {
        if (shipped == null) {
          Map<String, List<String>> lists = new LinkedHashMap<>();
          FILES.forEach((file, category) -> lists.computeIfAbsent(category, k -> new ArrayList<>())
              .addAll(read(file)));
          shipped = of(lists, read("allow.txt"), read("shorteners.txt"));
        }
        w = shipped;
      }
    }
    return w;
  }

  /** Lists from entries by category, minus the allow-list (tests build small ones). */
  public static WordLists of(Map<String, List<String>> entriesByCategory, List<String> allow,
      List<String> shorteners) {
    Set<String> allowed = new HashSet<>();
    for (String a : allow) {
      allowed.add(key(a));
    }
    Map<String, List<Entry>> byFirst = new HashMap<>();
    Set<String> seen = new HashSet<>();
    entriesByCategory.forEach((category, entries) -> {
      for (String e : entries) {
        List<String> toks = ModerationText.tokens(ModerationText.clean(e));
        if (toks.isEmpty()) {
          continue;
        }
        String k = key(e);
        if (allowed.contains(k) || !seen.add(category + "\u0000" + k)) {
          continue;
        }
        String[] words = toks.toArray(String[]::new);
        String[] squeezed = toks.stream().map(ModerationText::squeeze).toArray(String[]::new);
        Entry entry = new Entry(words, squeezed, category, e.strip());
        byFirst.computeIfAbsent(words[0], x -> new ArrayList<>()).add(entry);
        if (!squeezed[0].equals(words[0])) {
          byFirst.computeIfAbsent(squeezed[0], x -> new ArrayList<>()).add(entry);
        }
      }
    });
    Set<String> hosts = new HashSet<>();
    shorteners.forEach(s -> hosts.add(s.strip().toLowerCase(java.util.Locale.ROOT)));
    return new WordLists(byFirst, hosts);
  }

  private static String key(String entry) {
    return String.join(" ", ModerationText.tokens(ModerationText.clean(entry)));
  }

  /** The entries that fire in a comment's tokens ({@link ModerationText#tokens}), in order. */
  public List<Hit> match(List<String> tokens) {
    List<Hit> hits = new ArrayList<>();
    int n = tokens.size();
    String[] key = new String[n];
    boolean[] stretched = new boolean[n];
    for (int i = 0; i < n; i++) {
      String t = tokens.get(i);
      stretched[i] = hasRun3(t);
      key[i] = stretched[i] ? ModerationText.squeeze(t) : t;
    }
    for (int i = 0; i < n; i++) {
      List<Entry> candidates = byFirst.get(key[i]);
      if (candidates == null) {
        continue;
      }
      Set<Entry> seen = new HashSet<>();
      for (Entry e : candidates) {
        if (i + e.words().length > n || !seen.add(e)) {
          continue;
        }
        boolean all = true;
        for (int k = 0; k < e.words().length && all; k++) {
          String t = tokens.get(i + k);
          all = stretched[i + k] ? key[i + k].equals(e.squeezed()[k]) : t.equals(e.words()[k]);
        }
        if (all) {
          hits.add(new Hit(e.category(), e.text()));
        }
      }
    }
    return hits;
  }

  private static boolean hasRun3(String t) {
    for (int i = 2; i < t.length(); i++) {
      if (t.charAt(i) == t.charAt(i - 1) && t.charAt(i) == t.charAt(i - 2)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a link goes through a shortener (its host, without www., is listed). */
  public boolean isShortened(String url) {
    String u = url.toLowerCase(java.util.Locale.ROOT).replaceFirst("^[a-z]+://", "").replaceFirst("^www\\.", "");
    int slash = u.indexOf('/');
    String host = slash < 0 ? u : u.substring(0, slash);
    return shorteners.contains(host);
  }

  /** The lines of a shipped list: without comments ({@code #}) and blank lines. */
  static List<String> read(String file) {
    String path = "/models/moderation/" + file;
    List<String> out = new ArrayList<>();
    try (InputStream in = WordLists.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + path + " in the jar (models/moderation/ is packaged by"
            + " jobs/pom.xml: rebuild with mvn package)");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          out.add(l);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
    return out;
  }
}
