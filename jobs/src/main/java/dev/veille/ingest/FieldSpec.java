package dev.veille.ingest;

import java.io.Serializable;
import java.util.List;

/**
 * Where one canonical field comes from in an export. In CSV files a source is a column name; in
 * JSON it is a path such as {@code public_metrics.like_count}, {@code entities.hashtags[].tag}
 * (every element of an array) or {@code attachments.media_keys[0]} (the first element).
 */
public sealed interface FieldSpec extends Serializable {
  /** The names or paths this field reads. */
  List<String> sources();

  /** One column or path: {@code text: "Description"}. */
  record Source(String source) implements FieldSpec {
    public List<String> sources() {
      return List.of(source);
    }
  }

  /** Several text columns joined by a blank line, skipping empty ones: {@code text: [Title, Description]}. */
  record Joined(List<String> sources) implements FieldSpec {}

  /** Counts added together: {@code shares: {sum: [retweet_count, quote_count]}}. */
  record Sum(List<String> sources) implements FieldSpec {}

  /** The same value for every record: {@code account_id: {value: "7654321"}}. */
  record Constant(String value) implements FieldSpec {
    public List<String> sources() {
      return List.of();
    }
  }

  /**
   * A value looked up elsewhere in the same JSON document: the element of array {@code in} whose
   * {@code key} equals this record's {@code path}, and its {@code value} (X's media types).
   */
  record Lookup(String path, String in, String key, String value) implements FieldSpec {
    public List<String> sources() {
      return List.of(path);
    }
  }

  /**
   * A timestamp split across a date column and a time column, as some exports write it:
   * {@code published_at: {date: Date, time: Heure, format: "dd/MM/yyyy HH:mm"}}. The two values are
   * read joined by one space, with {@code format} (null: the mapping's {@code timestamps.format}).
   */
  record DateAndTime(String date, String time, String format) implements FieldSpec {
    public List<String> sources() {
      return List.of(date, time);
    }
  }

  /** One column or path holding a timestamp in a format of its own: {@code {column: Date, format: ...}}. */
  record FormattedSource(String source, String format) implements FieldSpec {
    public List<String> sources() {
      return List.of(source);
    }
  }

  /** The timestamp format of this field when it has its own, else null. */
  default String timestampFormat() {
    if (this instanceof DateAndTime d) {
      return d.format();
    }
    return this instanceof FormattedSource f ? f.format() : null;
  }
}
