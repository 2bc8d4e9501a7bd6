package dev.veille.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A YAML/JSON node that knows its key path ({@code ingest.sources[2].path}) and the file it came
 * from, so every validation error names the file, the key, the bad value and what was expected.
 */
public final class ConfigNode {
  private final JsonNode node;
  private final String path;
  private final String file;

  public ConfigNode(JsonNode node, String path, String file) {
    this.node = node == null ? MissingNode.getInstance() : node;
    this.path = path;
    this.file = file;
  }

  public String path() {
    return path;
  }

  public JsonNode raw() {
    return node;
  }

  public boolean isPresent() {
    return !node.isMissingNode() && !node.isNull();
  }

  public boolean isText() {
    return node.isTextual() || node.isNumber() || node.isBoolean();
  }

  public boolean isArray() {
    return node.isArray();
  }

  public boolean isObject() {
    return node.isObject();
  }

  public ConfigNode get(String key) {
    return new ConfigNode(node.get(key), path.isEmpty() ? key : path + "." + key, file);
  }

  public boolean has(String key) {
    return get(key).isPresent();
  }

  public ConfigException error(String expected) {
    String value = isPresent() ? node.toString() : "(missing)";
    return new ConfigException(String.format("Invalid %s in %s: %s (expected %s)",
        path, file, value, expected));
  }

  public String text(String expected) {
    if (!isPresent()) {
      throw new ConfigException(String.format("Missing %s in %s (expected %s)", path, file, expected));
    }
    if (!isText()) {
      throw error(expected);
    }
    return node.asText();
  }

  public String textOr(String fallback, String expected) {
    return isPresent() ? text(expected) : fallback;
  }

  public double number(double fallback, double min, double max) {
    if (!isPresent()) {
      return fallback;
    }
    String expected = "a number from " + min + " to " + max;
    double value;
    if (node.isNumber()) {
      value = node.asDouble();
    } else if (node.isTextual()) {
      try {
        value = Double.parseDouble(node.asText().trim());
      } catch (NumberFormatException e) {
        throw error(expected);
      }
    } else {
      throw error(expected);
    }
    if (!(value >= min && value <= max)) {
      throw error(expected);
    }
    return value;
  }

  public ZoneId zone() {
    String text = text("an IANA time zone such as Europe/Paris");
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw error("an IANA time zone such as Europe/Paris");
    }
  }

  public Instant instant() {
    String text = text("an ISO-8601 instant such as 2026-11-28T06:00:00Z");
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e2) {
        throw error("an ISO-8601 instant such as 2026-11-28T06:00:00Z");
      }
    }
  }

  /** A list; a single scalar counts as a list of one. Missing gives an empty list. */
  public List<ConfigNode> list() {
    List<ConfigNode> items = new ArrayList<>();
    if (!isPresent()) {
      return items;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        items.add(new ConfigNode(node.get(i), path + "[" + i + "]", file));
      }
    } else {
      items.add(this);
    }
    return items;
  }

  public List<String> textList(String expected) {
    List<String> values = new ArrayList<>();
    for (ConfigNode item : list()) {
      values.add(item.text(expected));
    }
    return values;
  }

  /** The entries of an object, in file order. */
  public Map<String, ConfigNode> entries(String expected) {
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    if (!isPresent()) {
      return entries;
    }
    if (!node.isObject()) {
      throw error(expected);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      entries.put(e.getKey(), new ConfigNode(e.getValue(), childPath(e.getKey()), file));
    }
    return entries;
  }

  /** Rejects keys this object does not know, so a typo is an error rather than a silent default. */
  public void allowOnly(Set<String> keys) {
    if (!node.isObject()) {
      return;
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!keys.contains(name)) {
        throw new ConfigException(String.format("Unknown key %s in %s (expected one of %s)",
            childPath(name), file, new java.util.TreeSet<>(keys)));
      }
    }
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
