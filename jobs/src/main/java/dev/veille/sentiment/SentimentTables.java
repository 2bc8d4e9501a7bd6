package dev.veille.sentiment;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import dev.veille.common.Tables;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The sentiment stage's tables (README, "Data model"). {@code sentiment} has one row per distinct
 * normalised text, keyed by its SHA-256, so a text posted twice (or a comment repeated by many
 * people) is scored once. {@code sentiment_links} maps each post and comment to its text's hash:
 * reports join {@code posts.post_key = sentiment_links.item_key} then
 * {@code sentiment_links.text_hash = sentiment.text_hash}.
 */
public final class SentimentTables {
  private SentimentTables() {}

  private static StructField nullable(String name, org.apache.spark.sql.types.DataType type) {
    return createStructField(name, type, true);
  }

  private static StructField required(String name, org.apache.spark.sql.types.DataType type) {
    return createStructField(name, type, false);
  }

  /** Partitioned by the month of scoring: a nightly run adds rows to the current month only. */
  public static final Tables.Table SENTIMENT = new Tables.Table("sentiment", new StructType(new StructField[] {
      required("text_hash", StringType),
      nullable("p_very_negative", DoubleType),
      nullable("p_negative", DoubleType),
      nullable("p_neutral", DoubleType),
      nullable("p_positive", DoubleType),
      nullable("p_very_positive", DoubleType),
      nullable("cal_negative", DoubleType),
      nullable("cal_neutral", DoubleType),
      nullable("cal_positive", DoubleType),
      nullable("score", DoubleType),
      nullable("label", StringType),
      required("sentences", IntegerType),
      required("truncated", BooleanType),
      required("language", StringType),
      nullable("reason", StringType),
      required("model_version", StringType),
      required("scored_at", TimestampType),
      required("scored_month", StringType),
  }), List.of("text_hash"), List.of("scored_month"));

  public static final Tables.Table LINKS = new Tables.Table("sentiment_links", new StructType(new StructField[] {
      required("item_key", StringType),
      required("source", StringType),
      required("text_hash", StringType),
      required("linked_at", TimestampType),
  }), List.of("item_key"), List.of());
}
