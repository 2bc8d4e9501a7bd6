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
      String model_version, String tier, String prior_correction, long excluded, Map<String, Tier> tiers,
      double seconds) {}

  /**
   * One tier (full or lexical) on the same texts, before ({@code metrics_all}, {@code metrics}) and
   * after ({@code *_em}) the prior-shift correction ({@link PriorShift}), estimated on the file's texts
   * per model version ({@code priors_em}).
   */
  public record Tier(String model_version, SentimentMetrics metrics_all, SentimentMetrics metrics_all_em,
      SentimentMetrics metrics, SentimentMetrics metrics_em, Map<String, PriorShift.Estimate> priors_em) {}

  /**
   * One detected language: its texts, how many got a sentiment, which model read them (by
   * {@code model_version}), and the metrics over those texts and over all of them (null as neutral).
   */
  public record Language(long texts, long with_sentiment, double coverage, Map<String, Long> models,
      SentimentMetrics metrics, SentimentMetrics metrics_all) {}

  private static final StructType IN = new StructType()
      .add("label", DataTypes.IntegerType, false).add("text", DataTypes.StringType, true);
  private static final StructType OUT = new StructType()
      .add("tier", DataTypes.StringType, false)
      .add("label", DataTypes.IntegerType, false)
      .add("language", DataTypes.StringType, false)
      .add("reason", DataTypes.StringType, true)
      .add("predicted", DataTypes.IntegerType, true)
      .add("corenlp", DataTypes.IntegerType, true)
      .add("model", DataTypes.StringType, true)
      .add("p_negative", DataTypes.DoubleType, true)
      .add("p_neutral", DataTypes.DoubleType, true)
      .add("p_positive", DataTypes.DoubleType, true);

  private SentimentEval() {}

  public static Result run(SparkSession spark, Path input, int limit, SentimentSettings settings) {
    return run(spark, input, limit, settings, null);
  }

  /**
   * @param exclude a labelled file whose texts (normalised) are left out of {@code input}: the
   *     training file, so that a validation file that shares texts with it is measured on its unseen
   *     ones; null for none
   */
  public static Result run(SparkSession spark, Path input, int limit, SentimentSettings settings, Path exclude) {
    List<LabelledTexts.Item> items = LabelledTexts.read(input, limit);
    long excluded = 0;
    if (exclude != null) {
      java.util.Set<String> drop = new java.util.HashSet<>();
      LabelledTexts.read(exclude, 0, false).forEach(it -> drop.add(dev.veille.text.SocialText.normalise(it.text())));
      List<LabelledTexts.Item> kept = items.stream()
          .filter(it -> !drop.contains(dev.veille.text.SocialText.normalise(it.text()))).toList();
      excluded = items.size() - kept.size();
      items = kept;
      Progress.log("eval", "%,d texts of %s left out: they are in %s", excluded, input.getFileName(),
          exclude.getFileName());
    }
    long t0 = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    for (LabelledTexts.Item it : items) {
      rows.add(RowFactory.create(it.label(), it.text()));
    }
    // Both tiers read every text in the same run, so their numbers compare on the same texts.
    String configured = settings.tier().name().toLowerCase(java.util.Locale.ROOT);
    Map<String, SentimentScorer> scorers = new java.util.LinkedHashMap<>();
    scorers.put("full", new SentimentScorer(settings.withTier(SentimentSettings.Tier.FULL)));
    scorers.put("lexical", new SentimentScorer(settings.withCalibrate(true).withTier(SentimentSettings.Tier.LEXICAL)));
    SentimentScorer scorer = scorers.get(configured);
    String version = scorer.modelVersions();
    Progress.log("eval", "scoring %,d texts of %s with both tiers (%s is the configured one: %s)", items.size(),
        input, configured, version);
    int partitions = Math.max(1, Math.min(items.size() / 50, spark.sparkContext().defaultParallelism() * 4));
    spark.sparkContext().setJobDescription("veille: eval sentiment");
    List<Row> scoredRows = spark.createDataFrame(rows, IN).repartition(partitions)
        .mapPartitions(score(scorers), Encoders.row(OUT)).collectAsList();
    Map<String, Tier> tiers = new java.util.LinkedHashMap<>();
    Map<String, int[]> emPredictions = new TreeMap<>();
    for (String tier : scorers.keySet()) {
      List<Row> tierRows = scoredRows.stream().filter(r -> r.getString(0).equals(tier)).toList();
      int[] corrected = correct(tierRows);
      emPredictions.put(tier, corrected);
      tiers.put(tier, tierMetrics(scorers.get(tier).modelVersion(), tierRows, corrected));
      Tier t = tiers.get(tier);
      Progress.log("eval", "%s tier: macro F1 %.3f, with the prior correction %.3f (every text, null as neutral)",
          tier, t.metrics_all().macro_f1(), t.metrics_all_em().macro_f1());
    }
    boolean em = settings.priorCorrection() == SentimentSettings.PriorCorrection.EM;
    List<Row> mine = scoredRows.stream().filter(r -> r.getString(0).equals(configured)).toList();
    int[] minePredicted = emPredictions.get(configured);
    long[][] cal = new long[3][3];
    long[][] raw = new long[3][3];
    long[][] all = new long[3][3];
    Map<String, Long> languages = new TreeMap<>();
    Map<String, Long> reasons = new TreeMap<>();
    Map<String, long[][]> langScored = new TreeMap<>();
    Map<String, long[][]> langAll = new TreeMap<>();
    Map<String, Map<String, Long>> langModels = new TreeMap<>();
    long ok = 0;
    for (int i = 0; i < mine.size(); i++) {
      Row r = mine.get(i);
      int y = r.getInt(1);
      String language = r.getString(2);
      languages.merge(language, 1L, Long::sum);
      long[][] ls = langScored.computeIfAbsent(language, k -> new long[3][3]);
      long[][] la = langAll.computeIfAbsent(language, k -> new long[3][3]);
      if (r.isNullAt(3)) {
        int predicted = em ? minePredicted[i] : r.getInt(4);
        ok++;
        cal[y][predicted]++;
        if (!r.isNullAt(5)) {
          raw[y][r.getInt(5)]++;
        }
        all[y][predicted]++;
        ls[y][predicted]++;
        la[y][predicted]++;
        langModels.computeIfAbsent(language, k -> new TreeMap<>()).merge(r.getString(6), 1L, Long::sum);
      } else {
        reasons.merge(r.getString(3), 1L, Long::sum);
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
        SentimentMetrics.of(cal), SentimentMetrics.of(raw), overAll, byLanguage, version, configured,
        settings.priorCorrection().name().toLowerCase(java.util.Locale.ROOT), excluded, tiers, seconds);
  }

  /**
   * Each row's class after the prior-shift correction, estimated on the rows of its model version
   * (as the sentiment job does per run); -1 for a row without a sentiment.
   */
  private static int[] correct(List<Row> rows) {
    Map<String, PriorShift.Estimate> estimates = estimates(rows);
    int[] out = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      out[i] = r.isNullAt(3) ? Calibration.argmax(PriorShift.adjust(probabilities(r),
          estimates.get(r.getString(6)).weights())) : -1;
    }
    return out;
  }

  private static Map<String, PriorShift.Estimate> estimates(List<Row> rows) {
    Map<String, List<double[]>> byModel = new TreeMap<>();
    for (Row r : rows) {
      if (r.isNullAt(3)) {
        byModel.computeIfAbsent(r.getString(6), k -> new ArrayList<>()).add(probabilities(r));
      }
    }
    Map<String, PriorShift.Estimate> estimates = new TreeMap<>();
    byModel.forEach((model, p) -> estimates.put(model, PriorShift.estimate(p)));
    return estimates;
  }

  private static double[] probabilities(Row r) {
    return new double[] {r.getDouble(7), r.getDouble(8), r.getDouble(9)};
  }

  private static Tier tierMetrics(String modelVersion, List<Row> rows, int[] corrected) {
    long[][] all = new long[3][3];
    long[][] allEm = new long[3][3];
    long[][] scored = new long[3][3];
    long[][] scoredEm = new long[3][3];
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      int y = r.getInt(1);
      if (r.isNullAt(3)) {
        all[y][r.getInt(4)]++;
        scored[y][r.getInt(4)]++;
        allEm[y][corrected[i]]++;
        scoredEm[y][corrected[i]]++;
      } else {
        all[y][1]++;
        allEm[y][1]++;
      }
    }
    return new Tier(modelVersion, SentimentMetrics.of(all), SentimentMetrics.of(allEm), SentimentMetrics.of(scored),
        SentimentMetrics.of(scoredEm), estimates(rows));
  }

  private static MapPartitionsFunction<Row, Row> score(Map<String, SentimentScorer> scorers) {
    return rows -> new java.util.Iterator<Row>() {
      private final java.util.ArrayDeque<Row> pending = new java.util.ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (!pending.isEmpty()) {
          return true;
        }
        boolean more = rows.hasNext();
        if (!more) {
          scorers.values().forEach(SentimentScorer::close);
        }
        return more;
      }

      @Override
      public Row next() {
        if (pending.isEmpty()) {
          Row in = rows.next();
          scorers.forEach((tier, scorer) -> pending.add(row(tier, in, scorer.score(in.getString(1)))));
        }
        return pending.poll();
      }
    };
  }

  private static Row row(String tier, Row in, SentimentScorer.Scored s) {
    Integer predicted = null;
    Integer corenlp = null;
    double[] p = s.probabilities();
    if (s.reason() == null) {
      predicted = Calibration.argmax(p);
      corenlp = s.corenlp() == null ? null : CoreNlpSentiment.threeWay(s.corenlp());
    }
    return RowFactory.create(tier, in.getInt(0), s.language(), s.reason(), predicted, corenlp, s.modelVersion(),
        p == null ? null : p[0], p == null ? null : p[1], p == null ? null : p[2]);
  }
}
