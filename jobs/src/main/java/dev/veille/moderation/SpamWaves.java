package dev.veille.moderation;

import static org.apache.spark.sql.functions.broadcast;
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
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Copy-pasted comments: the same text, give or take a few words, under many posts or by many
 * authors. Texts are compared as their normalised tokens ({@link ModerationText#tokens}, so case,
 * accents, leetspeak and zero-width tricks do not hide a copy), computed once by the caller in the
 * same pass as the verdicts ({@link #norm}).
 *
 * <p>Identical normalised texts are grouped first (one aggregation: a paste wave is mostly exact
 * copies); then MLlib's {@link MinHashLSH} hashes the distinct texts' word 3-gram shingles, and the
 * texts that share a min-hash are joined and kept when their Jaccard distance is below
 * {@code maxDistance}: the pairs of MLlib's {@code approxSimilarityJoin}, joined more cheaply
 * ({@link #nearPairs}), with no pairwise loop. Two hash tables ({@link #model}). The near-duplicate
 * pairs (few) are grouped into waves on the driver (connected components), and only the groups that
 * may make a wave come back to the driver.
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
   * its texts by the same buckets, and a wave is a connected group of pairs. A round leaves out the
   * pairs of two texts already connected when it starts, which could join nothing more.
   */
  public static Map<String, CommentModerator.Wave> find(Dataset<Row> comments, Rules rules, Set<String> seeds) {
    // One row per distinct text with its posts and authors: the only shuffle over every comment.
    Dataset<Row> groups = comments.filter(col("norm").isNotNull())
        .groupBy("norm")
        .agg(count(lit(1)).as("n"), collect_set("post_key").as("posts"), collect_set("author_pseudonym").as("authors"))
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> vectors = vectors(groups);
      MinHashLSHModel lsh = model(vectors);
      // Each text's shingles and min-hashes computed once, for every round of the search.
      Dataset<Row> hashed = hashed(lsh, vectors).persist(StorageLevel.MEMORY_AND_DISK());
      // Every distinct text is its own group; near-duplicate pairs merge groups.
      UnionFind near = new UnionFind();
      Set<String> reached = null;
      try {
        if (seeds == null) {
          for (Row p : nearPairs(hashed, hashed, rules.maxDistance()).filter(col("a").lt(col("b"))).collectAsList()) {
            near.union(p.getString(0), p.getString(1));
          }
        } else {
          reached = new HashSet<>();
          seeds.stream().filter(x -> x != null).forEach(reached::add);
          Set<String> frontier = new HashSet<>(reached);
          while (!frontier.isEmpty()) {
            // Each reached text with its group as the round starts. A pair of texts of one group
            // changes nothing, so the join leaves it out before its distance is computed: the
            // variants of a paste wave share their min-hashes, and following the wave outward
            // measured every pair of its texts (two million for a wave of 1,429 distinct texts)
            // to find no new one.
            Dataset<Row> groupOf = groupsOf(comments.sparkSession(), reached, frontier, near);
            Dataset<Row> from = hashed.join(broadcast(groupOf.filter(col("frontier")).drop("frontier")), "norm");
            Dataset<Row> to = hashed.join(broadcast(groupOf.drop("frontier")), new String[] {"norm"}, "left");
            Set<String> next = new HashSet<>();
            for (Row p : nearPairs(from, to, rules.maxDistance(), true).filter(col("a").notEqual(col("b")))
                .collectAsList()) {
              near.union(p.getString(0), p.getString(1));
              if (reached.add(p.getString(1))) {
                next.add(p.getString(1));
              }
            }
            frontier = next;
          }
        }
      } finally {
        hashed.unpersist();
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

  /**
   * norm, group (an int naming the text's group in {@code near}; texts never paired are groups of
   * their own) and frontier (whether the text is in {@code frontier}), one row per reached text.
   */
  private static Dataset<Row> groupsOf(org.apache.spark.sql.SparkSession spark, Set<String> reached,
      Set<String> frontier, UnionFind near) {
    Set<String> paired = near.members();
    Map<String, Integer> ids = new HashMap<>();
    List<Row> rows = new ArrayList<>(reached.size());
    for (String t : reached) {
      String root = paired.contains(t) ? near.find(t) : t;
      Integer id = ids.computeIfAbsent(root, k -> ids.size());
      rows.add(RowFactory.create(t, id, frontier.contains(t)));
    }
    return spark.createDataFrame(rows, new StructType().add("norm", DataTypes.StringType, false)
        .add("group", DataTypes.IntegerType, false).add("frontier", DataTypes.BooleanType, false));
  }

  /** norm and its shingles (a vector), for each row of {@code texts} (a norm column). */
  static Dataset<Row> vectors(Dataset<Row> texts) {
    // The input dimension as column metadata: MinHashLSH.fit would otherwise run a job to read it.
    UserDefinedFunction shingles = udf((UDF1<String, Vector>) SpamWaves::shingles, SQLDataTypes.VectorType());
    return texts.select(col("norm"), shingles.apply(col("norm"))
        .as("shingles", new AttributeGroup("shingles", SHINGLE_DIM).toMetadata()));
  }

  /**
   * Two hash tables: MLlib's tables hold one min-hash each, so every table added lets more
   * unrelated texts collide, while a pair at distance 0.3 still meets in one of two tables 91% of
   * the time.
   */
  static MinHashLSHModel model(Dataset<Row> vectors) {
    return new MinHashLSH().setNumHashTables(2).setSeed(17).setInputCol("shingles").setOutputCol("hashes")
        .fit(vectors);
  }

  /** norm, ids (the shingles' indices, ascending) and mh (one min-hash per table) of {@link #vectors}. */
  static Dataset<Row> hashed(MinHashLSHModel lsh, Dataset<Row> vectors) {
    return lsh.transform(vectors)
        .select(col("norm"), SHINGLE_IDS.apply(col("shingles")).as("ids"), MIN_HASHES.apply(col("hashes")).as("mh"));
  }

  /** A min-hash table's value per text, as doubles (MLlib gives one 1-element vector per table). */
  private static final UserDefinedFunction MIN_HASHES = udf(
      (UDF1<scala.collection.Seq<Vector>, double[]>) hashes -> {
        double[] out = new double[hashes.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = hashes.apply(i).apply(0);
        }
        return out;
      }, DataTypes.createArrayType(DataTypes.DoubleType, false));

  /** A shingle vector's indices, ascending. */
  private static final UserDefinedFunction SHINGLE_IDS = udf(
      (UDF1<Vector, int[]>) v -> v.toSparse().indices(), DataTypes.createArrayType(DataTypes.IntegerType, false));

  /** {@link #jaccardDistance} of two texts' shingle indices. */
  private static final UserDefinedFunction JACCARD_DISTANCE = udf(
      (UDF2<scala.collection.Seq<Object>, scala.collection.Seq<Object>, Double>) (x, y) ->
          jaccardDistance(ints(x), ints(y)), DataTypes.DoubleType);

  /**
   * The pairs (a, b) of {@code from} x {@code to} (norm, ids, mh as {@code hashed} above) at Jaccard
   * distance below {@code maxDistance} that share a min-hash in one table: what MLlib's
   * {@code MinHashLSHModel.approxSimilarityJoin} returns (same buckets, same distance, same strict
   * threshold), without its costs that grew with the window: it carries both rows' vectors through
   * the join and a {@code distinct} of the joined rows, and decodes two sparse vectors into Scala
   * sets per candidate pair. Here the pairs of texts are deduplicated after the threshold, and the
   * distance is a merge of two sorted int arrays.
   */
  static Dataset<Row> nearPairs(Dataset<Row> from, Dataset<Row> to, double maxDistance) {
    return nearPairs(from, to, maxDistance, false);
  }

  /**
   * {@link #nearPairs(Dataset, Dataset, double)}; when {@code grouped}, both frames carry a
   * {@code group} column (the seeded search's: an int, null for a text in none), pairs of two texts
   * of the same group are left out, and {@code from} (the search's frontier, small) is broadcast.
   */
  static Dataset<Row> nearPairs(Dataset<Row> from, Dataset<Row> to, double maxDistance, boolean grouped) {
    Dataset<Row> a = from.select(col("norm").as("a"), col("ids").as("a_ids"),
        grouped ? col("group").as("a_group") : lit(null).cast("int").as("a_group"),
        org.apache.spark.sql.functions.posexplode(col("mh")).as(new String[] {"a_table", "a_hash"}));
    Dataset<Row> b = to.select(col("norm").as("b"), col("ids").as("b_ids"),
        grouped ? col("group").as("b_group") : lit(null).cast("int").as("b_group"),
        org.apache.spark.sql.functions.posexplode(col("mh")).as(new String[] {"b_table", "b_hash"}));
    Column sameBucket = col("a_table").equalTo(col("b_table")).and(col("a_hash").equalTo(col("b_hash")));
    // The search's frontier is small: broadcast, so the window's texts are not shuffled each round.
    Dataset<Row> pairs = grouped
        ? broadcast(a).join(b, sameBucket.and(col("a_group").eqNullSafe(col("b_group")).unary_$bang()))
        : a.join(b, sameBucket);
    return pairs.filter(JACCARD_DISTANCE.apply(col("a_ids"), col("b_ids")).lt(maxDistance))
        .select("a", "b").distinct();
  }

  private static int[] ints(scala.collection.Seq<Object> s) {
    int[] out = new int[s.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (Integer) s.apply(i);
    }
    return out;
  }

  /**
   * 1 - |x ∩ y| / |x ∪ y| of two ascending arrays of distinct ints, computed as MLlib's
   * {@code MinHashLSHModel.keyDistance} computes it (so the same doubles meet the same threshold);
   * 1 when either is empty.
   */
  static double jaccardDistance(int[] x, int[] y) {
    if (x.length == 0 || y.length == 0) {
      return 1.0;
    }
    int i = 0;
    int j = 0;
    int both = 0;
    while (i < x.length && j < y.length) {
      if (x[i] == y[j]) {
        both++;
        i++;
        j++;
      } else if (x[i] < y[j]) {
        i++;
      } else {
        j++;
      }
    }
    int union = x.length + y.length - both;
    return 1 - (double) both / union;
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
