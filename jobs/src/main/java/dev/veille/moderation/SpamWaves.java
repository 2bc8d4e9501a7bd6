package dev.veille.moderation;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import dev.veille.common.UnionFind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.MinHashLSH;
import org.apache.spark.ml.feature.MinHashLSHModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.storage.StorageLevel;

/**
 * Copy-pasted comments: the same text, give or take a few words, under many posts or by many
 * authors. Texts are compared as their normalised tokens ({@link ModerationText#tokens}, so case,
 * accents, leetspeak and zero-width tricks do not hide a copy), computed once by the caller in the
 * same pass as the verdicts ({@link #norm}).
 *
 * <p>Identical normalised texts are grouped first (one aggregation: a paste wave is mostly exact
 * copies); then MLlib's {@link MinHashLSH} joins the distinct texts, on their word 3-gram shingles,
 * whose Jaccard distance is below {@code maxDistance}: one {@code approxSimilarityJoin} with the
 * distance as its threshold, no pairwise loop. Two hash tables: MLlib's tables hold one min-hash each,
 * so every table added lets more unrelated texts collide and the join grows toward all pairs, while a
 * pair at distance 0.3 still meets in one of two tables 91% of the time and a wave needs only its
 * members connected. The near-duplicate pairs (few) are grouped into waves on the driver
 * (connected components), and only the groups that may make a wave come back to the driver.
 *
 * <p>A wave needs texts of at least {@code minTokens} words (short praise such as "love it!" is
 * repeated honestly by many people), at least two comments, and either {@code minPosts} distinct posts
 * or {@code minAuthors} distinct authors.
 */
public final class SpamWaves {
  private SpamWaves() {}

  private static final int SHINGLE_DIM = 1 << 18;

  /** Parameters of a wave. */
  public record Rules(int minTokens, int minPosts, int minAuthors, double maxDistance)
      implements java.io.Serializable {}

  /**
   * The text waves are compared on: the normalised tokens joined by spaces, or null when the text has
   * fewer than {@code minTokens} of them (too short to make a wave).
   */
  public static String norm(List<String> tokens, int minTokens) {
    return tokens.size() < Math.max(minTokens, 1) ? null : String.join(" ", tokens);
  }

  /**
   * The waves among {@code comments}: post_key, author_pseudonym and {@code norm} ({@link #norm};
   * rows with a null norm are left out). For each normalised text in a wave, the wave's size; the
   * caller looks comments up by their norm.
   */
  public static Map<String, CommentModerator.Wave> find(Dataset<Row> comments, Rules rules) {
    return find(comments, rules, null);
  }

  /**
   * The waves among {@code comments} that hold one of the {@code seeds} texts (null: every wave).
   * A night needs only the waves of the comments it moderates, so the near-duplicate search starts
   * from their texts and follows pairs outward (each round joins the texts found last round with
   * all), instead of joining every text of the window with every other: on a window of 47,000
   * comments under a year of a million posts, the self-join took 26 s of a 35-second stage. The
   * waves found are exactly the self-join's waves that hold a seed: a pair is found from either of
   * its texts by the same buckets, and a wave is a connected group of pairs.
   */
  public static Map<String, CommentModerator.Wave> find(Dataset<Row> comments, Rules rules, Set<String> seeds) {
    // One row per distinct text with its posts and authors: the only shuffle over every comment.
    Dataset<Row> groups = comments.filter(col("norm").isNotNull())
        .groupBy("norm")
        .agg(count(lit(1)).as("n"), collect_set("post_key").as("posts"), collect_set("author_pseudonym").as("authors"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      // The input dimension as column metadata: MinHashLSH.fit would otherwise run a job to read it.
      UserDefinedFunction shingles = udf((UDF1<String, Vector>) SpamWaves::shingles, SQLDataTypes.VectorType());
      Dataset<Row> vectors = groups.select(col("norm"), shingles.apply(col("norm"))
          .as("shingles", new AttributeGroup("shingles", SHINGLE_DIM).toMetadata()));
      MinHashLSHModel lsh = new MinHashLSH().setNumHashTables(2).setSeed(17).setInputCol("shingles")
          .setOutputCol("hashes").fit(vectors);
      // Every distinct text is its own group; near-duplicate pairs merge groups.
      UnionFind near = new UnionFind();
      Set<String> reached = null;
      if (seeds == null) {
        for (Row p : lsh.approxSimilarityJoin(vectors, vectors, rules.maxDistance(), "distance")
            .select(col("datasetA.norm").as("a"), col("datasetB.norm").as("b"))
            .filter(col("a").lt(col("b"))).collectAsList()) {
          near.union(p.getString(0), p.getString(1));
        }
      } else {
        reached = new HashSet<>();
        seeds.stream().filter(x -> x != null).forEach(reached::add);
        Set<String> frontier = new HashSet<>(reached);
        while (!frontier.isEmpty()) {
          Dataset<Row> from = vectors.filter(col("norm").isin(frontier.toArray()));
          Set<String> next = new HashSet<>();
          for (Row p : lsh.approxSimilarityJoin(from, vectors, rules.maxDistance(), "distance")
              .select(col("datasetA.norm").as("a"), col("datasetB.norm").as("b"))
              .filter(col("a").notEqual(col("b"))).collectAsList()) {
            near.union(p.getString(0), p.getString(1));
            if (reached.add(p.getString(1))) {
              next.add(p.getString(1));
            }
          }
          frontier = next;
        }
      }
      Set<String> paired = near.members();
      // Back to the driver: the texts in a near-duplicate pair, and the exact groups big enough alone.
      Column alone = col("n").geq(2).and(size(col("posts")).geq(rules.minPosts())
          .or(size(col("authors")).geq(rules.minAuthors())));
      Column wanted = paired.isEmpty() ? alone : col("norm").isin(paired.toArray()).or(alone);
      if (reached != null) {
        wanted = wanted.and(col("norm").isin(reached.toArray()));
      }
      Dataset<Row> candidates = groups.filter(wanted);
      Map<String, List<Row>> byCluster = new HashMap<>();
      for (Row r : candidates.collectAsList()) {
        String norm = r.getString(0);
        byCluster.computeIfAbsent(paired.contains(norm) ? near.find(norm) : norm, k -> new ArrayList<>()).add(r);
      }
      Map<String, CommentModerator.Wave> out = new HashMap<>();
      for (List<Row> members : byCluster.values()) {
        long n = 0;
        Set<Object> posts = new HashSet<>();
        Set<Object> authors = new HashSet<>();
        for (Row r : members) {
          n += r.getLong(1);
          posts.addAll(r.getList(2));
          authors.addAll(r.getList(3));
        }
        if (n >= 2 && (posts.size() >= rules.minPosts() || authors.size() >= rules.minAuthors())) {
          CommentModerator.Wave w = new CommentModerator.Wave(posts.size(), authors.size(), (int) n);
          members.forEach(r -> out.put(r.getString(0), w));
        }
      }
      return out;
    } finally {
      groups.unpersist();
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
}
