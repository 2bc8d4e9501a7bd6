package dev.veille.topics;

import dev.veille.text.TopicTokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.IDFModel;
import org.apache.spark.ml.feature.Word2VecModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Assigns themes with a k-means theme model in one pass of plain Java per partition: tokens,
 * counts over the model's vocabulary, TF-IDF (or the mean Word2Vec embedding), L2 norm, most
 * similar centre. It gives the same theme and confidence as running the model's MLlib stages
 * ({@link TopicModeler#assignWithStages}), which is kept as the reference and for LDA.
 *
 * <p>Why: the MLlib chain runs the tokeniser UDF, four vector stages, two filters (posts with and
 * without a theme) and a union; each filter re-evaluates the chain, and each stage converts
 * vectors between Spark's internal and external forms. Here the vocabulary, IDF weights and unit
 * centres (a few MB at most) travel to the executors once with the task, and a post costs one
 * tokenisation and k sparse dot products.
 *
 * <p>Output: the input columns, then {@code tokens}, {@code theme_index} (null without a known
 * token) and {@code confidence} (cosine similarity to the centre, clamped to 0..1; 0 without a theme).
 */
public final class ThemeScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final TopicTokenizer tokenizer;
  private final Map<String, Integer> vocabulary;
  /** IDF weight per vocabulary index (kmeans-tfidf), else null. */
  private final double[] idf;
  /** Word2Vec vectors (kmeans-word2vec), else null. */
  private final Map<String, float[]> wordVectors;
  private final double[][] centres;

  private ThemeScorer(TopicTokenizer tokenizer, Map<String, Integer> vocabulary, double[] idf,
      Map<String, float[]> wordVectors, double[][] centres) {
    this.tokenizer = tokenizer;
    this.vocabulary = vocabulary;
    this.idf = idf;
    this.wordVectors = wordVectors;
    this.centres = centres;
  }

  /** A scorer for a k-means theme model; null for other models (LDA). */
  public static ThemeScorer of(PipelineModel model, TopicTokenizer tokenizer) {
    Transformer[] stages = model.stages();
    if (!(stages[stages.length - 1] instanceof KMeansModel km)) {
      return null;
    }
    CountVectorizerModel cv = null;
    IDFModel idfModel = null;
    Word2VecModel w2v = null;
    for (Transformer t : stages) {
      if (t instanceof CountVectorizerModel m) {
        cv = m;
      } else if (t instanceof IDFModel m) {
        idfModel = m;
      } else if (t instanceof Word2VecModel m) {
        w2v = m;
      }
    }
    if (cv == null || (idfModel == null) == (w2v == null)) {
      throw new IllegalArgumentException("Not a Veille k-means theme model: stages "
          + Arrays.toString(Arrays.stream(stages).map(s -> s.getClass().getSimpleName()).toArray()));
    }
    String[] terms = cv.vocabulary();
    Map<String, Integer> vocabulary = new HashMap<>(terms.length * 2);
    for (int i = 0; i < terms.length; i++) {
      vocabulary.put(terms[i], i);
    }
    double[] idf = idfModel == null ? null : idfModel.idf().toArray();
    Map<String, float[]> vectors = null;
    if (w2v != null) {
      vectors = new HashMap<>();
      for (Row r : w2v.getVectors().collectAsList()) {
        double[] v = ((Vector) r.get(1)).toArray();
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
          f[i] = (float) v[i];
        }
        vectors.put(r.getString(0), f);
      }
    }
    Vector[] c = km.clusterCenters();
    double[][] centres = new double[c.length][];
    for (int i = 0; i < c.length; i++) {
      centres[i] = c[i].toArray();
      SphericalKMeans.normalise(centres[i]);
    }
    return new ThemeScorer(tokenizer, vocabulary, idf, vectors, centres);
  }

  /** A post's theme index (-1: none) and confidence. */
  public record Score(int index, double confidence) {}

  static final Score NONE = new Score(-1, 0.0);

  public Score score(List<String> tokens) {
    double[] features = features(tokens);
    if (features == null) {
      return NONE;
    }
    int best = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < centres.length; c++) {
      double[] centre = centres[c];
      double s = 0;
      for (int i = 0; i < features.length; i += 2) {
        s += features[i + 1] * centre[(int) features[i]];
      }
      if (s > max) {
        max = s;
        best = c;
      }
    }
    return new Score(best, Math.max(0.0, Math.min(1.0, max)));
  }

  /**
   * The unit feature vector as (index, value) pairs, or null when the post has no known token
   * or a zero vector (no direction to compare).
   */
  double[] features(List<String> tokens) {
    Map<Integer, Integer> counts = new HashMap<>();
    for (String t : tokens) {
      Integer i = vocabulary.get(t);
      if (i != null) {
        counts.merge(i, 1, Integer::sum);
      }
    }
    if (counts.isEmpty()) {
      return null;
    }
    double[] pairs;
    if (idf != null) {
      pairs = new double[counts.size() * 2];
      int j = 0;
      for (var e : counts.entrySet()) {
        pairs[j++] = e.getKey();
        pairs[j++] = e.getValue() * idf[e.getKey()];
      }
    } else {
      // Word2Vec averages the vectors of the words it knows (its own vocabulary, not the counts').
      int dim = centres[0].length;
      double[] sum = new double[dim];
      for (String t : tokens) {
        float[] v = wordVectors.get(t);
        if (v != null) {
          for (int d = 0; d < dim; d++) {
            sum[d] += v[d];
          }
        }
      }
      pairs = new double[dim * 2];
      for (int d = 0; d < dim; d++) {
        pairs[2 * d] = d;
        pairs[2 * d + 1] = sum[d];
      }
    }
    double norm = 0;
    for (int i = 1; i < pairs.length; i += 2) {
      norm += pairs[i] * pairs[i];
    }
    if (norm == 0) {
      return null;
    }
    norm = Math.sqrt(norm);
    for (int i = 1; i < pairs.length; i += 2) {
      pairs[i] /= norm;
    }
    return pairs;
  }

  /**
   * Themes for {@code posts} (any columns, including {@code text} and, optionally,
   * {@code hashtags}): the input columns plus {@code tokens}, {@code theme_index} and {@code confidence}.
   */
  public Dataset<Row> assign(Dataset<Row> posts) {
    Dataset<Row> df = TopicModeler.withHashtags(posts);
    StructType in = df.schema();
    StructType out = in.add("tokens", DataTypes.createArrayType(DataTypes.StringType), false)
        .add("theme_index", DataTypes.IntegerType, true)
        .add("confidence", DataTypes.DoubleType, false);
    int text = in.fieldIndex("text");
    int hashtags = in.fieldIndex("hashtags");
    int width = in.size();
    ThemeScorer self = this;
    return df.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        List<String> tags = r.isNullAt(hashtags) ? null : r.getList(hashtags);
        List<String> tokens = self.tokenizer.tokens(r.isNullAt(text) ? null : r.getString(text), tags);
        Score s = self.score(tokens);
        Object[] values = new Object[width + 3];
        for (int i = 0; i < width; i++) {
          values[i] = r.get(i);
        }
        values[width] = scala.jdk.javaapi.CollectionConverters.asScala(new ArrayList<>(tokens)).toSeq();
        values[width + 1] = s.index() < 0 ? null : s.index();
        values[width + 2] = s.confidence();
        return RowFactory.create(values);
      }
    }, Encoders.row(out));
  }
}
