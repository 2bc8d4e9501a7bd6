package dev.veille.ingest;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one export format maps onto a canonical table: parsed and validated from a mapping YAML
 * file by {@link MappingLoader}. Immutable. The file format is documented in docs/ingest.md
 * ("Mapping files") and by the presets in {@code dev/veille/ingest/presets/}.
 *
 * @param name a short name for messages and the run manifest
 * @param location where the mapping came from ({@code preset:x-api-v2} or a path)
 * @param table the canonical table its records become
 * @param platform the platform of every record, unless {@code fields.platform} is mapped
 * @param source how the file is laid out
 * @param timestamps how timestamps are written
 * @param fields canonical field name to where it comes from
 * @param formatRule how the raw format value becomes a canonical format
 * @param paidTrueValues raw values of the paid field that mean "paid/boosted" (case-insensitive)
 * @param numbers how counts are written (decimal separator, hence grouping)
 */
public record Mapping(String name, String location, Target table, String platform, SourceLayout source,
    TimestampRule timestamps, Map<String, FieldSpec> fields, FormatRule formatRule,
    Set<String> paidTrueValues, CountFormat numbers) implements Serializable {

  /** The canonical tables an export can feed. */
  public enum Target {
    POSTS(Set.of("platform", "account_id", "account_name", "post_id", "published_at", "text", "url",
        "language", "format", "paid", "followers", "observed_at", "hashtags", "mentions", "reactions",
        "comments", "shares", "saves", "clicks", "video_views", "impressions", "reach"),
        List.of("post_id", "published_at")),
    COMMENTS(Set.of("platform", "post_id", "comment_id", "created_at", "author", "text"),
        List.of("post_id", "comment_id", "created_at"));

    public final Set<String> fields;
    public final List<String> required;

    Target(Set<String> fields, List<String> required) {
      this.fields = fields;
      this.required = required;
    }
  }

  public enum Format { CSV, JSON, JSONL }

  /**
   * @param records JSON only: path of the array whose elements are the records (e.g. {@code data[]});
   *     null when each document is one record
   */
  public record SourceLayout(Format format, String delimiter, String quote, String escape,
      String encoding, List<String> nullValues, String records) implements Serializable {}

  /**
   * @param format {@code iso}, {@code epoch_seconds}, {@code epoch_millis} or a java.time pattern
   * @param zone zone of timestamps written without an offset; null if they all carry one
   * @param locale language of month and day names in patterns ({@code MMM}, {@code EEE})
   */
  public record TimestampRule(String format, ZoneId zone, java.util.Locale locale) implements Serializable {}

  /**
   * @param map raw value (case-insensitive) to canonical format
   * @param missing the format when the raw value is empty
   * @param unknown the format when the raw value is not in the map
   */
  public record FormatRule(Map<String, String> map, String missing, String unknown)
      implements Serializable {}

  /** Canonical post formats. */
  public static final Set<String> FORMATS =
      Set.of("text", "image", "video", "reel", "story", "link", "carousel", "live", "other");

  public boolean maps(String field) {
    return fields.containsKey(field);
  }
}
