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
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code veille bench sentiment}, in one run on the same texts:
 *
 * <ul>
 *   <li>the parser's limit: a plain CoreNLP shift-reduce pipeline (tokenize, ssplit, pos, parse with
 *       {@code englishSR.ser.gz}, sentiment), one thread, one raw text at a time, warm;
 *       {@code sr_limit_docs_per_s} is its rate times the cores, what a perfect parallel run of the
 *       parser alone would reach, and {@code limit_ratio = veille_docs_per_s / sr_limit_docs_per_s};
 *   <li>Veille's full tier (normalised texts, shift-reduce parser, calibration, Spark partitions on
 *       every core) and its lexical tier (CoreNLP's tokenizer and the lexical calibration), the
 *       lexical tier on the texts repeated to {@link #LEXICAL_TEXTS}, timed on a second pass;
 *   <li>what a first-time CoreNLP user writes: CoreNLP's default pipeline (PCFG parser), one thread,
 *       one raw text at a time, on the first {@code baselineLimit} texts only (it reads 1 to 4 texts a
 *       second: 2,000 texts would take most of an hour);
 *   <li>long inputs on the full tier, one thread, warm: a 10,000-character post, 500 emoji in a row
 *       and 2,000 words without a full stop, against an ordinary text of {@code max_chars} (the
 *       input's texts joined): {@code long_inputs_ratio} is the slowest of the three over it. What
 *       bounds their cost (truncation, emoji runs counted twice, no parse over
 *       {@code max_sentence_tokens}) is tested in {@code SentimentScorerTest}; how fast they are, here.
 * </ul>
 *
 * Every side loads its models and scores a few texts first (not timed); load times are reported apart.
 */
public final class SentimentBenchmark {
  /** Texts the lexical tier reads in its timed pass (the input's texts repeated). */
  static final int LEXICAL_TEXTS = 20_000;
  /** A post of 10,140 characters: 130 times one ordinary sentence. */
  static final String LONG_POST =
      "The delivery was late and the box was damaged, but the support team was kind. ".repeat(130);
  /** One word and 500 times the same emoji. */
  static final String EMOJI_FLOOD = "Yes " + "\uD83D\uDE02".repeat(500);
  /** 2,000 words without a full stop: one sentence. */
  static final String LONG_SENTENCE = "and I waited and waited ".repeat(400);
  /** Timed runs of each long input (the median is reported), after one untimed run. */
  static final int LONG_INPUT_RUNS = 5;
  private final Path input;
  private final int limit;
  private final int baselineLimit;

  /**
   * One JSON line; {@code speedup = veille_docs_per_s / baseline_docs_per_s}. Macro F1 and recall
   * when the input has labels (the plain pipelines' five classes folded to three).
   */
  public record Result(String bench, String input, int texts, double sr_single_s, double sr_single_docs_per_s,
      double sr_limit_docs_per_s, double veille_s, double veille_docs_per_s, double limit_ratio,
      double lexical_s, double lexical_docs_per_s, double lexical_first_pass_s, int lexical_repeats,
      int baseline_texts,
      double baseline_s, double baseline_docs_per_s, double speedup, double sr_load_s, double veille_load_s,
      double lexical_load_s, double baseline_load_s, double max_chars_text_ms, double long_post_ms,
      double emoji_flood_ms, double long_sentence_ms, double long_inputs_ratio, int long_inputs_scored,
      Double sr_macro_f1, Double veille_macro_f1,
      Double lexical_macro_f1, Double baseline_macro_f1, Double veille_macro_recall,
      Double lexical_macro_recall, int cores, int partitions, String sr, String veille, String lexical,
      String baseline, String long_inputs, String veille_model, String lexical_model, String spark) {}

  public SentimentBenchmark(Path input, int limit, int baselineLimit) {
    this.input = input;
    this.limit = limit;
    this.baselineLimit = baselineLimit;
  }

  public Result run(SparkSession spark) {
    List<LabelledTexts.Item> items = LabelledTexts.read(input, limit, false);
    boolean labelled = items.stream().allMatch(i -> i.label() >= 0);
    int n = items.size();
    int warm = Math.min(20, n);
    int[] gold = new int[n];
    for (int i = 0; i < n; i++) {
      gold[i] = items.get(i).label();
    }
    int cores = Runtime.getRuntime().availableProcessors();

    Progress.log("bench", "loading a plain shift-reduce pipeline (the parser's limit)");
    long t0 = System.nanoTime();
    StanfordCoreNLP sr = CoreNlpSentiment.plainSrPipeline();
    for (int i = 0; i < warm; i++) {
      CoreNlpSentiment.analyse(sr, items.get(i).text());
    }
    double srLoad = seconds(t0);
    Progress.log("bench", "plain shift-reduce: %,d texts, one thread, one at a time", n);
    int[] srPred = new int[n];
    t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      CoreNlpSentiment.Analysis a = CoreNlpSentiment.analyse(sr, items.get(i).text());
      srPred[i] = a == null ? 1 : CoreNlpSentiment.threeWay(a.distribution());
    }
    double srSeconds = seconds(t0);

    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create(i, items.get(i).text()));
    }
    StructType in = new StructType().add("i", DataTypes.IntegerType).add("text", DataTypes.StringType);
    int partitions = spark.sparkContext().defaultParallelism() * 4;
    Dataset<Row> frame = spark.createDataFrame(rows, in).repartition(partitions).cache();
    frame.count();

    Progress.log("bench", "loading Veille's scorer (full tier)");
    t0 = System.nanoTime();
    SentimentScorer full = new SentimentScorer(SentimentSettings.DEFAULTS).warm();
    for (int i = 0; i < warm; i++) {
      full.score(items.get(i).text());
    }
    double veilleLoad = seconds(t0);
    Progress.log("bench", "veille, full tier: %,d texts, %d partitions", n, partitions);
    t0 = System.nanoTime();
    int[] pred = predictions(frame, full, n);
    double veilleSeconds = seconds(t0);

    Progress.log("bench", "veille, full tier: long inputs against a text of max_chars, one thread");
    String ordinary = ordinaryText(items, full.settings().maxChars());
    LongInput maxCharsText = time(full, ordinary);
    List<LongInput> longInputs = List.of(time(full, LONG_POST), time(full, EMOJI_FLOOD), time(full, LONG_SENTENCE));
    double slowest = longInputs.stream().mapToDouble(LongInput::ms).max().orElseThrow();
    int longScored = (int) longInputs.stream().filter(LongInput::scored).count();

    Progress.log("bench", "loading Veille's lexical tier");
    t0 = System.nanoTime();
    SentimentScorer lexical =
        new SentimentScorer(SentimentSettings.DEFAULTS.withTier(SentimentSettings.Tier.LEXICAL)).warm();
    for (int i = 0; i < warm; i++) {
      lexical.score(items.get(i).text());
    }
    double lexicalLoad = seconds(t0);
    // A text takes the lexical tier about 0.1 ms once the JIT has compiled its code, and 1-2 ms
    // before: a single pass over 2,000 texts (well under a second) mostly measures the compiler
    // and Spark's job start. So it reads the same texts repeated to at least LEXICAL_TEXTS, once to
    // warm up and once timed (lexical_first_pass_s is the warm-up pass).
    int repeat = Math.max(1, (LEXICAL_TEXTS + n - 1) / n);
    List<Row> repeated = new ArrayList<>();
    for (int r = 0; r < repeat; r++) {
      for (int i = 0; i < n; i++) {
        repeated.add(RowFactory.create(i, items.get(i).text()));
      }
    }
    Dataset<Row> lexFrame = spark.createDataFrame(repeated, in).repartition(partitions).cache();
    lexFrame.count();
    Progress.log("bench", "veille, lexical tier: %,d texts %d times, %d partitions, twice", n, repeat, partitions);
    t0 = System.nanoTime();
    predictions(lexFrame, lexical, n);
    double lexicalFirst = seconds(t0);
    t0 = System.nanoTime();
    int[] lexPred = predictions(lexFrame, lexical, n);
    double lexicalSeconds = seconds(t0);
    lexFrame.unpersist();
    frame.unpersist();

    int nBase = Math.min(baselineLimit, n);
    double baselineLoad = 0;
    double baselineSeconds = 0;
    int[] basePred = new int[nBase];
    if (nBase > 0) {
      Progress.log("bench", "loading CoreNLP's default pipeline (PCFG)");
      t0 = System.nanoTime();
      StanfordCoreNLP baseline = CoreNlpSentiment.defaultPipeline();
      for (int i = 0; i < warm; i++) {
        CoreNlpSentiment.analyse(baseline, items.get(i).text());
      }
      baselineLoad = seconds(t0);
      Progress.log("bench", "baseline: the first %,d texts, one thread, one at a time", nBase);
      t0 = System.nanoTime();
      for (int i = 0; i < nBase; i++) {
        CoreNlpSentiment.Analysis a = CoreNlpSentiment.analyse(baseline, items.get(i).text());
        basePred[i] = a == null ? 1 : CoreNlpSentiment.threeWay(a.distribution());
      }
      baselineSeconds = seconds(t0);
    }

    double srRate = n / srSeconds;
    double veilleRate = n / veilleSeconds;
    double baseRate = nBase == 0 ? 0 : nBase / baselineSeconds;
    int[] baseGold = java.util.Arrays.copyOf(gold, nBase);
    return new Result("sentiment", input.getFileName().toString(), n, round(srSeconds), round(srRate),
        round(srRate * cores), round(veilleSeconds), round(veilleRate), round(veilleRate / (srRate * cores)),
        round(lexicalSeconds), round((double) n * repeat / lexicalSeconds), round(lexicalFirst), repeat, nBase, round(baselineSeconds),
        round(baseRate), nBase == 0 ? 0 : round(veilleRate / baseRate),
        round(srLoad), round(veilleLoad), round(lexicalLoad), round(baselineLoad),
        round(maxCharsText.ms()), round(longInputs.get(0).ms()), round(longInputs.get(1).ms()),
        round(longInputs.get(2).ms()), round(slowest / maxCharsText.ms()), longScored,
        labelled ? SentimentMetrics.of(gold, srPred).macro_f1() : null,
        labelled ? SentimentMetrics.of(gold, pred).macro_f1() : null,
        labelled ? SentimentMetrics.of(gold, lexPred).macro_f1() : null,
        labelled && nBase > 0 ? SentimentMetrics.of(baseGold, basePred).macro_f1() : null,
        labelled ? SentimentMetrics.of(gold, pred).macro_recall() : null,
        labelled ? SentimentMetrics.of(gold, lexPred).macro_recall() : null,
        cores, partitions,
        "CoreNLP tokenize,ssplit,pos,parse[SR],sentiment, 1 thread, 1 raw text at a time; limit = rate x cores",
        "full tier: normalised, shift-reduce parser, calibrated, Spark mapPartitions on " + spark.sparkContext().master(),
        "lexical tier: normalised, CoreNLP tokenizer, lexical calibration, Spark mapPartitions; the texts x"
            + " lexical_repeats, second pass",
        "CoreNLP defaults (tokenize,ssplit,pos,parse[PCFG],sentiment), 1 thread, 1 raw text at a time, first "
            + nBase + " texts",
        "full tier, 1 thread, warm, median of " + LONG_INPUT_RUNS + " runs: a post of " + LONG_POST.length()
            + " characters, 500 emoji in a row, 2,000 words in one sentence; against the input's texts joined"
            + " to twice max_chars (the scorer reads max_chars); long_inputs_scored: of the 3, scored (not timed out)",
        full.modelVersion(), lexical.modelVersion(), spark.version());
  }

  /** The median time of one text and whether the scorer gave it a sentiment. */
  record LongInput(double ms, boolean scored) {}

  /** Scores {@code text} once untimed, then {@link #LONG_INPUT_RUNS} times on this thread. */
  static LongInput time(SentimentScorer scorer, String text) {
    boolean scored = scorer.score(text).reason() == null;
    double[] ms = new double[LONG_INPUT_RUNS];
    for (int r = 0; r < LONG_INPUT_RUNS; r++) {
      long t0 = System.nanoTime();
      scored &= scorer.score(text).reason() == null;
      ms[r] = (System.nanoTime() - t0) / 1e6;
    }
    java.util.Arrays.sort(ms);
    return new LongInput(ms[LONG_INPUT_RUNS / 2], scored);
  }

  /**
   * The most the scorer reads of ordinary posts: the input's texts joined, in order (again from the
   * first when they run out), to twice {@code maxChars}, so that even with its links and handles
   * normalised away the scorer reads the first {@code maxChars} of it.
   */
  static String ordinaryText(List<LabelledTexts.Item> items, int maxChars) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < 2 * maxChars && i < 100_000; i++) {
      sb.append(items.get(i % items.size()).text().strip()).append(' ');
    }
    return sb.toString().strip();
  }

  /** Scores the frame through Spark and returns each text's predicted class (neutral when none). */
  private static int[] predictions(Dataset<Row> frame, SentimentScorer scorer, int n) {
    StructType out = new StructType().add("i", DataTypes.IntegerType).add("p", DataTypes.IntegerType);
    List<Row> scored = frame.mapPartitions(score(scorer), Encoders.row(out)).collectAsList();
    int[] pred = new int[n];
    for (Row r : scored) {
      pred[r.getInt(0)] = r.getInt(1);
    }
    return pred;
  }

  private static MapPartitionsFunction<Row, Row> score(SentimentScorer scorer) {
    return SentimentScorer.perRow(scorer, r -> {
      SentimentScorer.Scored s = scorer.score(r.getString(1));
      int p = 1;
      if (s.probabilities() != null) {
        double[] q = s.probabilities();
        p = q[0] >= q[1] && q[0] >= q[2] ? 0 : q[1] >= q[2] ? 1 : 2;
      }
      return RowFactory.create(r.getInt(0), p);
    });
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
