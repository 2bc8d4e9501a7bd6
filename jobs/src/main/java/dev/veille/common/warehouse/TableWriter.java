package dev.veille.common.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import dev.veille.common.Json;
import dev.veille.common.Tables;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

/**
 * Publishes rows into a warehouse table (a Delta table) so that writing the same rows twice
 * changes nothing. Each publish is one Delta commit: readers see all of it or none of it, and a
 * run killed before its commit leaves the table as it was (docs/adr/0001-delta-lake.md).
 *
 * <p>New rows are first written to {@code _staging/<run>/<table>} (scratch Parquet, so that ingest
 * can count and gate them before anything is published). Publishing compares their keys, within
 * the new rows and with the live rows of the partitions they touch, by 64-bit hashes first (see
 * {@link #publish}). When no key is held twice the staged files themselves are committed (moved
 * into the table's folder by {@link StagedFileCommit}: the rows are not written twice); otherwise
 * the rows that win the merge rule are merged in with Delta's {@code MERGE} (only the files
 * holding a replaced row are rewritten). So the cost of publishing grows with the new data, not with the table.
 *
 * <p>Merge rule: one row per {@link Tables.Table#key()}; among rows with the same key the one that
 * sorts first by the given order wins (for posts: the latest observation, then the first file
 * and record), so the result does not depend on the order in which files were ingested. A live
 * row wins an exact tie, so publishing the same rows again commits nothing.
 */
public final class TableWriter {
  private static final List<String> UNIQUE_COLUMNS = List.of("post_key", "post_id", "comment_key",
      "comment_id", "text", "url", "raw", "reason", "record_number");

  /**
   * Most key hashes kept for one table's new rows, and for the live rows they are compared with
   * (8 bytes each on the driver); past that, keys are compared with a shuffle of every key.
   */
  static final int KEY_HASH_LIMIT = 16_000_000;
  /** Most repeated hashes sent to the tasks to pick the rows whose keys are compared exactly. */
  private static final int MAX_SUSPECTS = 1_000_000;

  private final SparkSession spark;
  private final Warehouse warehouse;
  private final String runId;
  /** Key hashes gathered by {@link #stage}, per table, until {@link #publish} uses them. */
  private final Map<String, KeyHashes> stagedKeys = new HashMap<>();
  private int keyHashLimit = KEY_HASH_LIMIT;
  private long keyHashMask = -1L;

  public TableWriter(SparkSession spark, Warehouse warehouse, String runId) {
    this.spark = spark;
    this.warehouse = warehouse;
    this.runId = runId;
  }

  /** Tests: keeps only the bits of {@code mask} of each key hash, so that keys collide. */
  TableWriter withKeyHashMask(long mask) {
    this.keyHashMask = mask;
    return this;
  }

  /** Tests: keeps at most {@code limit} key hashes, so that the exact comparison takes over. */
  TableWriter withKeyHashLimit(int limit) {
    this.keyHashLimit = limit;
    return this;
  }

  /**
   * What a publish did.
   *
   * @param rowsStaged new rows offered
   * @param duplicatesWithin new rows whose key another new row also had (merged away)
   * @param keysSeenTwice keys held by more than one row among the new and the live rows
   * @param filesRewritten live files the merge rewrote, because a new row replaced one of their rows
   * @param version the table's Delta version after this publish (unchanged when nothing was committed)
   */
  public record Published(long rowsStaged, long duplicatesWithin, long keysSeenTwice, long filesRewritten,
      long version) {}

  /**
   * The default precedence among rows with the same key: the first file (by location), then the
   * first record and item. Ingest drops exact repeats within a file as it reads, keeping the
   * first, and this order agrees with it.
   */
  public static List<Column> lineageOrder() {
    return List.of(col("source_file").asc(), col("record_number").asc(),
        col("record_item").asc_nulls_first());
  }

  /** Where {@link #stage} writes a table's rows for this run. */
  public Path stagingPath(Tables.Table table) {
    return new Path(warehouse.stagingDir(runId), table.name());
  }

  /**
   * Writes rows (with the table's columns) to this run's staging area, partitioned like the table.
   * The hashes of the rows' keys are gathered as they are written, for {@link #publish} to compare.
   */
  public void stage(Tables.Table table, Dataset<Row> rows) {
    spark.sparkContext().setJobDescription("veille: stage " + table.name());
    Dataset<Row> out = rows.select(columns(table));
    KeyHashes hashes = newKeyHashes();
    out = out.filter(recorder(hashes).apply(keyHash(table)));
    var writer = out.write().mode(SaveMode.Overwrite)
        .partitionBy(table.partitionBy().toArray(new String[0]));
    for (String unique : UNIQUE_COLUMNS) {
      // Dictionary-encoding values that never repeat costs a hash lookup per value for nothing,
      // the more so with one writer per partition.
      writer = writer.option("parquet.enable.dictionary#" + unique, "false");
    }
    stagedKeys.remove(table.name());
    writer.parquet(stagingPath(table).toString());
    stagedKeys.put(table.name(), hashes);
  }

  /** Rows per file aimed at by {@link #fewFiles}: about 40 MB of a sentiment row's columns. */
  static final long ROWS_PER_FILE = 250_000;

  /**
   * {@code rows} (already computed and cached, {@code n} of them) in as few partitions as their
   * number asks for, between one and the session's default parallelism, so that staging them
   * writes that many files per table partition. Rows that come out of a shuffle have 200
   * partitions (spark.sql.shuffle.partitions) whatever their number: a night's few hundred scored
   * texts became 200 files of a few rows in one partition of the table, which every later scan
   * opened one by one. {@code coalesce} merges partitions without a shuffle; on rows that are not
   * cached it would also narrow the work that computes them.
   */
  public static Dataset<Row> fewFiles(SparkSession spark, Dataset<Row> rows, long n) {
    int most = Math.max(1, spark.sparkContext().defaultParallelism());
    int files = (int) Math.max(1, Math.min(most, (n + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
    return rows.rdd().getNumPartitions() > files ? rows.coalesce(files) : rows;
  }

  /** Stages then publishes. */
  public Published write(Tables.Table table, Dataset<Row> rows, List<Column> order) {
    stage(table, rows);
    return publish(table, order);
  }

  /**
   * Replaces the rows of {@code table} that match {@code where} (a SQL predicate every new row
   * satisfies) with {@code rows}, in one commit: what a rerun no longer finds is withdrawn.
   * For tables derived whole for a slice, such as one night's alerts.
   */
  public Published replace(Tables.Table table, Dataset<Row> rows, String where) {
    spark.sparkContext().setJobDescription("veille: replace " + table.name() + " where " + where);
    Dataset<Row> out = rows.select(columns(table)).cache();
    try {
      long n = out.count();
      if (warehouse.hasTable(table)) {
        Dataset<Row> live = warehouse.read(spark, table).filter(org.apache.spark.sql.functions.expr(where));
        if (live.count() == n && out.exceptAll(live).isEmpty()) {
          // The same rows again (a rerun of the night): no commit, so the table's version stays.
          return new Published(n, 0, n, 0, warehouse.version(spark, table));
        }
      }
      return replaceWith(table, out, n, where);
    } finally {
      out.unpersist();
    }
  }

  private Published replaceWith(Tables.Table table, Dataset<Row> out, long n, String where) {
    out.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", where)
        .partitionBy(table.partitionBy().toArray(new String[0]))
        .save(warehouse.table(table).toString());
    return new Published(n, 0, 0, 0, warehouse.version(spark, table));
  }

  /**
   * Publishes what {@link #stage} wrote for {@code table} into the live table, in one commit.
   *
   * <p>Keys are compared among the new rows, and between them and the live rows of the
   * partitions they touch (tables without lineage, whose keys may change partition: the whole
   * table), by their 64-bit hashes first: those of the new rows were gathered as they were staged
   * (else one scan of their key columns gathers them), those of the live rows by one scan of their
   * key columns. When no hash is held twice, the staged files are committed as they are (no MERGE,
   * no second write). Otherwise only the rows whose hash repeats (true repeats, and the rare
   * collisions) are compared exactly (more keys than {@link #KEY_HASH_LIMIT}: all of them), the
   * winners are found by the merge rule, and those that replace a live row are merged in.
   */
  public Published publish(Tables.Table table, List<Column> order) {
    Path staged = stagingPath(table);
    KeyHashes stagedHashes = stagedKeys.remove(table.name());
    try {
      if (!warehouse.fs().exists(staged)) {
        return new Published(0, 0, 0, 0, warehouse.hasTable(table) ? warehouse.version(spark, table) : -1);
      }
      Dataset<Row> stagedRows = readStaged(table);
      // A key of a table with lineage (an observed post, comment, ...) stays in its partition; a
      // derived table's key may not (a text scored again in a later month), so all of it is compared.
      List<String> touched = null;
      Dataset<Row> live = warehouse.hasTable(table) ? warehouse.read(spark, table) : null;
      if (hasLineage(table)) {
        touched = new ArrayList<>();
        collectPartitions(warehouse.fs(), staged, "", table.partitionBy().size(), touched);
        live = live == null ? null : live.filter(inPartitions(table, touched, ""));
      }
      spark.sparkContext().setJobDescription("veille: check keys of " + table.name());
      if (stagedHashes == null) {
        stagedHashes = gather(table, stagedRows);
      }
      KeyHashes liveHashes = live == null ? null : gather(table, live);
      long rows = stagedHashes.rows();
      if (!stagedHashes.overflowed() && (liveHashes == null || !liveHashes.overflowed())) {
        long[] suspects = KeyHashes.repeated(stagedHashes.sorted(),
            liveHashes == null ? new long[0] : liveHashes.sorted());
        if (suspects.length == 0) {
          return append(table, rows);
        }
        if (suspects.length <= MAX_SUSPECTS) {
          Broadcast<long[]> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(suspects);
          try {
            Column suspect = hashIn(shared).apply(keyHash(table));
            return compareAndMerge(table, order, rows, stagedRows, live, suspect, touched);
          } finally {
            shared.destroy();
          }
        }
        // Mostly repeats (files ingested again): not worth broadcasting, the filter keeps most rows.
      }
      return compareAndMerge(table, order, rows, stagedRows, live, null, touched);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + table.name() + " from " + staged, e);
    }
  }

  /** What {@link #stage} wrote for {@code table}; read only when needed (even defining the frame lists the files). */
  public Dataset<Row> readStaged(Tables.Table table) {
    return spark.read().schema(table.schema()).parquet(stagingPath(table).toString());
  }

  /** Commits the staged files themselves: the rows were written once, when staged. */
  private Published append(Tables.Table table, long rows) throws IOException {
    spark.sparkContext().setJobDescription("veille: append to " + table.name());
    long version = StagedFileCommit.append(spark, warehouse.fs(), stagingPath(table), warehouse.table(table), table);
    return new Published(rows, 0, 0, 0, version);
  }

  /**
   * Ranks the new rows (those whose key hash is suspect, when {@code suspect} is given) together
   * with the live rows of the same keys by the merge rule, and commits the new rows that win:
   * merged over the live row they replace, or inserted. Nothing is committed when the live rows
   * win every key.
   *
   * @param touched the partitions the new rows touch ({@code a=1/b=2} each; null: the whole
   *     table), which bounds the live files the merge reads
   */
  private Published compareAndMerge(Tables.Table table, List<Column> order, long rows, Dataset<Row> stagedRows,
      Dataset<Row> live, Column suspect, List<String> touched) {
    spark.sparkContext().setJobDescription("veille: merge keys of " + table.name());
    Column[] keys = table.key().stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> compared = suspect == null ? stagedRows : stagedRows.filter(suspect);
    Dataset<Row> candidates = compared.select(columns(table)).withColumn("_origin", lit(1));
    if (live != null) {
      Dataset<Row> liveSame = suspect == null
          ? live.join(compared.select(keys).distinct(), seq(table.key()), "left_semi")
          : live.filter(suspect);
      candidates = candidates.unionByName(liveSame.select(columns(table)).withColumn("_origin", lit(0)));
    }
    candidates = candidates.cache();
    try {
      Row summary = candidates.groupBy(keys)
          .agg(count(lit(1)).as("_n"), sum(col("_origin")).as("_new"))
          .agg(sum(when(col("_n").gt(1), 1L).otherwise(0L)), sum(greatest(col("_new").minus(1), lit(0L))))
          .first();
      long keysSeenTwice = summary.isNullAt(0) ? 0 : summary.getLong(0);
      long duplicatesWithin = summary.isNullAt(1) ? 0 : summary.getLong(1);
      List<Column> rule = new ArrayList<>(order);
      rule.add(col("_origin").asc()); // an exact tie keeps the live row: nothing to commit
      Dataset<Row> winners = candidates
          .withColumn("_rank", row_number().over(Window.partitionBy(keys).orderBy(rule.toArray(new Column[0]))))
          .filter(col("_rank").equalTo(1).and(col("_origin").equalTo(1)))
          .select(columns(table));
      if (suspect != null) {
        winners = winners.unionByName(stagedRows.filter(not(suspect)).select(columns(table)));
      }
      long filesRewritten = 0;
      if (live == null) {
        winners.write().format("delta").mode(SaveMode.Append)
            .partitionBy(table.partitionBy().toArray(new String[0]))
            .save(warehouse.table(table).toString());
      } else if (!winners.isEmpty()) {
        Column on = null;
        for (String k : table.key()) {
          Column eq = col("t." + k).equalTo(col("s." + k));
          on = on == null ? eq : on.and(eq);
        }
        if (touched != null) {
          on = on.and(inPartitions(table, touched, "t."));
        }
        DeltaTable target = DeltaTable.forPath(spark, warehouse.table(table).toString());
        target.as("t").merge(winners.as("s"), on).whenMatched().updateAll().whenNotMatched().insertAll().execute();
        filesRewritten = lastOperationMetric(table, "numTargetFilesRemoved");
      }
      return new Published(rows, duplicatesWithin, keysSeenTwice, filesRewritten, warehouse.version(spark, table));
    } finally {
      candidates.unpersist();
    }
  }

  /** A metric Delta recorded in the table's latest commit (0 when absent). */
  private long lastOperationMetric(Tables.Table table, String metric) {
    try {
      for (String line : warehouse.latestCommit(table).lines()) {
        var info = Json.MAPPER.readTree(line).path("commitInfo");
        if (!info.isMissingNode()) {
          return info.path("operationMetrics").path(metric).asLong(0);
        }
      }
      return 0;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("Cannot read the latest commit of " + table.name(), e);
    }
  }

  /** True for rows in one of {@code partitions} ({@code a=1/b=2} each; {@code ""} for an unpartitioned table). */
  private static Column inPartitions(Tables.Table table, List<String> partitions, String prefix) {
    if (table.partitionBy().isEmpty()) {
      return lit(true);
    }
    Column any = lit(false);
    for (String partition : partitions) {
      Column all = lit(true);
      for (String part : partition.split("/")) {
        int eq = part.indexOf('=');
        all = all.and(col(prefix + part.substring(0, eq)).equalTo(lit(unescapePathName(part.substring(eq + 1)))));
      }
      any = any.or(all);
    }
    return any;
  }

  private static String unescapePathName(String value) {
    return org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils.unescapePathName(value);
  }

  /** Gathers the key hashes of {@code rows} with one scan of their key columns. */
  private KeyHashes gather(Tables.Table table, Dataset<Row> rows) {
    KeyHashes hashes = newKeyHashes();
    rows.select(table.key().stream().map(k -> col(k)).toArray(Column[]::new))
        .filter(recorder(hashes).apply(keyHash(table)))
        .write().format("noop").mode(SaveMode.Overwrite).save();
    return hashes;
  }

  private KeyHashes newKeyHashes() {
    KeyHashes hashes = new KeyHashes(keyHashLimit);
    // Unnamed: the UI keeps a string of every named accumulator's update of every task.
    spark.sparkContext().register(hashes);
    return hashes;
  }

  /** A key's 64-bit hash ({@code xxhash64} of its columns; fewer bits in tests, to force collisions). */
  private Column keyHash(Tables.Table table) {
    Column hash = xxhash64(table.key().stream().map(k -> col(k)).toArray(Column[]::new));
    return keyHashMask == -1L ? hash : hash.bitwiseAND(lit(keyHashMask));
  }

  /**
   * A filter that keeps every row and adds its key hash to {@code into}. Nondeterministic, so the
   * optimizer neither moves nor drops it: it runs once for each row the job writes.
   */
  private static UserDefinedFunction recorder(KeyHashes into) {
    return udf((UDF1<Long, Boolean>) hash -> {
      into.add(hash.longValue());
      return true;
    }, DataTypes.BooleanType).asNondeterministic();
  }

  /** True for the hashes in {@code sorted}. */
  private static UserDefinedFunction hashIn(Broadcast<long[]> sorted) {
    return udf((UDF1<Long, Boolean>) hash -> Arrays.binarySearch(sorted.value(), hash) >= 0,
        DataTypes.BooleanType);
  }

  private static boolean hasLineage(Tables.Table table) {
    return Arrays.asList(table.schema().fieldNames()).containsAll(
        List.of("source_file", "record_number", "record_item"));
  }

  /** Keeps one row per key: the first by {@code order}. A pure transform, for tests too. */
  public static Dataset<Row> deduplicate(Dataset<Row> rows, List<String> key, List<Column> order) {
    Column[] keys = key.stream().map(k -> col(k)).toArray(Column[]::new);
    return rows
        .withColumn("_rank", row_number().over(Window.partitionBy(keys).orderBy(order.toArray(new Column[0]))))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /** Deletes this run's staging area (scratch: nothing in it is ever published as it is). */
  public void discard() {
    try {
      warehouse.fs().delete(warehouse.stagingDir(runId), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + warehouse.stagingDir(runId), e);
    }
  }

  /**
   * Ends a run that failed. Every publish is a single Delta commit, so there is nothing to undo:
   * the tables hold the commits that succeeded, which a rerun's merge leaves as they are.
   * The staging area is deleted; a failure to delete it is added to {@code failure} as suppressed.
   */
  public void abort(Throwable failure) {
    try {
      discard();
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private static Column[] columns(Tables.Table table) {
    return Arrays.stream(table.schema().fieldNames()).map(n -> col(n)).toArray(Column[]::new);
  }

  private static scala.collection.immutable.Seq<String> seq(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
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
}
