package dev.veille.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;

import dev.veille.text.TopicTokenizer;
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
 *
 * <p>Terms are shown as the posts write them: when tokens are term keys ({@code coussin},
 * {@code coussins} and "cushion" are the token {@code cushion}), a theme's top terms and label show
 * each token's most frequent word in that theme's posts, so a French brand's themes read
 * "coussin · lin · cocooning" and an English one's "cushion · linen · cosy". The distribution
 * (what {@link ThemeIdentity} compares) stays on the tokens.
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
    return describe(assigned, null);
  }

  /**
   * As {@link #describe(Dataset)}, with each shown term the word {@code tokenizer} read it from
   * most often in its theme ({@code assigned} then needs text and hashtags); null, or a tokeniser
   * of words as written, shows the tokens.
   */
  public static List<ThemeStats> describe(Dataset<Row> assigned, TopicTokenizer tokenizer) {
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

    Map<Integer, List<String>> topTerms = new TreeMap<>();
    Map<Integer, List<String>> topTags = new TreeMap<>();
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
      topTerms.put(idx, terms);
      topTags.put(idx, tags);
    }
    Map<Integer, Map<String, String>> shown = tokenizer == null || tokenizer.terms() == TopicTokenizer.Terms.SURFACE
        ? Map.of() : wordsOf(assigned.filter(col("theme_index").isNotNull()), tokenizer,
            topTerms, topTags);

    List<ThemeStats> out = new ArrayList<>();
    for (var e : sizes.entrySet()) {
      int idx = e.getKey();
      Map<String, String> words = shown.getOrDefault(idx, Map.of());
      List<String> terms = new ArrayList<>();
      for (String t : topTerms.get(idx)) {
        String w = words.getOrDefault(t, t);
        // Two tokens shown as the same word (rare: keys that differ, same most frequent word) once.
        if (!terms.contains(w)) {
          terms.add(w);
        }
      }
      List<String> tags = new ArrayList<>();
      for (String t : topTags.get(idx)) {
        tags.add(words.getOrDefault(t, t));
      }
      out.add(new ThemeStats(idx, e.getValue(), terms, tags, reps.getOrDefault(idx, List.of()),
          distributions.getOrDefault(idx, Map.of())));
    }
    return out;
  }

  /**
   * For each theme, the word each of its shown tokens was most often read from in its posts (ties:
   * the first in alphabetical order). Only the shown tokens are counted.
   */
  private static Map<Integer, Map<String, String>> wordsOf(Dataset<Row> posts, TopicTokenizer tokenizer,
      Map<Integer, List<String>> terms, Map<Integer, List<String>> tags) {
    java.util.Set<String> wanted = new java.util.HashSet<>();
    terms.values().forEach(wanted::addAll);
    tags.values().forEach(wanted::addAll);
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("theme_index", org.apache.spark.sql.types.DataTypes.IntegerType, false)
        .add("token", org.apache.spark.sql.types.DataTypes.StringType, false)
        .add("word", org.apache.spark.sql.types.DataTypes.StringType, false);
    Dataset<Row> words = posts.select("theme_index", "text", "hashtags").flatMap(
        (org.apache.spark.api.java.function.FlatMapFunction<Row, Row>) r -> {
          List<String> hashtags = r.isNullAt(2) ? null : r.getList(2);
          List<Row> rows = new ArrayList<>();
          for (String[] tw : tokenizer.terms(r.isNullAt(1) ? null : r.getString(1), hashtags)) {
            if (wanted.contains(tw[0])) {
              rows.add(org.apache.spark.sql.RowFactory.create(r.getInt(0), tw[0], tw[1]));
            }
          }
          return rows.iterator();
        }, org.apache.spark.sql.Encoders.row(schema));
    Map<Integer, Map<String, String>> out = new TreeMap<>();
    for (Row r : words.groupBy("theme_index", "token", "word").count()
        .withColumn("rank", row_number().over(Window.partitionBy("theme_index", "token")
            .orderBy(col("count").desc(), col("word"))))
        .filter(col("rank").equalTo(1)).select("theme_index", "token", "word").collectAsList()) {
      out.computeIfAbsent(r.getInt(0), i -> new LinkedHashMap<>()).put(r.getString(1), r.getString(2));
    }
    return out;
  }
}
