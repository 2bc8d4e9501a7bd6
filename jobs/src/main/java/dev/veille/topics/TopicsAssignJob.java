package dev.veille.topics;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.common.ConfigException;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.SeenFiles;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille topics assign}: gives posts their theme under the current model, with a
 * confidence (k-means: cosine similarity of the post to its theme's centre; LDA: the theme's
 * probability). Posts already assigned by the current version are skipped unless {@code all};
 * when none is left, the model is not even loaded. Only the posts of export files ingested since
 * the version last assigned are looked at ({@link SeenFiles}, {@code _ledger/themes_files.json}),
 * so a night's cost follows its new posts, not the history.
 * A post without usable text (empty, emoji only, only stop words) gets a null theme_id and
 * confidence 0, so it is counted rather than forced into a theme.
 */
public final class TopicsAssignJob implements Job<TopicsAssignJob.Result> {
  private final VeilleConfig config;
  private final boolean all;
  private final Instant assignedAt;

  /**
   * Which of two rows of a post in {@code themes_assigned} wins: the later assignment; at the same
   * instant (a retrain in the night that assigned the night's posts under the version before), the
   * newer version, as a tie would keep the live row.
   */
  public static final List<Column> MERGE_ORDER = List.of(col("assigned_at").desc(), col("model_version").desc());

  /** Posts to assign up to which their keys are broadcast to pick their texts out of the posts. */
  private static final long BROADCAST_MAX = 200_000;

  private static scala.collection.immutable.Seq<String> toSeq(String... names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(List.of(names)).toList();
  }

  public TopicsAssignJob(VeilleConfig config, boolean all) {
    this(config, all, null);
  }

  /**
   * @param assignedAt the instant stamped on new rows; null for the wall clock. Nightly passes its
   *     run date's instant, so reruns and backfills write the same rows whenever they run.
   */
  public TopicsAssignJob(VeilleConfig config, boolean all, Instant assignedAt) {
    this.config = config;
    this.all = all;
    this.assignedAt = assignedAt;
  }

  public record Result(String model_version, long posts, long assigned, long without_theme, double assign_s) {}

  @Override
  public void validate() {
    ConfigException.check(config.warehouse() != null, "Missing warehouse");
  }

  @Override
  public Result run(SparkSession spark) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    ModelStore store = new ModelStore(wh);
    String version = store.current().orElseThrow(() -> new ConfigException("No theme model in "
        + store.root() + " (run veille topics train first)"));
    SeenFiles seen = SeenFiles.of(wh, SeenFiles.THEMES, version);
    SeenFiles.Snapshot files = seen.read();
    Dataset<Row> candidates = wh.read(spark, Tables.POSTS);
    Dataset<Row> todo = null;
    if (!all && wh.hasTable(Tables.THEMES_ASSIGNED)) {
      Dataset<Row> done = wh.read(spark, Tables.THEMES_ASSIGNED)
          .filter(col("model_version").equalTo(version)).select("post_key");
      Dataset<Row> keys = candidates.select("post_key");
      if (files.pendingPaths() != null) {
        if (files.pendingPaths().isEmpty()) {
          Progress.log("topics", "no export file ingested since %s last assigned posts: nothing to assign", version);
          return counts(spark, wh, version, 0, 0);
        }
        // A post without a row for this version came from a file ingested since the version last
        // assigned (or it would have been assigned then): the others' posts are not even read.
        Progress.log("topics", "looking at the posts of %,d export files ingested since %s last assigned posts",
            files.pendingPaths().size(), version);
        candidates = candidates.filter(col("source_file").isin(files.pendingPaths().toArray()));
        keys = candidates.select("post_key").persist(StorageLevel.MEMORY_AND_DISK());
        if (keys.count() <= BROADCAST_MAX) {
          // The new files' keys cut the version's assignments to theirs as they are read, rather
          // than every assignment of the history being shuffled against a night's posts.
          done = done.join(broadcast(keys), toSeq("post_key"), "left_semi");
        }
      }
      // Keys first (two narrow columns), then the texts of the posts found: the anti-join on the
      // posts with their texts shuffled every stored text each night to assign a few new posts.
      todo = keys.join(done, toSeq("post_key"), "left_anti").persist(StorageLevel.MEMORY_AND_DISK());
      long n = todo.count();
      keys.unpersist();
      if (n == 0) {
        // Nothing new for this version (a rerun, or a night without posts): no model to load, no write.
        todo.unpersist();
        seen.record(files);
        return counts(spark, wh, version, 0, 0);
      }
      candidates = n <= BROADCAST_MAX ? candidates.join(broadcast(todo), toSeq("post_key"), "left_semi")
          : candidates.join(done, toSeq("post_key"), "left_anti");
    }
    Dataset<Row> posts = candidates.select("post_key", "text", "hashtags", "published_month");
    long t0 = System.nanoTime();
    Dataset<Row> rows = assign(spark, store, version, posts, assignedAt != null ? assignedAt : Instant.now());
    Progress.log("topics", "assigning posts with %s (model loaded in %.1f s)", version, (System.nanoTime() - t0) / 1e9);
    TableWriter writer = new TableWriter(spark, wh, "topics-assign-" + version + "-" + System.currentTimeMillis());
    long n = writer.write(Tables.THEMES_ASSIGNED, rows, MERGE_ORDER).rowsStaged();
    // Only once published: a run killed before this leaves the folder to StagingRecovery.
    writer.discard();
    seen.record(files);
    if (todo != null) {
      todo.unpersist();
    }
    return counts(spark, wh, version, n, (System.nanoTime() - t0) / 1e9);
  }

  /** The version's assignments in the table, after {@code written} rows were written. */
  private static Result counts(SparkSession spark, Warehouse wh, String version, long written, double seconds) {
    Dataset<Row> mine = wh.read(spark, Tables.THEMES_ASSIGNED).filter(col("model_version").equalTo(version));
    Row counts = mine.agg(functions.count(lit(1)), functions.count(col("theme_id"))).first();
    Progress.log("topics", "assigned with %s: %,d posts in the partitions written", version, written);
    return new Result(version, counts.getLong(0), counts.getLong(1), counts.getLong(0) - counts.getLong(1),
        TopicModeler.round(seconds));
  }

  /**
   * Rows of themes_assigned for {@code posts} (post_key, text, hashtags, published_month): one
   * narrow pass over the posts (k-means models: {@link ThemeScorer}), the cluster index mapped to
   * its theme id through the model card.
   */
  public static Dataset<Row> assign(SparkSession spark, ModelStore store, String version, Dataset<Row> posts) {
    return assign(spark, store, version, posts, Instant.now());
  }

  /** The same, stamping {@code assigned_at} with the given instant. */
  public static Dataset<Row> assign(SparkSession spark, ModelStore store, String version, Dataset<Row> posts,
      Instant assignedAt) {
    JsonNode card = store.card(version);
    PipelineModel model = store.load(spark, version);
    List<Column> ids = ModelStore.themeIds(card).stream().map(id -> lit(id).cast(DataTypes.StringType)).toList();
    Column themeId = functions.try_element_at(functions.array(ids.toArray(new Column[0])),
        col("theme_index").plus(1));
    return TopicModeler.assign(model, ModelStore.tokenizer(card), posts)
        .select(col("post_key"), themeId.as("theme_id"),
            functions.round(col("confidence"), 4).as("confidence"), lit(version).as("model_version"),
            lit(assignedAt).as("assigned_at"), col("published_month"));
  }
}
