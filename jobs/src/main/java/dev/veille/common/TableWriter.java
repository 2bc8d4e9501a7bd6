package dev.veille.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

/**
 * Merges new rows into a warehouse table so that writing the same rows twice changes nothing.
 *
 * <p>Only the partitions the new rows touch are read, merged and rewritten: the merged
 * partitions are written to {@code _staging/<run>/<table>} first, then each replaces its live
 * partition by rename, so readers never see a half-written partition and the cost of a merge
 * grows with the new data, not with the table's history.
 *
 * <p>Merge rule: one row per {@link Tables.Table#key()}; among rows with the same key the one
 * that sorts first by {@code order} wins (for posts: the latest observation, then the later file
 * and record), so the result does not depend on the order in which files were ingested.
 */
public final class TableWriter {
  private final SparkSession spark;
  private final Warehouse warehouse;
  private final String runId;

  public TableWriter(SparkSession spark, Warehouse warehouse, String runId) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.runId = runId;
  }

  /** The default precedence among duplicates: later file, later record, later item. */
  public static List<Column> lineageOrder() {
    return List.of(col("source_file").desc(), col("record_number").desc(),
        col("record_item").desc_nulls_last());
  }

  /**
   * Merges {@code rows} (with the table's columns) into {@code table}; returns the number of rows
   * in the partitions it rewrote.
   */
  public long merge(Tables.Table table, Dataset<Row> rows, List<Column> order) {
    Dataset<Row> incoming = rows.select(columns(table));
    List<String> touched = touchedPartitions(table, incoming);
    if (touched.isEmpty() && !table.partitionBy().isEmpty()) {
      return 0;
    }
    Dataset<Row> all = incoming;
    if (warehouse.hasTable(table)) {
      Dataset<Row> existing = warehouse.read(spark, table);
      if (!table.partitionBy().isEmpty()) {
        existing = existing.filter(partitionKey(table).isin(touched.toArray()));
      }
      all = existing.select(columns(table)).unionByName(incoming);
    }
    Dataset<Row> merged = deduplicate(all, table.key(), order);

    Path staging = new Path(warehouse.stagingDir(runId), table.name());
    spark.sparkContext().setJobDescription("veille: write " + table.name());
    merged.write().mode(SaveMode.Overwrite)
        .partitionBy(table.partitionBy().toArray(new String[0]))
        .parquet(staging.toString());
    long written = spark.read().parquet(staging.toString()).count();
    publish(table, staging);
    return written;
  }

  /** Keeps one row per key: the first by {@code order}. A pure transform, for tests too. */
  public static Dataset<Row> deduplicate(Dataset<Row> rows, List<String> key, List<Column> order) {
    Column[] keys = key.stream().map(k -> col(k)).toArray(Column[]::new);
    return rows
        .withColumn("_rank", row_number().over(Window.partitionBy(keys).orderBy(order.toArray(new Column[0]))))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  private static Column[] columns(Tables.Table table) {
    return java.util.Arrays.stream(table.schema().fieldNames()).map(n -> col(n)).toArray(Column[]::new);
  }

  private static Column partitionKey(Tables.Table table) {
    return concat_ws("/", table.partitionBy().stream().map(p -> col(p)).toArray(Column[]::new));
  }

  private List<String> touchedPartitions(Tables.Table table, Dataset<Row> incoming) {
    if (table.partitionBy().isEmpty()) {
      return List.of();
    }
    List<String> keys = new ArrayList<>();
    for (Row r : incoming.select(partitionKey(table).as("k")).distinct().collectAsList()) {
      keys.add(r.getString(0));
    }
    return keys;
  }

  /** Moves each staged partition over the live one (old one kept aside until all have moved). */
  private void publish(Tables.Table table, Path staging) {
    FileSystem fs = warehouse.fs();
    Path live = warehouse.table(table);
    Path replaced = new Path(warehouse.stagingDir(runId), "_replaced/" + table.name());
    try {
      fs.mkdirs(live);
      List<String> partitions = new ArrayList<>();
      collectPartitions(fs, staging, "", table.partitionBy().size(), partitions);
      for (String partition : partitions) {
        Path target = partition.isEmpty() ? live : new Path(live, partition);
        Path source = partition.isEmpty() ? staging : new Path(staging, partition);
        if (partition.isEmpty()) {
          // An unpartitioned table is replaced file by file: move the old files aside first.
          fs.mkdirs(replaced);
          for (FileStatus f : fs.listStatus(live)) {
            rename(fs, f.getPath(), new Path(replaced, f.getPath().getName()));
          }
          for (FileStatus f : fs.listStatus(source)) {
            rename(fs, f.getPath(), new Path(live, f.getPath().getName()));
          }
          continue;
        }
        if (fs.exists(target)) {
          Path aside = new Path(replaced, partition);
          fs.mkdirs(aside.getParent());
          rename(fs, target, aside);
        }
        fs.mkdirs(target.getParent());
        rename(fs, source, target);
      }
      fs.delete(warehouse.stagingDir(runId), true);
      // Markers Spark leaves at the staging root are not data; the table root needs none.
      fs.delete(new Path(live, "_SUCCESS"), false);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + table.name() + " from " + staging, e);
    }
  }

  private static void collectPartitions(FileSystem fs, Path dir, String prefix, int depth,
      List<String> out) throws IOException {
    if (depth == 0) {
      out.add(prefix);
      return;
    }
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      if (child.isDirectory() && name.contains("=")) {
        collectPartitions(fs, child.getPath(), prefix.isEmpty() ? name : prefix + "/" + name,
            depth - 1, out);
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }
}
