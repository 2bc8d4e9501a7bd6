package dev.veille.common;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.xxhash64;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
 * Publishes rows into a warehouse table so that writing the same rows twice changes nothing.
 *
 * <p>New rows are first written to {@code _staging/<run>/<table>}, partitioned like the table.
 * Then only their keys are compared (by 64-bit hashes first, see {@link #publish}), within the
 * new rows and with the live rows of the partitions they touch. Staged partitions whose keys are
 * all new are published by moving their files into the live partition (nothing is rewritten);
 * partitions that hold a key seen twice are
 * merged, rewritten in staging and swapped in by rename. So the cost of publishing grows with
 * the new data, not with the table's history, and readers never see a half-written partition.
 *
 * <p>Merge rule: one row per {@link Tables.Table#key()}; among rows with the same key the one that
 * sorts first by the given order wins (for posts: the latest observation, then the first file
 * and record), so the result does not depend on the order in which files were ingested.
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
  private final java.util.Map<String, KeyHashes> stagedKeys = new java.util.HashMap<>();
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
   * @param partitionsMerged partitions rewritten because of those keys (the others were appended)
   */
  public record Published(long rowsStaged, long duplicatesWithin, long keysSeenTwice, int partitionsMerged) {}

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
   * For tables with lineage, the hashes of the rows' keys are gathered as they are written, for
   * {@link #publish} to compare.
   */
  public void stage(Tables.Table table, Dataset<Row> rows) {
    spark.sparkContext().setJobDescription("veille: stage " + table.name());
    Dataset<Row> out = rows.select(columns(table));
    KeyHashes hashes = null;
    if (hasLineage(table)) {
      hashes = newKeyHashes();
      out = out.filter(recorder(hashes).apply(keyHash(table)));
    }
    var writer = out.write().mode(SaveMode.Overwrite)
        .partitionBy(table.partitionBy().toArray(new String[0]));
    for (String unique : UNIQUE_COLUMNS) {
      // Dictionary-encoding values that never repeat costs a hash lookup per value for nothing,
      // the more so with one writer per partition.
      writer = writer.option("parquet.enable.dictionary#" + unique, "false");
    }
    stagedKeys.remove(table.name());
    writer.parquet(stagingPath(table).toString());
    if (hashes != null) {
      stagedKeys.put(table.name(), hashes);
    }
  }

  /** Stages then publishes. */
  public Published write(Tables.Table table, Dataset<Row> rows, List<Column> order) {
    stage(table, rows);
    return publish(table, order);
  }

  /**
   * Publishes what {@link #stage} wrote for {@code table} into the live table.
   *
   * <p>Keys are compared among the new rows, and between them and the live rows of the
   * partitions they touch, by their 64-bit hashes first: those of the new rows were gathered as
   * they were staged (else one scan of their key columns gathers them), those of the live rows
   * by one scan of their key columns, and none when the new rows touch no live partition. When
   * no hash is held twice, staged files are moved into place as they are. Otherwise only the
   * rows whose hash repeats (true repeats, and the rare collisions) have their key, observation
   * and lineage columns read and compared exactly; more keys than {@link #KEY_HASH_LIMIT} are all
   * compared that way. The losers are found among them by the merge rule (live rows win exact
   * ties, so re-ingesting a file rewrites nothing), and only the Parquet files that hold a loser
   * are rewritten without it.
   */
  public Published publish(Tables.Table table, List<Column> order) {
    Path staged = stagingPath(table);
    FileSystem fs = warehouse.fs();
    KeyHashes stagedHashes = stagedKeys.remove(table.name());
    try {
      if (!fs.exists(staged)) {
        return new Published(0, 0, 0, 0);
      }
      if (!hasLineage(table)) {
        return replacePartitions(table, order);
      }
      List<String> touched = new ArrayList<>();
      collectPartitions(fs, staged, "", table.partitionBy().size(), touched);
      Dataset<Row> live = liveRows(table, touched);
      spark.sparkContext().setJobDescription("veille: check keys of " + table.name());
      if (stagedHashes == null) {
        stagedHashes = gather(table, readStaged(table));
      }
      KeyHashes liveHashes = live == null ? null : gather(table, live);
      long rows = stagedHashes.rows();
      if (!stagedHashes.overflowed() && (liveHashes == null || !liveHashes.overflowed())) {
        long[] suspects = KeyHashes.repeated(stagedHashes.sorted(),
            liveHashes == null ? new long[0] : liveHashes.sorted());
        if (suspects.length == 0) {
          move(table, List.of());
          return new Published(rows, 0, 0, 0);
        }
        if (suspects.length > MAX_SUSPECTS) {
          // Mostly repeats (files ingested again): not worth broadcasting, the filter keeps most rows.
          return compareAndMove(table, order, rows, readStaged(table), live);
        }
        Broadcast<long[]> shared = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(suspects);
        try {
          Column suspect = hashIn(shared).apply(keyHash(table));
          return compareAndMove(table, order, rows, readStaged(table).filter(suspect),
              live == null ? null : live.filter(suspect));
        } finally {
          shared.destroy();
        }
      }
      return compareAndMove(table, order, rows, readStaged(table), live);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish " + table.name() + " from " + staged, e);
    }
  }

  /** What {@link #stage} wrote for {@code table}; read only when needed (even defining the frame lists the files). */
  public Dataset<Row> readStaged(Tables.Table table) {
    return spark.read().schema(table.schema()).parquet(stagingPath(table).toString());
  }

  /**
   * Compares the keys of the given new and live rows exactly (every row of a key held twice must
   * be among them), rewrites the files that hold a loser, and moves the new files into place.
   */
  private Published compareAndMove(Tables.Table table, List<Column> order, long rows,
      Dataset<Row> stagedRows, Dataset<Row> live) throws IOException {
    List<String> slim = slimColumns(table);
    Dataset<Row> candidates = slimRows(stagedRows, table, slim, 1);
    if (live != null) {
      candidates = candidates.unionByName(slimRows(live, table, slim, 0));
    }
    // Counted per key without caching the candidate rows: their keys are grouped again, and
    // their rows read again, only when a key is held twice.
    Dataset<Row> repeated = candidates.groupBy("_k")
        .agg(count(lit(1)).as("_n"), sum(col("_origin")).as("_new"))
        .filter(col("_n").gt(1));
    // Among the new rows, every row of a repeated key but one is a duplicate within them.
    Row summary = repeated.agg(count(lit(1)), sum(greatest(col("_new").minus(1), lit(0L)))).first();
    long keysSeenTwice = summary.getLong(0);
    long duplicatesWithin = keysSeenTwice == 0 ? 0 : summary.getLong(1);
    List<Row> losers = keysSeenTwice == 0 ? List.of()
        : losers(candidates.join(repeated.select("_k"), "_k"), order);
    int rewritten = losers.isEmpty() ? 0 : rewrite(table, losers);
    move(table, losers);
    return new Published(rows, duplicatesWithin, keysSeenTwice, rewritten);
  }

  /**
   * The live rows of the partitions the staged rows touch (read by their folders, so other
   * partitions are not even listed), or null when the table or those partitions do not exist yet.
   */
  private Dataset<Row> liveRows(Tables.Table table, List<String> touched) throws IOException {
    if (!warehouse.hasTable(table)) {
      return null;
    }
    Path live = warehouse.table(table);
    if (table.partitionBy().isEmpty()) {
      return spark.read().schema(table.schema()).parquet(live.toString());
    }
    FileSystem fs = warehouse.fs();
    List<String> folders = new ArrayList<>();
    for (String partition : touched) {
      Path folder = new Path(live, partition);
      if (fs.exists(folder)) {
        folders.add(folder.toString());
      }
    }
    if (folders.isEmpty()) {
      return null;
    }
    return spark.read().schema(table.schema()).option("basePath", live.toString())
        .parquet(folders.toArray(new String[0]));
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

  /**
   * For derived tables without lineage columns (small by nature): every partition the new rows
   * touch is merged with its live rows, rewritten, and swapped in whole.
   */
  private Published replacePartitions(Tables.Table table, List<Column> order) throws IOException {
    FileSystem fs = warehouse.fs();
    Dataset<Row> stagedRows = readStaged(table);
    // The same partitions and live rows as publish() compares: from the staging folders.
    List<String> touched = new ArrayList<>();
    collectPartitions(fs, stagingPath(table), "", table.partitionBy().size(), touched);
    Dataset<Row> union = stagedRows;
    Dataset<Row> liveRows = liveRows(table, touched);
    if (liveRows != null) {
      union = liveRows.select(columns(table)).unionByName(stagedRows);
    }
    long rows = stagedRows.count();
    spark.sparkContext().setJobDescription("veille: merge " + table.name());
    deduplicate(union, table.key(), order).select(columns(table)).write().mode(SaveMode.Overwrite)
        .partitionBy(table.partitionBy().toArray(new String[0]))
        .parquet(rewritePath(table).toString());
    Path live = warehouse.table(table);
    Path replaced = setAsidePath(warehouse, runId, table.name());
    publishing.add(table.name());
    fs.mkdirs(live);
    for (String partition : touched) {
      Path target = partition.isEmpty() ? live : new Path(live, partition);
      Path source = partition.isEmpty() ? rewritePath(table) : new Path(rewritePath(table), partition);
      if (fs.exists(target)) {
        Path aside = new Path(replaced, partition.isEmpty() ? "_all" : partition);
        fs.mkdirs(aside.getParent());
        rename(fs, target, aside);
      }
      fs.mkdirs(target.getParent());
      if (fs.exists(source)) {
        rename(fs, source, target);
      }
    }
    fs.delete(new Path(live, "_SUCCESS"), false);
    return new Published(rows, 0, 0, touched.size());
  }

  /** Columns the merge rule needs: keys, observation time if any, lineage. */
  private static List<String> slimColumns(Tables.Table table) {
    List<String> cols = new ArrayList<>(table.key());
    for (String c : List.of("observed_at", "source_file", "record_number", "record_item")) {
      if (!cols.contains(c) && Arrays.asList(table.schema().fieldNames()).contains(c)) {
        cols.add(c);
      }
    }
    return cols;
  }

  private static Dataset<Row> slimRows(Dataset<Row> rows, Tables.Table table, List<String> slim, int origin) {
    List<Column> cols = new ArrayList<>();
    cols.add(concatKeys(table).as("_k"));
    slim.forEach(c -> cols.add(col(c)));
    cols.add(lit(origin).as("_origin"));
    cols.add(input_file_name().as("_file"));
    return rows.select(cols.toArray(new Column[0]));
  }

  /** Rows that lose the merge: every row of a repeated key but the first by the rule. */
  private static List<Row> losers(Dataset<Row> repeatedRows, List<Column> order) {
    List<Column> rule = new ArrayList<>(order);
    rule.add(col("_origin").asc()); // an exact tie keeps the live row: nothing to rewrite
    rule.add(col("_file").asc());
    return repeatedRows
        .withColumn("_rank", row_number().over(Window.partitionBy(col("_k")).orderBy(rule.toArray(new Column[0]))))
        .filter(col("_rank").gt(1))
        .select("_file", "source_file", "record_number", "record_item")
        .collectAsList();
  }

  /**
   * Rewrites each Parquet file holding a loser without it, into {@code _staging/<run>/_rewrite}.
   * Returns the number of files rewritten.
   */
  private int rewrite(Tables.Table table, List<Row> losers) {
    Set<String> files = new HashSet<>();
    losers.forEach(r -> files.add(r.getString(0)));
    Set<String> localPaths = new HashSet<>();
    files.forEach(f -> localPaths.add(pathOf(f)));
    Dataset<Row> drop = spark.createDataFrame(losers, new org.apache.spark.sql.types.StructType()
        .add("_file_d", "string").add("_sf", "string").add("_rn", "long").add("_ri", "int"));
    // Files are read with their table folder as base path, so their partition columns are
    // taken from their folders (read on their own, a file has none).
    Dataset<Row> affected = null;
    for (Path root : List.of(stagingPath(table), warehouse.table(table))) {
      String prefix = root.toUri().getPath() + "/";
      String[] under = files.stream().filter(f -> pathOf(f).startsWith(prefix)).toArray(String[]::new);
      if (under.length > 0) {
        Dataset<Row> d = spark.read().schema(table.schema()).option("basePath", root.toString()).parquet(under);
        affected = affected == null ? d : affected.unionByName(d);
      }
    }
    Dataset<Row> kept = affected
        .withColumn("_file", input_file_name())
        .join(org.apache.spark.sql.functions.broadcast(drop),
            col("_file").equalTo(col("_file_d"))
                .and(col("source_file").equalTo(col("_sf")))
                .and(col("record_number").equalTo(col("_rn")))
                .and(col("record_item").eqNullSafe(col("_ri"))),
            "left_anti")
        .select(columns(table));
    spark.sparkContext().setJobDescription("veille: rewrite " + files.size() + " files of " + table.name());
    kept.write().mode(SaveMode.Overwrite).partitionBy(table.partitionBy().toArray(new String[0]))
        .parquet(rewritePath(table).toString());
    rewrittenFiles.put(table.name(), localPaths);
    return files.size();
  }

  /** The path part of a file location, however it is spelled ({@code file:///x}, {@code file:/x}). */
  private static String pathOf(String location) {
    return new Path(location).toUri().getPath();
  }

  private final java.util.Map<String, Set<String>> rewrittenFiles = new java.util.HashMap<>();
  /** Tables whose live files this run has begun to change, in order: what {@link #abort} undoes. */
  private final Set<String> publishing = new java.util.LinkedHashSet<>();

  /** Keeps one row per key: the first by {@code order}. A pure transform, for tests too. */
  public static Dataset<Row> deduplicate(Dataset<Row> rows, List<String> key, List<Column> order) {
    Column[] keys = key.stream().map(k -> col(k)).toArray(Column[]::new);
    return rows
        .withColumn("_rank", row_number().over(Window.partitionBy(keys).orderBy(order.toArray(new Column[0]))))
        .filter(col("_rank").equalTo(1))
        .drop("_rank");
  }

  /** Deletes this run's staging area, once every publish it meant to do has succeeded. */
  public void discard() {
    try {
      warehouse.fs().delete(warehouse.stagingDir(runId), true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + warehouse.stagingDir(runId), e);
    }
  }

  /**
   * Ends a run that failed: undoes what its publishes changed in the live tables (see
   * {@link #undo}), then deletes its staging area. If undoing fails too, that failure is added to
   * {@code failure} as suppressed and the staging area is kept, since it holds the set-aside live
   * files: the next {@code veille ingest} or nightly run finishes the job before it writes.
   */
  public void abort(Throwable failure) {
    if (!publishing.isEmpty()) {
      Progress.log("publish", "a publish failed: undoing what run %s changed in %s", runId, publishing);
      try {
        for (String table : publishing) {
          undo(warehouse, runId, table).forEach(line -> Progress.log("publish", "%s", line));
        }
      } catch (RuntimeException e) {
        failure.addSuppressed(new IllegalStateException("Could not undo run " + runId + "; its staging folder "
            + warehouse.stagingDir(runId) + " is kept for the next run to finish undoing it", e));
        return;
      }
    }
    discard();
  }

  /**
   * Undoes what run {@code runId} changed in table {@code table}: deletes the live files it moved in
   * (named with its {@link #runTag}), moves back the live files it set aside ({@link #SETASIDE_FILES}),
   * and puts back the whole partitions it set aside in place of the ones it swapped in. A table
   * with lineage is then as it was before the run. A derived table keeps the partitions the run
   * added where there were none: they hold rows derived from the live posts, which the next run
   * derives again. Returns what was done (one line, or none when there was nothing to undo).
   */
  public static List<String> undo(Warehouse warehouse, String runId, String table) {
    FileSystem fs = warehouse.fs();
    Path live = warehouse.path(table);
    Path setAside = setAsidePath(warehouse, runId, table);
    List<String> done = new ArrayList<>();
    try {
      String tag = runTag(runId);
      int removed = 0;
      for (Path p : leaves(fs, live)) {
        if (p.getName().startsWith(tag + "-") || p.getName().startsWith(tag + "r-")) {
          if (!fs.delete(p, false)) {
            throw new IOException("cannot delete " + p);
          }
          removed++;
        }
      }
      int restored = 0;
      Path files = new Path(setAside, SETASIDE_FILES);
      String base = files.toUri().getPath() + "/";
      for (Path p : leaves(fs, files)) {
        Path target = new Path(live, p.toUri().getPath().substring(base.length()));
        fs.mkdirs(target.getParent());
        rename(fs, p, target);
        restored++;
      }
      int partitions = 0;
      for (String partition : setAsidePartitions(warehouse, runId, table)) {
        Path target = partition.equals("_all") ? live : new Path(live, partition);
        fs.delete(target, true);
        fs.mkdirs(target.getParent());
        rename(fs, new Path(setAside, partition), target);
        partitions++;
      }
      if (removed + restored + partitions > 0) {
        done.add(String.format(java.util.Locale.ROOT,
            "%s: undid %s (%d files removed, %d set-aside files and %d partitions moved back)",
            table, runId, removed, restored, partitions));
      }
      return done;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot undo run " + runId + " in table " + table, e);
    }
  }

  /** Every file under {@code dir} (none when it does not exist), listed before any is moved. */
  private static List<Path> leaves(FileSystem fs, Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (fs.exists(dir)) {
      var it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        out.add(it.next().getPath());
      }
    }
    return out;
  }

  /**
   * The whole partitions of {@code table} that run {@code runId} set aside ({@code a=1/b=2}, or
   * {@code _all} for an unpartitioned table), relative to {@link #setAsidePath}.
   */
  public static List<String> setAsidePartitions(Warehouse warehouse, String runId, String table) {
    Path dir = setAsidePath(warehouse, runId, table);
    List<String> out = new ArrayList<>();
    try {
      if (warehouse.fs().exists(dir)) {
        collectSetAsidePartitions(warehouse.fs(), dir, "", out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
    return out;
  }

  /** Where run {@code runId} sets aside what its publish of {@code table} replaces. */
  public static Path setAsidePath(Warehouse warehouse, String runId, String table) {
    return new Path(warehouse.stagingDir(runId), "_replaced/" + table);
  }

  private static void collectSetAsidePartitions(FileSystem fs, Path dir, String relative, List<String> out)
      throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      if (!child.isDirectory() || (relative.isEmpty() && name.equals(SETASIDE_FILES))) {
        continue;
      }
      if (relative.isEmpty() && name.equals("_all")) {
        out.add(name);
        continue;
      }
      if (!name.contains("=")) {
        continue;
      }
      String rel = relative.isEmpty() ? name : relative + "/" + name;
      boolean leaf = true;
      for (FileStatus grandchild : fs.listStatus(child.getPath())) {
        if (grandchild.isDirectory() && grandchild.getPath().getName().contains("=")) {
          leaf = false;
        }
      }
      if (leaf) {
        out.add(rel);
      } else {
        collectSetAsidePartitions(fs, child.getPath(), rel, out);
      }
    }
  }

  private Path rewritePath(Tables.Table table) {
    return new Path(warehouse.stagingDir(runId), "_rewrite/" + table.name());
  }

  private static Column[] columns(Tables.Table table) {
    return Arrays.stream(table.schema().fieldNames()).map(n -> col(n)).toArray(Column[]::new);
  }

  private static Column concatKeys(Tables.Table table) {
    return concat_ws("\u0001", table.key().stream().map(k -> col(k).cast("string")).toArray(Column[]::new));
  }

  /**
   * Moves the new files into the live table: staged files, and the rewritten versions of files
   * that held a loser (whose originals are set aside until every move is done).
   */
  private void move(Tables.Table table, List<Row> losers) throws IOException {
    publishing.add(table.name());
    FileSystem fs = warehouse.fs();
    Path live = warehouse.table(table);
    Path replaced = setAsidePath(warehouse, runId, table.name());
    fs.mkdirs(live);
    Set<String> rewritten = rewrittenFiles.getOrDefault(table.name(), Set.of());
    String runTag = runTag(runId);
    String livePath = live.toUri().getPath() + "/";
    for (String file : rewritten) {
      if (file.startsWith(livePath)) {
        String relative = file.substring(livePath.length());
        // Set aside under its path in the table, so that a run killed before the moves below are
        // done can be rolled back (see SETASIDE_FILES).
        Path aside = new Path(new Path(replaced, SETASIDE_FILES), relative);
        fs.mkdirs(aside.getParent());
        rename(fs, new Path(live, relative), aside);
      }
    }
    for (Path source : List.of(stagingPath(table), rewritePath(table))) {
      if (!fs.exists(source)) {
        continue;
      }
      List<String> parts = new ArrayList<>();
      collectPartitions(fs, source, "", table.partitionBy().size(), parts);
      for (String partition : parts) {
        Path from = partition.isEmpty() ? source : new Path(source, partition);
        Path to = partition.isEmpty() ? live : new Path(live, partition);
        fs.mkdirs(to);
        String tag = source.equals(stagingPath(table)) ? runTag : runTag + "r";
        for (FileStatus f : fs.listStatus(from)) {
          String name = f.getPath().getName();
          if (f.isFile() && name.endsWith(".parquet") && !rewritten.contains(f.getPath().toUri().getPath())) {
            // Prefixed with the run, so files of different runs never share a name.
            rename(fs, f.getPath(), new Path(to, tag + "-" + name));
          }
        }
      }
    }
    fs.delete(new Path(live, "_SUCCESS"), false);
  }

  /**
   * Under {@code _staging/<run>/_replaced/<table>/}: live files that a merge rewrote, set aside
   * under their path in the table until the publish is done. A staging folder that still holds
   * them belongs to a run killed while publishing; undoing it means deleting the live files named
   * with that run's {@link #runTag} and moving these back. Other entries there are whole
   * partitions (or {@code _all}) that a derived table's merge replaced.
   */
  public static final String SETASIDE_FILES = "_files";

  /** The prefix of the files a run moves into live tables ({@code <tag>-} and {@code <tag>r-}). */
  public static String runTag(String runId) {
    return runId.replaceAll("[^A-Za-z0-9]", "");
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

  /** Renames {@code from} to {@code to}, or throws naming both: Hadoop's rename only returns false. */
  public static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }
}
