package dev.veille.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import dev.veille.common.Progress;
import dev.veille.text.TopicTokenizer;
import dev.veille.topics.TopicsConfig.Family;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.clustering.LDAModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.Normalizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.Word2Vec;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * Fits and applies the theme models. Every model is one MLlib {@link PipelineModel}:
 *
 * <pre>
 *   SQLTransformer  tokens = veille_topic_tokens(text, hashtags)     (TopicTokenizer, a UDF)
 *   CountVectorizer tf            (vocab_size, min_df)
 *   kmeans-tfidf:    IDF -> Normalizer(L2) -> KMeans(cosine)
 *   kmeans-word2vec: Word2Vec (mean embedding) -> Normalizer(L2) -> KMeans(cosine)
 *   lda:             LDA(online) on tf; theme = likeliest topic
 * </pre>
 *
 * <p>The input needs {@code text} (string) and {@code hashtags} (array of strings, may be null).
 * Posts with no token the model knows (empty, emoji only, all stop words or out of vocabulary) get
 * no theme ({@code theme_index} null, confidence 0): a zero vector has no direction to cluster.
 *
 * <p>Training tokenises once, then works on a sample of at most {@link #K_SAMPLE} posts chosen by
 * a hash of their tokens (the same sample whatever the seed). Choice of k (when not fixed): each k
 * of the range is clustered on that sample and scored by the mean cosine silhouette of its
 * assignment in the model's own feature space (the L2-normalised TF-IDF space for LDA); the best
 * score wins. For k-means the sample is clustered in the driver ({@link SphericalKMeans}, the best
 * of {@link #RESTARTS} k-means++ runs) and the final MLlib k-means on every post starts from
 * those centres ({@link #refine}); LDA is fitted by MLlib throughout.
 *
 * <p>Assignment of k-means models runs in plain Java ({@link ThemeScorer}); LDA runs its stages.
 */
public final class TopicModeler {
  public static final String TOKENS_UDF = "veille_topic_tokens";
  /** Posts used to choose k. */
  public static final int K_SAMPLE = 20_000;

  private TopicModeler() {}

  /** What fitting produced: the model, its k, and how k was chosen. */
  public record Fitted(PipelineModel model, Family family, int k, String kChosenBy,
      Map<Integer, Double> silhouetteByK, long trainingPosts, long postsWithTokens, int vocabularySize,
      long samplePosts) {}

  /** Registers the tokeniser UDF the pipelines call (needed before fit, transform or load). */
  public static void register(SparkSession spark, TopicTokenizer tokenizer) {
    spark.udf().register(TOKENS_UDF, (UDF2<String, scala.collection.Seq<String>, List<String>>) (text, tags) -> {
      List<String> hashtags = tags == null ? null
          : new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava(tags));
      return tokenizer.tokens(text, hashtags);
    }, DataTypes.createArrayType(DataTypes.StringType));
  }

  /** Adds a null {@code hashtags} column when the input has none (eval files). */
  public static Dataset<Row> withHashtags(Dataset<Row> posts) {
    return Arrays.asList(posts.columns()).contains("hashtags") ? posts
        : posts.withColumn("hashtags", lit(null).cast(DataTypes.createArrayType(DataTypes.StringType)));
  }

  static List<PipelineStage> featurizer(TopicsConfig c) {
    List<PipelineStage> stages = new ArrayList<>();
    stages.add(new SQLTransformer().setStatement(
        "SELECT *, " + TOKENS_UDF + "(text, hashtags) AS tokens FROM __THIS__"));
    stages.add(new CountVectorizer().setInputCol("tokens").setOutputCol("tf")
        .setVocabSize(c.vocabSize()).setMinDF(c.minDf()));
    switch (c.model()) {
      case KMEANS_TFIDF, LDA -> {
        stages.add(new IDF().setInputCol("tf").setOutputCol("tfidf"));
        stages.add(new Normalizer().setInputCol("tfidf").setOutputCol("features").setP(2.0));
      }
      case KMEANS_WORD2VEC -> {
        stages.add(new Word2Vec().setInputCol("tokens").setOutputCol("w2v").setVectorSize(100)
            .setMinCount(c.minDf()).setWindowSize(5).setMaxIter(3).setSeed(c.seed())
            .setNumPartitions(2).setStepSize(0.05));
        stages.add(new Normalizer().setInputCol("w2v").setOutputCol("features").setP(2.0));
      }
    }
    return stages;
  }

  static Estimator<?> clusterer(TopicsConfig c, int k, long seed) {
    return switch (c.model()) {
      case KMEANS_TFIDF, KMEANS_WORD2VEC -> new KMeans().setK(k).setSeed(seed).setMaxIter(c.maxIter())
          .setDistanceMeasure("cosine").setFeaturesCol("features").setPredictionCol("theme_index");
      case LDA -> new LDA().setK(k).setSeed(seed).setMaxIter(c.maxIter()).setOptimizer("online")
          .setSubsamplingRate(0.2).setFeaturesCol("tf").setTopicDistributionCol("topic_distribution");
    };
  }

  /** True for rows whose features are usable (at least one known token). */
  static Column hasFeatures() {
    UserDefinedFunction nonZero = udf((org.apache.spark.sql.api.java.UDF1<Vector, Boolean>)
        v -> v != null && v.numNonzeros() > 0, DataTypes.BooleanType);
    return nonZero.apply(col("tf")).and(nonZero.apply(col("features")));
  }

  /** Fits a model on {@code posts} (columns text, hashtags). */
  public static Fitted fit(SparkSession spark, Dataset<Row> posts, TopicsConfig c) {
    register(spark, c.tokenizer());
    Dataset<Row> input = withHashtags(posts).select("text", "hashtags");
    Progress.log("topics", "fitting the %s featurizer", c.model().id);
    // Tokenised once: the vocabulary, the IDF (or Word2Vec) and the features all read these.
    List<PipelineStage> stages = featurizer(c);
    Transformer tokenize = (Transformer) stages.get(0);
    Dataset<Row> tokenized = tokenize.transform(input).select("tokens").persist(StorageLevel.MEMORY_AND_DISK());
    long total = tokenized.count();
    PipelineModel vectors = new Pipeline().setStages(stages.subList(1, stages.size()).toArray(new PipelineStage[0]))
        .fit(tokenized);
    List<Transformer> featureStages = new ArrayList<>();
    featureStages.add(tokenize);
    featureStages.addAll(Arrays.asList(vectors.stages()));
    PipelineModel features = new PipelineModel(
        org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("veilleFeatures"), featureStages);
    Dataset<Row> featured = vectors.transform(tokenized).filter(hasFeatures())
        .select("tokens", "tf", "features").persist(StorageLevel.MEMORY_AND_DISK());
    long n = featured.count();
    tokenized.unpersist();
    int vocab = ((org.apache.spark.ml.feature.CountVectorizerModel) features.stages()[1]).vocabulary().length;
    Progress.log("topics", "%,d of %,d posts have known tokens; vocabulary %,d", n, total, vocab);
    if (n < 2) {
      featured.unpersist();
      throw new IllegalArgumentException("Too few posts with text to find themes: " + n);
    }
    try {
      Search search = c.model() == Family.LDA ? searchLda(c, featured, n) : searchKMeans(c, featured, n);
      Progress.log("topics", "fitting %s with k=%d on %,d posts", c.model().id, search.k(), n);
      Transformer clusterModel = c.model() == Family.LDA
          ? (Transformer) clusterer(c, search.k(), c.seed()).fit(featured)
          : refine(spark, c, search.centres(), featured);
      List<Transformer> all = new ArrayList<>(featureStages);
      all.add(clusterModel);
      PipelineModel model = new PipelineModel(
          org.apache.spark.ml.util.Identifiable$.MODULE$.randomUID("veilleThemes"), all);
      return new Fitted(model, c.model(), search.k(), c.automaticK() ? "silhouette" : "config", search.scores(),
          total, n, vocab, search.samplePosts());
    } finally {
      featured.unpersist();
    }
  }

  /** The chosen k, the silhouette of each k tried, and (k-means) the starting centres of the final fit. */
  record Search(int k, Map<Integer, Double> scores, double[][] centres, long samplePosts) {}

  /**
   * The sample the k search (and the k-means start) sees: at most {@link #K_SAMPLE} posts, picked
   * by a hash of their tokens rather than by the seed, so that retraining on the same posts with
   * another seed sees the same sample (a seeded sample alone moved k between seeds).
   */
  static Dataset<Row> kSample(Dataset<Row> featured, long n) {
    if (n <= K_SAMPLE) {
      return featured;
    }
    long keep = Math.round(Long.MAX_VALUE * ((double) K_SAMPLE / n));
    // The sign bit is masked rather than abs() taken: abs(Long.MIN_VALUE) overflows.
    return featured.filter(functions.xxhash64(col("tokens")).bitwiseAND(lit(Long.MAX_VALUE)).lt(keep));
  }

  /**
   * k-means families: the sample is collected into the driver and clustered there
   * ({@link SphericalKMeans}, {@link #RESTARTS} k-means++ runs per k, the lowest cost kept); each k
   * is scored by the mean cosine silhouette, the best k wins (or the configured one is used).
   */
  static Search searchKMeans(TopicsConfig c, Dataset<Row> featured, long n) {
    List<SphericalKMeans.Point> points = SphericalKMeans.points(kSample(featured, n).select("features")
        .collectAsList().stream().map(r -> (Vector) r.get(0)).toList());
    int dim = ((Vector) featured.select("features").first().get(0)).size();
    Progress.log("topics", "clustering a sample of %,d posts in the driver", points.size());
    Map<Integer, Double> scores = new LinkedHashMap<>();
    if (!c.automaticK()) {
      SphericalKMeans.Result r = SphericalKMeans.fit(points, dim, Math.min(c.k(), points.size()), c.maxIter(),
          RESTARTS, c.seed());
      return new Search(c.k(), scores, r.centres(), points.size());
    }
    double best = Double.NEGATIVE_INFINITY;
    SphericalKMeans.Result chosen = null;
    for (int kk = c.kMin(); kk <= Math.min(c.kMax(), points.size() - 1); kk++) {
      SphericalKMeans.Result r = SphericalKMeans.fit(points, dim, kk, c.maxIter(), RESTARTS, c.seed());
      double s = SphericalKMeans.silhouette(points, dim, r.assignment(), kk);
      scores.put(kk, round(s));
      Progress.log("topics", "k=%d silhouette=%.4f", kk, s);
      if (s > best + 1e-9) {
        best = s;
        chosen = r;
      }
    }
    if (chosen == null) {
      throw new IllegalArgumentException("Too few posts with text to find themes: " + points.size());
    }
    return new Search(chosen.k(), scores, chosen.centres(), points.size());
  }

  /** LDA: each k fitted on the sample with MLlib, scored by the silhouette in the TF-IDF space. */
  static Search searchLda(TopicsConfig c, Dataset<Row> featured, long n) {
    Map<Integer, Double> scores = new LinkedHashMap<>();
    if (!c.automaticK()) {
      return new Search(c.k(), scores, null, 0);
    }
    Dataset<Row> sample = kSample(featured, n).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long sampleSize = sample.count();
      double best = Double.NEGATIVE_INFINITY;
      int k = c.kMin();
      for (int kk = c.kMin(); kk <= Math.min(c.kMax(), sampleSize - 1); kk++) {
        Model<?> m = (Model<?>) clusterer(c, kk, c.seed()).fit(sample);
        double s = silhouette(assignWithModel(m, sample), kk);
        scores.put(kk, round(s));
        Progress.log("topics", "k=%d silhouette=%.4f", kk, s);
        if (s > best + 1e-9) {
          best = s;
          k = kk;
        }
      }
      return new Search(k, scores, null, sampleSize);
    } finally {
      sample.unpersist();
    }
  }

  /**
   * The final k-means fit on every post: MLlib's k-means, started from the sample's centres
   * (Lloyd iterations until the centres move less than 1e-4, at most {@code max_iter}). From a
   * good start it converges in a few passes, and to the same themes whatever the seed.
   *
   * <p>MLlib's DataFrame {@code KMeans} cannot start from given centres, so the fit runs on the
   * RDD API ({@code mllib.clustering.KMeans.setInitialModel}) and its centres become the pipeline's
   * {@link KMeansModel} by fitting that on the k centres themselves (k distinct unit points in k
   * clusters: each is its own centre), which keeps the saved model a plain MLlib stage.
   */
  static KMeansModel refine(SparkSession spark, TopicsConfig c, double[][] start, Dataset<Row> featured) {
    int k = start.length;
    org.apache.spark.mllib.linalg.Vector[] initial = new org.apache.spark.mllib.linalg.Vector[k];
    for (int i = 0; i < k; i++) {
      initial[i] = org.apache.spark.mllib.linalg.Vectors.dense(start[i]);
    }
    org.apache.spark.rdd.RDD<org.apache.spark.mllib.linalg.Vector> data = featured.select("features").toJavaRDD()
        .map(r -> org.apache.spark.mllib.linalg.Vectors.fromML((Vector) r.get(0))).rdd()
        .persist(StorageLevel.MEMORY_AND_DISK());
    org.apache.spark.mllib.clustering.KMeansModel fitted;
    try {
      fitted = new org.apache.spark.mllib.clustering.KMeans().setK(k).setMaxIterations(c.maxIter())
          .setDistanceMeasure("cosine").setSeed(c.seed())
          .setInitialModel(new org.apache.spark.mllib.clustering.KMeansModel(initial, "cosine"))
          .run(data);
    } finally {
      data.unpersist(false);
    }
    Progress.log("topics", "k-means on all posts: cost %.2f", fitted.trainingCost());
    List<Row> centres = new ArrayList<>();
    for (org.apache.spark.mllib.linalg.Vector v : fitted.clusterCenters()) {
      double[] unit = v.toArray().clone();
      SphericalKMeans.normalise(unit);
      centres.add(RowFactory.create(org.apache.spark.ml.linalg.Vectors.dense(unit)));
    }
    Dataset<Row> centreRows = spark.createDataFrame(centres,
        new StructType().add("features", new org.apache.spark.ml.linalg.VectorUDT(), false));
    KMeansModel model = ((KMeans) clusterer(c, k, c.seed())).setInitMode("random").setMaxIter(2)
        .fit(centreRows);
    if (model.clusterCenters().length != k) {
      throw new IllegalStateException("The theme model has " + model.clusterCenters().length
          + " centres instead of " + k + " (two centres coincide)");
    }
    return model;
  }

  /** Restarts per k of the driver-side k-means (the lowest cost wins). */
  public static final int RESTARTS = 10;

  /** Mean cosine silhouette of {@code theme_index} over {@code features}. */
  static double silhouette(Dataset<Row> predicted, int k) {
    Dataset<Row> p = predicted.filter(col("theme_index").isNotNull())
        .withColumn("theme_index", col("theme_index").cast(DataTypes.IntegerType));
    if (p.select("theme_index").distinct().count() < 2) {
      return -1;
    }
    return new ClusteringEvaluator().setFeaturesCol("features").setPredictionCol("theme_index")
        .setDistanceMeasure("cosine").evaluate(p);
  }

  /**
   * Applies the clustering stage to featurized rows (with {@code features}, and {@code tf} for
   * LDA): adds {@code theme_index} (int) and {@code confidence} (0 to 1).
   */
  static Dataset<Row> assignWithModel(Model<?> m, Dataset<Row> featured) {
    if (m instanceof KMeansModel km) {
      Vector[] centers = km.clusterCenters();
      double[][] unit = new double[centers.length][];
      for (int i = 0; i < centers.length; i++) {
        double[] c = centers[i].toArray();
        double norm = Math.sqrt(Arrays.stream(c).map(x -> x * x).sum());
        unit[i] = Arrays.stream(c).map(x -> norm == 0 ? 0 : x / norm).toArray();
      }
      UserDefinedFunction confidence = udf((UDF2<Vector, Integer, Double>) (v, idx) -> {
        double[] c = unit[idx];
        double[] dot = {0};
        v.foreachActive((i, x) -> {
          dot[0] += c[(Integer) i] * (Double) x;
          return null;
        });
        return Math.max(0.0, Math.min(1.0, dot[0]));
      }, DataTypes.DoubleType);
      return km.transform(featured)
          .withColumn("theme_index", col("theme_index").cast(DataTypes.IntegerType))
          .withColumn("confidence", confidence.apply(col("features"), col("theme_index")));
    }
    if (m instanceof LDAModel lda) {
      UserDefinedFunction argmax = udf((org.apache.spark.sql.api.java.UDF1<Vector, Integer>) Vector::argmax,
          DataTypes.IntegerType);
      UserDefinedFunction max = udf((org.apache.spark.sql.api.java.UDF1<Vector, Double>) v -> v.apply(v.argmax()),
          DataTypes.DoubleType);
      return lda.transform(featured)
          .withColumn("theme_index", argmax.apply(col("topic_distribution")))
          .withColumn("confidence", max.apply(col("topic_distribution")))
          .drop("topic_distribution");
    }
    throw new IllegalArgumentException("Not a theme clustering model: " + m.getClass().getName());
  }

  /**
   * Themes for {@code posts} (any columns, plus text and hashtags): adds {@code tokens},
   * {@code theme_index} (null when the post has no known token) and {@code confidence} (0 then).
   * K-means models go through {@link ThemeScorer} (one plain-Java pass); LDA through its MLlib
   * stages ({@link #assignWithStages}).
   */
  public static Dataset<Row> assign(PipelineModel model, TopicTokenizer tokenizer, Dataset<Row> posts) {
    ThemeScorer scorer = ThemeScorer.of(model, tokenizer);
    return scorer != null ? scorer.assign(posts) : assignWithStages(model, posts);
  }

  /**
   * The same as {@link #assign} through the model's MLlib stages (the tokeniser UDF must be
   * registered, see {@link #register}); the reference the fast path is tested against.
   */
  public static Dataset<Row> assignWithStages(PipelineModel model, Dataset<Row> posts) {
    Transformer[] stages = model.stages();
    Dataset<Row> df = withHashtags(posts);
    List<String> keep = new ArrayList<>(Arrays.asList(df.columns()));
    for (int i = 0; i < stages.length - 1; i++) {
      df = stages[i].transform(df);
    }
    keep.add("tokens");
    Column ok = hasFeatures();
    Dataset<Row> known = df.filter(ok);
    Dataset<Row> unknown = df.filter(ok.isNull().or(ok.equalTo(false)));
    Dataset<Row> predicted = assignWithModel((Model<?>) stages[stages.length - 1], known);
    Column[] cols = keep.stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> none = unknown.select(cols)
        .withColumn("theme_index", lit(null).cast(DataTypes.IntegerType))
        .withColumn("confidence", lit(0.0));
    List<String> out = new ArrayList<>(keep);
    out.add("theme_index");
    out.add("confidence");
    Column[] outCols = out.stream().map(k -> col(k)).toArray(Column[]::new);
    return predicted.select(outCols).unionByName(none.select(outCols));
  }

  /** The number of themes of a fitted model. */
  public static int k(PipelineModel model) {
    Transformer last = model.stages()[model.stages().length - 1];
    if (last instanceof KMeansModel km) {
      return km.getK();
    }
    if (last instanceof LDAModel lda) {
      return lda.getK();
    }
    throw new IllegalArgumentException("Not a theme model: " + last.getClass().getName());
  }

  static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
