package dev.veille.sentiment;

import dev.veille.common.ConfigException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Labelled evaluation files: tab-separated, a header naming at least {@code label} (0 negative,
 * 1 neutral, 2 positive) and {@code text}, with CSV quoting as pandas writes it (the TweetEval and
 * UMSAB exports): a cell holding a quote is wrapped in quotes, the quotes inside doubled, and may
 * span lines. Texts are stripped (those exports keep a space inside the closing quote); a byte-order
 * mark and CRLF line ends are read like their absence; blank lines are skipped.
 */
public final class LabelledTexts {
  public record Item(int label, String text) {}

  /**
   * Tab-separated, '"' quotes (commons-csv's TDF), but nothing trimmed by the parser (an unquoted
   * text is taken whole and stripped below, like a quoted one) and blank lines kept as records, so
   * that the line numbers in errors count them.
   */
  private static final CSVFormat FORMAT = CSVFormat.TDF.builder().setIgnoreSurroundingSpaces(false)
      .setIgnoreEmptyLines(false).get();

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
    try (Reader r = reader(file); CSVParser p = CSVParser.parse(r, FORMAT)) {
      Iterator<CSVRecord> records = p.iterator();
      if (!records.hasNext()) {
        throw new ConfigException("Invalid --input: " + file + " (empty; expected a header with label and text)");
      }
      List<String> header = records.next().toList();
      int label = header.indexOf("label");
      int text = header.indexOf("text");
      if ((requireLabel && label < 0) || text < 0) {
        throw new ConfigException("Invalid --input: " + file + " (header " + header
            + "; expected tab-separated columns including label and text)");
      }
      List<Item> items = new ArrayList<>();
      while (limit <= 0 || items.size() < limit) {
        long line = p.getCurrentLineNumber() + 1;
        if (!records.hasNext()) {
          break;
        }
        CSVRecord rec = records.next();
        if (rec.size() == 1 && rec.get(0).isBlank()) {
          continue;
        }
        if (rec.size() <= Math.max(label, text)) {
          throw new ConfigException("Invalid --input: " + file + " line " + line + " has " + rec.size()
              + " fields (expected " + header.size() + ")");
        }
        int y = -1;
        if (label >= 0) {
          try {
            y = Integer.parseInt(rec.get(label).trim());
          } catch (NumberFormatException e) {
            y = -1;
          }
        }
        if (label >= 0 && (y < 0 || y > 2)) {
          throw new ConfigException("Invalid --input: " + file + " line " + line + " label " + rec.get(label)
              + " (expected 0 negative, 1 neutral or 2 positive)");
        }
        items.add(new Item(y, rec.get(text).strip()));
      }
      return items;
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException("Invalid --input: " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /** A UTF-8 reader past the byte-order mark spreadsheet programs write first. */
  static Reader reader(Path file) throws IOException {
    BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    r.mark(1);
    if (r.read() != '\uFEFF') {
      r.reset();
    }
    return r;
  }
}
