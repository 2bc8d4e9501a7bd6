package dev.veille.common.warehouse;

import dev.veille.common.ConfigException;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Converts a warehouse written before Delta Lake (each table a folder of plain Parquet files,
 * partitioned as {@link Tables} declares) into Delta tables, in place: Delta's
 * {@code CONVERT TO DELTA} writes a log naming the files that are there, and moves or rewrites
 * none of them. Tables already converted are left alone, so running it twice is harmless.
 *
 * <p>It refuses a warehouse whose {@code _staging/} still holds a run: the release before Delta
 * undid a killed run from what it set aside there, and converting first would make the half-published
 * files part of the table.
 */
public final class WarehouseMigration {
  private WarehouseMigration() {}

  /** What was done to one table: {@code converted}, {@code already_delta} or {@code absent}. */
  public record Outcome(String table, String action, long files, long version) {}

  public static List<Outcome> run(SparkSession spark, Warehouse wh) {
    boolean legacy = Tables.ALL.stream().anyMatch(t -> !wh.exists(new Path(wh.table(t), Warehouse.DELTA_LOG))
        && parquetFiles(wh, wh.table(t)) > 0);
    Path staging = wh.path("_staging");
    List<String> pending = new ArrayList<>();
    try {
      if (legacy && wh.fs().exists(staging)) {
        for (FileStatus run : wh.fs().listStatus(staging)) {
          pending.add(run.getPath().getName());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + staging, e);
    }
    if (!pending.isEmpty()) {
      throw new ConfigException("Cannot migrate " + wh.root() + ": " + staging + " still holds " + pending
          + ", left by a run the previous release has not yet made whole. Run the previous release's"
          + " `veille ingest --config FILE` once (it undoes them, then finds nothing new), then migrate.");
    }
    List<Outcome> out = new ArrayList<>();
    for (Tables.Table table : Tables.ALL) {
      Path folder = wh.table(table);
      if (wh.exists(new Path(folder, Warehouse.DELTA_LOG))) {
        out.add(new Outcome(table.name(), "already_delta", 0, wh.version(spark, table)));
        continue;
      }
      long files = parquetFiles(wh, folder);
      if (files == 0) {
        out.add(new Outcome(table.name(), "absent", 0, -1));
        continue;
      }
      Progress.log("migrate", "%s: converting %,d Parquet files to a Delta table", table.name(), files);
      StructType partitions = new StructType();
      for (String p : table.partitionBy()) {
        partitions = partitions.add(p, DataTypes.StringType, false);
      }
      String identifier = "parquet.`" + folder + "`";
      if (partitions.isEmpty()) {
        DeltaTable.convertToDelta(spark, identifier);
      } else {
        DeltaTable.convertToDelta(spark, identifier, partitions);
      }
      out.add(new Outcome(table.name(), "converted", files, wh.version(spark, table)));
    }
    return out;
  }

  private static long parquetFiles(Warehouse wh, Path folder) {
    try {
      if (!wh.fs().exists(folder)) {
        return 0;
      }
      long n = 0;
      var it = wh.fs().listFiles(folder, true);
      while (it.hasNext()) {
        String name = it.next().getPath().getName();
        if (name.endsWith(".parquet") && !name.startsWith(".") && !name.startsWith("_")) {
          n++;
        }
      }
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder, e);
    }
  }
}
