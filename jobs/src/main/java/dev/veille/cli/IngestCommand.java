package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Json;
import dev.veille.common.SourceSpec;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestJob;
import dev.veille.ingest.IngestResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Loads exports into the warehouse (posts, engagement, comments, quarantine).",
        "Either every source of --config, or one --input read with --mapping.",
        "Bad records go to the quarantine table; a file with more than --max-bad-ratio bad records"
            + " fails the run (exit 3) and nothing is published. Holds the warehouse lock."})
public final class IngestCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = {"-i", "--input"}, paramLabel = "PATH",
      description = "An export file, folder or glob (instead of the config's sources).")
  String input;

  @Option(names = {"-m", "--mapping"}, paramLabel = "MAPPING",
      description = "With --input: preset:NAME (see `veille presets`) or a mapping YAML file.")
  String mapping;

  @Option(names = "--platform", paramLabel = "NAME", description = "With --input: the platform, overriding the mapping's.")
  String platform;

  @Option(names = "--timestamp-zone", paramLabel = "ZONE",
      description = "With --input: the zone of timestamps written without an offset (e.g. Europe/Paris).")
  String timestampZone;

  @Option(names = "--observed-at", paramLabel = "INSTANT",
      description = "With --input: when the export's counts were read (default: the file's modification time).")
  String observedAt;

  @Option(names = "--max-bad-ratio", paramLabel = "RATIO",
      description = "Largest share of bad records a file may have (default: config, else 0.05).")
  Double maxBadRatio;

  @Option(names = "--force", description = "Ingest files even if the ledger says their contents were ingested.")
  boolean force;

  @Option(names = "--json", description = "Print the result as one JSON line instead of text.")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    VeilleConfig config = options.load();
    if (input != null) {
      if (mapping == null) {
        throw new ConfigException("Missing --mapping for --input " + input
            + " (expected preset:NAME or a mapping file; `veille presets` lists the presets)");
      }
      Path cwd = Path.of("").toAbsolutePath();
      String mappingRef = mapping.startsWith("preset:") ? mapping : ConfigLoader.resolve(cwd, mapping);
      config = config.withSources(List.of(new SourceSpec(ConfigLoader.resolve(cwd, input), mappingRef,
          platform == null ? null : platform.toLowerCase(java.util.Locale.ROOT), zone(), instant())));
    } else if (mapping != null || platform != null || timestampZone != null || observedAt != null) {
      throw new ConfigException("--mapping, --platform, --timestamp-zone and --observed-at go with --input");
    }
    if (maxBadRatio != null) {
      config = config.withMaxBadRatio(maxBadRatio);
    }
    IngestJob job = new IngestJob(config, force);
    try {
      job.validate();
      SparkSession spark = SparkSessions.getOrCreate("veille ingest");
      IngestResult result = WarehouseWrites.run(spark, config, "ingest", () -> job.run(spark));
      print(result, spec.commandLine().getOut(), json);
      return 0;
    } catch (ConfigException e) {
      if (input == null || !e.getMessage().contains("ingest.sources[0]")) {
        throw e;
      }
      // The job names its sources by their config key; this user wrote flags.
      throw new ConfigException(e.getMessage() + " (ingest.sources[0] is the --input export; it takes"
          + " --mapping, --platform, --timestamp-zone and --observed-at)", e);
    }
  }

  private ZoneId zone() {
    if (timestampZone == null) {
      return null;
    }
    try {
      return ZoneId.of(timestampZone);
    } catch (java.time.DateTimeException e) {
      throw new ConfigException("Invalid --timestamp-zone: " + timestampZone
          + " (expected an IANA time zone such as Europe/Paris)");
    }
  }

  private Instant instant() {
    if (observedAt == null) {
      return null;
    }
    try {
      return Instant.parse(observedAt);
    } catch (DateTimeParseException e) {
      throw new ConfigException("Invalid --observed-at: " + observedAt
          + " (expected an ISO-8601 instant such as 2026-11-28T06:00:00Z)");
    }
  }

  static void print(IngestResult r, PrintWriter out, boolean json) {
    if (json) {
      out.println(Json.line(r));
      return;
    }
    for (IngestResult.FileCounts f : r.files()) {
      if (f.skipped()) {
        out.printf("  %-60s skipped (already ingested)%n", f.path());
      } else {
        out.printf("  %-60s %,9d in %,9d ok %,7d quarantined%n", f.path(), f.recordsIn(), f.recordsOk(),
            f.recordsQuarantined());
      }
    }
    for (String note : r.notes()) {
      out.println("  note: " + note);
    }
    if (!r.rejectReasons().isEmpty()) {
      out.println("  quarantine reasons: " + new java.util.TreeMap<>(r.rejectReasons()));
    }
    out.printf("records_in=%d records_ok=%d records_quarantined=%d duplicates_merged=%d%n",
        r.recordsIn(), r.recordsOk(), r.recordsQuarantined(), r.duplicatesMerged());
    out.println("manifest: " + r.manifest());
    out.flush();
  }
}
