package dev.veille.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * veille.yaml, read and parsed once per command run. {@link ConfigLoader} builds the top level
 * ({@link VeilleConfig}) from it and each section's settings are built from their own subtree
 * ({@code ReportSettings.from(file.section("reports"))}), so a run sees one version of the file,
 * and the SHA-256 its manifests record is that of the bytes it parsed. Unknown top-level keys are
 * rejected here, so a misspelt section is an error whichever command reads the file.
 */
public final class ConfigFile {
  /** The top-level keys: the deployment's (read by {@link ConfigLoader}), then one section per stage. */
  public static final Set<String> KEYS = Set.of("warehouse", "privacy", "accounts", "default_timezone", "ingest",
      "sentiment", "topics", "signals", "moderation", "calendar", "reports", "nightly");

  /** No file (a command given only --warehouse, an evaluation without --config): every section at its defaults. */
  public static final ConfigFile NONE = new ConfigFile(null, null, MissingNode.getInstance());

  private static final YAMLMapper YAML = new YAMLMapper();

  private final Path file;
  private final String sha256;
  private final ConfigNode root;

  private ConfigFile(Path file, String sha256, JsonNode tree) {
    this.file = file;
    this.sha256 = sha256;
    this.root = new ConfigNode(tree, "", file == null ? "(no config file)" : file.toString());
  }

  /** Reads and parses {@code file}; errors name it and say what is wrong. */
  public static ConfigFile read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Config file not found: " + file);
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigException("Cannot read the config file " + file + ": " + e.getMessage(), e);
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(bytes);
    } catch (IOException e) {
      throw new ConfigException("Cannot parse " + file + " as YAML: " + firstLine(e.getMessage()), e);
    }
    ConfigFile parsed = new ConfigFile(file, Versions.sha256(bytes), tree);
    if (!parsed.root.isObject()) {
      throw new ConfigException("Invalid " + file + ": expected a YAML mapping with a warehouse key");
    }
    parsed.root.allowOnly(KEYS);
    return parsed;
  }

  /** {@link #read} when {@code file} is given, else {@link #NONE}. */
  public static ConfigFile readIfGiven(Path file) {
    return file == null ? NONE : read(file);
  }

  /** The file as given, or null for {@link #NONE}. */
  public Path path() {
    return file;
  }

  /** Its folder, against which relative paths in it are resolved; null for {@link #NONE}. */
  public Path base() {
    return file == null ? null : file.toAbsolutePath().getParent();
  }

  /** SHA-256 of the bytes parsed (hex), or null for {@link #NONE}. */
  public String sha256() {
    return sha256;
  }

  public ConfigNode root() {
    return root;
  }

  /** A top-level section (absent when the file does not have it: its settings then take their defaults). */
  public ConfigNode section(String key) {
    if (!KEYS.contains(key)) {
      throw new IllegalArgumentException("Not a section of veille.yaml: " + key);
    }
    return root.get(key);
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
