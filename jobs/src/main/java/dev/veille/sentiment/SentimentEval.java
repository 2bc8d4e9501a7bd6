package dev.veille.sentiment;

import dev.veille.common.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code veille eval sentiment --input FILE.tsv}: scores a labelled file with the same scorer the
 * sentiment job uses (through Spark, partition by partition) and compares with the labels.
 *
 * <p>{@code metrics} counts the texts that got a sentiment; {@code metrics_all} counts every text,
 * a null sentiment as neutral (what a report would show); {@code corenlp_uncalibrated} is
 * CoreNLP's own answer (five classes folded to three) on the same texts that CoreNLP read (not the
 * French ones), so the calibration's worth is measured in the same run; {@code by_language} has
 * coverage and metrics per detected language.
 */
public final class SentimentEval {
  /** One JSON line. */
  public record Result(String eval, String input, long n, double accuracy, double macro_f1,
      double macro_recall, long[][] confusion, double docs_per_s, long texts, long with_sentiment,
      double coverage, Map<String, Long> languages, Map<String, Long> reasons, SentimentMetrics metrics,
      SentimentMetrics corenlp_uncalibrated, SentimentMetrics metrics_all, Map<String, Language> by_language,
      String model_version, double seconds) {}

  /**
   * One detected language: its texts, how many got a sentiment, which model read them (by
   * {@code model_version}), and the metrics over those texts and over all of them (null as neutral).
   */
  public record Language(long texts, long with_sentiment, double coverage, Map<String, Long> models,
      SentimentMetrics metrics, SentimentMetrics metrics_all) {}

  private static final StructType IN = new StructType()
      .add("label", DataTypes.IntegerType, false).add("text", DataTypes.StringType, true);
  private static final StructType OUT = new StructType()
      .add("label", DataTypes.IntegerType, false)
      .add("language", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, true)
      .add("predicted", DataTypes.IntegerType, true)
      .add("corenlp", DataTypes.IntegerType, true)
      .add("model", DataTypes.StringType, true);

  private SentimentEval() {}

  public static Result run(SparkSession spark, Path input, int limit, SentimentSettings settings) {
    List<LabelledTexts.Item> items = LabelledTexts.read(input, limit);
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    for (LabelledTexts.Item it : items) {
      rows.add(RowFactory.create(it.label(), it.text()));
    }
    SentimentScorer scorer = new SentimentScorer(settings);
    String version = scorer.modelVersions();
    Progress.log("eval", "scoring %,d texts of %s (%s)", items.size(), input, version);
    int partitions = Math.max(1, Math.min(items.size() / 50, spark.sparkContext().defaultParallelism() * 4));
    spark.sparkContext().setJobDescription("veille: eval sentiment");
    Dataset<Row> out = spark.createDataFrame(rows, IN).repartition(partitions)
        .mapPartitions(score(scorer), Encoders.row(OUT));
    long[][] cal = new long[3][3];
    long[][] raw = new long[3][3];
    long[][] all = new long[3][3];
    Map<String, Long> languages = new TreeMap<>();
    Map<String, Long> reasons = new TreeMap<>();
    Map<String, long[][]> langScored = new TreeMap<>();
    Map<String, long[][]> langAll = new TreeMap<>();
    Map<String, Map<String, Long>> langModels = new TreeMap<>();
    long ok = 0;
    for (Row r : out.collectAsList()) {
      int y = r.getInt(0);
      String language = r.getString(1);
      languages.merge(language, 1L, Long::sum);
      long[][] ls = langScored.computeIfAbsent(language, k -> new long[3][3]);
      long[][] la = langAll.computeIfAbsent(language, k -> new long[3][3]);
      if (r.isNullAt(2)) {
        ok++;
        cal[y][r.getInt(3)]++;
        if (!r.isNullAt(4)) {
          raw[y][r.getInt(4)]++;
        }
        all[y][r.getInt(3)]++;
        ls[y][r.getInt(3)]++;
        la[y][r.getInt(3)]++;
        langModels.computeIfAbsent(language, k -> new TreeMap<>()).merge(r.getString(5), 1L, Long::sum);
      } else {
        reasons.merge(r.getString(2), 1L, Long::sum);
        all[y][1]++;
        la[y][1]++;
      }
    }
    Map<String, Language> byLanguage = new TreeMap<>();
    langAll.forEach((language, la) -> {
      SentimentMetrics mAll = SentimentMetrics.of(la);
      SentimentMetrics mScored = SentimentMetrics.of(langScored.get(language));
      byLanguage.put(language, new Language(mAll.n(), mScored.n(),
          SentimentMetrics.round(mAll.n() == 0 ? 0 : mScored.n() / (double) mAll.n()),
          langModels.getOrDefault(language, Map.of()), mScored, mAll));
      Progress.log("eval", "language %s: %,d texts, %,d with a sentiment, macro F1 %.3f (every text, null as"
          + " neutral: %.3f)", language, mAll.n(), mScored.n(), mScored.macro_f1(), mAll.macro_f1());
    });
    double seconds = Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
    String name = input.getFileName().toString();
    // The headline numbers are over every labelled text, a text Veille cannot score (another
    // language) counting as neutral, so coverage cannot flatter them; `metrics` has the scored ones.
    SentimentMetrics overAll = SentimentMetrics.of(all);
    return new Result("sentiment", name, overAll.n(), overAll.accuracy(), overAll.macro_f1(),
        overAll.macro_recall(), overAll.confusion(),
        SentimentMetrics.round(seconds > 0 ? items.size() / seconds : 0), items.size(), ok,
        SentimentMetrics.round(items.isEmpty() ? 0 : ok / (double) items.size()), languages, reasons,
        SentimentMetrics.of(cal), SentimentMetrics.of(raw), overAll, byLanguage, version, seconds);
  }

  private static MapPartitionsFunction<Row, Row> score(SentimentScorer scorer) {
    return SentimentScorer.perRow(scorer, in -> {
      SentimentScorer.Scored s = scorer.score(in.getString(1));
      Integer predicted = null;
      Integer corenlp = null;
      if (s.reason() == null) {
        double[] p = s.probabilities();
        predicted = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
        corenlp = s.corenlp() == null ? null : CoreNlpSentiment.threeWay(s.corenlp());
      }
      return RowFactory.create(in.getInt(0), s.language(), s.reason(), predicted, corenlp, s.modelVersion());
    });
  }
}
