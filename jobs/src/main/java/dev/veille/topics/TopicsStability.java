package dev.veille.topics;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The retraining check of the issue: fit on the same posts with another seed, carry theme ids
 * over with {@link ThemeIdentity}, and measure the share of posts whose theme id is unchanged.
 */
public final class TopicsStability {
  private TopicsStability() {}

  /** Share of the posts with a theme under the first model that keep the same id under the second. */
  public static double sameIdShare(SparkSession spark, Dataset<Row> posts, TopicsConfig c, long otherSeed) {
    Ids a = ids(spark, posts, c, List.of());
    Dataset<Row> first = a.ids().cache();
    Dataset<Row> second = ids(spark, posts, c.withSeed(otherSeed), a.catalogue()).ids();
    Row r = first.filter(col("theme_id").isNotNull()).as("a")
        .join(second.as("b"), col("a.post_key").equalTo(col("b.post_key")), "left")
        .agg(functions.count(functions.lit(1)).as("n"),
            functions.sum(functions.when(col("a.theme_id").equalTo(col("b.theme_id")), 1).otherwise(0)).as("same"))
        .first();
    first.unpersist();
    long n = r.getLong(0);
    return n == 0 ? 1.0 : TopicModeler.round((double) r.getLong(1) / n);
  }

  private record Ids(Dataset<Row> ids, List<ThemeIdentity.Theme> catalogue) {}

  private static Ids ids(SparkSession spark, Dataset<Row> posts, TopicsConfig c,
      List<ThemeIdentity.Theme> previous) {
    TopicModeler.Fitted fitted = TopicModeler.fit(spark, posts, c);
    Dataset<Row> assigned = TopicModeler.assign(fitted.model(), c.tokenizer(), posts).cache();
    List<ThemeLabeller.ThemeStats> stats = ThemeLabeller.describe(assigned);
    ThemeIdentity.Matched m = ThemeIdentity.match(previous, stats, previous.isEmpty() ? "a" : "b",
        c.matchThreshold());
    Map<Integer, String> idByIndex = m.idByIndex();
    UserDefinedFunction toId = functions.udf((UDF1<Integer, String>) i -> i == null ? null : idByIndex.get(i),
        DataTypes.StringType);
    return new Ids(assigned.select(col("post_key"), toId.apply(col("theme_index")).as("theme_id")), m.catalogue());
  }
}
