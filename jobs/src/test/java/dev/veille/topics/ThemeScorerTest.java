package dev.veille.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.veille.SparkTestBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The fast assignment path against the model's own MLlib stages, and the driver-side k-means. */
class ThemeScorerTest extends SparkTestBase {
  private static final String[][] THEMES = {
      {"linen", "cushion", "vase", "ceramic", "candle", "rug", "lamp", "oak"},
      {"sale", "discount", "code", "voucher", "offer", "coupon", "deal", "giveaway"},
      {"delivery", "parcel", "refund", "tracking", "carrier", "order", "return", "invoice"}};
  private static final StructType SCHEMA = new StructType()
      .add("post_key", DataTypes.StringType).add("text", DataTypes.StringType)
      .add("hashtags", DataTypes.createArrayType(DataTypes.StringType));

  /** Mixed posts (words of two themes), so confidences spread and ties are possible. */
  private Dataset<Row> posts() {
    return posts(true);
  }

  private Dataset<Row> posts(boolean mixed) {
    Random r = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      int t = i % 3;
      int other = mixed ? r.nextInt(3) : t;
      String text = "The " + THEMES[t][r.nextInt(8)] + " and " + THEMES[t][r.nextInt(8)] + ", a "
          + THEMES[other][r.nextInt(8)] + " #" + (i % 4 == 0 ? "Home_Decor" : "news");
      rows.add(RowFactory.create("p" + i, text, i % 5 == 0 ? List.of("#Extra" + t) : null));
    }
    rows.add(RowFactory.create("empty", "", List.of()));
    rows.add(RowFactory.create("null", null, null));
    rows.add(RowFactory.create("noise", "🎉🎉 the and of !!! https://t.co/x", null));
    rows.add(RowFactory.create("unknown", "zzzunknownword", null));
    return spark.createDataFrame(rows, SCHEMA);
  }

  private void sameAsStages(TopicsConfig c) {
    Dataset<Row> posts = posts().cache();
    TopicModeler.Fitted fitted = TopicModeler.fit(spark, posts, c);
    ThemeScorer scorer = ThemeScorer.of(fitted.model(), c.tokenizer());
    assertThat(scorer).isNotNull();
    Map<String, Row> slow = new HashMap<>();
    for (Row r : TopicModeler.assignWithStages(fitted.model(), posts).collectAsList()) {
      slow.put(r.getAs("post_key"), r);
    }
    List<Row> fast = scorer.assign(posts).collectAsList();
    assertThat(fast).hasSize(154);
    int themed = 0;
    for (Row r : fast) {
      Row s = slow.get((String) r.getAs("post_key"));
      assertThat((Object) r.getAs("theme_index")).as("theme of %s", (Object) r.getAs("text"))
          .isEqualTo(s.getAs("theme_index"));
      assertThat((double) r.getAs("confidence")).isCloseTo(s.getAs("confidence"), within(1e-9));
      assertThat(r.getList(r.fieldIndex("tokens"))).isEqualTo(s.getList(s.fieldIndex("tokens")));
      themed += r.isNullAt(r.fieldIndex("theme_index")) ? 0 : 1;
    }
    assertThat(themed).isEqualTo(150);
    for (String key : List.of("empty", "null", "noise", "unknown")) {
      Row r = fast.stream().filter(x -> key.equals(x.getAs("post_key"))).findFirst().orElseThrow();
      assertThat((Object) r.getAs("theme_index")).as(key).isNull();
      assertThat((double) r.getAs("confidence")).isZero();
    }
    posts.unpersist();
  }

  @Test
  void fastPathGivesTheStagesThemeAndConfidenceTfidf() {
    sameAsStages(TopicsConfig.DEFAULT.withK(3).withMinDf(2));
  }

  @Test
  void fastPathGivesTheStagesThemeAndConfidenceWord2Vec() {
    sameAsStages(TopicsConfig.DEFAULT.withK(3).withMinDf(2).withModel(TopicsConfig.Family.KMEANS_WORD2VEC));
  }

  @Test
  void ldaHasNoFastPathAndStillAssigns() {
    TopicsConfig c = TopicsConfig.DEFAULT.withK(3).withMinDf(2).withModel(TopicsConfig.Family.LDA);
    TopicModeler.Fitted fitted = TopicModeler.fit(spark, posts(), c);
    assertThat(ThemeScorer.of(fitted.model(), c.tokenizer())).isNull();
    List<Row> rows = TopicModeler.assign(fitted.model(), c.tokenizer(), posts()).collectAsList();
    assertThat(rows).hasSize(154);
    Row empty = rows.stream().filter(x -> "empty".equals(x.getAs("post_key"))).findFirst().orElseThrow();
    assertThat((Object) empty.getAs("theme_index")).isNull();
  }

  private static List<Vector> blobs(int n, long seed) {
    Random r = new Random(seed);
    List<Vector> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int blob = i % 3;
      double[] v = new double[6];
      v[2 * blob] = 1 + r.nextDouble();
      v[2 * blob + 1] = r.nextDouble();
      v[(2 * blob + 2) % 6] = 0.6 * r.nextDouble();
      out.add(i % 2 == 0 ? Vectors.dense(v) : Vectors.dense(v).toSparse());
    }
    return out;
  }

  @Test
  void driverKMeansFindsTheBlobsWhateverTheSeedAndItsSilhouetteIsMllibs() {
    List<Vector> vectors = blobs(300, 5);
    List<SphericalKMeans.Point> points = SphericalKMeans.points(vectors);
    SphericalKMeans.Result a = SphericalKMeans.fit(points, 6, 3, 40, 10, 1);
    SphericalKMeans.Result b = SphericalKMeans.fit(points, 6, 3, 40, 10, 99);
    // The same partition (up to the numbering of clusters), and each blob one cluster.
    Map<Integer, Integer> map = new HashMap<>();
    for (int i = 0; i < points.size(); i++) {
      map.putIfAbsent(a.assignment()[i], b.assignment()[i]);
      assertThat(b.assignment()[i]).isEqualTo(map.get(a.assignment()[i]));
      assertThat(a.assignment()[i]).isEqualTo(a.assignment()[i % 3]);
    }
    assertThat(new java.util.HashSet<>(map.values())).hasSize(3);
    assertThat(a.cost()).isCloseTo(b.cost(), within(1e-6));

    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < vectors.size(); i++) {
      rows.add(RowFactory.create(vectors.get(i), a.assignment()[i]));
    }
    Dataset<Row> df = spark.createDataFrame(rows, new StructType().add("features", new VectorUDT())
        .add("theme_index", DataTypes.IntegerType));
    double mllib = new ClusteringEvaluator().setFeaturesCol("features").setPredictionCol("theme_index")
        .setDistanceMeasure("cosine").evaluate(df);
    assertThat(SphericalKMeans.silhouette(points, 6, a.assignment(), 3)).isCloseTo(mllib, within(1e-9));
  }

  @Test
  void anotherSeedFindsTheSameCentres() {
    Dataset<Row> posts = posts(false);
    TopicsConfig c = TopicsConfig.DEFAULT.withK(3).withMinDf(2);
    TopicModeler.Fitted one = TopicModeler.fit(spark, posts, c);
    TopicModeler.Fitted other = TopicModeler.fit(spark, posts, c.withSeed(7));
    assertThat(TopicModeler.k(one.model())).isEqualTo(3);
    Vector[] x = ((org.apache.spark.ml.clustering.KMeansModel) one.model().stages()[4]).clusterCenters();
    Vector[] y = ((org.apache.spark.ml.clustering.KMeansModel) other.model().stages()[4]).clusterCenters();
    // Another seed finds the same centres (in some order).
    for (Vector v : x) {
      double best = 0;
      for (Vector w : y) {
        best = Math.max(best, org.apache.spark.ml.linalg.BLAS$.MODULE$.dot(v, w));
      }
      assertThat(best).isCloseTo(1.0, within(1e-6));
    }
  }
}
