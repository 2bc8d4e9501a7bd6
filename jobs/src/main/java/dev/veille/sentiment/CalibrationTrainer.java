package dev.veille.sentiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.text.LanguageDetector;
import dev.veille.text.SocialText;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains {@code models/sentiment/calibration.json} and measures every normalisation step and
 * feature group (ablations). Decisions use 5-fold cross-validation on the training file only;
 * the validation files are only reported.
 *
 * <pre>
 * java -cp "jobs/target/veille.jar:jobs/target/lib/*" dev.veille.sentiment.CalibrationTrainer \
 *     --train ../shared/data/sentiment/umsab_en_train.tsv \
 *     --val ../shared/data/sentiment/umsab_en_val.tsv --val ../shared/data/sentiment/tweeteval_val.tsv \
 *     --out models/sentiment
 * </pre>
 */
public final class CalibrationTrainer {
  private static final double L2 = 0.01;

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
          com.fasterxml.jackson.databind.JsonNode o = Json.MAPPER.readTree(line);
          double[] d = new double[5];
          for (int i = 0; i < 5; i++) {
            d[i] = o.get("d").get(i).asDouble();
          }
          cache.put(o.get("t").asText(), new CoreNlpSentiment.Analysis(d, o.get("s").asInt(),
              o.get("n").asInt(), o.get("lo").asDouble(), o.get("hi").asDouble()));
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    this.pipeline = CoreNlpSentiment.pipeline(SentimentSettings.DEFAULTS.parser(),
        SentimentSettings.DEFAULTS.maxSentenceTokens());
  }

  public static void main(String[] args) throws Exception {
    Path train = null;
    List<Path> vals = new ArrayList<>();
    List<Path> languageFiles = new ArrayList<>();
    Path out = Path.of("models/sentiment");
    int threads = 2;
    Path cacheFile = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--train" -> train = Path.of(args[++i]);
        case "--val" -> vals.add(Path.of(args[++i]));
        case "--language-check" -> languageFiles.add(Path.of(args[++i]));
        case "--out" -> out = Path.of(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--cache" -> cacheFile = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
      }
    }
    new CalibrationTrainer(threads, cacheFile).run(train, vals, languageFiles, out);
  }

  void run(Path trainFile, List<Path> valFiles, List<Path> languageFiles, Path out) throws Exception {
    List<LabelledTexts.Item> train = LabelledTexts.read(trainFile, 0);
    Map<String, List<LabelledTexts.Item>> vals = new LinkedHashMap<>();
    for (Path v : valFiles) {
      vals.put(v.getFileName().toString(), LabelledTexts.read(v, 0));
    }
    ObjectNode report = Json.object();
    report.put("train", trainFile.getFileName().toString());

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

    // Normalisation variants: none, all, and all but one step.
    Map<String, Set<SocialText.Step>> variants = new LinkedHashMap<>();
    variants.put("none", EnumSet.noneOf(SocialText.Step.class));
    variants.put("all", EnumSet.allOf(SocialText.Step.class));
    for (SocialText.Step s : SocialText.Step.values()) {
      EnumSet<SocialText.Step> v = EnumSet.allOf(SocialText.Step.class);
      v.remove(s);
      variants.put("all_but_" + s.name().toLowerCase(java.util.Locale.ROOT), v);
    }
    List<String> allFeatures = SentimentFeatures.NAMES;
    ObjectNode norm = report.putObject("normalisation");
    for (Map.Entry<String, Set<SocialText.Step>> v : variants.entrySet()) {
      Data tr = features(train, v.getValue());
      ObjectNode row = norm.putObject(v.getKey());
      row.put("texts_changed_vs_all_train", changed(train, v.getValue()));
      row.set("cv_train_raw", Json.MAPPER.valueToTree(rawMetrics(tr)));
      row.set("cv_train", Json.MAPPER.valueToTree(crossValidate(tr, allFeatures)));
      Calibration c = Calibration.fit(tr.x, tr.y, allFeatures, L2, null);
      for (Map.Entry<String, List<LabelledTexts.Item>> val : vals.entrySet()) {
        Data d = features(val.getValue(), v.getValue());
        row.set(val.getKey() + "_raw", Json.MAPPER.valueToTree(rawMetrics(d)));
        row.set(val.getKey(), Json.MAPPER.valueToTree(evaluate(c, d)));
      }
      System.err.println("normalisation " + v.getKey() + ": " + row);
    }

    // Feature groups, on fully normalised text: all, each group left out, CoreNLP alone.
    Set<String> groups = new LinkedHashSet<>();
    allFeatures.forEach(f -> groups.add(f.substring(0, f.indexOf('.'))));
    Map<String, List<String>> featureSets = new LinkedHashMap<>();
    featureSets.put("all", allFeatures);
    featureSets.put("corenlp_only", allFeatures.stream().filter(f -> f.startsWith("corenlp.")).toList());
    for (String g : groups) {
      featureSets.put("all_but_" + g, allFeatures.stream().filter(f -> !f.startsWith(g + ".")).toList());
    }
    Data tr = features(train, SocialText.ALL_STEPS);
    Map<String, Data> valData = new LinkedHashMap<>();
    vals.forEach((k, v) -> valData.put(k, features(v, SocialText.ALL_STEPS)));
    ObjectNode feats = report.putObject("features");
    Map<String, Double> cvScore = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> fs : featureSets.entrySet()) {
      ObjectNode row = feats.putObject(fs.getKey());
      SentimentMetrics cv = crossValidate(tr, fs.getValue());
      cvScore.put(fs.getKey(), cv.macro_recall());
      row.set("cv_train", Json.MAPPER.valueToTree(cv));
      Calibration c = Calibration.fit(tr.x, tr.y, fs.getValue(), L2, null);
      valData.forEach((k, d) -> row.set(k, Json.MAPPER.valueToTree(evaluate(c, d))));
      System.err.println("features " + fs.getKey() + ": " + row);
    }

    // Keep a group only if leaving it out lowers cross-validated macro recall on the training file.
    List<String> chosen = new ArrayList<>();
    ArrayNode dropped = report.putArray("dropped_groups");
    for (String g : groups) {
      Double without = cvScore.get("all_but_" + g);
      if (g.equals("corenlp") || without == null || without < cvScore.get("all")) {
        allFeatures.stream().filter(f -> f.startsWith(g + ".")).forEach(chosen::add);
      } else {
        dropped.add(g);
      }
    }
    ObjectNode meta = Json.object();
    meta.put("data", trainFile.getFileName().toString());
    meta.put("rows", train.size());
    meta.put("selection", "feature groups kept when leaving them out lowers 5-fold CV macro recall on the training file");
    Calibration finalModel = Calibration.fit(tr.x, tr.y, chosen, L2, meta);
    ObjectNode fin = report.putObject("final");
    fin.set("features", Json.MAPPER.valueToTree(chosen));
    fin.set("cv_train", Json.MAPPER.valueToTree(crossValidate(tr, chosen)));
    fin.set("cv_train_raw_corenlp", Json.MAPPER.valueToTree(rawMetrics(tr)));
    valData.forEach((k, d) -> {
      fin.set(k, Json.MAPPER.valueToTree(evaluate(finalModel, d)));
      fin.set(k + "_raw_corenlp", Json.MAPPER.valueToTree(rawMetrics(d)));
    });
    Files.createDirectories(out);
    Files.writeString(out.resolve("calibration.json"), finalModel.toJson(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("ablation.json"), Json.pretty(report), StandardCharsets.UTF_8);
    System.err.println("final: " + fin);
  }

  record Data(List<double[]> x, int[] y) {}

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
    int[] y = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      CoreNlpSentiment.Analysis a = cache.get(texts.get(i));
      x.add(SentimentFeatures.of(items.get(i).text(), a));
      y[i] = items.get(i).label();
    }
    return new Data(x, y);
  }

  private static final CoreNlpSentiment.Analysis NONE =
      new CoreNlpSentiment.Analysis(new double[] {0, 0, 1, 0, 0}, 0, 0, 0, 0);

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
      throw new IllegalStateException(e);
    } finally {
      pool.shutdown();
    }
    if (cacheFile != null) {
      StringBuilder sb = new StringBuilder();
      for (String t : todo) {
        CoreNlpSentiment.Analysis a = cache.get(t);
        ObjectNode o = Json.object();
        o.put("t", t);
        o.set("d", Json.MAPPER.valueToTree(a.distribution()));
        o.put("s", a.sentences());
        o.put("n", a.tokens());
        o.put("lo", a.minSentence());
        o.put("hi", a.maxSentence());
        sb.append(Json.line(o)).append('\n');
      }
      try {
        Files.writeString(cacheFile, sb, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
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

  private static SentimentMetrics evaluate(Calibration c, Data d) {
    int[] p = new int[d.y.length];
    for (int i = 0; i < p.length; i++) {
      double[] q = c.predict(d.x.get(i));
      p[i] = q[0] >= q[1] && q[0] >= q[2] ? 0 : q[1] >= q[2] ? 1 : 2;
    }
    return SentimentMetrics.of(d.y, p);
  }

  /** 5-fold cross-validation on the training file (fold = index mod 5: deterministic). */
  private static SentimentMetrics crossValidate(Data d, List<String> features) {
    long[][] confusion = new long[3][3];
    for (int fold = 0; fold < 5; fold++) {
      List<double[]> trX = new ArrayList<>();
      List<Integer> trY = new ArrayList<>();
      List<double[]> teX = new ArrayList<>();
      List<Integer> teY = new ArrayList<>();
      for (int i = 0; i < d.y.length; i++) {
        if (i % 5 == fold) {
          teX.add(d.x.get(i));
          teY.add(d.y[i]);
        } else {
          trX.add(d.x.get(i));
          trY.add(d.y[i]);
        }
      }
      Calibration c = Calibration.fit(trX, trY.stream().mapToInt(Integer::intValue).toArray(), features, L2, null);
      SentimentMetrics m = evaluate(c, new Data(teX, teY.stream().mapToInt(Integer::intValue).toArray()));
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          confusion[a][b] += m.confusion()[a][b];
        }
      }
    }
    return SentimentMetrics.of(confusion);
  }
}
