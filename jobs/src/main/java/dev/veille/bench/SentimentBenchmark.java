package dev.veille.bench;

import dev.veille.common.Progress;
import dev.veille.sentiment.CoreNlpSentiment;
import dev.veille.sentiment.LabelledTexts;
import dev.veille.sentiment.SentimentMetrics;
import dev.veille.sentiment.SentimentScorer;
import dev.veille.sentiment.SentimentSettings;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code veille bench sentiment}: Veille's sentiment scoring against what a first-time CoreNLP
 * user writes: CoreNLP's default pipeline (PCFG parser), one thread, one raw text at a time.
 * Veille: normalised texts, shift-reduce parser, calibration, Spark partitions on every core.
 * Both load their models and score a few texts first (not timed); load times are reported apart.
 */
public final class SentimentBenchmark {
  private final Path input;
  private final int limit;

  /** One JSON line; {@code speedup = baseline_s / veille_s}. Macro recall when the input has labels. */
  public record Result(String bench, String input, int texts, double baseline_s, double veille_s,
      double speedup, double baseline_docs_per_s, double veille_docs_per_s, double baseline_load_s,
      double veille_load_s, Double baseline_macro_f1, Double veille_macro_f1,
      Double baseline_macro_recall, Double veille_macro_recall, int cores,
      String baseline, String veille, String spark) {}

  public SentimentBenchmark(Path input, int limit) {
    this.input = input;
    this.limit = limit;
  }

  public Result run(SparkSession spark) {
    List<LabelledTexts.Item> items = LabelledTexts.read(input, limit, false);
    boolean labelled = items.stream().allMatch(i -> i.label() >= 0);
    int warm = Math.min(20, items.size());

    Progress.log("bench", "loading CoreNLP's default pipeline (PCFG)");
    long t0 = System.nanoTime();
    StanfordCoreNLP baseline = CoreNlpSentiment.defaultPipeline();
    for (int i = 0; i < warm; i++) {
      CoreNlpSentiment.analyse(baseline, items.get(i).text());
    }
    double baselineLoad = seconds(t0);
    Progress.log("bench", "baseline: %,d texts, one thread, one at a time", items.size());
    t0 = System.nanoTime();
    int[] gold = new int[items.size()];
    int[] basePred = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      CoreNlpSentiment.Analysis a = CoreNlpSentiment.analyse(baseline, items.get(i).text());
      basePred[i] = a == null ? 1 : CoreNlpSentiment.threeWay(a.distribution());
      gold[i] = items.get(i).label();
    }
    double baselineSeconds = seconds(t0);

    Progress.log("bench", "loading Veille's scorer");
    t0 = System.nanoTime();
    SentimentScorer scorer = new SentimentScorer(SentimentSettings.DEFAULTS).warm();
    for (int i = 0; i < warm; i++) {
      scorer.score(items.get(i).text());
    }
    double veilleLoad = seconds(t0);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      rows.add(RowFactory.create(i, items.get(i).text()));
    }
    StructType in = new StructType().add("i", DataTypes.IntegerType).add("text", DataTypes.StringType);
    StructType out = new StructType().add("i", DataTypes.IntegerType).add("p", DataTypes.IntegerType);
    int partitions = spark.sparkContext().defaultParallelism() * 4;
    var frame = spark.createDataFrame(rows, in).repartition(partitions).cache();
    frame.count();
    Progress.log("bench", "veille: %,d texts, %d partitions", items.size(), partitions);
    t0 = System.nanoTime();
    List<Row> scored = frame.mapPartitions(score(scorer), Encoders.row(out)).collectAsList();
    double veilleSeconds = seconds(t0);
    frame.unpersist();
    int[] pred = new int[items.size()];
    for (Row r : scored) {
      pred[r.getInt(0)] = r.getInt(1);
    }
    int n = items.size();
    return new Result("sentiment", input.getFileName().toString(), n, round(baselineSeconds), round(veilleSeconds),
        round(baselineSeconds / veilleSeconds), round(n / baselineSeconds), round(n / veilleSeconds),
        round(baselineLoad), round(veilleLoad),
        labelled ? SentimentMetrics.of(gold, basePred).macro_f1() : null,
        labelled ? SentimentMetrics.of(gold, pred).macro_f1() : null,
        labelled ? SentimentMetrics.of(gold, basePred).macro_recall() : null,
        labelled ? SentimentMetrics.of(gold, pred).macro_recall() : null,
        Runtime.getRuntime().availableProcessors(),
        "CoreNLP defaults (tokenize,ssplit,pos,parse[PCFG],sentiment), 1 thread, 1 raw text at a time",
        "normalised, shift-reduce parser, calibrated, Spark mapPartitions on " + spark.sparkContext().master(),
        spark.version());
  }

  private static MapPartitionsFunction<Row, Row> score(SentimentScorer scorer) {
    return rows -> new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row r = rows.next();
        SentimentScorer.Scored s = scorer.score(r.getString(1));
        int p = 1;
        if (s.probabilities() != null) {
          double[] q = s.probabilities();
          p = q[0] >= q[1] && q[0] >= q[2] ? 0 : q[1] >= q[2] ? 1 : 2;
        }
        return RowFactory.create(r.getInt(0), p);
      }
    };
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
