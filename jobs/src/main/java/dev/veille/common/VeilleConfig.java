package dev.veille.common;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The whole configuration of a Veille deployment, as read from one YAML file by
 * {@link ConfigLoader} (or assembled from CLI flags). Immutable; validated when built.
 *
 * @param warehouse root of the warehouse: a local path or a Hadoop URI (hdfs://, s3a://)
 * @param salt secret for pseudonymising people's handles (environment VEILLE_SALT, else privacy.salt);
 *     null when neither is set, which only jobs that store handles refuse
 * @param accounts the brand's own accounts
 * @param defaultTimezone audience zone for posts of an account that is not configured
 * @param maxBadRatio the data-quality gate: the largest share of quarantined records a file may have
 * @param sources exports to ingest
 */
public record VeilleConfig(String warehouse, String salt, List<Account> accounts,
    ZoneId defaultTimezone, double maxBadRatio, List<SourceSpec> sources) {

  public static final double DEFAULT_MAX_BAD_RATIO = 0.05;
  public static final String SALT_ENV = "VEILLE_SALT";

  public VeilleConfig {
    accounts = List.copyOf(accounts);
    sources = List.copyOf(sources);
    ConfigException.check(warehouse != null && !warehouse.isBlank(),
        "Missing warehouse (expected a folder or URI where Veille keeps its tables)");
    ConfigException.check(maxBadRatio >= 0 && maxBadRatio <= 1,
        "Invalid max_bad_ratio: %s (expected a number from 0 to 1)", maxBadRatio);
  }

  /** The configured account a post belongs to: by id first, then by name, on the same platform. */
  public Optional<Account> account(String platform, String accountId, String accountName) {
    if (platform == null) {
      return Optional.empty();
    }
    for (Account a : accounts) {
      if (a.platform().equals(platform) && accountId != null && a.id().equals(accountId)) {
        return Optional.of(a);
      }
    }
    for (Account a : accounts) {
      if (a.platform().equals(platform) && accountName != null
          && a.name().toLowerCase(Locale.ROOT).equals(accountName.toLowerCase(Locale.ROOT))) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The salt, or a configuration error saying how to provide one. */
  public String requireSalt() {
    if (salt == null || salt.isBlank()) {
      throw new ConfigException("Missing privacy.salt (expected the environment variable "
          + SALT_ENV + " or privacy.salt in the config: the secret used to pseudonymise handles)");
    }
    return salt;
  }

  /** Never prints the salt: configs end up in logs. */
  @Override
  public String toString() {
    return "VeilleConfig[warehouse=" + warehouse + ", salt=" + (salt == null ? "unset" : "<redacted>")
        + ", accounts=" + accounts + ", defaultTimezone=" + defaultTimezone + ", maxBadRatio="
        + maxBadRatio + ", sources=" + sources + "]";
  }

  public VeilleConfig withSources(List<SourceSpec> newSources) {
    return new VeilleConfig(warehouse, salt, accounts, defaultTimezone, maxBadRatio, newSources);
  }

  public VeilleConfig withWarehouse(String newWarehouse) {
    return new VeilleConfig(newWarehouse, salt, accounts, defaultTimezone, maxBadRatio, sources);
  }

  public VeilleConfig withMaxBadRatio(double ratio) {
    return new VeilleConfig(warehouse, salt, accounts, defaultTimezone, ratio, sources);
  }
}
