package dev.veille.moderation;

import dev.veille.common.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Labelled comments for training and evaluation: a TSV with a header holding {@code label}
 * ({@code spam}, {@code toxic} or {@code ok}) and {@code text}, or a YouTube Spam Collection CSV
 * ({@code CONTENT}, {@code CLASS} 1 spam / 0 ham). Only the text and the label are read: never a
 * date or an author (in the Eminem file the date's absence gives the label away).
 */
public final class LabelledComments {
  private LabelledComments() {}

  /** One comment: its file's name, the non-{@code ok} class it may have, and whether it has it. */
  public record Item(String file, String positiveClass, boolean positive, String text) {}

  public static List<Item> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Invalid --input: " + file + " (expected a readable labelled file)");
    }
    String name = file.getFileName().toString();
    boolean tsv = !name.toLowerCase(Locale.ROOT).endsWith(".csv");
    CSVFormat format = tsv
        ? CSVFormat.TDF.builder().setHeader().setSkipHeaderRecord(true).setQuote(null).setIgnoreSurroundingSpaces(false).get()
        : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    List<Item> out = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser p = CSVParser.parse(r, format)) {
      List<String> header = p.getHeaderNames();
      if (tsv) {
        if (!header.contains("label") || !header.contains("text")) {
          throw new ConfigException("Invalid " + file + ": header " + header + " (expected label and text columns)");
        }
        String positive = null;
        for (CSVRecord rec : p) {
          String label = rec.get("label").strip().toLowerCase(Locale.ROOT);
          if (!label.equals("ok") && !label.equals("spam") && !label.equals("toxic")) {
            throw new ConfigException("Invalid label in " + file + " line " + rec.getRecordNumber() + ": " + label
                + " (expected spam, toxic or ok)");
          }
          if (!label.equals("ok")) {
            if (positive != null && !positive.equals(label)) {
              throw new ConfigException("Invalid " + file + ": both spam and toxic labels (expected one of them,"
                  + " and ok)");
            }
            positive = label;
          }
          out.add(new Item(name, label, !label.equals("ok"), rec.get("text")));
        }
        String pc = positive == null ? "toxic" : positive;
        return out.stream().map(i -> new Item(i.file(), pc, i.positive(), i.text())).toList();
      }
      if (!header.contains("CONTENT") || !header.contains("CLASS")) {
        throw new ConfigException("Invalid " + file + ": header " + header
            + " (expected a TSV with label and text, or a YouTube Spam Collection CSV with CONTENT and CLASS)");
      }
      for (CSVRecord rec : p) {
        String c = rec.get("CLASS").strip();
        if (!c.equals("0") && !c.equals("1")) {
          throw new ConfigException("Invalid CLASS in " + file + " record " + rec.getRecordNumber() + ": " + c
              + " (expected 1 spam or 0 ham)");
        }
        out.add(new Item(name, "spam", c.equals("1"), rec.get("CONTENT")));
      }
      return out;
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ConfigException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
