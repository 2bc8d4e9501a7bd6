package dev.veille.moderation;

import dev.veille.common.ConfigException;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code veille moderation-train}: fits the {@code spam} and {@code toxic} logistic regressions
 * (Spark MLlib, L2-regularised, on {@link CommentFeatures}) on the labelled files of
 * {@code ../shared/data/moderation/}, chooses their thresholds by cross-validation, and writes
 * {@code model.json}, {@code spam_weights.tsv}, {@code toxic_weights.tsv} and {@code cv.json} to
 * the output folder (models/moderation/, which the jar ships).
 *
 * <p>MLMA's French tweets ({@link #CHECK_FILES}) are not trained on: their labels are noisy and their
 * {@code ok} tweets often hold slurs; the final model scores them as a check on unseen French data.
 *
 * <p>Cross-validation, in two forms (both in cv.json and the model card): 5 folds stratified by file
 * and label (each comment is scored by a model that never saw it, trained on the other four fifths
 * of every file), from which the thresholds are chosen; and leave-one-file-out (each file scored
 * by a model trained on the other files of its task only), the closer guess of how the model does
 * on comments unlike any it was trained on. Each file weighs the same in training, whatever its size,
 * so the small French file is not drowned by Davidson's tweets. Deterministic: fixed fold seed,
 * files and rows in their order.
 */
public final class ModerationTrainer {
  static final List<String> SPAM_FILES = List.of("youtube_spam/Youtube04-Eminem.csv",
      "youtube_spam/Youtube05-Shakira.csv");
  public static final List<String> TOXIC_FILES = List.of("davidson_dev.tsv", "french_dev.tsv");
  /** Scored out of training only: its labels are noisy and its "ok" tweets often hold slurs (its README). */
  public static final List<String> CHECK_FILES = List.of("french_mlma_dev.tsv");
  static final int FOLDS = 5;
  static final long SEED = 17;
  /** Hiding needs this precision on every file's out-of-fold scores. */
  static final double HIDE_PRECISION = 0.97;
  /**
   * The least hide threshold per head. Both heads hide any comment, so the spam head (trained on
   * YouTube comments only) hid tweets with links in Davidson's "ok" class at 0.8: its hides must be
   * near certain; toxic at 0.95 kept Davidson's hide precision at 0.99 (docs/moderation.md).
   */
  static final Map<String, Double> HIDE_FLOOR = Map.of("spam", 0.99, "toxic", 0.95);

  private final Path data;
  private final Path out;
  private final double regParam;
  private final List<String> toxicFiles;
  private final boolean quick;
  private final French french;

  /**
   * The French toxic head's settings: its feature groups ({@link CommentFeatures#FR_ALL}...), how
   * MLMA's tweets join its training ({@code strict}: toxic when hateful, offensive or abusive, ok when
   * normal, others left out; {@code default}: the file's labels; {@code none}), the regularisation
   * grid chosen from by cross-validation on the training folds only, and {@code only}: train and
   * report the French head alone (nothing written).
   */
  public record French(int groups, String mlma, List<Double> regs, boolean only) {
    public static final French DEFAULTS = new French(CommentFeatures.FR_ALL, "strict", List.of(1e-3, 1e-2, 3e-2),
        false);

    /** The same head with other groups and MLMA mode. */
    French with(int groups, String mlma) {
      return new French(groups, mlma, regs, only);
    }
  }

  /**
   * The French head's ablation (feature groups and MLMA modes), one JSON object per setting, under a
   * cheaper protocol than the nested one: regularisation 1e-3 (what the nested search chose in every
   * fold) and threshold 0.5 (training is class-balanced), so 5 fits per setting.
   */
  public Map<String, Object> frenchAblation(SparkSession spark) {
    WordLists lists = WordLists.shipped();
    Map<String, Object> out = new LinkedHashMap<>();
    int[][] settings = {{0}, {CommentFeatures.FR_CROSS}, {CommentFeatures.FR_LEXICON}, {CommentFeatures.FR_SHAPE},
        {CommentFeatures.FR_ALL}};
    for (String mlma : List.of("none", "strict", "default")) {
      for (int[] g : settings) {
        if (!mlma.equals("strict") && g[0] != 0 && g[0] != CommentFeatures.FR_ALL) {
          continue;
        }
        ModerationTrainer t = new ModerationTrainer(data, out(), regParam, toxicFiles, true,
            new French(g[0], mlma, List.of(1e-3), true));
        t.fixed = true;
        Map<String, Object> cv = t.trainFrench(spark, lists);
        Object m = ((Map<?, ?>) ((Map<?, ?>) cv.get("nested_kfold")).get(FRENCH_FILE)).get("macro_f1");
        out.put("groups=" + g[0] + " mlma=" + mlma, m);
        Progress.log("moderation-train", "ablation: groups %d, mlma %s: macro-F1 %s", g[0], mlma, m);
      }
    }
    return out;
  }

  private Path out() {
    return out;
  }

  /** Ablation protocol: the first regularisation and threshold 0.5, no inner search. */
  private boolean fixed;

  /** The French head's evaluated file (cross-fitted) and its extra training file (never evaluated on). */
  static final String FRENCH_FILE = "french_dev.tsv";
  static final String FRENCH_EXTRA = "french_mlma_dev.tsv";

  public ModerationTrainer(Path data, Path out, double regParam) {
    this(data, out, regParam, TOXIC_FILES, false);
  }

  /**
   * @param toxicFiles the toxic task's files (default all three)
   * @param quick only the k-fold numbers (no leave-one-file-out, nothing written): for comparing settings
   */
  public ModerationTrainer(Path data, Path out, double regParam, List<String> toxicFiles, boolean quick) {
    this(data, out, regParam, toxicFiles, quick, French.DEFAULTS);
  }

  public ModerationTrainer(Path data, Path out, double regParam, List<String> toxicFiles, boolean quick,
      French french) {
    this.french = french;
    this.data = data;
    this.out = out;
    this.regParam = regParam;
    this.toxicFiles = List.copyOf(toxicFiles);
    this.quick = quick;
  }

  public void validate() {
    for (String f : concat(SPAM_FILES, toxicFiles)) {
      if (!Files.isRegularFile(data.resolve(f))) {
        throw new ConfigException("Invalid --data: " + data + " has no " + f
            + " (expected the shared moderation folder, ../shared/data/moderation)");
      }
    }
    if (!List.of("strict", "default", "none").contains(french.mlma())) {
      throw new ConfigException("Invalid --mlma: " + french.mlma() + " (expected strict, default or none)");
    }
    if (french.groups() < 0 || french.groups() > CommentFeatures.FR_ALL) {
      throw new ConfigException("Invalid --french-groups: " + french.groups() + " (expected 0 to "
          + CommentFeatures.FR_ALL + ")");
    }
    if (!(regParam > 0 && regParam < 1)) {
      throw new ConfigException("Invalid --reg: " + regParam + " (expected a number between 0 and 1)");
    }
  }

  /** Trains both heads; returns the cross-validation report (also written as cv.json). */
  public Map<String, Object> run(SparkSession spark) {
    WordLists lists = WordLists.shipped();
    Map<String, Object> report = new LinkedHashMap<>();
    Map<String, Object> model = new LinkedHashMap<>();
    String version = "moderation-lr-" + java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString()
        .substring(0, 7) + "-r" + regParam;
    model.put("version", version);
    model.put("dim", CommentFeatures.DIM);
    model.put("trained_on", "../shared/data/moderation (see MODEL_CARD.md)");
    model.put("reg_param", regParam);
    if (french.only()) {
      report.put("toxic_fr", trainFrench(spark, lists));
      return report;
    }
    for (String task : quick ? List.of("toxic") : List.of("spam", "toxic")) {
      List<String> files = task.equals("spam") ? SPAM_FILES : toxicFiles;
      List<Example> ex = new ArrayList<>();
      for (String f : files) {
        for (LabelledComments.Item it : LabelledComments.read(data.resolve(f))) {
          CommentFeatures.Parsed p = CommentFeatures.parse(it.text(), lists);
          ex.add(new Example(Path.of(f).getFileName().toString(), it.positive(), CommentFeatures.vector(p)));
        }
      }
      Progress.log("moderation-train", "%s: %,d comments from %d files", task, ex.size(), files.size());
      weigh(ex);
      double[] oof = outOfFold(spark, ex);
      double threshold = bestThreshold(ex, oof);
      double hide = Math.max(hideThreshold(ex, oof, threshold), HIDE_FLOOR.get(task));
      Map<String, Object> cv = new LinkedHashMap<>();
      cv.put("threshold", threshold);
      cv.put("hide", hide);
      cv.put("kfold", perFile(task, ex, oof, threshold, hide));
      report.put(task, cv);
      if (quick) {
        continue;
      }
      // Spam only: for toxic, one file is English and the other French, so neither predicts the other.
      if (task.equals("spam")) {
        cv.put("leave_one_file_out", leaveOneFileOut(spark, task, ex, threshold, hide));
      }
      Progress.log("moderation-train", "%s: final fit on every file", task);
      LogisticRegressionModel m = fit(spark, ex);
      LinearModel lm = toLinear(m);
      if (task.equals("toxic")) {
        Map<String, Object> checks = new LinkedHashMap<>();
        for (String f : CHECK_FILES) {
          if (Files.isRegularFile(data.resolve(f))) {
            List<Example> check = new ArrayList<>();
            for (LabelledComments.Item it : LabelledComments.read(data.resolve(f))) {
              check.add(new Example(f, it.positive(), CommentFeatures.vector(CommentFeatures.parse(it.text(), lists))));
            }
            checks.put(f, metrics(task, check, check.stream().mapToDouble(e -> lm.probability(e.x())).toArray(),
                threshold, hide));
          }
        }
        cv.put("not_trained_on", checks);
      }
      String weights = task + "_weights.tsv";
      write(out.resolve(weights), lm.toText(1e-4));
      Map<String, Object> head = new LinkedHashMap<>();
      head.put("weights", weights);
      head.put("threshold", threshold);
      head.put("hide", hide);
      head.put("files", files);
      model.put(task, head);
    }
    if (quick) {
      return report;
    }
    write(out.resolve("model.json"), Json.pretty(model));
    report.put("version", version);
    report.put("folds", FOLDS);
    report.put("seed", SEED);
    write(out.resolve("cv.json"), Json.pretty(report));
    return report;
  }

  /**
   * A French toxic head for comments detected as French, evaluated only: trained on ToxiFrench and
   * MLMA (see {@link French}) on {@link CommentFeatures#vector(CommentFeatures.Parsed, int)} with the
   * French groups. It is not shipped: its cross-validated macro-F1 on ToxiFrench (0.55 to 0.59 over the
   * groups and MLMA modes, MODEL_CARD.md) is no better than the shared toxic head's 0.584. Nested
   * cross-validation, so that no number is read on a comment its model or its settings saw: ToxiFrench
   * in 5 outer folds; in each, the regularisation and the label threshold are chosen by 4-fold
   * cross-validation on the outer training rows alone (MLMA is in every training set and never
   * scored), then the fold is scored.
   */
  Map<String, Object> trainFrench(SparkSession spark, WordLists lists) {
    List<Example> fr = new ArrayList<>();
    for (LabelledComments.Item it : LabelledComments.read(data.resolve(FRENCH_FILE))) {
      fr.add(new Example(FRENCH_FILE, it.positive(), CommentFeatures.vector(CommentFeatures.parse(it.text(), lists),
          french.groups())));
    }
    List<Example> extra = new ArrayList<>();
    if (!french.mlma().equals("none") && Files.isRegularFile(data.resolve(FRENCH_EXTRA))) {
      for (String[] row : mlma(data.resolve(FRENCH_EXTRA), french.mlma().equals("strict"))) {
        extra.add(new Example(FRENCH_EXTRA, row[0].equals("toxic"), CommentFeatures.vector(
            CommentFeatures.parse(row[1], lists), french.groups())));
      }
    }
    List<Example> all = new ArrayList<>(fr);
    all.addAll(extra);
    weigh(all);
    Progress.log("moderation-train", "toxic_fr: %,d ToxiFrench comments, %,d MLMA tweets (%s), groups %d", fr.size(),
        extra.size(), french.mlma(), french.groups());
    int[] fold = folds(fr);
    double[] p = new double[fr.size()];
    boolean[] pred = new boolean[fr.size()];
    List<Object> chosen = new ArrayList<>();
    for (int k = 0; k < FOLDS; k++) {
      List<Example> train = new ArrayList<>();
      for (int i = 0; i < fr.size(); i++) {
        if (fold[i] != k) {
          train.add(fr.get(i));
        }
      }
      double[] setting = chooseFrench(spark, train, extra);
      LinearModel m = toLinear(fit(spark, concat2(train, extra), setting[0]));
      for (int i = 0; i < fr.size(); i++) {
        if (fold[i] == k) {
          p[i] = m.probability(fr.get(i).x());
          pred[i] = p[i] >= setting[1];
        }
      }
      chosen.add(Map.of("reg", setting[0], "threshold", setting[1]));
      Progress.log("moderation-train", "toxic_fr: outer fold %d of %d done (reg %s, threshold %.2f)", k + 1, FOLDS,
          setting[0], setting[1]);
    }
    boolean[] gold = new boolean[fr.size()];
    boolean[] hid = new boolean[fr.size()];
    double hide = HIDE_FLOOR.get("toxic");
    for (int i = 0; i < fr.size(); i++) {
      gold[i] = fr.get(i).positive();
      hid[i] = p[i] >= hide;
    }
    Map<String, Object> cv = new LinkedHashMap<>();
    cv.put("groups", french.groups());
    cv.put("mlma", french.mlma());
    cv.put("regs", french.regs());
    cv.put("nested_kfold", Map.of(FRENCH_FILE, ModerationMetrics.of("toxic", gold, pred, hid)));
    cv.put("chosen_per_fold", chosen);
    return cv;
  }

  /**
   * {reg, threshold}: the regularisation of {@link French#regs} and the label threshold with the best
   * macro-F1 on ToxiFrench rows {@code train}, by 4-fold cross-validation within them ({@code extra} in
   * every fit, never scored).
   */
  private double[] chooseFrench(SparkSession spark, List<Example> train, List<Example> extra) {
    if (fixed) {
      return new double[] {french.regs().get(0), 0.5};
    }
    int inner = 4;
    int[] fold = new int[train.size()];
    Map<Boolean, List<Integer>> byLabel = new TreeMap<>();
    for (int i = 0; i < train.size(); i++) {
      byLabel.computeIfAbsent(train.get(i).positive(), b -> new ArrayList<>()).add(i);
    }
    Random rnd = new Random(SEED + 1);
    for (List<Integer> idx : byLabel.values()) {
      java.util.Collections.shuffle(idx, rnd);
      for (int k = 0; k < idx.size(); k++) {
        fold[idx.get(k)] = k % inner;
      }
    }
    double best = -1;
    double[] out = {french.regs().get(0), 0.5};
    for (double reg : french.regs()) {
      double[] p = new double[train.size()];
      for (int k = 0; k < inner; k++) {
        List<Example> fitOn = new ArrayList<>(extra);
        for (int i = 0; i < train.size(); i++) {
          if (fold[i] != k) {
            fitOn.add(train.get(i));
          }
        }
        LinearModel m = toLinear(fit(spark, fitOn, reg));
        for (int i = 0; i < train.size(); i++) {
          if (fold[i] == k) {
            p[i] = m.probability(train.get(i).x());
          }
        }
      }
      double th = bestThreshold(train, p);
      double score = meanMacroF1(train, p, th);
      if (score > best + 1e-9) {
        best = score;
        out = new double[] {reg, th};
      }
    }
    return out;
  }

  /** MLMA's rows as {label, text}; strict: toxic when hateful, offensive or abusive, ok when normal, else left out. */
  static List<String[]> mlma(Path file, boolean strict) {
    List<String[]> out = new ArrayList<>();
    org.apache.commons.csv.CSVFormat format = org.apache.commons.csv.CSVFormat.TDF.builder().setHeader()
        .setSkipHeaderRecord(true).setQuote(null).get();
    try (java.io.Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        org.apache.commons.csv.CSVParser p = org.apache.commons.csv.CSVParser.parse(r, format)) {
      for (org.apache.commons.csv.CSVRecord rec : p) {
        String label = rec.get("label").strip();
        if (strict) {
          List<String> kinds = List.of(rec.get("orig").strip().split("_"));
          if (kinds.contains("hateful") || kinds.contains("offensive") || kinds.contains("abusive")) {
            label = "toxic";
          } else if (kinds.equals(List.of("normal"))) {
            label = "ok";
          } else {
            continue;
          }
        }
        out.add(new String[] {label, rec.get("text")});
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return out;
  }

  private static List<Example> concat2(List<Example> a, List<Example> b) {
    List<Example> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  record Example(String file, boolean positive, CommentFeatures.Sparse x, double[] weight) {
    Example(String file, boolean positive, CommentFeatures.Sparse x) {
      this(file, positive, x, new double[] {1});
    }
  }

  /**
   * Each file, and each class within a file, the same total weight: the model learns a 50/50 prior
   * instead of Davidson's 82% toxic tweets, which would make every plain brand comment look half toxic.
   */
  private static void weigh(List<Example> ex) {
    Map<String, Integer> n = new TreeMap<>();
    ex.forEach(e -> n.merge(e.file() + "|" + e.positive(), 1, Integer::sum));
    double perCell = ex.size() / (double) n.size();
    ex.forEach(e -> e.weight()[0] = perCell / n.get(e.file() + "|" + e.positive()));
  }

  /** Fold of each example: stratified by file and label, shuffled with a fixed seed. */
  static int[] folds(List<Example> ex) {
    int[] fold = new int[ex.size()];
    Map<String, List<Integer>> strata = new TreeMap<>();
    for (int i = 0; i < ex.size(); i++) {
      strata.computeIfAbsent(ex.get(i).file() + "|" + ex.get(i).positive(), k -> new ArrayList<>()).add(i);
    }
    Random rnd = new Random(SEED);
    for (List<Integer> s : strata.values()) {
      java.util.Collections.shuffle(s, rnd);
      for (int k = 0; k < s.size(); k++) {
        fold[s.get(k)] = k % FOLDS;
      }
    }
    return fold;
  }

  private double[] outOfFold(SparkSession spark, List<Example> ex) {
    int[] fold = folds(ex);
    double[] p = new double[ex.size()];
    for (int k = 0; k < FOLDS; k++) {
      List<Example> train = new ArrayList<>();
      for (int i = 0; i < ex.size(); i++) {
        if (fold[i] != k) {
          train.add(ex.get(i));
        }
      }
      LinearModel m = toLinear(fit(spark, train));
      for (int i = 0; i < ex.size(); i++) {
        if (fold[i] == k) {
          p[i] = m.probability(ex.get(i).x());
        }
      }
      Progress.log("moderation-train", "fold %d of %d done", k + 1, FOLDS);
    }
    return p;
  }

  private Map<String, Object> leaveOneFileOut(SparkSession spark, String task, List<Example> ex, double threshold,
      double hide) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String f : new TreeSet<>(ex.stream().map(Example::file).toList())) {
      List<Example> train = ex.stream().filter(e -> !e.file().equals(f)).toList();
      List<Example> test = ex.stream().filter(e -> e.file().equals(f)).toList();
      LinearModel m = toLinear(fit(spark, train));
      double[] p = test.stream().mapToDouble(e -> m.probability(e.x())).toArray();
      out.put(f, metrics(task, test, p, threshold, hide));
      Progress.log("moderation-train", "%s: %s scored by a model trained on the other files", task, f);
    }
    return out;
  }

  private static Map<String, Object> perFile(String task, List<Example> ex, double[] p, double threshold,
      double hide) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String f : new TreeSet<>(ex.stream().map(Example::file).toList())) {
      List<Example> sub = new ArrayList<>();
      List<Double> ps = new ArrayList<>();
      for (int i = 0; i < ex.size(); i++) {
        if (ex.get(i).file().equals(f)) {
          sub.add(ex.get(i));
          ps.add(p[i]);
        }
      }
      out.put(f, metrics(task, sub, ps.stream().mapToDouble(Double::doubleValue).toArray(), threshold, hide));
    }
    return out;
  }

  static Map<String, Object> metrics(String task, List<Example> ex, double[] p, double threshold, double hide) {
    boolean[] gold = new boolean[ex.size()];
    boolean[] pred = new boolean[ex.size()];
    boolean[] hid = new boolean[ex.size()];
    for (int i = 0; i < ex.size(); i++) {
      gold[i] = ex.get(i).positive();
      pred[i] = p[i] >= threshold;
      hid[i] = p[i] >= hide;
    }
    return ModerationMetrics.of(task, gold, pred, hid);
  }

  /** The label threshold with the best mean macro-F1 over the task's files (out-of-fold scores). */
  static double bestThreshold(List<Example> ex, double[] p) {
    double best = 0.5;
    double bestScore = -1;
    for (int t = 20; t <= 80; t += 2) {
      double th = t / 100.0;
      double score = meanMacroF1(ex, p, th);
      if (score > bestScore + 1e-9) {
        bestScore = score;
        best = th;
      }
    }
    return best;
  }

  private static double meanMacroF1(List<Example> ex, double[] p, double th) {
    Map<String, List<Integer>> byFile = new TreeMap<>();
    for (int i = 0; i < ex.size(); i++) {
      byFile.computeIfAbsent(ex.get(i).file(), k -> new ArrayList<>()).add(i);
    }
    double sum = 0;
    for (List<Integer> idx : byFile.values()) {
      List<Example> sub = idx.stream().map(ex::get).toList();
      double[] ps = idx.stream().mapToDouble(i -> p[i]).toArray();
      sum += (Double) metrics("x", sub, ps, th, 2).get("macro_f1");
    }
    return sum / byFile.size();
  }

  /**
   * The lowest threshold at or above the label's at which every file's hidden comments are right at
   * least {@link #HIDE_PRECISION} of the time (out-of-fold), on a grid up to 0.995.
   */
  static double hideThreshold(List<Example> ex, double[] p, double threshold) {
    Map<String, List<Integer>> byFile = new TreeMap<>();
    for (int i = 0; i < ex.size(); i++) {
      byFile.computeIfAbsent(ex.get(i).file(), k -> new ArrayList<>()).add(i);
    }
    // Never below 0.8 whatever the files say: hiding is for the comments the model is sure of.
    for (int t = (int) Math.ceil(Math.max(threshold, 0.8) * 1000); t <= 995; t += 5) {
      double th = t / 1000.0;
      boolean ok = true;
      for (List<Integer> idx : byFile.values()) {
        long hid = idx.stream().filter(i -> p[i] >= th).count();
        long right = idx.stream().filter(i -> p[i] >= th && ex.get(i).positive()).count();
        // A margin over the target: the held-back files are not these.
        if (hid > 0 && right < HIDE_PRECISION * hid) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return th;
      }
    }
    return 0.995;
  }

  private static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("weight", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  private LogisticRegressionModel fit(SparkSession spark, List<Example> ex) {
    return fit(spark, ex, regParam);
  }

  private LogisticRegressionModel fit(SparkSession spark, List<Example> ex, double reg) {
    List<Row> rows = new ArrayList<>(ex.size());
    for (Example e : ex) {
      rows.add(RowFactory.create(e.positive() ? 1.0 : 0.0, e.weight()[0],
          Vectors.sparse(CommentFeatures.DIM, e.x().indices(), e.x().values())));
    }
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA).coalesce(1).cache();
    try {
      return new LogisticRegression().setRegParam(reg).setElasticNetParam(0).setStandardization(false)
          .setMaxIter(100).setTol(1e-6).setWeightCol("weight").setFitIntercept(true).fit(df);
    } finally {
      df.unpersist();
    }
  }

  private static LinearModel toLinear(LogisticRegressionModel m) {
    float[] w = new float[CommentFeatures.DIM];
    Vector c = m.coefficients();
    if (c instanceof SparseVector s) {
      for (int i = 0; i < s.indices().length; i++) {
        w[s.indices()[i]] = (float) s.values()[i];
      }
    } else {
      double[] d = c.toArray();
      for (int i = 0; i < d.length; i++) {
        w[i] = (float) d[i];
      }
    }
    return new LinearModel(m.intercept(), w);
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
