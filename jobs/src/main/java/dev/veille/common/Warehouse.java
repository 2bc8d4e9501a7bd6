package dev.veille.common;

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
 * The warehouse folder: tables ({@code posts/}, {@code engagement/}, ...), run manifests
 * ({@code _runs/}), work in progress ({@code _staging/}) and the ingest ledger ({@code _ledger/}).
 * All access goes through Hadoop's FileSystem so local paths, hdfs:// and s3a:// behave alike.
 */
public final class Warehouse {
  private final String root;
  private final Configuration hadoop;

  public Warehouse(String root, Configuration hadoop) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.hadoop = hadoop;
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

  /** True when the table has been written (it has at least one Parquet file). */
  public boolean hasTable(Tables.Table table) {
    return exists(table(table));
  }

  /** Reads a table with its declared schema, or an empty frame when it was never written. */
  public Dataset<Row> read(SparkSession spark, Tables.Table table) {
    if (!hasTable(table)) {
      return spark.createDataFrame(java.util.List.of(), table.schema());
    }
    return spark.read().schema(table.schema()).parquet(table(table).toString());
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
