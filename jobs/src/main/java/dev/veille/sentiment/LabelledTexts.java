package dev.veille.sentiment;

import dev.veille.common.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled evaluation files: tab-separated, a header naming at least {@code label} (0 negative,
 * 1 neutral, 2 positive) and {@code text}. A text wrapped in double quotes with doubled quotes
 * inside (CSV quoting, as in the TweetEval and UMSAB exports) is unquoted.
 */
public final class LabelledTexts {
  public record Item(int label, String text) {}

  private LabelledTexts() {}

  /** Reads up to {@code limit} items (0: all); every row must have a label. */
  public static List<Item> read(Path file, int limit) {
    return read(file, limit, true);
  }

  /** As {@link #read(Path, int)}; without {@code requireLabel} a file may have only a text column (label -1). */
  public static List<Item> read(Path file, int limit, boolean requireLabel) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Invalid --input: " + file + " (file not found)");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    if (lines.isEmpty()) {
      throw new ConfigException("Invalid --input: " + file + " (empty; expected a header with label and text)");
    }
    List<String> header = List.of(lines.get(0).split("\t", -1));
    int label = header.indexOf("label");
    int text = header.indexOf("text");
    if ((requireLabel && label < 0) || text < 0) {
      throw new ConfigException("Invalid --input: " + file + " (header " + header
          + "; expected tab-separated columns including label and text)");
    }
    List<Item> items = new ArrayList<>();
    for (int i = 1; i < lines.size() && (limit <= 0 || items.size() < limit); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length <= Math.max(label, text)) {
        throw new ConfigException("Invalid --input: " + file + " line " + (i + 1) + " has " + f.length
            + " fields (expected " + header.size() + ")");
      }
      int y = -1;
      if (label >= 0) {
        try {
          y = Integer.parseInt(f[label].trim());
        } catch (NumberFormatException e) {
          y = -1;
        }
      }
      if (label >= 0 && (y < 0 || y > 2)) {
        throw new ConfigException("Invalid --input: " + file + " line " + (i + 1) + " label " + f[label]
            + " (expected 0 negative, 1 neutral or 2 positive)");
      }
      items.add(new Item(y, unquote(f[text])));
    }
    return items;
  }

  static String unquote(String s) {
    String t = s.strip();
    if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
      return t.substring(1, t.length() - 1).replace("\"\"", "\"").strip();
    }
    return s;
  }
}
