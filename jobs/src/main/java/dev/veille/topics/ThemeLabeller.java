package dev.veille.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * Describes each cluster so a person can read it: its most distinctive terms and hashtags by
 * class-based TF-IDF, its size, three representative posts, and its term distribution (what
 * {@link ThemeIdentity} compares across model versions).
 *
 * <p>Class-based TF-IDF (as in BERTopic): all posts of a cluster are one document;
 * {@code w(t, c) = tf(t, c) / tokens(c) * log(1 + A / f(t))} where {@code A} is the mean number of
 * tokens per cluster and {@code f(t)} the frequency of t over all clusters. A term that is
 * frequent in the cluster and rare elsewhere scores highest.
 */
public final class ThemeLabeller {
  /** Terms kept per theme in its distribution (for matching across versions). */
  public static final int DISTRIBUTION_TERMS = 100;
  public static final int TOP_TERMS = 10;
  public static final int TOP_HASHTAGS = 5;
  public static final int REPRESENTATIVES = 3;

  private ThemeLabeller() {}

  /** One cluster of a fitted model, described. */
  public record ThemeStats(int index, long size, List<String> terms, List<String> hashtags,
      List<String> representatives, Map<String, Double> distribution) {
    /** "linen · cushion · ceramic #homedecor": three terms and the top hashtag. */
    public String label() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < Math.min(3, terms.size()); i++) {
        sb.append(i == 0 ? "" : " · ").append(terms.get(i).replace('_', ' '));
      }
      if (!hashtags.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : " ").append(hashtags.get(0));
      }
      return sb.length() == 0 ? "theme " + index : sb.toString();
    }
  }

  /**
   * Describes the clusters of {@code assigned} (columns post_key, tokens, theme_index, confidence;
   * rows with a null theme_index are ignored). Returns one entry per non-empty cluster, by index.
   */
  public static List<ThemeStats> describe(Dataset<Row> assigned) {
    Dataset<Row> a = assigned.filter(col("theme_index").isNotNull())
        .select("post_key", "tokens", "theme_index", "confidence");
    Dataset<Row> counts = a.select(col("theme_index"), explode(col("tokens")).as("token"))
        .groupBy("theme_index", "token").count().persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> themeTokens = counts.groupBy("theme_index").agg(sum("count").as("theme_tokens"));
    Dataset<Row> tokenTotals = counts.groupBy("token").agg(sum("count").as("token_total"));
    List<Row> totals = themeTokens.collectAsList();
    double allTokens = totals.stream().mapToLong(r -> r.getLong(1)).sum();
    double meanTokens = totals.isEmpty() ? 1 : allTokens / totals.size();

    Dataset<Row> weighted = counts.join(themeTokens, "theme_index").join(tokenTotals, "token")
        .withColumn("p", col("count").divide(col("theme_tokens")))
        .withColumn("w", col("p").multiply(log1p(lit(meanTokens).divide(col("token_total")))))
        .withColumn("rank_w", row_number().over(Window.partitionBy("theme_index")
            .orderBy(col("w").desc(), col("token"))))
        .withColumn("rank_p", row_number().over(Window.partitionBy("theme_index")
            .orderBy(col("p").desc(), col("token"))))
        .filter(col("rank_w").leq(DISTRIBUTION_TERMS).or(col("rank_p").leq(DISTRIBUTION_TERMS)))
        .select("theme_index", "token", "p", "w", "rank_w", "rank_p");
    Map<Integer, TreeMap<Integer, String>> byWeight = new TreeMap<>();
    Map<Integer, Map<String, Double>> distributions = new TreeMap<>();
    for (Row r : weighted.collectAsList()) {
      int idx = r.getInt(0);
      String token = r.getString(1);
      byWeight.computeIfAbsent(idx, i -> new TreeMap<>()).put(r.getInt(4), token);
      if (r.getInt(5) <= DISTRIBUTION_TERMS) {
        distributions.computeIfAbsent(idx, i -> new LinkedHashMap<>()).put(token, TopicModeler.round(r.getDouble(2)));
      }
    }
    counts.unpersist();

    Map<Integer, Long> sizes = new TreeMap<>();
    for (Row r : a.groupBy("theme_index").count().collectAsList()) {
      sizes.put(r.getInt(0), r.getLong(1));
    }
    Map<Integer, List<String>> reps = new TreeMap<>();
    for (Row r : a.withColumn("rank", row_number().over(Window.partitionBy("theme_index")
            .orderBy(col("confidence").desc(), col("post_key")))).filter(col("rank").leq(REPRESENTATIVES))
        .orderBy("theme_index", "rank").select("theme_index", "post_key").collectAsList()) {
      reps.computeIfAbsent(r.getInt(0), i -> new ArrayList<>()).add(r.getString(1));
    }

    List<ThemeStats> out = new ArrayList<>();
    for (var e : sizes.entrySet()) {
      int idx = e.getKey();
      List<String> terms = new ArrayList<>();
      List<String> tags = new ArrayList<>();
      for (String token : byWeight.getOrDefault(idx, new TreeMap<>()).values()) {
        if (token.startsWith("#")) {
          if (tags.size() < TOP_HASHTAGS) {
            tags.add(token);
          }
        } else if (terms.size() < TOP_TERMS) {
          terms.add(token);
        }
      }
      out.add(new ThemeStats(idx, e.getValue(), terms, tags, reps.getOrDefault(idx, List.of()),
          distributions.getOrDefault(idx, Map.of())));
    }
    return out;
  }
}
