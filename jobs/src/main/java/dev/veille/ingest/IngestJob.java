package dev.veille.ingest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;

import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Account;
import dev.veille.common.ConfigException;
import dev.veille.common.DataQualityException;
import dev.veille.common.Job;
import dev.veille.common.Json;
import dev.veille.common.PhaseTimes;
import dev.veille.common.Progress;
import dev.veille.common.Pseudonymizer;
import dev.veille.common.RunIds;
import dev.veille.common.SourceSpec;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.Versions;
import dev.veille.common.warehouse.IngestLedger;
import dev.veille.common.warehouse.InputFile;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests exports into the warehouse tables {@code posts}, {@code engagement}, {@code comments}
 * and {@code quarantine} (schemas in {@link Tables}).
 *
 * <p>Load: each file is read with its mapping into raw records ({@link RawRecords}). Transform:
 * {@link RecordParser} types and validates every record; valid ones become posts (plus an
 * engagement snapshot when they carry counts) or comments, the others quarantine rows with their
 * reason. Gate: a file whose quarantined share exceeds {@code max_bad_ratio} fails the run (exit
 * code 3) before anything is published. Write: {@link TableWriter} merges into the touched
 * partitions, so re-ingesting changes nothing. Files already ingested (same checksum, see
 * {@link IngestLedger}) are skipped unless {@code force}. Input files are only read.
 */
public final class IngestJob implements Job<IngestResult> {
  /** Rejected records one task keeps in memory for the quarantine table (see {@link IngestStats}). */
  static final int REJECTS_KEPT_PER_TASK = 20_000;

  private final VeilleConfig config;
  private final boolean force;
  private final List<Mapping> mappings = new ArrayList<>();

  public IngestJob(VeilleConfig config, boolean force) {
    this.config = config;
    this.force = force;
  }

  @Override
  public void validate() {
    if (config.sources().isEmpty()) {
      throw new ConfigException("Missing ingest.sources (expected at least one export to ingest)");
    }
    config.requireSalt();
    mappings.clear();
    for (int i = 0; i < config.sources().size(); i++) {
      SourceSpec source = config.sources().get(i);
      Mapping mapping = MappingLoader.load(source.mapping());
      List<String> formats = new ArrayList<>(List.of(mapping.timestamps().format()));
      for (FieldSpec spec : mapping.fields().values()) {
        if (spec.timestampFormat() != null) {
          formats.add(spec.timestampFormat());
        }
      }
      for (String format : formats) {
        if (new TimestampParser(format, null).needsZone() && zoneFor(source, mapping) == null) {
          throw new ConfigException(String.format(Locale.ROOT,
              "Missing timestamp zone for ingest.sources[%d] (%s): mapping %s writes timestamps as"
                  + " \"%s\" without an offset, so the source needs timestamp_zone (or the mapping"
                  + " timestamps.zone)", i, source.path(), mapping.location(), format));
        }
      }
      requireAccountsFor(source, mapping, i);
      mappings.add(mapping);
    }
  }

  /**
   * Posts need an account. When the mapping maps no {@code account_id}, each record takes the
   * config's only account on its platform (or the one its {@code account_name} names): with none
   * to take, every record would be quarantined as {@code unknown_account}, so say it now.
   */
  private void requireAccountsFor(SourceSpec source, Mapping mapping, int index) {
    String platform = source.platform() != null ? source.platform()
        : mapping.maps("platform") ? null : mapping.platform();
    if (mapping.table() != Mapping.Target.POSTS || mapping.maps("account_id") || platform == null) {
      return;
    }
    long onPlatform = config.accounts().stream().filter(a -> a.platform().equals(platform)).count();
    if (onPlatform == 1 || (onPlatform > 1 && mapping.maps("account_name"))) {
      return;
    }
    throw new ConfigException(String.format(Locale.ROOT,
        "No account for the posts of ingest.sources[%d] (%s): mapping %s maps no account_id and the"
            + " config has %s %s account to assign them to. %s",
        index, source.path(), mapping.location(), onPlatform == 0 ? "no" : "more than one", platform,
        onPlatform == 0
            ? "Map account_id (a column, or {value: \"...\"} for an export of one account) or list the"
                + " account under accounts in the config"
            : "Map account_id, or account_name to choose among them by name"));
  }

  private static ZoneId zoneFor(SourceSpec source, Mapping mapping) {
    return source.timestampZone() != null ? source.timestampZone() : mapping.timestamps().zone();
  }

  private static TimestampParser timestampsFor(SourceSpec source, Mapping mapping) {
    return new TimestampParser(mapping.timestamps().format(), zoneFor(source, mapping), mapping.timestamps().locale());
  }

  @Override
  public IngestResult run(SparkSession spark) {
    if (mappings.size() != config.sources().size()) {
      validate();
    }
    Instant started = Instant.now();
    PhaseTimes phases = new PhaseTimes();
    String runId = RunIds.next("ingest", started);
    Warehouse warehouse = Warehouse.of(spark, config.warehouse());
    IngestLedger ledger = new IngestLedger(warehouse);
    Pseudonymizer pseudonymizer = new Pseudonymizer(config.requireSalt(), brandHandles(config.accounts()));
    List<String> notes = new ArrayList<>();

    List<IngestResult.FileCounts> skipped = new ArrayList<>();
    List<InputFile> toIngest = new ArrayList<>();
    Map<String, SourceRead> readOf = new LinkedHashMap<>();
    IngestStats stats = new IngestStats(REJECTS_KEPT_PER_TASK);
    spark.sparkContext().register(stats, "veille ingest records");
    Dataset<Row> posts = null;
    Dataset<Row> comments = null;
    Set<String> seenChecksums = new HashSet<>();
    // Only files the ledger does not know by path, size and time are read to be checksummed, all
    // in one Spark job, so the executors read them side by side instead of the driver in turn.
    List<List<FileStatus>> filesOf = new ArrayList<>();
    Set<Path> unknown = new LinkedHashSet<>();
    for (int i = 0; i < config.sources().size(); i++) {
      List<FileStatus> files = expand(spark, config.sources().get(i), i);
      filesOf.add(files);
      for (FileStatus status : files) {
        if (ledger.checksumOf(status) == null) {
          unknown.add(status.getPath());
        }
      }
    }
    Map<String, String> checksums = FileChecksums.sha256(spark, List.copyOf(unknown));
    for (int i = 0; i < config.sources().size(); i++) {
      SourceSpec source = config.sources().get(i);
      Mapping mapping = mappings.get(i);
      List<InputFile> sourceFiles = new ArrayList<>();
      for (FileStatus status : filesOf.get(i)) {
        String knownChecksum = ledger.checksumOf(status);
        InputFile file = InputFile.known(status,
            knownChecksum != null ? knownChecksum : checksums.get(status.getPath().toString()),
            source.observedAt());
        JsonNode before = ledger.find(file.sha256());
        if (knownChecksum == null && before != null) {
          ledger.seen(file);
        }
        if ((!force && before != null) || !seenChecksums.add(file.sha256())) {
          Progress.log("ingest", "skipping %s: same contents already ingested%s", file.path(),
              before != null ? " (run " + before.path("run_id").asText() + ")" : " in this run");
          skipped.add(new IngestResult.FileCounts(file.path(), mapping.location(), tableName(mapping),
              file.sha256(), true, 0, 0, 0));
          continue;
        }
        Progress.log("ingest", "reading %s (%s, %,d bytes)", file.path(), mapping.name(), file.size());
        sourceFiles.add(file);
      }
      if (sourceFiles.isEmpty()) {
        continue;
      }
      toIngest.addAll(sourceFiles);
      // One raw frame and one parser per source, whatever its number of files.
      Dataset<Row> raw = RawRecords.read(spark, sourceFiles, mapping, source.platform(), notes);
      TimestampParser timestamps = timestampsFor(source, mapping);
      RecordParser parser = mapping.table() == Mapping.Target.POSTS
          ? new RecordParser.Posts(mapping, timestamps, pseudonymizer, config.accounts(), config.defaultTimezone())
          : new RecordParser.Comments(mapping, timestamps, pseudonymizer);
      Dataset<Row> parsed = raw.mapPartitions(parser.countingInto(stats), Encoders.row(parser.outputSchema()));
      if (mapping.table() == Mapping.Target.POSTS) {
        posts = posts == null ? parsed : posts.unionByName(parsed);
      } else {
        comments = comments == null ? parsed : comments.unionByName(parsed);
      }
      SourceRead read = new SourceRead(mapping, raw, parser);
      sourceFiles.forEach(f -> readOf.put(f.path(), read));
    }

    TableWriter writer = new TableWriter(spark, warehouse, runId);
    // Each table's publish is one Delta commit. The ledger is written once every table is
    // published: a run that fails or dies before it leaves its files out of the ledger, so the
    // next run reads them again, and its merge keeps what the first run committed (live rows win
    // exact ties) and adds the rest.
    try {
      phases.end("plan");
      // One pass per table: read, parse and write the valid rows to staging, counting as it goes.
      if (posts != null) {
        Progress.log("ingest", "parsing and staging posts");
        writer.stage(Tables.POSTS, posts);
      }
      if (comments != null) {
        Progress.log("ingest", "parsing and staging comments");
        writer.stage(Tables.COMMENTS, comments);
      }
      phases.end("stage");
      IngestStats.Totals totals = stats.value();
      List<IngestResult.FileCounts> counted = new ArrayList<>();
      Map<String, Long> reasons = new TreeMap<>();
      long repeats = 0;
      for (InputFile f : toIngest) {
        long[] c = totals.inAndBad.getOrDefault(f.path(), new long[3]);
        repeats += c[2];
        Mapping mapping = readOf.get(f.path()).mapping();
        counted.add(new IngestResult.FileCounts(f.path(), mapping.location(), tableName(mapping),
            f.sha256(), false, c[0], c[0] - c[1], c[1]));
        totals.reasons.getOrDefault(f.path(), Map.of()).forEach((code, n) -> reasons.merge(code, n, Long::sum));
        Progress.log("ingest", "%s: %,d records, %,d ok, %,d quarantined", f.path(), c[0], c[0] - c[1], c[1]);
      }
      List<IngestResult.FileCounts> allFiles = new ArrayList<>(counted);
      allFiles.addAll(skipped);

      for (IngestResult.FileCounts f : counted) {
        if (f.badRatio() > config.maxBadRatio()) {
          String message = String.format(Locale.ROOT,
              "Data-quality gate failed for %s: %d of %d records are bad (%.1f%%, max_bad_ratio is %.1f%%);"
                  + " nothing was published. Reasons in that file: %s. First bad records: %s",
              f.path(), f.recordsQuarantined(), f.recordsIn(), 100 * f.badRatio(),
              100 * config.maxBadRatio(), totals.reasons.get(f.path()), firstRejects(totals, f.path(), 3));
          IngestResult failed = result(runId, "failed_quality_gate", allFiles, 0, reasons,
              Map.of(), notes, warehouse, phases);
          writeManifest(warehouse, failed, started, message);
          throw new DataQualityException(message);
        }
      }

      Map<String, Long> tableRows = new LinkedHashMap<>();
      long duplicates = repeats;
      if (posts != null) {
        Progress.log("ingest", "deriving engagement snapshots");
        stageEngagement(spark, writer);
        phases.end("engagement");
        Progress.log("ingest", "publishing posts");
        TableWriter.Published p = writer.publish(Tables.POSTS, postOrder());
        tableRows.put("posts", p.rowsStaged() - p.duplicatesWithin());
        duplicates += p.duplicatesWithin();
        Progress.log("ingest", "publishing engagement");
        TableWriter.Published e = writer.publish(Tables.ENGAGEMENT, TableWriter.lineageOrder());
        tableRows.put("engagement", e.rowsStaged() - e.duplicatesWithin());
      }
      if (comments != null) {
        Progress.log("ingest", "publishing comments");
        TableWriter.Published c = writer.publish(Tables.COMMENTS, TableWriter.lineageOrder());
        tableRows.put("comments", c.rowsStaged() - c.duplicatesWithin());
        duplicates += c.duplicatesWithin();
      }
      phases.end("publish");
      Dataset<Row> rejected = quarantineRows(spark, totals, readOf);
      if (rejected != null) {
        Progress.log("ingest", "publishing quarantine");
        TableWriter.Published q = writer.write(Tables.QUARANTINE, rejected, TableWriter.lineageOrder());
        tableRows.put("quarantine", q.rowsStaged() - q.duplicatesWithin());
      }
      phases.end("quarantine");
      if (!toIngest.isEmpty() || ledger.refreshed()) {
        Map<String, String> mappingOf = new LinkedHashMap<>();
        readOf.forEach((path, read) -> mappingOf.put(path, read.mapping().location()));
        ledger.record(toIngest, runId, mappingOf);
      }
      phases.end("record");
      IngestResult result = result(runId, "succeeded", allFiles, duplicates, reasons, tableRows, notes,
          warehouse, phases);
      writeManifest(warehouse, result, started, null);
      writer.discard();
      return result;
    } catch (Exception e) {
      // Exception, not RuntimeException: Spark's Scala code throws the checked SparkException.
      writer.abort(e);
      throw e;
    }
  }

  /**
   * Stages {@code engagement} from the staged posts: one snapshot per post with at least one
   * count (columns: {@code post_key}, {@code observed_at}, the counts, lineage, partitions). The
   * files are copied column by column when every staged post has a count, else queried.
   */
  static void stageEngagement(SparkSession spark, TableWriter writer) {
    Path posts = writer.stagingPath(Tables.POSTS);
    Path engagement = writer.stagingPath(Tables.ENGAGEMENT);
    try {
      if (EngagementFiles.copyFromPosts(spark.sparkContext().hadoopConfiguration(), posts, engagement)) {
        return;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot derive engagement files from " + posts, e);
    }
    Dataset<Row> staged = writer.readStaged(Tables.POSTS);
    Column anyMetric = lit(false);
    for (String m : Tables.METRICS) {
      anyMetric = anyMetric.or(col(m).isNotNull());
    }
    writer.stage(Tables.ENGAGEMENT, staged.filter(anyMetric));
  }

  /**
   * Rejects kept in memory, plus a rejects-only pass over the sources of files that had too many
   * to keep (reading only those files' rows).
   */
  private static Dataset<Row> quarantineRows(SparkSession spark, IngestStats.Totals totals,
      Map<String, SourceRead> readOf) {
    List<Row> kept = new ArrayList<>();
    for (IngestStats.Reject r : totals.rejects) {
      if (!totals.overflowed.contains(r.sourceFile())) {
        kept.add(org.apache.spark.sql.RowFactory.create(r.table(), r.code(), r.reason(), r.raw(),
            r.sourceFile(), r.recordNumber(), r.recordItem()));
      }
    }
    // Sliced, so that no task carries megabytes of rejects (Spark warns of such tasks).
    Dataset<Row> rows = kept.isEmpty() ? null : spark.createDataFrame(
        org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(kept, Math.max(1, kept.size() / 500)), Tables.QUARANTINE.schema());
    Map<SourceRead, List<String>> overflowedBySource = new LinkedHashMap<>();
    for (String file : totals.overflowed) {
      Progress.log("ingest", "%s: collecting its rejected records in a second pass", file);
      overflowedBySource.computeIfAbsent(readOf.get(file), r -> new ArrayList<>()).add(file);
    }
    for (Map.Entry<SourceRead, List<String>> e : overflowedBySource.entrySet()) {
      Dataset<Row> raw = e.getKey().raw().filter(col("_source_file").isin(e.getValue().toArray()));
      Dataset<Row> more = raw.mapPartitions(e.getKey().parser().rejectsOnly(),
          Encoders.row(Tables.QUARANTINE.schema()));
      rows = rows == null ? more : rows.unionByName(more);
    }
    return rows;
  }

  /**
   * The first {@code n} rejected records of {@code file} by record number, with their reasons:
   * nothing is published when the gate fails, so the message must show what went wrong.
   */
  static String firstRejects(IngestStats.Totals totals, String file, int n) {
    List<String> first = totals.rejects.stream()
        .filter(r -> r.sourceFile().equals(file))
        .sorted(java.util.Comparator.comparingLong(IngestStats.Reject::recordNumber)
            .thenComparing(IngestStats.Reject::recordItem,
                java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
        .limit(n)
        // Cut: a reason quotes the bad value, which in a shifted row may be a whole text; the
        // message goes to scheduler logs, the full reason stays in quarantine.
        .map(r -> "record " + r.recordNumber() + (r.recordItem() != null ? " item " + r.recordItem() : "")
            + " (" + r.code() + "): " + RecordParser.truncate(r.reason(), 160))
        .toList();
    return first.isEmpty() ? "none kept" : String.join("; ", first);
  }

  /** A source's files as one raw frame, and the parser that types them. */
  private record SourceRead(Mapping mapping, Dataset<Row> raw, RecordParser parser) {}

  /** The table a mapping fills, as results and manifests name it. */
  private static String tableName(Mapping mapping) {
    return mapping.table().name().toLowerCase(Locale.ROOT);
  }

  /** Posts: the latest observation wins, then the first file and record. */
  static List<Column> postOrder() {
    List<Column> order = new ArrayList<>();
    order.add(col("observed_at").desc());
    order.addAll(TableWriter.lineageOrder());
    return order;
  }

  private IngestResult result(String runId, String status, List<IngestResult.FileCounts> files,
      long duplicates, Map<String, Long> reasons, Map<String, Long> tableRows, List<String> notes,
      Warehouse warehouse, PhaseTimes phases) {
    long in = 0;
    long ok = 0;
    long bad = 0;
    for (IngestResult.FileCounts f : files) {
      in += f.recordsIn();
      ok += f.recordsOk();
      bad += f.recordsQuarantined();
    }
    return new IngestResult(runId, status, List.copyOf(files), in, ok, bad, duplicates,
        Map.copyOf(reasons), Map.copyOf(tableRows), List.copyOf(notes),
        warehouse.runDir(runId) + "/manifest.json", phases.seconds());
  }

  private void writeManifest(Warehouse warehouse, IngestResult r, Instant started, String error) {
    ObjectNode m = Json.object();
    m.put("run_id", r.runId());
    m.put("command", "ingest");
    m.put("status", r.status());
    m.put("exit_code", error == null ? 0 : 3);
    if (error != null) {
      m.put("error", error);
    }
    m.put("started_at", started.toString());
    m.put("finished_at", Instant.now().toString());
    m.put("veille_version", Versions.veille());
    m.put("config_sha256", Versions.sha256(config.toString()));
    m.put("spark_version", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    m.put("warehouse", warehouse.root());
    m.put("max_bad_ratio", config.maxBadRatio());
    m.put("records_in", r.recordsIn());
    m.put("records_ok", r.recordsOk());
    m.put("records_quarantined", r.recordsQuarantined());
    m.put("duplicates_merged", r.duplicatesMerged());
    m.set("reject_reasons", Json.MAPPER.valueToTree(new TreeMap<>(r.rejectReasons())));
    m.set("table_rows", Json.MAPPER.valueToTree(new TreeMap<>(r.tableRows())));
    ObjectNode phases = m.putObject("phase_seconds");
    r.phaseSeconds().forEach(phases::put);
    ArrayNode files = m.putArray("inputs");
    for (IngestResult.FileCounts f : r.files()) {
      files.add(Json.MAPPER.valueToTree(f));
    }
    m.set("notes", Json.MAPPER.valueToTree(r.notes()));
    warehouse.writeTextAtomically(new Path(r.manifest()), Json.pretty(m));
  }

  private static Set<String> brandHandles(List<Account> accounts) {
    Set<String> handles = new HashSet<>();
    for (Account a : accounts) {
      handles.addAll(a.handles());
    }
    return handles;
  }

  /** The files a source names: a file, every file in a folder, or a glob; sorted by path. */
  private static List<FileStatus> expand(SparkSession spark, SourceSpec source, int index) {
    Path path = new Path(source.path());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] matches = fs.globStatus(path);
      List<FileStatus> files = new ArrayList<>();
      if (matches != null) {
        for (FileStatus m : matches) {
          if (m.isDirectory()) {
            for (FileStatus child : fs.listStatus(m.getPath())) {
              String name = child.getPath().getName();
              if (child.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
                files.add(child);
              }
            }
          } else {
            files.add(m);
          }
        }
      }
      if (files.isEmpty()) {
        throw new ConfigException(String.format(Locale.ROOT,
            "No file found for ingest.sources[%d].path: %s", index, source.path()));
      }
      files.sort((a, b) -> a.getPath().toString().compareTo(b.getPath().toString()));
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + source.path(), e);
    }
  }
}
