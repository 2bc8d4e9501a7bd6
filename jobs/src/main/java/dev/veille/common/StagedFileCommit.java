package dev.veille.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaOperations;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.Action;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.Format;
import org.apache.spark.sql.delta.actions.Metadata;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Moves Parquet files that were staged outside the table into a Delta table's folder and commits
 * them as one append, so that rows already written (and counted, and gated) are not read and
 * written a second time. Until the commit, the moved files are in the folder but not in the log,
 * so no reader sees them; a run killed in between leaves files that {@code VACUUM} deletes.
 *
 * <p>Delta's public API writes rows, not files, hence its transaction API here (pinned with the
 * Delta version in the pom; {@code TableWriterTest} checks the table reads back through Delta).
 * The files carry no statistics: readers lose file skipping on non-partition columns, which
 * Veille's reads (whole partitions) do not use.
 */
final class StagedFileCommit {
  private static final String NULL_PARTITION = ExternalCatalogUtils.DEFAULT_PARTITION_NAME();

  private StagedFileCommit() {}

  /**
   * Commits every Parquet file under {@code staged} (laid out in Hive-style partition folders, as
   * Spark's writer leaves them) into the Delta table at {@code tablePath}, creating the table
   * with {@code table}'s schema and partitions when it does not exist. Returns the new version.
   */
  static long append(SparkSession spark, FileSystem fs, Path staged, Path tablePath, Tables.Table table)
      throws IOException {
    DeltaLog log = DeltaLog.forTable(spark, tablePath.toString());
    OptimisticTransaction txn = log.startTransaction();
    if (txn.readVersion() < 0) {
      txn.updateMetadataForNewTable(newTableMetadata(table));
    }
    List<Action> adds = new ArrayList<>();
    moveFiles(fs, staged, tablePath, "", new HashMap<>(), table.partitionBy().size(), adds);
    return txn.commit(CollectionConverters.asScala(adds).toList(),
        new DeltaOperations.Write(SaveMode.Append, Option.apply(seq(table.partitionBy())), Option.empty(),
            Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty(), Option.empty()));
  }

  private static Metadata newTableMetadata(Tables.Table table) {
    // Nullable like a table Delta's own writer creates from a DataFrame.
    return new Metadata(Metadata.$lessinit$greater$default$1(), null, null,
        new Format(Format.$lessinit$greater$default$1(), Format.$lessinit$greater$default$2()),
        table.schema().asNullable().json(), seq(table.partitionBy()),
        Metadata.$lessinit$greater$default$7(), Option.apply(System.currentTimeMillis()));
  }

  private static void moveFiles(FileSystem fs, Path dir, Path target, String relative, Map<String, String> partition,
      int depth, List<Action> adds) throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) {
        continue; // _SUCCESS, checksums: not data
      }
      String path = relative.isEmpty() ? name : relative + "/" + name;
      if (child.isDirectory()) {
        int eq = name.indexOf('=');
        if (depth == 0 || eq < 0) {
          throw new IllegalStateException("Unexpected folder in staged files of a table: " + child.getPath());
        }
        String value = ExternalCatalogUtils.unescapePathName(name.substring(eq + 1));
        Map<String, String> inner = new HashMap<>(partition);
        inner.put(name.substring(0, eq), NULL_PARTITION.equals(value) ? null : value);
        moveFiles(fs, child.getPath(), target, path, inner, depth - 1, adds);
      } else if (name.endsWith(".parquet")) {
        if (depth != 0) {
          throw new IllegalStateException("Staged file outside the table's partition folders: " + child.getPath());
        }
        Path to = new Path(target, path);
        fs.mkdirs(to.getParent());
        if (!fs.rename(child.getPath(), to)) {
          throw new IOException("Cannot move " + child.getPath() + " to " + to);
        }
        adds.add(new AddFile(new Path(path).toUri().toString(), scalaMap(partition), child.getLen(),
            child.getModificationTime(), true, AddFile.$lessinit$greater$default$6(),
            AddFile.$lessinit$greater$default$7(), AddFile.$lessinit$greater$default$8(),
            AddFile.$lessinit$greater$default$9(), AddFile.$lessinit$greater$default$10(),
            AddFile.$lessinit$greater$default$11(), AddFile.$lessinit$greater$default$12(),
            AddFile.$lessinit$greater$default$13()));
      }
    }
  }

  private static scala.collection.immutable.Map<String, String> scalaMap(Map<String, String> m) {
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
  }

  private static scala.collection.immutable.Seq<String> seq(List<String> names) {
    return CollectionConverters.asScala(names).toList();
  }
}
