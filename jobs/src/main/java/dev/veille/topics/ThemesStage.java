package dev.veille.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The themes step of {@code veille nightly} for one run date: trains a model when it should, then
 * assigns the posts the current model has not seen. Columns needed: {@code posts} (post_key, text,
 * hashtags, published_at, published_month); produced: a model version in the model store, the
 * {@code themes} catalogue and {@code themes_assigned} rows.
 *
 * <p>Every decision is taken from the run date and the warehouse, never from the wall clock, so
 * a date backfilled today decides as it would have that night, and a rerun decides the same:
 * <ul>
 *   <li>Only posts published before the end of the run date (UTC) are trained on.</li>
 *   <li>A model is trained when none exists; retrained when posts newer than its training data
 *       exist and either its newest training post is {@code topics.retrain_days} or more days
 *       before the run date, or more than {@code retrainLowConfidenceShare} of the themed posts
 *       of the run date's last 7 days sit below {@code lowConfidence} with the current model.
 *       Without newer posts a retrain would fit the same data again, so it never happens.</li>
 *   <li>A training that was interrupted (a version folder newer than CURRENT) is deleted first and
 *       redone under the same version name.</li>
 * </ul>
 */
public final class ThemesStage {
  /** Days of posts, ending on the run date, whose confidence decides a low-confidence retrain. */
  public static final int CONFIDENCE_WINDOW_DAYS = 7;
  /** Fewer themed posts than this in that window: the share says nothing, so no retrain. */
  public static final int CONFIDENCE_MIN_POSTS = 10;

  private static final java.time.format.DateTimeFormatter MONTH =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM", java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

  private ThemesStage() {}

  /**
   * What the stage did.
   *
   * @param skipped why nothing was done (too few posts), else null
   * @param trainReason why a model was trained, else null
   * @param lowConfidenceShare share of the window's themed posts below the confidence floor
   *     (null when the window had too few)
   */
  public record Result(String skipped, String modelVersion, String trainReason, long postsToAssign,
      long assigned, long withoutTheme, Double lowConfidenceShare, long windowPosts) {}

  /** The nightly rules: the date's posts, and when to retrain. */
  public record Rules(LocalDate date, Instant stampedAt, double lowConfidence, double retrainLowConfidenceShare) {}

  public static Result run(SparkSession spark, VeilleConfig config, TopicsConfig topics, Rules rules,
      PrintWriter out) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    ModelStore store = new ModelStore(wh);
    removeInterruptedTraining(wh, store);
    Instant end = rules.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Dataset<Row> posts = wh.read(spark, Tables.POSTS).filter(col("published_month").leq(MONTH.format(end.minusNanos(1))))
        .filter(col("published_at").lt(lit(end)));
    Row last = posts.agg(max(col("published_at")), org.apache.spark.sql.functions.count(lit(1))).first();
    long available = last.getLong(1);
    if (available < topics.minPosts() && store.current().isEmpty()) {
      String why = String.format("%d posts up to %s, fewer than topics.min_posts (%d)", available, rules.date(),
          topics.minPosts());
      Progress.log("topics", "skipped: %s", why);
      out.printf("themes: skipped (%s)%n", why);
      return new Result(why, null, null, 0, 0, 0, null, 0);
    }
    Instant newest = last.isNullAt(0) ? null : last.getAs(0);

    String trainReason = null;
    Optional<String> current = store.current();
    if (current.isEmpty()) {
      trainReason = "no model yet";
    } else {
      Instant trainedTo = trainedTo(store.card(current.get()));
      long age = ChronoUnit.DAYS.between(trainedTo.atZone(ZoneOffset.UTC).toLocalDate(), rules.date());
      if (newest != null && newest.isAfter(trainedTo) && age >= topics.retrainDays()) {
        trainReason = String.format("%s was trained on posts up to %s, %d days before %s (topics.retrain_days is %d)",
            current.get(), trainedTo, age, rules.date(), topics.retrainDays());
      }
    }
    if (trainReason != null) {
      train(spark, wh, posts, topics, newest, trainReason, out);
    }
    TopicsAssignJob.Result a = assign(spark, config, rules);
    Confidence c = confidence(spark, wh, store.current().orElseThrow(), rules);
    if (trainReason == null && c.share() != null && c.share() > rules.retrainLowConfidenceShare()
        && newest != null && newest.isAfter(trainedTo(store.card(store.current().get())))) {
      trainReason = String.format("%.0f%% of the %d themed posts of the %d days to %s are below confidence %.2f"
              + " (retrain_low_confidence_share is %.2f)", 100 * c.share(), c.posts(), CONFIDENCE_WINDOW_DAYS,
          rules.date(), rules.lowConfidence(), rules.retrainLowConfidenceShare());
      train(spark, wh, posts, topics, newest, trainReason, out);
      a = assign(spark, config, rules);
      c = confidence(spark, wh, store.current().orElseThrow(), rules);
    }
    out.printf("themes: %,d posts assigned with %s (%,d without a theme)%n", a.posts(), a.model_version(),
        a.without_theme());
    return new Result(null, a.model_version(), trainReason, a.posts(), a.assigned(), a.without_theme(), c.share(),
        c.posts());
  }

  /** The newest post a version was trained on (its card's window end; else when it was made). */
  static Instant trainedTo(JsonNode card) {
    String to = card.path("training_window").path("to").asText(null);
    return Instant.parse(to != null && !to.equals("null") ? to : card.path("created_at").asText());
  }

  private static void train(SparkSession spark, Warehouse wh, Dataset<Row> posts, TopicsConfig topics,
      Instant newest, String reason, PrintWriter out) {
    Progress.log("topics", "training: %s", reason);
    Instant from = newest.minus(Duration.ofDays(topics.trainingWindowDays()));
    Dataset<Row> window = posts.filter(col("published_at").geq(lit(from)))
        .select("post_key", "text", "hashtags", "published_at");
    long n = window.count();
    window = TopicsTrainJob.inStableOrder(window, n).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      var t = TopicsTrainJob.train(spark, wh, window, topics, from, newest);
      out.printf("themes: trained %s (%s, k=%d; %d kept, %d new, %d retired)%n", t.model_version(), t.model(),
          t.k(), t.themes_kept(), t.themes_new(), t.themes_retired());
    } finally {
      window.unpersist();
    }
  }

  private static TopicsAssignJob.Result assign(SparkSession spark, VeilleConfig config, Rules rules) {
    TopicsAssignJob assign = new TopicsAssignJob(config, false, rules.stampedAt());
    assign.validate();
    return assign.run(spark);
  }

  record Confidence(Double share, long posts) {}

  /** Share of the window's themed posts (current version) whose confidence is below the floor. */
  static Confidence confidence(SparkSession spark, Warehouse wh, String version, Rules rules) {
    if (!wh.hasTable(Tables.THEMES_ASSIGNED)) {
      return new Confidence(null, 0);
    }
    Instant end = rules.date().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant start = end.minus(Duration.ofDays(CONFIDENCE_WINDOW_DAYS));
    // Only the window's monthly partitions of both tables are read (both are partitioned by the
    // UTC month of publication), not the whole history.
    Column months = col("published_month").between(MONTH.format(start), MONTH.format(end.minusNanos(1)));
    Dataset<Row> week = wh.read(spark, Tables.POSTS).filter(months)
        .filter(col("published_at").geq(lit(start)).and(col("published_at").lt(lit(end)))).select("post_key");
    Dataset<Row> themed = wh.read(spark, Tables.THEMES_ASSIGNED).filter(months)
        .filter(col("model_version").equalTo(version).and(col("theme_id").isNotNull()))
        .join(week, "post_key");
    Row r = themed.agg(org.apache.spark.sql.functions.count(lit(1)),
        sum(when(col("confidence").lt(rules.lowConfidence()), 1).otherwise(0))).first();
    long n = r.getLong(0);
    if (n < CONFIDENCE_MIN_POSTS) {
      return new Confidence(null, n);
    }
    return new Confidence(r.getLong(1) / (double) n, n);
  }

  /**
   * Deletes version folders newer than CURRENT: a training killed before it made its version
   * current. Its rows in the {@code themes} table are rewritten by the training that follows.
   */
  static void removeInterruptedTraining(Warehouse wh, ModelStore store) {
    int current = store.current().map(v -> Integer.parseInt(v.substring(1))).orElse(0);
    try {
      if (!wh.exists(store.root())) {
        return;
      }
      for (FileStatus f : wh.fs().listStatus(store.root())) {
        String name = f.getPath().getName();
        if (f.isDirectory() && name.matches("v\\d{4,}") && Integer.parseInt(name.substring(1)) > current) {
          Progress.log("topics", "removing %s: its training was interrupted before it became current", name);
          wh.fs().delete(f.getPath(), true);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean up " + store.root(), e);
    }
  }
}
