package dev.veille.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads veille.yaml. Relative paths in it are resolved against the file's folder, so a config
 * works from any working directory. Precedence for the salt: environment {@code VEILLE_SALT},
 * then {@code privacy.salt}. Every error names the key, the bad value and what is expected.
 */
public final class ConfigLoader {
  private static final YAMLMapper YAML = new YAMLMapper();

  private ConfigLoader() {}

  public static VeilleConfig load(Path file) {
    return load(file, System.getenv(VeilleConfig.SALT_ENV));
  }

  static VeilleConfig load(Path file, String saltFromEnvironment) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Config file not found: " + file);
    }
    JsonNode tree;
    try {
      tree = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("Cannot parse " + file + " as YAML: " + firstLine(e.getMessage()), e);
    }
    String name = file.toString();
    ConfigNode root = new ConfigNode(tree, "", name);
    if (!root.isObject()) {
      throw new ConfigException("Invalid " + name + ": expected a YAML mapping with a warehouse key");
    }
    root.allowOnly(Set.of("warehouse", "privacy", "accounts", "default_timezone", "ingest",
        "sentiment", "topics", "reports", "nightly"));
    Path base = file.toAbsolutePath().getParent();

    String warehouse = resolve(base, root.get("warehouse").text("a folder or URI"));

    ConfigNode privacy = root.get("privacy");
    privacy.allowOnly(Set.of("salt"));
    String salt = saltFromEnvironment != null && !saltFromEnvironment.isBlank()
        ? saltFromEnvironment : privacy.get("salt").textOr(null, "a secret string");

    List<Account> accounts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (ConfigNode a : root.get("accounts").list()) {
      a.allowOnly(Set.of("platform", "id", "name", "timezone", "handles"));
      String platform = platform(a.get("platform"));
      String id = a.get("id").text("the account's id on the platform");
      ConfigException.check(seen.add(platform + "/" + id),
          "Duplicate account %s/%s in %s (each platform and id once)", platform, id, name);
      String accountName = a.get("name").textOr(id, "the account's display name");
      ZoneId zone = a.get("timezone").zone();
      List<String> handles = new ArrayList<>();
      for (String h : a.get("handles").textList("the brand's handles on this platform")) {
        handles.add(Handles.normalise(h));
      }
      accounts.add(new Account(platform, id, accountName, zone, handles));
    }

    ConfigNode defaultZoneNode = root.get("default_timezone");
    ZoneId defaultZone = defaultZoneNode.isPresent() ? defaultZoneNode.zone() : ZoneId.of("UTC");

    ConfigNode ingest = root.get("ingest");
    ingest.allowOnly(Set.of("max_bad_ratio", "sources"));
    double maxBadRatio = ingest.get("max_bad_ratio").number(VeilleConfig.DEFAULT_MAX_BAD_RATIO, 0, 1);
    List<SourceSpec> sources = new ArrayList<>();
    for (ConfigNode s : ingest.get("sources").list()) {
      sources.add(source(s, base));
    }
    return new VeilleConfig(warehouse, salt, accounts, defaultZone, maxBadRatio, sources);
  }

  private static SourceSpec source(ConfigNode s, Path base) {
    s.allowOnly(Set.of("path", "mapping", "platform", "timestamp_zone", "observed_at"));
    String path = resolve(base, s.get("path").text("the export file, folder or glob"));
    String mapping = s.get("mapping").text("preset:NAME or a mapping file");
    if (!mapping.startsWith("preset:")) {
      mapping = resolve(base, mapping);
    }
    String platform = s.has("platform") ? platform(s.get("platform")) : null;
    ZoneId zone = s.has("timestamp_zone") ? s.get("timestamp_zone").zone() : null;
    java.time.Instant observedAt = s.has("observed_at") ? s.get("observed_at").instant() : null;
    return new SourceSpec(path, mapping, platform, zone, observedAt);
  }

  static String platform(ConfigNode node) {
    String value = node.text("a platform name such as facebook, instagram, x, linkedin, tiktok, youtube");
    String p = value.trim().toLowerCase(Locale.ROOT);
    if (!p.matches("[a-z0-9_-]+")) {
      throw node.error("a platform name of letters, digits, '-' or '_' such as facebook or x");
    }
    return p;
  }

  /** A path relative to the config's folder, unless it is absolute or a URI with a scheme. */
  public static String resolve(Path base, String location) {
    if (hasScheme(location) || base == null) {
      return location;
    }
    Path p = Path.of(location);
    return (p.isAbsolute() ? p : base.resolve(p)).normalize().toString();
  }

  public static boolean hasScheme(String location) {
    try {
      URI uri = new URI(location);
      return uri.getScheme() != null && uri.getScheme().length() > 1;
    } catch (Exception e) {
      return false;
    }
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
