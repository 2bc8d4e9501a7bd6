package dev.veille.nightly;

import static org.apache.spark.sql.functions.col;

import dev.veille.common.Tables;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A small generated sample for nightly runs, and what the nightly tests compare between runs. */
final class NightlySample {
  static final List<Tables.Table> TABLES = List.of(Tables.POSTS, Tables.ENGAGEMENT, Tables.COMMENTS,
      Tables.QUARANTINE, Tables.SENTIMENT, Tables.SENTIMENT_LINKS, Tables.THEMES_ASSIGNED, Tables.THEMES,
      Tables.ALERTS, Tables.MODERATION, Tables.POST_FACTS);
  static final List<String> REPORT_FILES = List.of("best_times.json", "top_themes.json", "best_times.csv",
      "top_themes.csv", "alerts.json", "alerts.csv", "moderation.csv");

  private NightlySample() {}

  /**
   * Sample exports of {@code posts} posts (published in the year before 2026-11-28) and a config
   * whose warehouse is {@code dir/warehouse}; small fixed k so that themes train in seconds. Sentiment
   * runs its lexical tier: these tests are about how stages commit, fail and rerun, and each child
   * JVM of the crash test would otherwise load the parser (the full tier runs end to end in
   * {@code StandaloneClusterIT} and {@code SentimentJobTest}). The per-text time limit is raised far
   * above any real analysis: the tests compare runs with each other, and on a loaded machine a text
   * could hit the default 10 s limit (null sentiment, reason "timeout") in one run and not in the other.
   */
  static Path generate(Path dir, int posts) throws Exception {
    SampleGenerator.generate(GeneratorSettings.of(11, posts), dir);
    Path config = dir.resolve("veille.yaml");
    Files.writeString(config, Files.readString(config) + "\ntopics: {k: 3, min_posts: 20, min_df: 2}\n"
        + "sentiment: {tier: lexical, time_limit_ms: 600000}\n");
    return config;
  }

  /** Every row of every table, as sorted strings (two runs with equal snapshots wrote the same rows). */
  static Map<String, List<String>> tables(SparkSession spark, Warehouse wh) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Tables.Table t : TABLES) {
      List<String> rows = new ArrayList<>();
      for (Row r : wh.read(spark, t).collectAsList()) {
        rows.add(r.toString());
      }
      rows.sort(null);
      out.put(t.name(), rows);
    }
    return out;
  }

  /** Keys held by more than one row, per table (empty lists when none). */
  static Map<String, List<Row>> duplicateKeys(SparkSession spark, Warehouse wh) {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (Tables.Table t : TABLES) {
      Column[] key = t.key().stream().map(k -> col(k)).toArray(Column[]::new);
      out.put(t.name(), wh.read(spark, t).groupBy(key).count().filter(col("count").gt(1)).collectAsList());
    }
    return out;
  }

  /** The report's JSON and CSV files of a date, by name. */
  static Map<String, String> report(Path warehouse, String date) throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : REPORT_FILES) {
      out.put(f, Files.readString(warehouse.resolve("reports").resolve(date).resolve(f), StandardCharsets.UTF_8));
    }
    return out;
  }
}
