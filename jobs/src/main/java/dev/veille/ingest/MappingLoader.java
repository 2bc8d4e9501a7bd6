package dev.veille.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads and validates mapping files: {@code preset:NAME} (shipped in the jar under
 * {@code dev/veille/ingest/presets/NAME.yaml}) or a path. Errors name the file, the key and the
 * bad value, so a user writing a mapping for a new export can fix it from the message alone.
 */
public final class MappingLoader {
  public static final String PRESET_PREFIX = "preset:";
  public static final List<String> PRESETS = List.of("meta-business-suite", "x-api-v2");
  private static final String PRESET_DIR = "/dev/veille/ingest/presets/";
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Set<String> NUMERIC = Set.of("followers", "reactions", "comments", "shares",
      "saves", "clicks", "video_views", "impressions", "reach");
  private static final Set<String> ARRAYS = Set.of("hashtags", "mentions");
  private static final Set<String> TIMESTAMPS = Set.of("published_at", "observed_at", "created_at");
  private static final String TIMESTAMP_FORMATS =
      "iso, epoch_seconds, epoch_millis or a pattern such as MM/dd/yyyy HH:mm";

  private MappingLoader() {}

  public static Mapping load(String ref) {
    if (ref.startsWith(PRESET_PREFIX)) {
      String name = ref.substring(PRESET_PREFIX.length());
      try (InputStream in = MappingLoader.class.getResourceAsStream(PRESET_DIR + name + ".yaml")) {
        if (in == null) {
          throw new ConfigException("Unknown mapping preset: " + name + " (expected one of "
              + PRESETS + ", or the path of a mapping file)");
        }
        return parse(YAML.readTree(in), ref);
      } catch (IOException e) {
        throw new ConfigException("Cannot read mapping preset " + name + ": " + e.getMessage(), e);
      }
    }
    Path file = Path.of(ref);
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Mapping file not found: " + ref
          + " (expected a mapping YAML file, or preset:NAME with NAME in " + PRESETS + ")");
    }
    try {
      return parse(YAML.readTree(file.toFile()), ref);
    } catch (IOException e) {
      throw new ConfigException("Cannot parse mapping " + ref + " as YAML: "
          + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  /** The text of a preset, for users who start their own mapping from one. */
  public static String presetText(String name) {
    try (InputStream in = MappingLoader.class.getResourceAsStream(PRESET_DIR + name + ".yaml")) {
      if (in == null) {
        throw new ConfigException("Unknown mapping preset: " + name + " (expected one of " + PRESETS + ")");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("Cannot read mapping preset " + name + ": " + e.getMessage(), e);
    }
  }

  static Mapping parse(JsonNode tree, String location) {
    ConfigNode root = new ConfigNode(tree, "", location);
    if (!root.isObject()) {
      throw new ConfigException("Invalid mapping " + location + ": expected a YAML mapping with source and fields");
    }
    root.allowOnly(Set.of("name", "table", "platform", "source", "timestamps", "numbers", "fields", "derive"));
    String name = root.get("name").textOr(location, "a short name");
    String tableText = root.get("table").textOr("posts", "posts or comments");
    Mapping.Target table = switch (tableText.toLowerCase(Locale.ROOT)) {
      case "posts" -> Mapping.Target.POSTS;
      case "comments" -> Mapping.Target.COMMENTS;
      default -> throw root.get("table").error("posts or comments");
    };
    String platform = root.has("platform")
        ? root.get("platform").text("a platform name").trim().toLowerCase(Locale.ROOT) : null;

    Mapping.SourceLayout source = source(root.get("source"));
    Mapping.TimestampRule timestamps = timestamps(root.get("timestamps"));
    CountFormat numbers = numbers(root.get("numbers"));

    Map<String, FieldSpec> fields = new LinkedHashMap<>();
    ConfigNode fieldsNode = root.get("fields");
    if (!fieldsNode.isObject()) {
      throw fieldsNode.error("a mapping from canonical field names to columns or paths");
    }
    for (Map.Entry<String, ConfigNode> e : fieldsNode.entries("fields").entrySet()) {
      String field = e.getKey();
      if (!table.fields.contains(field)) {
        throw new ConfigException(String.format("Unknown field %s in %s (expected one of %s)",
            e.getValue().path(), location, new TreeSet<>(table.fields)));
      }
      fields.put(field, field(field, e.getValue(), source.format()));
    }
    for (String required : table.required) {
      if (!fields.containsKey(required)) {
        throw new ConfigException(String.format("Missing fields.%s in %s (every %s record needs it)",
            required, location, table.name().toLowerCase(Locale.ROOT)));
      }
    }
    if (platform == null && !fields.containsKey("platform")) {
      throw new ConfigException("Missing platform in " + location
          + " (expected a top-level platform: NAME or fields.platform)");
    }

    ConfigNode derive = root.get("derive");
    derive.allowOnly(Set.of("format", "paid"));
    Mapping.FormatRule formatRule = formatRule(derive.get("format"));
    ConfigNode paid = derive.get("paid");
    paid.allowOnly(Set.of("true_values"));
    Set<String> paidTrue = new TreeSet<>();
    for (String v : paid.get("true_values").textList("values meaning paid/boosted")) {
      paidTrue.add(v.trim().toLowerCase(Locale.ROOT));
    }
    if (paidTrue.isEmpty()) {
      paidTrue.addAll(List.of("true", "yes", "1", "paid", "boosted"));
    }
    return new Mapping(name, location, table, platform, source, timestamps, Map.copyOf(fields),
        formatRule, Set.copyOf(paidTrue), numbers);
  }

  private static Mapping.SourceLayout source(ConfigNode node) {
    if (!node.isObject()) {
      throw node.error("a source section with format: csv, json or jsonl");
    }
    node.allowOnly(Set.of("format", "delimiter", "quote", "escape", "encoding", "null_values", "records"));
    String formatText = node.get("format").text("csv, json or jsonl");
    Mapping.Format format = switch (formatText.toLowerCase(Locale.ROOT)) {
      case "csv" -> Mapping.Format.CSV;
      case "json" -> Mapping.Format.JSON;
      case "jsonl", "ndjson", "json-lines" -> Mapping.Format.JSONL;
      default -> throw node.get("format").error("csv, json or jsonl");
    };
    String delimiter = node.get("delimiter").textOr(",", "one character, or tab");
    if (delimiter.equalsIgnoreCase("tab") || delimiter.equals("\\t")) {
      delimiter = "\t";
    }
    if (delimiter.length() != 1) {
      throw node.get("delimiter").error("one character, or tab");
    }
    String quote = oneChar(node.get("quote"), "\"");
    String escape = oneChar(node.get("escape"), "\"");
    String encoding = node.get("encoding").textOr("UTF-8", "a character set such as UTF-8");
    if (!java.nio.charset.Charset.isSupported(encoding)) {
      throw node.get("encoding").error("a character set such as UTF-8 or ISO-8859-1");
    }
    List<String> nulls = node.has("null_values")
        ? node.get("null_values").textList("strings that mean 'no value'") : List.of("");
    String records = node.get("records").textOr(null, "the path of the array of records, e.g. data[]");
    if (records != null && format == Mapping.Format.CSV) {
      throw node.get("records").error("no records key for csv (it is for JSON documents)");
    }
    if (records != null) {
      JsonPaths.parse(records, node.get("records"));
    }
    return new Mapping.SourceLayout(format, delimiter, quote, escape, encoding, List.copyOf(nulls), records);
  }

  private static String oneChar(ConfigNode node, String fallback) {
    String value = node.textOr(fallback, "one character");
    if (value.length() != 1) {
      throw node.error("one character");
    }
    return value;
  }

  private static Mapping.TimestampRule timestamps(ConfigNode node) {
    node.allowOnly(Set.of("format", "zone", "locale"));
    String format = timestampFormat(node.get("format"), "iso");
    ZoneId zone = node.has("zone") ? node.get("zone").zone() : null;
    Locale locale = Locale.ENGLISH;
    if (node.has("locale")) {
      locale = Locale.forLanguageTag(node.get("locale").text("a language tag such as fr or en").trim().replace('_', '-'));
      if (locale.getLanguage().isEmpty()) {
        throw node.get("locale").error("a language tag such as fr or en");
      }
    }
    return new Mapping.TimestampRule(format, zone, locale);
  }

  /** A valid timestamp format at {@code node}, or {@code fallback} when it is absent. */
  private static String timestampFormat(ConfigNode node, String fallback) {
    String format = node.textOr(fallback, TIMESTAMP_FORMATS);
    if (format != null && !TimestampParser.BUILT_IN.contains(format)) {
      try {
        DateTimeFormatter.ofPattern(format, Locale.ENGLISH);
      } catch (IllegalArgumentException e) {
        throw node.error("iso, epoch_seconds, epoch_millis or a valid java.time pattern ("
            + e.getMessage() + ")");
      }
    }
    return format;
  }

  /**
   * How counts are written: {@code numbers: {locale: fr}} (the locale's decimal separator) or
   * {@code numbers: {decimal: ","}}; a decimal point when absent.
   */
  private static CountFormat numbers(ConfigNode node) {
    node.allowOnly(Set.of("locale", "decimal"));
    if (node.has("locale") && node.has("decimal")) {
      throw node.get("decimal").error("either numbers.locale or numbers.decimal, not both");
    }
    if (node.has("locale")) {
      String tag = node.get("locale").text("a language tag such as fr, fr-FR or en-US").trim();
      Locale locale = Locale.forLanguageTag(tag.replace('_', '-'));
      if (locale.getLanguage().isEmpty()) {
        throw node.get("locale").error("a language tag such as fr, fr-FR or en-US");
      }
      return CountFormat.of(locale);
    }
    String decimal = node.get("decimal").textOr(".", "\".\" or \",\" (the decimal separator)");
    return switch (decimal) {
      case "." -> CountFormat.POINT;
      case "," -> CountFormat.COMMA;
      default -> throw node.get("decimal").error("\".\" or \",\" (the decimal separator)");
    };
  }

  private static FieldSpec field(String field, ConfigNode node, Mapping.Format format) {
    boolean json = format != Mapping.Format.CSV;
    String expected = json ? "a JSON path, a list of paths, {value: ...}, {sum: [...]} or {path: ..., lookup: ...}"
        : "a column name, a list of columns, {value: ...} or {sum: [...]}";
    FieldSpec spec;
    if (node.isText()) {
      spec = new FieldSpec.Source(node.text(expected));
    } else if (node.isArray()) {
      if (NUMERIC.contains(field)) {
        throw node.error("{sum: [...]} to add several count columns");
      }
      spec = new FieldSpec.Joined(node.textList(expected));
    } else if (node.isObject()) {
      node.allowOnly(Set.of("column", "path", "value", "sum", "lookup", "date", "time", "format"));
      if ((node.has("date") || node.has("time") || node.has("format")) && !TIMESTAMPS.contains(field)) {
        throw node.error("date, time and format only for timestamps (" + new TreeSet<>(TIMESTAMPS) + ")");
      }
      if (node.has("date") || node.has("time")) {
        spec = new FieldSpec.DateAndTime(
            node.get("date").text("the column or path of the date"),
            node.get("time").text("the column or path of the time of day"),
            timestampFormat(node.get("format"), null));
      } else if (node.has("format")) {
        String key = node.has("column") ? "column" : "path";
        spec = new FieldSpec.FormattedSource(node.get(key).text(expected), timestampFormat(node.get("format"), null));
      } else if (node.has("value")) {
        spec = new FieldSpec.Constant(node.get("value").text("a constant value"));
      } else if (node.has("sum")) {
        if (!NUMERIC.contains(field)) {
          throw node.error("sum only for counts such as " + NUMERIC);
        }
        spec = new FieldSpec.Sum(node.get("sum").textList(expected));
      } else if (node.has("lookup")) {
        if (!json) {
          throw node.error("lookup only in JSON mappings");
        }
        ConfigNode lookup = node.get("lookup");
        lookup.allowOnly(Set.of("in", "key", "value"));
        spec = new FieldSpec.Lookup(node.get("path").text("the path of the key to look up"),
            lookup.get("in").text("the document path of the array to search, e.g. includes.media[]"),
            lookup.get("key").text("the field of the array elements to match"),
            lookup.get("value").text("the field of the matching element to take"));
      } else {
        String key = node.has("column") ? "column" : "path";
        spec = new FieldSpec.Source(node.get(key).text(expected));
      }
    } else {
      throw node.error(expected);
    }
    if (ARRAYS.contains(field) && !(spec instanceof FieldSpec.Source)) {
      throw node.error("one column or path (hashtags and mentions are lists)");
    }
    if (json) {
      for (String path : spec.sources()) {
        JsonPaths.parse(path, node);
      }
      if (spec instanceof FieldSpec.Lookup l) {
        JsonPaths.parse(l.in(), node);
      }
    }
    return spec;
  }

  private static Mapping.FormatRule formatRule(ConfigNode node) {
    node.allowOnly(Set.of("map", "missing", "unknown"));
    Map<String, String> map = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigNode> e : node.get("map").entries("raw value: canonical format").entrySet()) {
      map.put(e.getKey().trim().toLowerCase(Locale.ROOT), canonicalFormat(e.getValue()));
    }
    String missing = node.has("missing") ? canonicalFormat(node.get("missing")) : "other";
    String unknown = node.has("unknown") ? canonicalFormat(node.get("unknown")) : "other";
    return new Mapping.FormatRule(Map.copyOf(map), missing, unknown);
  }

  private static String canonicalFormat(ConfigNode node) {
    String value = node.text("one of " + new TreeSet<>(Mapping.FORMATS)).trim().toLowerCase(Locale.ROOT);
    if (!Mapping.FORMATS.contains(value)) {
      throw node.error("one of " + new TreeSet<>(Mapping.FORMATS));
    }
    return value;
  }

}
