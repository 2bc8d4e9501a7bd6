package dev.veille.common;

import java.net.URI;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The top level of veille.yaml (warehouse, privacy, accounts, default_timezone, ingest) as a
 * {@link VeilleConfig}, from the {@link ConfigFile} the command parsed once (its sections are read
 * by their own settings classes). Relative paths in it are resolved against the file's folder, so a
 * config works from any working directory. Precedence for the salt: environment
 * {@code VEILLE_SALT}, then {@code privacy.salt}. Every error names the key, the bad value and what
 * is expected.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Reads and parses {@code file}, then its top level: for callers that need nothing else from it. */
  public static VeilleConfig load(Path file) {
    return load(ConfigFile.read(file));
  }

  public static VeilleConfig load(ConfigFile file) {
    return load(file, System.getenv(VeilleConfig.SALT_ENV));
  }

  static VeilleConfig load(Path file, String saltFromEnvironment) {
    return load(ConfigFile.read(file), saltFromEnvironment);
  }

  static VeilleConfig load(ConfigFile file, String saltFromEnvironment) {
    ConfigNode root = file.root();
    String name = String.valueOf(file.path());
    Path base = file.base();

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
}
