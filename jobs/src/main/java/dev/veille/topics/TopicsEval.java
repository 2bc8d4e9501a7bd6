package dev.veille.topics;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.udf;

import dev.veille.common.ConfigException;
import dev.veille.common.Job;
import dev.veille.common.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.LDA;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.RegexTokenizer;
import org.apache.spark.ml.feature.StopWordsRemover;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

/**
 * {@code veille eval topics}: clusters the texts of a labelled TSV file (header; columns
 * {@code label} and {@code text}) and scores the clusters against the labels (NMI, purity).
 * {@code model = plain-lda} runs the baseline of Spark's own LDA example instead (regex tokens,
 * Spark's English stop words, counts, LDA with 10 iterations).
 */
public final class TopicsEval implements Job<TopicsEval.Result> {
  public static final String BASELINE = "plain-lda";

  private final Path input;
  private final TopicsConfig config;
  private final String model;
  private final boolean stability;

  /**
   * @param model a {@link TopicsConfig.Family} id or {@link #BASELINE}; null: the config's
   * @param stability also refit with another seed and report the share of posts that keep their theme id
   */
  public TopicsEval(Path input, TopicsConfig config, String model, boolean stability) {
    this.input = input;
    this.config = config;
    this.model = model == null ? config.model().id : model;
    this.stability = stability;
  }

  /**
   * One JSON line. {@code retrain_same_id} is null unless asked for; {@code themes} holds each
   * theme's size and label, largest first (none for the baseline), to read what was found.
   */
  public record Result(String eval, String input, String model, long n, int k, String k_chosen_by,
      double nmi, double purity, double seconds, Map<Integer, Double> silhouette_by_k, Double retrain_same_id,
      long unassigned, List<String> themes) {}

  @Override
  public void validate() {
    if (!Files.isRegularFile(input)) {
      throw new ConfigException("Invalid --input: " + input + " (expected a TSV file with columns label and text)");
    }
    if (!model.equals(BASELINE) && TopicsConfig.Family.parse(model) == null) {
      throw new ConfigException("Invalid --model: " + model + " (expected one of "
          + TopicsConfig.Family.ids() + ", " + BASELINE + ")");
    }
    // The header as readTsv's Spark read sees it: tabs, no quoting.
    CSVFormat tsv = CSVFormat.TDF.builder().setQuote(null).setIgnoreSurroundingSpaces(false).get();
    try (var r = Files.newBufferedReader(input); CSVParser p = CSVParser.parse(r, tsv)) {
      List<String> cols = p.stream().findFirst().map(CSVRecord::toList).orElse(List.of(""));
      if (!cols.contains("label") || !cols.contains("text")) {
        throw new ConfigException("Invalid --input: " + input + " has columns " + cols
            + " (expected a header with label and text, tab-separated)");
      }
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      throw new ConfigException("Cannot read --input: " + input + " (" + e.getMessage() + ")");
    }
  }

  /** Reads a label/text TSV (no quoting: a text is everything after its tab, up to the line end). */
  public static Dataset<Row> readTsv(SparkSession spark, String path) {
    return spark.read().option("header", "true").option("sep", "\t").option("quote", "\u0000")
        .option("escape", "\u0000").csv(path)
        .select(col("label"), col("text"))
        .filter(col("label").isNotNull())
        .withColumn("post_key", monotonically_increasing_id().cast(DataTypes.StringType));
  }

  @Override
  public Result run(SparkSession spark) {
    Dataset<Row> data = readTsv(spark, input.toString()).persist(StorageLevel.MEMORY_AND_DISK());
    long n = data.count();
    long t0 = System.nanoTime();
    Dataset<Row> assigned;
    int k;
    String chosenBy;
    Map<Integer, Double> scores = Map.of();
    TopicsConfig c = config;
    if (model.equals(BASELINE)) {
      k = c.automaticK() ? (int) data.select("label").distinct().count() : c.k();
      chosenBy = c.automaticK() ? "labels (the baseline cannot choose k)" : "flag";
      assigned = plainLda(data, k, c.seed());
    } else {
      c = c.withModel(TopicsConfig.Family.parse(model));
      TopicModeler.Fitted fitted = TopicModeler.fit(spark, data, c);
      k = fitted.k();
      chosenBy = c.automaticK() ? fitted.kChosenBy() : "flag";
      scores = fitted.silhouetteByK();
      assigned = TopicModeler.assign(fitted.model(), c.tokenizer(), data).persist(StorageLevel.MEMORY_AND_DISK());
    }
    ClusterMetrics metrics = new ClusterMetrics();
    long unassigned = 0;
    List<Row> rows = assigned.groupBy("label", "theme_index").count().collectAsList();
    for (Row r : rows) {
      Object idx = r.get(1);
      if (idx == null) {
        unassigned += r.getLong(2);
      }
      metrics.add(r.getString(0), idx == null ? null : idx.toString(), r.getLong(2));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    List<String> themes = new ArrayList<>();
    if (!model.equals(BASELINE)) {
      List<ThemeLabeller.ThemeStats> stats = new ArrayList<>(ThemeLabeller.describe(assigned, c.tokenizer()));
      stats.sort(java.util.Comparator.comparingLong(ThemeLabeller.ThemeStats::size).reversed());
      for (ThemeLabeller.ThemeStats t : stats) {
        themes.add(t.size() + " " + t.label());
      }
      assigned.unpersist();
    }
    Double same = null;
    if (stability && !model.equals(BASELINE)) {
      same = TopicsStability.sameIdShare(spark, data, c.withK(k), c.seed() + 1);
    }
    data.unpersist();
    Progress.log("eval", "%s: n=%d k=%d nmi=%.4f purity=%.4f", model, n, k, metrics.nmi(), metrics.purity());
    return new Result("topics", input.toString(), model, n, k, chosenBy, TopicModeler.round(metrics.nmi()),
        TopicModeler.round(metrics.purity()), TopicModeler.round(seconds), scores, same, unassigned, themes);
  }

  /** The baseline of Spark's LDA example: tokenise, remove stop words, count, LDA; theme = argmax. */
  static Dataset<Row> plainLda(Dataset<Row> data, int k, long seed) {
    Pipeline p = new Pipeline().setStages(new PipelineStage[] {
        new RegexTokenizer().setInputCol("text").setOutputCol("words").setPattern("\\W+"),
        new StopWordsRemover().setInputCol("words").setOutputCol("filtered"),
        new CountVectorizer().setInputCol("filtered").setOutputCol("tf").setVocabSize(10_000),
        new LDA().setK(k).setMaxIter(10).setSeed(seed).setFeaturesCol("tf")
            .setTopicDistributionCol("topic_distribution")});
    Dataset<Row> clean = data.na().fill("", new String[] {"text"});
    PipelineModel m = p.fit(clean);
    UserDefinedFunction argmax = udf((org.apache.spark.sql.api.java.UDF1<Vector, Integer>) Vector::argmax,
        DataTypes.IntegerType);
    return m.transform(clean).withColumn("theme_index", argmax.apply(col("topic_distribution")));
  }

  static List<String> families() {
    List<String> all = new ArrayList<>();
    for (TopicsConfig.Family f : TopicsConfig.Family.values()) {
      all.add(f.id);
    }
    all.add(BASELINE);
    return all;
  }
}
