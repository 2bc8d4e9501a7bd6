package dev.veille.reports;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.analytics.PostRates;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import dev.veille.common.ScopedConf;
import dev.veille.common.Tables;
import dev.veille.common.warehouse.Warehouse;
import io.delta.tables.DeltaTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code post_facts} table ({@link Tables#POST_FACTS}): what the report reads of every
 * post, kept up to date from what changed in its source tables since the last report instead of
 * being derived again each night. Deriving it joins every post with its engagement snapshots (for
 * the counts at age), its theme and its own and its comments' sentiment; on a large warehouse
 * that join was most of the night's report, and it grew with the history (docs/benchmarks.md).
 *
 * <p>Needs {@code posts}; reads {@code engagement}, {@code comments}, {@code sentiment},
 * {@code sentiment_links} and {@code themes_assigned} when they exist. Produces
 * {@code post_facts} and {@code _ledger/post_facts.json}: the sources' Delta versions the
 * table reflects, and the maturity age its counts are taken at.
 *
 * <p>What changed is read from the sources' Delta logs: the posts named in the files their commits
 * added or removed since the recorded versions (a merge that rewrites a file names every post in
 * it, so more posts are derived again than changed, never fewer); a changed sentiment score or
 * link names the post it belongs to, or the post its comment is under. Only those posts' rows are
 * derived again and merged in. The table is rebuilt in full when there is no record, the maturity
 * age or the rows' format changed, a source appeared, was replaced or changed its schema, a commit
 * or a file it names is gone, when most posts changed anyway (a new theme model reassigns all), or
 * when it is small enough that a rebuild costs less ({@link #MERGE_FROM_POSTS}).
 * The record is written after the table's commit: a run killed in between derives the same posts
 * again, which gives the same rows.
 */
public final class PostFacts {
  private PostFacts() {}

  /** The rows' definition: a record of another format means a rebuild. */
  static final int FORMAT = 1;
  static final String RECORD = "post_facts.json";
  /** Above this share of the table's posts changed, one rebuild costs less than a merge. */
  static final double REBUILD_SHARE = 0.3;
  /**
   * Below this many posts a rebuild costs less than finding the changed posts and merging them:
   * both are a dozen small Spark jobs, whatever the rows (on 2 cores, 54,515 posts: 11 s to
   * derive and write every row, 16 s to find and merge a night's 4,964; docs/benchmarks.md).
   */
  static final long MERGE_FROM_POSTS = 200_000;
  /** Past this many files (about two months of nightly merges), the table is compacted. */
  static final int MAX_FILES = 64;

  static final List<Tables.Table> SOURCES = List.of(Tables.POSTS, Tables.ENGAGEMENT, Tables.COMMENTS,
      Tables.SENTIMENT, Tables.SENTIMENT_LINKS, Tables.THEMES_ASSIGNED);

  private static final List<String> POST_COLUMNS = List.of("post_key", "platform", "account_id", "account_name",
      "audience_timezone", "published_at", "published_month", "format", "paid", "hashtags", "language", "followers");

  /**
   * What a refresh did.
   *
   * @param rebuilt true when every row was derived again
   * @param posts the post keys whose rows were derived (every post on a rebuild; a change can name a
   *     key without a post, such as an engagement snapshot or a comment of a post never ingested)
   * @param why why it was rebuilt, or null
   */
  public record Refresh(boolean rebuilt, long posts, String why) {}

  /**
   * Brings {@code post_facts} up to the sources' versions in {@code wh} (the current ones, or
   * those a pinned warehouse reads), then returns what it did. Run it under the warehouse lock:
   * it writes the table and its record.
   */
  public static Refresh refresh(SparkSession spark, Warehouse wh, int maturityDays) {
    return refresh(spark, wh, maturityDays, MERGE_FROM_POSTS, REBUILD_SHARE);
  }

  /**
   * @param mergeFrom below this many posts in the table, rebuild (tests: 0, always merge)
   * @param rebuildShare above this share of the table's posts changed, rebuild (tests: more than 1, never)
   */
  static Refresh refresh(SparkSession spark, Warehouse wh, int maturityDays, long mergeFrom, double rebuildShare) {
    wh.requirePosts();
    Map<String, Long> versions = new TreeMap<>();
    for (Tables.Table t : SOURCES) {
      versions.put(t.name(), wh.version(spark, t));
    }
    Path recordPath = wh.path("_ledger/" + RECORD);
    String why = null;
    JsonNode record = null;
    if (!wh.hasTable(Tables.POST_FACTS) || !wh.exists(recordPath)) {
      why = "first report";
    } else {
      record = readRecord(wh, recordPath);
      if (record.path("format").asInt() != FORMAT) {
        why = "rows of another format";
      } else if (record.path("maturity_days").asInt() != maturityDays) {
        why = "maturity age " + record.path("maturity_days").asInt() + " -> " + maturityDays;
      }
    }
    List<String> changed = null;
    if (why == null) {
      Map<String, Long> from = new TreeMap<>();
      record.path("versions").fields().forEachRemaining(e -> from.put(e.getKey(), e.getValue().asLong()));
      if (from.equals(versions)) {
        return new Refresh(false, 0, null);
      }
      long size = wh.read(spark, Tables.POST_FACTS).count();
      if (size < mergeFrom) {
        why = String.format(Locale.ROOT, "%,d posts: under %,d, deriving every row costs less than a merge",
            size, mergeFrom);
      } else {
        long t0 = System.nanoTime();
        Changes c = changedPosts(spark, wh, from, versions);
        if (c.why() == null) {
          Progress.log("report", "post_facts: the commits since the last report name %,d posts (%.1f s)",
              c.keys().size(), (System.nanoTime() - t0) / 1e9);
        }
        why = c.why();
        changed = c.keys();
        if (why == null && changed.size() > rebuildShare * size) {
          why = String.format(Locale.ROOT, "%,d of %,d posts changed", changed.size(), size);
        }
      }
    }
    String table = wh.table(Tables.POST_FACTS).toString();
    long posts;
    if (why != null) {
      Dataset<Row> rows = rows(spark, wh, maturityDays, null);
      rows.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true")
          .option("delta.enableDeletionVectors", "true").save(table);
      posts = wh.read(spark, Tables.POST_FACTS).count();
    } else {
      posts = changed.size();
      if (posts > 0) {
        merge(spark, wh, maturityDays, changed);
        compactIfFragmented(spark, wh, MAX_FILES);
      }
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("format", FORMAT);
    out.put("maturity_days", maturityDays);
    versions.forEach(out.putObject("versions")::put);
    wh.writeTextAtomically(recordPath, Json.pretty(out));
    return new Refresh(why != null, posts, why);
  }

  /**
   * Derives the changed posts' rows and merges them in; a post no longer in {@code posts} loses its
   * row. The rows (a night's posts, not the history's) are gathered on the driver first, so that
   * the merge reads them from memory instead of deriving them again in each of its passes.
   */
  private static void merge(SparkSession spark, Warehouse wh, int maturityDays, List<String> changed) {
    Dataset<Row> keys = keys(spark, changed);
    StructType schema = Tables.POST_FACTS.schema();
    Map<String, Row> derived = new java.util.HashMap<>();
    long t0 = System.nanoTime();
    for (Row r : ScopedConf.with(spark, ScopedConf.partitionsPerCore(spark),
        () -> rows(spark, wh, maturityDays, keys).collectAsList())) {
      derived.put(r.getString(0), r);
    }
    Progress.log("report", "post_facts: %,d rows derived (%.1f s)", derived.size(), (System.nanoTime() - t0) / 1e9);
    long t1 = System.nanoTime();
    // One row per changed key: its derived row, or nulls for a post that is gone.
    StructType sourceSchema = new StructType().add("_changed_key", DataTypes.StringType, false);
    for (var f : schema.fields()) {
      sourceSchema = sourceSchema.add(f.name(), f.dataType(), true);
    }
    List<Row> source = new ArrayList<>(changed.size());
    for (String k : changed) {
      Row r = derived.get(k);
      Object[] values = new Object[schema.size() + 1];
      values[0] = k;
      for (int i = 0; r != null && i < schema.size(); i++) {
        values[i + 1] = r.get(i);
      }
      source.add(org.apache.spark.sql.RowFactory.create(values));
    }
    Map<String, String> set = new LinkedHashMap<>();
    for (String c : schema.fieldNames()) {
      set.put(c, "s." + c);
    }
    DeltaTable.forPath(spark, wh.table(Tables.POST_FACTS).toString()).as("t")
        .merge(spark.createDataFrame(source, sourceSchema).as("s"), "t.post_key = s._changed_key")
        .whenMatched("s.post_key IS NULL").delete()
        .whenMatched().updateExpr(set)
        .whenNotMatched("s.post_key IS NOT NULL").insertExpr(set)
        .execute();
    Progress.log("report", "post_facts: merged (%.1f s)", (System.nanoTime() - t1) / 1e9);
  }

  /**
   * Compacts the table once it holds more than {@code maxFiles} files: each merge adds a small file
   * of the night's rows (and deletion vectors on the files whose rows it replaced), and a report
   * reads them all. True when it compacted.
   */
  static boolean compactIfFragmented(SparkSession spark, Warehouse wh, int maxFiles) {
    long files = files(spark, wh);
    if (files <= maxFiles) {
      return false;
    }
    Progress.log("report", "post_facts: compacting its %,d files", files);
    DeltaTable.forPath(spark, wh.table(Tables.POST_FACTS).toString()).optimize().executeCompaction();
    return true;
  }

  /** The data files of the table's current version. */
  static long files(SparkSession spark, Warehouse wh) {
    return DeltaTable.forPath(spark, wh.table(Tables.POST_FACTS).toString()).detail()
        .select("numFiles").first().getLong(0);
  }

  private static Dataset<Row> keys(SparkSession spark, List<String> keys) {
    return spark.createDataset(keys, Encoders.STRING()).toDF("_changed_key");
  }

  /**
   * The rows of {@code post_facts}: every post's, or only those of {@code keys} (one column,
   * {@code _changed_key}). The same rows whichever way: a post's row depends on that post alone.
   */
  static Dataset<Row> rows(SparkSession spark, Warehouse wh, int maturityDays, Dataset<Row> keys) {
    Dataset<Row> posts = only(wh.read(spark, Tables.POSTS), "post_key", keys)
        .select(concat(POST_COLUMNS, Tables.METRICS).stream().map(org.apache.spark.sql.functions::col)
            .toArray(Column[]::new));
    if (keys != null) {
      // The changed posts' rows, read once: the plan below uses them twice (their snapshots and
      // the join), and each use would scan every post again to find them.
      posts = gathered(spark, posts);
    }
    if (wh.hasTable(Tables.ENGAGEMENT)) {
      posts = PostRates.atAge(posts, only(wh.read(spark, Tables.ENGAGEMENT), "post_key", keys), maturityDays);
    }
    Dataset<Row> rows = posts;
    if (wh.hasTable(Tables.THEMES_ASSIGNED)) {
      // themes_assigned holds one row per post_key (its table key), so a join keeps one theme per post.
      Dataset<Row> assigned = only(wh.read(spark, Tables.THEMES_ASSIGNED), "post_key", keys)
          .select(col("post_key").as("_ta_key"), col("theme_id").as("_theme_id"));
      rows = rows.join(assigned, col("post_key").equalTo(col("_ta_key")), "left")
          .withColumn("assigned", col("_ta_key").isNotNull())
          .withColumn("theme_id", col("_theme_id"));
    } else {
      rows = rows.withColumn("assigned", lit(false)).withColumn("theme_id", lit(null).cast("string"));
    }
    Column noScores = array().cast(DataTypes.createArrayType(new StructType()
        .add("score", DataTypes.DoubleType).add("negative", DataTypes.BooleanType)));
    Column noLanguages = array().cast(DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> scored = scoredItems(spark, wh, keys);
    if (scored != null && keys != null) {
      // The changed posts' scores, read once: the three uses below would each scan the sentiment
      // table again (3 x 2.5-3.5 s on the bench's million-post warehouse, for a few thousand rows).
      scored = gathered(spark, scored);
    }
    if (scored == null) {
      rows = rows.withColumn("post_score", lit(null).cast("double"))
          .withColumn("post_negative", lit(null).cast("boolean"))
          .withColumn("comment_scores", noScores)
          .withColumn("scored_languages", noLanguages);
    } else {
      Dataset<Row> own = scored.filter(col("comment_key").isNull())
          .select(col("post_key").as("_ps_key"), col("score").as("post_score"), col("negative").as("post_negative"));
      Dataset<Row> comments = scored.filter(col("comment_key").isNotNull())
          .groupBy(col("post_key").as("_cs_key"))
          .agg(array_sort(collect_list(struct(col("score"), col("negative")))).as("_comment_scores"));
      Dataset<Row> languages = scored.groupBy(col("post_key").as("_sl_key"))
          .agg(array_sort(collect_set(col("language"))).as("_languages"));
      rows = rows.join(own, col("post_key").equalTo(col("_ps_key")), "left")
          .join(comments, col("post_key").equalTo(col("_cs_key")), "left")
          .join(languages, col("post_key").equalTo(col("_sl_key")), "left")
          .withColumn("comment_scores", coalesce(col("_comment_scores"), noScores))
          .withColumn("scored_languages", coalesce(col("_languages"), noLanguages));
    }
    return rows.select(java.util.Arrays.stream(Tables.POST_FACTS.schema().fieldNames())
        .map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  /**
   * One row per scored post or comment (post_key, comment_key or null, score, negative, language):
   * the sentiment stage keys scores by text, and {@code sentiment_links} says which post or comment
   * has which text. Negative: its label is negative; without a label, a score below -0.05. Only
   * items with a score count. Null when the sentiment stage has not run.
   */
  static Dataset<Row> scoredItems(SparkSession spark, Warehouse wh, Dataset<Row> keys) {
    if (!wh.hasTable(Tables.SENTIMENT) || !wh.hasTable(Tables.SENTIMENT_LINKS)) {
      return null;
    }
    // The filter goes before the join so that Spark pushes it down to the sentiment table's scan.
    Dataset<Row> scores = wh.read(spark, Tables.SENTIMENT).filter(col("score").isNotNull())
        .select("text_hash", "score", "label", "language");
    Dataset<Row> links = wh.read(spark, Tables.SENTIMENT_LINKS);
    Dataset<Row> items = only(links.filter(col("source").equalTo("posts")), "item_key", keys)
        .select(col("item_key").as("post_key"), lit(null).cast("string").as("comment_key"), col("text_hash"));
    if (wh.hasTable(Tables.COMMENTS)) {
      Dataset<Row> comments = only(wh.read(spark, Tables.COMMENTS), "post_key", keys).select("comment_key", "post_key");
      // A night's changed posts have few comments: broadcast, the links are cut as they are read
      // instead of every comment link being shuffled.
      items = items.unionByName(links.filter(col("source").equalTo("comments"))
          .join(keys == null ? comments : broadcast(comments), links.col("item_key").equalTo(comments.col("comment_key")))
          .select(col("post_key"), col("comment_key"), col("text_hash")));
    }
    if (keys != null) {
      // The changed posts' items, read once (they are few), then only the scores of their texts,
      // not the whole sentiment table shuffled.
      items = gathered(spark, items);
      scores = scores.join(broadcast(items.select(col("text_hash").as("_ih")).distinct()),
          col("text_hash").equalTo(col("_ih")), "left_semi");
    }
    Column negative = when(col("label").isNotNull(), col("label").equalTo("negative")).otherwise(col("score").lt(-0.05));
    return items.join(scores, "text_hash")
        .select(col("post_key"), col("comment_key"), col("score"), negative.as("negative"), col("language"));
  }

  /**
   * The rows of {@code df} gathered on the driver and given back as a local relation: for the few
   * rows of a night's changed posts, which the merge gathers on the driver anyway, so that a plan
   * using them twice does not scan the tables they were cut from twice.
   */
  private static Dataset<Row> gathered(SparkSession spark, Dataset<Row> df) {
    return spark.createDataFrame(df.collectAsList(), df.schema());
  }

  /** The rows of {@code df} whose {@code column} is among {@code keys}, or all of them (keys null). */
  private static Dataset<Row> only(Dataset<Row> df, String column, Dataset<Row> keys) {
    if (keys == null) {
      return df;
    }
    return df.join(broadcast(keys), df.col(column).equalTo(keys.col("_changed_key")), "left_semi");
  }

  /** The changed posts' keys, sorted, or why the logs cannot tell (then {@code keys} is null). */
  record Changes(List<String> keys, String why) {}

  /** The posts whose rows may differ between the sources at {@code from} and at {@code to}. */
  static Changes changedPosts(SparkSession spark, Warehouse wh, Map<String, Long> from, Map<String, Long> to) {
    List<Dataset<Row>> parts = new ArrayList<>();
    // Changed sentiment links (item_key, source): from changed links, and the links of re-scored texts.
    List<Dataset<Row>> links = new ArrayList<>();
    for (Tables.Table t : SOURCES) {
      long v0 = from.getOrDefault(t.name(), -1L);
      long v1 = to.getOrDefault(t.name(), -1L);
      if (v0 == v1) {
        continue;
      }
      if (v0 < 0 || v1 < v0) {
        return new Changes(null, t.name() + " version " + v0 + " -> " + v1);
      }
      Touched touched = touchedFiles(wh, t, v0, v1);
      if (touched.why() != null) {
        return new Changes(null, touched.why());
      }
      if (touched.files().isEmpty()) {
        continue;
      }
      // Only the columns that name a post: a table's partition columns are not in its files.
      List<String> named = t == Tables.SENTIMENT ? List.of("text_hash")
          : t == Tables.SENTIMENT_LINKS ? List.of("item_key", "source") : List.of("post_key");
      StructType schema = new StructType();
      for (String c : named) {
        schema = schema.add(t.schema().apply(c));
      }
      // The files are known to exist: no parallel listing job for a night's few hundred of them.
      StructType read = schema;
      Dataset<Row> rows = ScopedConf.with(spark, Map.of("spark.sql.sources.parallelPartitionDiscovery.threshold",
          String.valueOf(Integer.MAX_VALUE)), () -> spark.read().schema(read).parquet(touched.files().toArray(String[]::new)));
      if (t == Tables.SENTIMENT) {
        Dataset<Row> hashes = rows.select(col("text_hash").as("_changed_hash")).distinct();
        links.add(wh.read(spark, Tables.SENTIMENT_LINKS).join(broadcast(hashes),
            col("text_hash").equalTo(col("_changed_hash")), "left_semi").select("item_key", "source"));
      } else if (t == Tables.SENTIMENT_LINKS) {
        links.add(rows);
      } else {
        parts.add(rows.select("post_key"));
      }
    }
    if (!links.isEmpty()) {
      // Both sentiment changes name links: their comments' posts are looked up in one pass.
      parts.add(postsOf(spark, wh, links.size() == 1 ? links.get(0) : links.get(0).union(links.get(1))));
    }
    if (parts.isEmpty()) {
      return new Changes(List.of(), null);
    }
    Dataset<Row> all = parts.get(0);
    for (Dataset<Row> p : parts.subList(1, parts.size())) {
      all = all.union(p);
    }
    Dataset<Row> distinct = all.distinct();
    List<String> keys = ScopedConf.with(spark, ScopedConf.partitionsPerCore(spark),
        () -> distinct.as(Encoders.STRING()).collectAsList()).stream().sorted().toList();
    return new Changes(keys, null);
  }

  /** The posts a set of sentiment links belongs to: a post's own, or the post a comment is under. */
  private static Dataset<Row> postsOf(SparkSession spark, Warehouse wh, Dataset<Row> links) {
    Dataset<Row> posts = links.filter(col("source").equalTo("posts")).select(col("item_key").as("post_key"));
    if (!wh.hasTable(Tables.COMMENTS)) {
      return posts;
    }
    Dataset<Row> commentItems = links.filter(col("source").equalTo("comments"))
        .select(col("item_key").as("_changed_comment")).distinct();
    Dataset<Row> comments = wh.read(spark, Tables.COMMENTS).select("comment_key", "post_key");
    return posts.union(comments.join(broadcast(commentItems), col("comment_key").equalTo(col("_changed_comment")),
        "left_semi").select("post_key"));
  }

  /** The data files commits {@code from+1 .. to} of a table added or removed, or why they cannot be listed. */
  record Touched(List<String> files, String why) {}

  static Touched touchedFiles(Warehouse wh, Tables.Table table, long from, long to) {
    Path root = wh.table(table);
    Set<String> files = new LinkedHashSet<>();
    for (long v = from + 1; v <= to; v++) {
      var commit = wh.commit(table, v);
      if (commit.isEmpty()) {
        return new Touched(null, table.name() + " commit " + v + " is no longer in its log");
      }
      for (String line : commit.get().lines()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode action;
        try {
          action = Json.MAPPER.readTree(line);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot read commit " + v + " of " + root + " (not JSON lines)", e);
        }
        if (action.has("metaData")) {
          return new Touched(null, table.name() + " commit " + v + " changed its schema or properties");
        }
        for (String kind : List.of("add", "remove")) {
          if (action.has(kind)) {
            files.add(dataFile(root, action.path(kind).path("path").asText()).toString());
          }
        }
      }
    }
    List<String> out = new ArrayList<>(files);
    for (String f : out) {
      if (!wh.exists(new Path(f))) {
        return new Touched(null, table.name() + " file " + f + " is gone (vacuumed?)");
      }
    }
    return new Touched(out, null);
  }

  /** A Delta log's file path: URL-encoded, relative to the table unless absolute. */
  private static Path dataFile(Path root, String path) {
    try {
      URI uri = new URI(path);
      return uri.isAbsolute() ? new Path(uri) : new Path(root, new Path(uri));
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Delta log of " + root + " names a file that is not a URI: " + path, e);
    }
  }

  private static JsonNode readRecord(Warehouse wh, Path p) {
    try {
      return Json.MAPPER.readTree(wh.readText(p));
    } catch (IOException e) {
      throw new dev.veille.common.ConfigException(p + " is damaged (" + e.getMessage()
          + "): delete it and the post_facts table; the next report rebuilds both");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
