package dev.veille.moderation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * Copy-pasted comments: the same text, give or take a few words, under many posts or by many
 * authors. Texts are compared by their word 3-gram shingles (after {@link ModerationText}
 * normalisation, so case, accents and zero-width tricks do not hide a copy): identical normalised
 * texts are grouped first, then MLlib's {@link MinHashLSH} joins the distinct texts whose Jaccard
 * distance is at most {@code maxDistance} (no pairwise loop; two hash tables: MLlib's tables hold one
 * min-hash each, so every table added lets more unrelated texts collide and the join grows toward
 * all pairs, while a pair at distance 0.3 still meets in one of two tables 91% of the time and a
 * wave needs only its members connected), and the pairs are grouped into waves
 * (connected components, on the driver: a night has few distinct near-duplicate texts).
 *
 * <p>A wave needs texts of at least {@code minTokens} words (short praise such as "love it!" is
 * repeated honestly by many people), and either {@code minPosts} distinct posts or
 * {@code minAuthors} distinct authors.
 */
public final class SpamWaves {
  private SpamWaves() {}

  private static final int SHINGLE_DIM = 1 << 18;

  /** Parameters of a wave. */
  public record Rules(int minTokens, int minPosts, int minAuthors, double maxDistance)
      implements java.io.Serializable {}

  /**
   * The waves among {@code comments} (comment_key, post_key, author_pseudonym, text): for each
   * comment in a wave, the wave's size.
   */
  public static Map<String, CommentModerator.Wave> find(SparkSession spark, Dataset<Row> comments, Rules rules) {
    UserDefinedFunction norm = udf((UDF1<String, String>) t -> String.join(" ",
        ModerationText.tokens(ModerationText.clean(t))), DataTypes.StringType);
    Dataset<Row> normed = comments.select(col("comment_key"), col("post_key"), col("author_pseudonym"),
            norm.apply(col("text")).as("norm"))
        .filter(size(org.apache.spark.sql.functions.split(col("norm"), " ")).geq(rules.minTokens()))
        .cache();
    try {
      Dataset<Row> distinct = normed.select("norm").distinct();
      UserDefinedFunction shingles = udf((UDF1<String, Vector>) SpamWaves::shingles, SQLDataTypes.VectorType());
      Dataset<Row> vectors = distinct.withColumn("shingles", shingles.apply(col("norm"))).cache();
      if (vectors.isEmpty()) {
        return Map.of();
      }
      MinHashLSHModel lsh = new MinHashLSH().setNumHashTables(2).setSeed(17).setInputCol("shingles")
          .setOutputCol("hashes").fit(vectors);
      List<Row> pairs = lsh.approxSimilarityJoin(vectors, vectors, rules.maxDistance(), "distance")
          .select(col("datasetA.norm").as("a"), col("datasetB.norm").as("b"))
          .filter(col("a").lt(col("b"))).collectAsList();
      vectors.unpersist();
      // Every distinct text is its own group; near-duplicate pairs merge groups.
      Map<String, String> parent = new HashMap<>();
      for (Row p : pairs) {
        union(parent, p.getString(0), p.getString(1));
      }
      Map<String, String> clusterOf = new HashMap<>();
      for (String t : new ArrayList<>(parent.keySet())) {
        clusterOf.put(t, find(parent, t));
      }
      Dataset<Row> clusters = spark.createDataFrame(clusterOf.entrySet().stream()
              .map(e -> org.apache.spark.sql.RowFactory.create(e.getKey(), e.getValue())).toList(),
          new org.apache.spark.sql.types.StructType().add("_norm", DataTypes.StringType)
              .add("_cluster", DataTypes.StringType));
      // Texts without a near twin are clusters of their own (identical copies still make waves).
      Dataset<Row> labelled = normed.join(clusters, col("norm").equalTo(col("_norm")), "left")
          .withColumn("cluster", org.apache.spark.sql.functions.coalesce(col("_cluster"), col("norm")));
      Dataset<Row> sizes = labelled.groupBy("cluster")
          .agg(countDistinct("post_key").as("posts"), countDistinct("author_pseudonym").as("authors"),
              count(lit(1)).as("comments"), collect_set("comment_key").as("keys"))
          .filter(col("posts").geq(rules.minPosts()).or(col("authors").geq(rules.minAuthors())))
          .filter(col("comments").geq(2));
      Map<String, CommentModerator.Wave> out = new HashMap<>();
      for (Row r : sizes.collectAsList()) {
        CommentModerator.Wave w = new CommentModerator.Wave((int) r.getLong(1), (int) r.getLong(2),
            (int) r.getLong(3));
        for (Object k : r.getList(4)) {
          out.put((String) k, w);
        }
      }
      return out;
    } finally {
      normed.unpersist();
    }
  }

  /** Hashed word 3-grams of a normalised text (the whole text when it is shorter). */
  static Vector shingles(String norm) {
    String[] w = norm.split(" ");
    TreeSet<Integer> idx = new TreeSet<>();
    if (w.length < 3) {
      idx.add(CommentFeatures.index("s:" + norm) % SHINGLE_DIM);
    }
    for (int i = 0; i + 3 <= w.length; i++) {
      idx.add(CommentFeatures.index("s:" + w[i] + " " + w[i + 1] + " " + w[i + 2]) % SHINGLE_DIM);
    }
    int[] indices = idx.stream().mapToInt(Integer::intValue).toArray();
    double[] ones = new double[indices.length];
    java.util.Arrays.fill(ones, 1);
    return Vectors.sparse(SHINGLE_DIM, indices, ones);
  }

  private static String find(Map<String, String> parent, String x) {
    parent.putIfAbsent(x, x);
    String r = x;
    while (!parent.get(r).equals(r)) {
      r = parent.get(r);
    }
    // Path compression keeps long chains short.
    String c = x;
    while (!parent.get(c).equals(r)) {
      String next = parent.get(c);
      parent.put(c, r);
      c = next;
    }
    return r;
  }

  private static void union(Map<String, String> parent, String a, String b) {
    String ra = find(parent, a);
    String rb = find(parent, b);
    if (!ra.equals(rb)) {
      // The smaller text names the group, so the result does not depend on the pairs' order.
      if (ra.compareTo(rb) < 0) {
        parent.put(rb, ra);
      } else {
        parent.put(ra, rb);
      }
    }
  }
}
