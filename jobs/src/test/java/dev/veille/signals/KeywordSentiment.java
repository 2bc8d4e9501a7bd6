package dev.veille.signals;

import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.when;

import dev.veille.common.Tables;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.sentiment.SentimentJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Test fixture: sentiment rows for every comment without CoreNLP, from the generator's complaint
 * words (the signals tests test the detectors, not the sentiment model).
 */
final class KeywordSentiment {
  private KeywordSentiment() {}

  static final String NEGATIVE = "(delivery|delivered|parcel|refund|order #|damaged|disappointed|not impressed|"
      + "never replied|still waiting|too expensive|my foot|livraison|colis|commande|remboursement|cassé|déçue|"
      + "trop cher|pas de réponse)";

  static void write(SparkSession spark, Warehouse wh) {
    SentimentJob.registerHash(spark);
    Instant at = Instant.parse("2026-11-29T00:00:00Z");
    Dataset<Row> texts = wh.read(spark, Tables.COMMENTS)
        .select(col("comment_key").as("item_key"), lit("comments").as("source"), col("text"))
        .filter(col("text").isNotNull())
        .withColumn("text_hash", callUDF("veille_text_hash", col("text")));
    Column negative = lower(col("text")).rlike(NEGATIVE);
    List<Column> cols = new ArrayList<>(List.of(col("text_hash")));
    for (String p : List.of("p_very_negative", "p_negative", "p_neutral", "p_positive", "p_very_positive",
        "cal_negative", "cal_neutral", "cal_positive")) {
      cols.add(lit(null).cast("double").as(p));
    }
    cols.add(when(negative, lit(-0.7)).otherwise(lit(0.4)).as("score"));
    cols.add(when(negative, lit("negative")).otherwise(lit("positive")).as("label"));
    cols.addAll(List.of(lit(1).as("sentences"), lit(false).as("truncated"), lit("en").as("language"),
        lit(null).cast("string").as("reason"), lit("keywords-test").as("model_version"), lit(at).as("scored_at"),
        lit("2026-11").as("scored_month")));
    TableWriter writer = new TableWriter(spark, wh, "test-sentiment");
    writer.write(Tables.SENTIMENT, texts.dropDuplicates("text_hash").select(cols.toArray(Column[]::new)),
        List.of(col("scored_at").desc()));
    writer.write(Tables.SENTIMENT_LINKS, texts.select(col("item_key"), col("source"), col("text_hash"),
        lit(at).as("linked_at")), List.of(col("linked_at").desc()));
    writer.discard();
  }
}
