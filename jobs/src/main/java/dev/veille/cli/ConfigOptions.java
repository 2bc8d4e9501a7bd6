package dev.veille.cli;

import dev.veille.common.ConfigLoader;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.VeilleConfig;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that work on a warehouse. Precedence: command-line flags, then
 * the config file, then defaults.
 */
public final class ConfigOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Veille config (YAML). Relative paths in it are relative to its folder.")
  Path config;

  @Option(names = {"-w", "--warehouse"}, paramLabel = "DIR",
      description = "Warehouse folder or URI (hdfs://, s3a://); overrides the config's.")
  String warehouse;

  private ConfigFile parsed;

  /**
   * The --config file, read and parsed on first use and then kept, so the top level and every
   * section a command reads come from one parse; {@link ConfigFile#NONE} without --config.
   */
  public ConfigFile file() {
    if (parsed == null) {
      parsed = ConfigFile.readIfGiven(config);
    }
    return parsed;
  }

  /** The config from --config (if given) with the flags applied. */
  public VeilleConfig load() {
    VeilleConfig c;
    if (config != null) {
      c = ConfigLoader.load(file());
    } else {
      if (warehouse == null) {
        throw new ConfigException("Missing --config or --warehouse (expected a Veille config file, or at"
            + " least the warehouse folder)");
      }
      String salt = System.getenv(VeilleConfig.SALT_ENV);
      c = new VeilleConfig(warehouse, salt, List.of(), ZoneId.of("UTC"),
          VeilleConfig.DEFAULT_MAX_BAD_RATIO, List.of());
    }
    if (warehouse != null) {
      c = c.withWarehouse(ConfigLoader.resolve(Path.of("").toAbsolutePath(), warehouse));
    }
    return c;
  }
}
