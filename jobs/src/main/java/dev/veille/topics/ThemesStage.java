package dev.veille.topics;

import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.Warehouse;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The themes step of {@code veille nightly}: trains a model when none exists or the current one
 * is older than {@code topics.retrain_days} (and there are at least {@code topics.min_posts}
 * posts), then assigns the posts the current model has not seen.
 */
public final class ThemesStage {
  private ThemesStage() {}

  public static void run(SparkSession spark, VeilleConfig config, TopicsConfig topics, PrintWriter out) {
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    ModelStore store = new ModelStore(wh);
    var current = store.current();
    boolean stale = current.isEmpty() || Instant.parse(store.card(current.get()).path("created_at").asText())
        .isBefore(Instant.now().minus(Duration.ofDays(topics.retrainDays())));
    if (stale) {
      long posts = wh.read(spark, Tables.POSTS).count();
      if (posts < topics.minPosts()) {
        Progress.log("topics", "skipped: %d posts, fewer than topics.min_posts (%d)", posts, topics.minPosts());
        out.printf("themes: skipped (%d posts; topics.min_posts is %d)%n", posts, topics.minPosts());
        return;
      }
      TopicsTrainJob train = new TopicsTrainJob(config, topics);
      train.validate();
      var t = train.run(spark);
      out.printf("themes: trained %s (%s, k=%d; %d kept, %d new, %d retired)%n", t.model_version(), t.model(),
          t.k(), t.themes_kept(), t.themes_new(), t.themes_retired());
    }
    TopicsAssignJob assign = new TopicsAssignJob(config, false);
    assign.validate();
    var a = assign.run(spark);
    out.printf("themes: %,d posts assigned with %s (%,d without a theme)%n", a.posts(), a.model_version(),
        a.without_theme());
  }
}
