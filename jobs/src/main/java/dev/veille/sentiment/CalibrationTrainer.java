package dev.veille.sentiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.text.LanguageDetector;
import dev.veille.text.SocialText;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains {@code models/sentiment/calibration.json} and measures every normalisation step and
 * feature group (ablations). Every decision (feature groups, L2) uses 5-fold cross-validation on
 * the training file only; the validation files are only reported.
 *
 * <p>The {@code domain.*} features are cross-fitted: a text's word ratios always come from
 * {@link DomainWords} fitted on other texts (the other inner folds while training, the training
 * folds for a held-out fold, the whole training file for a validation file).
 *
 * <pre>
 * java -cp "jobs/target/veille.jar:jobs/target/lib/*" dev.veille.sentiment.CalibrationTrainer \
 *     --train ../shared/data/sentiment/umsab_en_train.tsv \
 *     --val ../shared/data/sentiment/umsab_en_val.tsv --val ../shared/data/sentiment/tweeteval_val.tsv \
 *     --cache jobs/target/sentiment-analyses.jsonl --out models/sentiment
 * </pre>
 *
 * {@code --cache} keeps CoreNLP's analyses of every text seen (one JSON line each), so a second
 * run takes seconds; {@code --quick} skips the normalisation variants.
 */
public final class CalibrationTrainer {
  static final int FOLDS = 5;
  static final double[] L2_GRID = {0.003, 0.01, 0.03, 0.1};

  private final Map<String, CoreNlpSentiment.Analysis> cache = new ConcurrentHashMap<>();
  private final StanfordCoreNLP pipeline;
  private final int threads;
  private final Path cacheFile;

  CalibrationTrainer(int threads, Path cacheFile) {
    this.threads = threads;
    this.cacheFile = cacheFile;
    if (cacheFile != null && Files.isRegularFile(cacheFile)) {
      try {
        for (String line : Files.readAllLines(cacheFile, StandardCharsets.UTF_8)) {
          Cached c = Json.MAPPER.readValue(line, Cached.class);
          cache.put(c.text(), c.analysis());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the analysis cache " + cacheFile
            + " (delete it to rebuild it)", e);
      }
    }
    this.pipeline = CoreNlpSentiment.pipeline(SentimentSettings.DEFAULTS.parser(),
        SentimentSettings.DEFAULTS.maxSentenceTokens());
  }

  /** One line of the analysis cache. */
  record Cached(String text, CoreNlpSentiment.Analysis analysis) {}

  public static void main(String[] args) throws Exception {
    Path train = null;
    List<Path> vals = new ArrayList<>();
    List<Path> languageFiles = new ArrayList<>();
    Path out = Path.of("models/sentiment");
    int threads = 2;
    Path cacheFile = null;
    boolean quick = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--train" -> train = Path.of(args[++i]);
        case "--val" -> vals.add(Path.of(args[++i]));
        case "--language-check" -> languageFiles.add(Path.of(args[++i]));
        case "--out" -> out = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--cache" -> cacheFile = Path.of(args[++i]);
        case "--quick" -> quick = true;
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + " (expected --train, --val, --language-check, --out, --threads, --cache, --quick)");
      }
    }
    if (train == null) {
      throw new IllegalArgumentException("Missing --train FILE.tsv");
    }
    new CalibrationTrainer(threads, cacheFile).run(train, vals, languageFiles, out, quick);
  }

  void run(Path trainFile, List<Path> valFiles, List<Path> languageFiles, Path out, boolean quick)
      throws Exception {
    List<LabelledTexts.Item> train = LabelledTexts.read(trainFile, 0);
    ObjectNode report = Json.object();
    report.put("train", trainFile.getFileName().toString());
    report.put("selection_metric", "macro_f1, 5-fold cross-validation on the training file");
    // A validation file may share texts with the training file (tweeteval_val holds 1,430 of
    // umsab_en_train's tweets): a model that learns words would be graded on texts it was trained
    // on. Such a file is also measured on its texts the training file does not have ("unseen").
    Set<String> trainTexts = new java.util.HashSet<>();
    train.forEach(it -> trainTexts.add(SocialText.normalise(it.text())));
    ObjectNode overlap = report.putObject("texts_shared_with_train");
    Map<String, List<LabelledTexts.Item>> vals = new LinkedHashMap<>();
    for (Path v : valFiles) {
      String name = v.getFileName().toString();
      List<LabelledTexts.Item> items = LabelledTexts.read(v, 0);
      List<LabelledTexts.Item> unseen = items.stream()
          .filter(it -> !trainTexts.contains(SocialText.normalise(it.text()))).toList();
      vals.put(name, items);
      overlap.put(name, items.size() - unseen.size());
      if (unseen.size() < items.size()) {
        vals.put(name + ":unseen", unseen);
      }
    }

    // Language detection, measured on every file given.
    ObjectNode lang = report.putObject("language_detection");
    List<Path> all = new ArrayList<>(languageFiles);
    all.add(trainFile);
    all.addAll(valFiles);
    for (Path f : new LinkedHashSet<>(all)) {
      Map<String, Integer> counts = new TreeMap<>();
      for (LabelledTexts.Item it : LabelledTexts.read(f, 0)) {
        counts.merge(LanguageDetector.detect(SocialText.normalise(it.text())), 1, Integer::sum);
      }
      lang.set(f.getFileName().toString(), Json.MAPPER.valueToTree(counts));
    }

    List<String> allFeatures = SentimentFeatures.NAMES;
    double defaultL2 = 0.01;
    if (!quick) {
      // Normalisation variants: none, all, and all but one step.
      Map<String, Set<SocialText.Step>> variants = new LinkedHashMap<>();
      variants.put("none", EnumSet.noneOf(SocialText.Step.class));
      variants.put("all", EnumSet.allOf(SocialText.Step.class));
      for (SocialText.Step s : SocialText.Step.values()) {
        EnumSet<SocialText.Step> v = EnumSet.allOf(SocialText.Step.class);
        v.remove(s);
        variants.put("all_but_" + s.name().toLowerCase(Locale.ROOT), v);
      }
      ObjectNode norm = report.putObject("normalisation");
      for (Map.Entry<String, Set<SocialText.Step>> v : variants.entrySet()) {
        Data tr = features(train, v.getValue());
        ObjectNode row = norm.putObject(v.getKey());
        row.put("texts_changed_vs_all_train", changed(train, v.getValue()));
        row.set("cv_train_raw", tree(rawMetrics(tr)));
        row.set("cv_train", tree(crossValidate(tr, allFeatures, defaultL2)));
        Calibration c = fitCrossFitted(tr, allFeatures, defaultL2, null);
        for (Map.Entry<String, List<LabelledTexts.Item>> val : vals.entrySet()) {
          Data d = features(val.getValue(), v.getValue());
          row.set(val.getKey() + "_raw", tree(rawMetrics(d)));
          row.set(val.getKey(), tree(evaluate(c, d)));
        }
        System.err.println("normalisation " + v.getKey() + ": " + row);
      }
    }

    // Feature groups, on fully normalised text.
    Data tr = features(train, SocialText.ALL_STEPS);
    Map<String, Data> valData = new LinkedHashMap<>();
    vals.forEach((k, v) -> valData.put(k, features(v, SocialText.ALL_STEPS)));
    List<String> groups = groups(allFeatures);
    Map<String, List<String>> featureSets = new LinkedHashMap<>();
    featureSets.put("all", allFeatures);
    featureSets.put("corenlp_only", only(allFeatures, List.of("corenlp")));
    featureSets.put("previous_release", only(allFeatures,
        List.of("corenlp", "extremes", "lexicon", "punctuation")));
    featureSets.put("corenlp_all_nodes", only(allFeatures, List.of("corenlp", "extremes", "words", "phrases")));
    featureSets.put("corenlp_all_nodes_and_vader",
        only(allFeatures, List.of("corenlp", "extremes", "words", "phrases", "vader")));
    featureSets.put("everything_but_corenlp_outputs",
        without(allFeatures, List.of("corenlp", "extremes", "words", "phrases")));
    for (String g : groups) {
      featureSets.put("all_but_" + g, without(allFeatures, List.of(g)));
    }
    ObjectNode feats = report.putObject("features");
    for (Map.Entry<String, List<String>> fs : featureSets.entrySet()) {
      ObjectNode row = feats.putObject(fs.getKey());
      row.set("cv_train", tree(crossValidate(tr, fs.getValue(), defaultL2)));
      Calibration c = fitCrossFitted(tr, fs.getValue(), defaultL2, null);
      valData.forEach((k, d) -> row.set(k, tree(evaluate(c, d))));
      System.err.println("features " + fs.getKey() + ": " + row);
    }

    // Backward elimination: drop the group whose removal raises (or keeps) CV macro F1 the most,
    // until every remaining group is worth something. CoreNLP's own distribution always stays.
    List<String> kept = new ArrayList<>(groups);
    double best = crossValidate(tr, only(allFeatures, kept), defaultL2).macro_f1();
    ArrayNode steps = report.putArray("elimination");
    while (true) {
      String drop = null;
      double dropScore = Double.NEGATIVE_INFINITY;
      for (String g : kept) {
        if (g.equals("corenlp")) {
          continue;
        }
        List<String> rest = new ArrayList<>(kept);
        rest.remove(g);
        double s = crossValidate(tr, only(allFeatures, rest), defaultL2).macro_f1();
        if (s > dropScore) {
          dropScore = s;
          drop = g;
        }
      }
      if (drop == null || dropScore < best) {
        break;
      }
      kept.remove(drop);
      best = dropScore;
      ObjectNode step = steps.addObject();
      step.put("dropped", drop);
      step.put("cv_train_macro_f1", dropScore);
      System.err.println("elimination: dropped " + drop + " -> " + dropScore);
    }
    List<String> chosen = only(allFeatures, kept);

    // L2, by the same cross-validation.
    double l2 = bestL2(L2_GRID, defaultL2, c -> crossValidate(tr, chosen, c).macro_f1(), report.putObject("l2"));

    ObjectNode meta = Json.object();
    meta.put("data", trainFile.getFileName().toString());
    meta.put("rows", train.size());
    meta.put("selection", "feature groups by backward elimination and L2 by 5-fold CV macro F1 on the "
        + "training file; domain.* features cross-fitted (word ratios from other folds)");
    Calibration finalModel = fitCrossFitted(tr, chosen, l2, meta);
    ObjectNode fin = report.putObject("final");
    fin.set("features", Json.MAPPER.valueToTree(chosen));
    fin.put("l2", l2);
    fin.put("domain_words", finalModel.domainWords() == null ? 0 : finalModel.domainWords().size());
    fin.set("cv_train", tree(crossValidate(tr, chosen, l2)));
    fin.set("cv_train_raw_corenlp", tree(rawMetrics(tr)));
    valData.forEach((k, d) -> {
      fin.set(k, tree(evaluate(finalModel, d)));
      fin.set(k + "_raw_corenlp", tree(rawMetrics(d)));
    });
    // What CoreNLP itself is worth inside the shipped model: the same model without its outputs.
    List<String> noCoreNlp = without(chosen, List.of("corenlp", "extremes", "words", "phrases"));
    ObjectNode minus = report.putObject("final_without_corenlp_outputs");
    minus.set("features", Json.MAPPER.valueToTree(noCoreNlp));
    minus.set("cv_train", tree(crossValidate(tr, noCoreNlp, l2)));
    Calibration minusModel = fitCrossFitted(tr, noCoreNlp, l2, null);
    valData.forEach((k, d) -> minus.set(k, tree(evaluate(minusModel, d))));
    Files.createDirectories(out);
    Files.writeString(out.resolve("calibration.json"), finalModel.toJson(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("ablation.json"), Json.pretty(report), StandardCharsets.UTF_8);
    System.err.println("final: " + fin);
  }

  /**
   * The L2 of {@code grid} with the best cross-validated score (the first on a tie; {@code fallback}
   * when the grid is empty), each score recorded in {@code scores}. Shared by the English and French
   * trainers.
   */
  static double bestL2(double[] grid, double fallback, java.util.function.DoubleUnaryOperator cvScore,
      ObjectNode scores) {
    double best = fallback;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (double candidate : grid) {
      double s = cvScore.applyAsDouble(candidate);
      scores.put(Double.toString(candidate), s);
      if (s > bestScore) {
        bestScore = s;
        best = candidate;
      }
    }
    return best;
  }

  private static ObjectNode tree(SentimentMetrics m) {
    return Json.MAPPER.valueToTree(m);
  }

  static List<String> groups(List<String> features) {
    Set<String> g = new LinkedHashSet<>();
    features.forEach(f -> g.add(f.substring(0, f.indexOf('.'))));
    return List.copyOf(g);
  }

  private static List<String> only(List<String> features, List<String> groups) {
    return features.stream().filter(f -> groups.contains(f.substring(0, f.indexOf('.')))).toList();
  }

  private static List<String> without(List<String> features, List<String> groups) {
    return features.stream().filter(f -> !groups.contains(f.substring(0, f.indexOf('.')))).toList();
  }

  /**
   * Labelled texts as features: {@code x} has every feature but {@code domain.*} (zero until
   * {@link #withDomain} fills them), {@code words} CoreNLP's tokens for the word ratios.
   */
  record Data(List<double[]> x, int[] y, List<List<String>> words) {
    Data subset(List<Integer> rows) {
      List<double[]> sx = new ArrayList<>();
      List<List<String>> sw = new ArrayList<>();
      int[] sy = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        sx.add(x.get(rows.get(i)));
        sw.add(words.get(rows.get(i)));
        sy[i] = y[rows.get(i)];
      }
      return new Data(sx, sy, sw);
    }
  }

  /** {@code target}'s rows with the domain features of ratios fitted on {@code source}. */
  static Data withDomain(DomainWords domain, Data target) {
    List<double[]> x = new ArrayList<>();
    for (int i = 0; i < target.y.length; i++) {
      double[] row = target.x.get(i).clone();
      System.arraycopy(domain.features(target.words.get(i)), 0, row, SentimentFeatures.DOMAIN, 3);
      x.add(row);
    }
    return new Data(x, target.y, target.words);
  }

  /** Every row with domain features from ratios fitted on the other folds (out-of-fold). */
  static Data crossFit(Data d) {
    List<double[]> x = new ArrayList<>(d.x);
    for (int fold = 0; fold < FOLDS; fold++) {
      List<Integer> in = new ArrayList<>();
      List<Integer> outOfFold = new ArrayList<>();
      for (int i = 0; i < d.y.length; i++) {
        (i % FOLDS == fold ? outOfFold : in).add(i);
      }
      Data fitOn = d.subset(in);
      DomainWords w = DomainWords.fit(fitOn.words, fitOn.y);
      for (int i : outOfFold) {
        double[] row = d.x.get(i).clone();
        System.arraycopy(w.features(d.words.get(i)), 0, row, SentimentFeatures.DOMAIN, 3);
        x.set(i, row);
      }
    }
    return new Data(x, d.y, d.words);
  }

  private static boolean usesDomain(List<String> features) {
    return features.stream().anyMatch(f -> f.startsWith("domain."));
  }

  /**
   * A calibration fitted on {@code d}: when it reads domain words, the regression sees
   * cross-fitted word features and the model ships ratios fitted on all of {@code d}.
   */
  static Calibration fitCrossFitted(Data d, List<String> features, double l2, ObjectNode meta) {
    if (!usesDomain(features)) {
      return Calibration.fit(d.x, d.y, features, l2, null, meta);
    }
    return Calibration.fit(crossFit(d).x, d.y, features, l2, DomainWords.fit(d.words, d.y), meta);
  }

  private int changed(List<LabelledTexts.Item> items, Set<SocialText.Step> steps) {
    int n = 0;
    for (LabelledTexts.Item it : items) {
      if (!SocialText.normalise(it.text(), steps).equals(SocialText.normalise(it.text()))) {
        n++;
      }
    }
    return n;
  }

  private Data features(List<LabelledTexts.Item> items, Set<SocialText.Step> steps) {
    List<String> texts = new ArrayList<>();
    for (LabelledTexts.Item it : items) {
      String t = SocialText.normalise(it.text(), steps);
      t = t.isEmpty() ? "." : t;
      texts.add(SentimentScorer.truncate(t, SentimentSettings.DEFAULTS.maxChars()));
    }
    analyseAll(texts);
    List<double[]> x = new ArrayList<>();
    List<List<String>> words = new ArrayList<>();
    int[] y = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      CoreNlpSentiment.Analysis a = cache.get(texts.get(i));
      x.add(SentimentFeatures.of(items.get(i).text(), a, null));
      words.add(a.words());
      y[i] = items.get(i).label();
    }
    return new Data(x, y, words);
  }

  private static final CoreNlpSentiment.Analysis NONE =
      new CoreNlpSentiment.Analysis(new double[] {0, 0, 1, 0, 0}, 0, 0, 0, 0, List.of(), null);

  private void analyseAll(List<String> texts) {
    List<String> todo = texts.stream().distinct().filter(t -> !cache.containsKey(t)).toList();
    if (todo.isEmpty()) {
      return;
    }
    System.err.println("analysing " + todo.size() + " texts");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (String t : todo) {
        fs.add(pool.submit(() -> {
          CoreNlpSentiment.Analysis a = CoreNlpSentiment.analyse(pipeline, t);
          cache.put(t, a == null ? NONE : a);
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("CoreNLP failed on a training text", e);
    } finally {
      pool.shutdown();
    }
    if (cacheFile != null) {
      StringBuilder sb = new StringBuilder();
      for (String t : todo) {
        sb.append(Json.line(new Cached(t, cache.get(t)))).append('\n');
      }
      try {
        Files.writeString(cacheFile, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot write the analysis cache " + cacheFile, e);
      }
    }
  }

  private static SentimentMetrics rawMetrics(Data d) {
    int[] p = new int[d.y.length];
    for (int i = 0; i < p.length; i++) {
      double[] f = d.x.get(i);
      p[i] = CoreNlpSentiment.threeWay(new double[] {f[0], f[1], f[2], f[3], f[4]});
    }
    return SentimentMetrics.of(d.y, p);
  }

  /** Metrics of a calibration on texts it was not fitted on (domain features from its own ratios). */
  private static SentimentMetrics evaluate(Calibration c, Data d) {
    Data filled = c.domainWords() == null ? d : withDomain(c.domainWords(), d);
    int[] p = new int[d.y.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Calibration.argmax(c.predict(filled.x.get(i)));
    }
    return SentimentMetrics.of(d.y, p);
  }

  /** 5-fold cross-validation on the training file (fold = index mod 5: deterministic). */
  static SentimentMetrics crossValidate(Data d, List<String> features, double l2) {
    long[][] confusion = new long[3][3];
    for (int fold = 0; fold < FOLDS; fold++) {
      List<Integer> in = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int i = 0; i < d.y.length; i++) {
        (i % FOLDS == fold ? held : in).add(i);
      }
      Calibration c = fitCrossFitted(d.subset(in), features, l2, null);
      SentimentMetrics m = evaluate(c, d.subset(held));
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          confusion[a][b] += m.confusion()[a][b];
        }
      }
    }
    return SentimentMetrics.of(confusion);
  }
}
