package dev.veille.common.warehouse;

import dev.veille.common.ConfigException;
import dev.veille.common.Tables;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse folder: Delta tables ({@code posts/}, {@code engagement/}, ...), run manifests
 * ({@code _runs/}), work in progress ({@code _staging/}) and the ingest ledger ({@code _ledger/}).
 * All access goes through Hadoop's FileSystem so local paths, hdfs:// and s3a:// behave alike.
 */
public final class Warehouse {
  private final String root;
  private final Configuration hadoop;
  private final java.util.Map<String, Long> pinned;

  public Warehouse(String root, Configuration hadoop) {
    this(root, hadoop, java.util.Map.of());
  }

  private Warehouse(String root, Configuration hadoop, java.util.Map<String, Long> pinned) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.hadoop = hadoop;
    this.pinned = pinned;
  }

  public static Warehouse of(SparkSession spark, String root) {
    return new Warehouse(root, spark.sparkContext().hadoopConfiguration());
  }

  public String root() {
    return root;
  }

  public Path path(String relative) {
    return new Path(root + "/" + relative);
  }

  public Path table(Tables.Table table) {
    return path(table.name());
  }

  public Path runDir(String runId) {
    return path("_runs/" + runId);
  }

  public Path stagingDir(String runId) {
    return path("_staging/" + runId);
  }

  public FileSystem fs() {
    try {
      return path("").getFileSystem(hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the warehouse file system for " + root, e);
    }
  }

  public Configuration hadoop() {
    return hadoop;
  }

  public boolean exists(Path p) {
    try {
      return fs().exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot check " + p, e);
    }
  }

  /**
   * True when the table has been written (it has a Delta log). A table folder without one was
   * written by a release before Delta Lake: that is an error naming the command that converts it.
   */
  public boolean hasTable(Tables.Table table) {
    Path folder = table(table);
    if (exists(new Path(folder, DELTA_LOG))) {
      return true;
    }
    if (exists(folder) && holdsParquet(folder)) {
      throw new ConfigException("Table " + table.name() + " at " + folder + " is plain Parquet, written by a"
          + " release before Delta Lake: run `veille migrate --config FILE` once to convert the warehouse");
    }
    return false;
  }

  /** The folder name of a Delta table's transaction log. */
  public static final String DELTA_LOG = "_delta_log";

  private boolean holdsParquet(Path folder) {
    try {
      var files = fs().listFiles(folder, true);
      while (files.hasNext()) {
        if (files.next().getPath().getName().endsWith(".parquet")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }

  /**
   * Reads a table with its declared columns, or an empty frame when it was never written. A
   * warehouse made by {@link #asOf} reads the versions it was given (Delta time travel).
   */
  public Dataset<Row> read(SparkSession spark, Tables.Table table) {
    if (!hasTable(table)) {
      return spark.createDataFrame(java.util.List.of(), table.schema());
    }
    var reader = spark.read().format("delta");
    Long version = pinned.get(table.name());
    if (version != null) {
      reader = reader.option("versionAsOf", version);
    }
    return reader.load(table(table).toString()).select(java.util.Arrays.stream(table.schema().fieldNames())
        .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
  }

  /** The table's current Delta version (or the pinned one, see {@link #asOf}); -1 when it was never written. */
  public long version(SparkSession spark, Tables.Table table) {
    Long version = pinned.get(table.name());
    if (version != null) {
      return version;
    }
    if (!hasTable(table)) {
      return -1;
    }
    return latestCommit(table).version();
  }

  /** A Delta commit: its version and its JSON lines (commitInfo, add, remove, ...). */
  public record Commit(long version, java.util.List<String> lines) {}

  /**
   * The table's latest commit, read from its log folder (the highest {@code NNN.json}): cheaper
   * than asking Delta for the table's history, and exact under the warehouse lock.
   */
  public Commit latestCommit(Tables.Table table) {
    Path log = new Path(table(table), DELTA_LOG);
    try {
      long latest = -1;
      for (var f : fs().listStatus(log)) {
        String name = f.getPath().getName();
        if (name.matches("\\d{20}\\.json")) {
          latest = Math.max(latest, Long.parseLong(name.substring(0, 20)));
        }
      }
      if (latest < 0) {
        throw new IllegalStateException("No commit in " + log);
      }
      return commit(table, latest).orElseThrow(() -> new IllegalStateException("No commit file in " + log));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + log, e);
    }
  }

  /** Commit {@code version} of a table, read from its log folder; empty when the log no longer holds it. */
  public java.util.Optional<Commit> commit(Tables.Table table, long version) {
    Path file = new Path(new Path(table(table), DELTA_LOG), String.format(java.util.Locale.ROOT, "%020d.json", version));
    if (!exists(file)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(new Commit(version, java.util.List.of(readText(file).split("\n"))));
  }

  /** The current version of each table that exists, by name (what a report manifest records). */
  public java.util.Map<String, Long> versions(SparkSession spark, java.util.Collection<Tables.Table> tables) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    for (Tables.Table t : tables) {
      if (hasTable(t)) {
        out.put(t.name(), version(spark, t));
      }
    }
    return out;
  }

  /**
   * This warehouse as it was at the given table versions (by table name): reads of those tables
   * travel back to them. For reading only (a past report's inputs): TableWriter writes current versions.
   */
  public Warehouse asOf(java.util.Map<String, Long> versions) {
    return new Warehouse(root, hadoop, java.util.Map.copyOf(versions));
  }

  /** Where run {@code runId}'s manifest is ({@code _runs/<run>/manifest.json}). */
  public Path manifest(String runId) {
    return new Path(runDir(runId), "manifest.json");
  }

  /** Throws a ConfigException when the warehouse has no posts yet (a job that reads them has nothing to do). */
  public void requirePosts() {
    if (!hasTable(Tables.POSTS)) {
      throw new ConfigException("No posts table in " + root + " (run `veille ingest` first)");
    }
  }

  public String readText(Path p) {
    try (InputStream in = fs().open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p, e);
    }
  }

  /** Writes a small text file atomically: to a temporary name, then renamed into place. */
  public void writeTextAtomically(Path p, String text) {
    FileSystem fs = fs();
    Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp");
    try {
      fs.mkdirs(p.getParent());
      try (OutputStream out = fs.create(tmp, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (fs.exists(p) && !fs.delete(p, false)) {
        throw new IOException("cannot replace " + p);
      }
      if (!fs.rename(tmp, p)) {
        throw new IOException("cannot rename " + tmp + " to " + p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + p, e);
    }
  }
}
