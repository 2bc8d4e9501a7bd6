package dev.veille.sentiment;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.text.FrenchLexicon;
import dev.veille.text.LanguageDetector;
import dev.veille.text.SocialText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Trains {@code models/sentiment/fr/calibration.json} and measures every feature group left out in
 * turn (ablations), the same way as the English {@link CalibrationTrainer}: every decision
 * (feature groups by backward elimination, L2) is 5-fold cross-validated macro F1 on the training
 * file only; validation files are only reported. The {@code domain.*} features are cross-fitted
 * (a text's word ratios always come from other texts). No CoreNLP: it takes seconds.
 *
 * <pre>
 * java -cp "jobs/target/veille.jar:jobs/target/lib/*" dev.veille.sentiment.FrenchCalibrationTrainer \
 *     --train ../shared/data/sentiment/umsab_fr_train.tsv --val ../shared/data/sentiment/umsab_fr_val.tsv \
 *     --out models/sentiment/fr
 * </pre>
 */
public final class FrenchCalibrationTrainer {
  static final int FOLDS = CalibrationTrainer.FOLDS;
  static final double[] L2_GRID = {0.003, 0.01, 0.03, 0.1, 0.3};
  private static final List<String> NAMES = FrenchFeatures.NAMES;

  private FrenchCalibrationTrainer() {}

  public static void main(String[] args) throws Exception {
    Path train = null;
    List<Path> vals = new ArrayList<>();
    Path out = Path.of("models/sentiment/fr");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--train" -> train = Path.of(args[++i]);
        case "--val" -> vals.add(Path.of(args[++i]));
        case "--out" -> out = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("Unknown argument " + args[i]
            + " (expected --train, --val, --out)");
      }
    }
    if (train == null) {
      throw new IllegalArgumentException("Missing --train FILE.tsv");
    }
    run(train, vals, out);
  }

  /** Labelled texts as features ({@code domain.*} zero) and the terms the word ratios read. */
  record Data(List<FrenchFeatures.Text> texts, int[] y) {
    Data subset(List<Integer> rows) {
      List<FrenchFeatures.Text> t = new ArrayList<>();
      int[] sy = new int[rows.size()];
      for (int i = 0; i < rows.size(); i++) {
        t.add(texts.get(rows.get(i)));
        sy[i] = y[rows.get(i)];
      }
      return new Data(t, sy);
    }

    List<List<String>> terms() {
      return texts.stream().map(FrenchFeatures.Text::terms).toList();
    }
  }

  static Data data(List<LabelledTexts.Item> items) {
    return data(items, FrenchFeatures.Rules.ALL);
  }

  static Data data(List<LabelledTexts.Item> items, FrenchFeatures.Rules rules) {
    List<FrenchFeatures.Text> t = new ArrayList<>();
    int[] y = new int[items.size()];
    for (int i = 0; i < items.size(); i++) {
      t.add(FrenchFeatures.of(items.get(i).text(), null, rules));
      y[i] = items.get(i).label();
    }
    return new Data(t, y);
  }

  static void run(Path trainFile, List<Path> valFiles, Path out) throws Exception {
    List<LabelledTexts.Item> train = LabelledTexts.read(trainFile, 0);
    ObjectNode report = Json.object();
    report.put("train", trainFile.getFileName().toString());
    report.put("selection_metric", "macro_f1, 5-fold cross-validation on the training file");
    Set<String> trainTexts = new HashSet<>();
    train.forEach(it -> trainTexts.add(SocialText.normalise(it.text())));
    ObjectNode overlap = report.putObject("texts_shared_with_train");
    Map<String, Data> vals = new LinkedHashMap<>();
    Map<String, List<LabelledTexts.Item>> valItems = new LinkedHashMap<>();
    ObjectNode lang = report.putObject("language_detection");
    List<Path> all = new ArrayList<>();
    all.add(trainFile);
    all.addAll(valFiles);
    for (Path f : new LinkedHashSet<>(all)) {
      Map<String, Integer> counts = new TreeMap<>();
      for (LabelledTexts.Item it : LabelledTexts.read(f, 0)) {
        counts.merge(LanguageDetector.detect(SocialText.normalise(it.text(), FrenchFeatures.STEPS)), 1, Integer::sum);
      }
      lang.set(f.getFileName().toString(), Json.MAPPER.valueToTree(counts));
    }
    for (Path v : valFiles) {
      List<LabelledTexts.Item> items = LabelledTexts.read(v, 0);
      long shared = items.stream().filter(it -> trainTexts.contains(SocialText.normalise(it.text()))).count();
      overlap.put(v.getFileName().toString(), shared);
      vals.put(v.getFileName().toString(), data(items));
      valItems.put(v.getFileName().toString(), items);
    }
    Data tr = data(train);
    double defaultL2 = 0.01;

    List<String> groups = CalibrationTrainer.groups(NAMES);
    Map<String, List<String>> sets = new LinkedHashMap<>();
    sets.put("all", NAMES);
    sets.put("vader_only", only(List.of("vader")));
    sets.put("french_lexicon_only", only(List.of("vader", "polar")));
    sets.put("all_but_domain_words", without(List.of("domain")));
    sets.put("domain_only", only(List.of("domain")));
    for (String g : groups) {
      sets.put("all_but_" + g, without(List.of(g)));
    }
    ObjectNode feats = report.putObject("features");
    for (Map.Entry<String, List<String>> fs : sets.entrySet()) {
      ObjectNode row = feats.putObject(fs.getKey());
      row.set("cv_train", tree(crossValidate(tr, fs.getValue(), defaultL2)));
      Calibration c = fitCrossFitted(tr, fs.getValue(), defaultL2, null);
      vals.forEach((k, d) -> row.set(k, tree(evaluate(c, d))));
      System.err.println("features " + fs.getKey() + ": " + row);
    }

    List<String> kept = new ArrayList<>(groups);
    double best = crossValidate(tr, only(kept), defaultL2).macro_f1();
    ArrayNode steps = report.putArray("elimination");
    while (kept.size() > 1) {
      String drop = null;
      double dropScore = Double.NEGATIVE_INFINITY;
      for (String g : kept) {
        List<String> rest = new ArrayList<>(kept);
        rest.remove(g);
        double s = crossValidate(tr, only(rest), defaultL2).macro_f1();
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
    List<String> chosen = only(kept);

    double l2 = CalibrationTrainer.bestL2(L2_GRID, defaultL2, c -> crossValidate(tr, chosen, c).macro_f1(),
        report.putObject("l2"));

    ObjectNode meta = Json.object();
    meta.put("data", trainFile.getFileName().toString());
    meta.put("rows", train.size());
    meta.put("selection", "feature groups by backward elimination and L2 by 5-fold CV macro F1 on the "
        + "training file; domain.* features cross-fitted (word ratios from other folds)");
    Calibration model = fitCrossFitted(tr, chosen, l2, meta);
    ObjectNode fin = report.putObject("final");
    fin.set("features", Json.MAPPER.valueToTree(chosen));
    fin.put("l2", l2);
    fin.put("domain_words", model.domainWords() == null ? 0 : model.domainWords().size());
    fin.put("lexicon_words", FrenchLexicon.get().size());
    fin.set("cv_train", tree(crossValidate(tr, chosen, l2)));
    vals.forEach((k, d) -> fin.set(k, tree(evaluate(model, d))));
    // Accentless input (phones, quick typing): the validation files with every accent removed.
    valItems.forEach((k, items) -> fin.set(k + ":accentless", tree(evaluate(model, data(items.stream()
        .map(it -> new LabelledTexts.Item(it.label(), stripAccents(it.text()))).toList())))));

    // The French rules, each left out in turn, with the chosen features and L2.
    Map<String, FrenchFeatures.Rules> variants = new LinkedHashMap<>();
    FrenchFeatures.Rules a = FrenchFeatures.Rules.ALL;
    variants.put("without_negation", new FrenchFeatures.Rules(false, a.idioms(), a.boosters(), a.emojiNames(),
        a.stems(), a.elidedNe()));
    variants.put("without_idioms_and_social_words", new FrenchFeatures.Rules(a.negation(), false, a.boosters(),
        a.emojiNames(), a.stems(), a.elidedNe()));
    variants.put("without_boosters_and_contrast", new FrenchFeatures.Rules(a.negation(), a.idioms(), false,
        a.emojiNames(), a.stems(), a.elidedNe()));
    variants.put("without_emoji_names", new FrenchFeatures.Rules(a.negation(), a.idioms(), a.boosters(), false,
        a.stems(), a.elidedNe()));
    variants.put("domain_words_not_stems", new FrenchFeatures.Rules(a.negation(), a.idioms(), a.boosters(),
        a.emojiNames(), false, a.elidedNe()));
    variants.put("without_n_apostrophe_as_ne", new FrenchFeatures.Rules(a.negation(), a.idioms(), a.boosters(),
        a.emojiNames(), a.stems(), false));
    ObjectNode rules = report.putObject("rules");
    for (Map.Entry<String, FrenchFeatures.Rules> v : variants.entrySet()) {
      Data d = data(train, v.getValue());
      ObjectNode row = rules.putObject(v.getKey());
      row.set("cv_train", tree(crossValidate(d, chosen, l2)));
      Calibration c = fitCrossFitted(d, chosen, l2, null);
      valItems.forEach((k, items) -> row.set(k, tree(evaluate(c, data(items, v.getValue())))));
      System.err.println("rules " + v.getKey() + ": " + row);
    }

    Files.createDirectories(out);
    Files.writeString(out.resolve("calibration.json"), model.toJson(), StandardCharsets.UTF_8);
    Files.writeString(out.resolve("ablation.json"), Json.pretty(report), StandardCharsets.UTF_8);
    System.err.println("final: " + fin);
  }

  static String stripAccents(String s) {
    return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
  }

  private static ObjectNode tree(SentimentMetrics m) {
    return Json.MAPPER.valueToTree(m);
  }

  private static List<String> only(List<String> groups) {
    return NAMES.stream().filter(f -> groups.contains(f.substring(0, f.indexOf('.')))).toList();
  }

  private static List<String> without(List<String> groups) {
    return NAMES.stream().filter(f -> !groups.contains(f.substring(0, f.indexOf('.')))).toList();
  }

  private static boolean usesDomain(List<String> features) {
    return features.stream().anyMatch(f -> f.startsWith("domain."));
  }

  /** Rows with domain features from ratios fitted on the other folds (out-of-fold). */
  static List<double[]> crossFit(Data d) {
    List<double[]> x = new ArrayList<>();
    d.texts.forEach(t -> x.add(t.features()));
    for (int fold = 0; fold < FOLDS; fold++) {
      List<Integer> in = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int i = 0; i < d.y.length; i++) {
        (i % FOLDS == fold ? held : in).add(i);
      }
      Data fitOn = d.subset(in);
      DomainWords w = DomainWords.fit(fitOn.terms(), fitOn.y);
      for (int i : held) {
        x.set(i, FrenchFeatures.withDomain(d.texts.get(i), w));
      }
    }
    return x;
  }

  static Calibration fitCrossFitted(Data d, List<String> features, double l2, ObjectNode meta) {
    if (!usesDomain(features)) {
      List<double[]> x = d.texts.stream().map(FrenchFeatures.Text::features).toList();
      return Calibration.fit(x, d.y, features, l2, null, meta, NAMES);
    }
    return Calibration.fit(crossFit(d), d.y, features, l2, DomainWords.fit(d.terms(), d.y), meta, NAMES);
  }

  static SentimentMetrics evaluate(Calibration c, Data d) {
    int[] p = new int[d.y.length];
    for (int i = 0; i < p.length; i++) {
      FrenchFeatures.Text t = d.texts.get(i);
      double[] x = c.domainWords() == null ? t.features() : FrenchFeatures.withDomain(t, c.domainWords());
      p[i] = Calibration.argmax(c.predict(x));
    }
    return SentimentMetrics.of(d.y, p);
  }

  static SentimentMetrics crossValidate(Data d, List<String> features, double l2) {
    long[][] confusion = new long[3][3];
    for (int fold = 0; fold < FOLDS; fold++) {
      List<Integer> in = new ArrayList<>();
      List<Integer> held = new ArrayList<>();
      for (int i = 0; i < d.y.length; i++) {
        (i % FOLDS == fold ? held : in).add(i);
      }
      SentimentMetrics m = evaluate(fitCrossFitted(d.subset(in), features, l2, null), d.subset(held));
      for (int a = 0; a < 3; a++) {
        for (int b = 0; b < 3; b++) {
          confusion[a][b] += m.confusion()[a][b];
        }
      }
    }
    return SentimentMetrics.of(confusion);
  }
}
