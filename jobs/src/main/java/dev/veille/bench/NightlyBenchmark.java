package dev.veille.bench;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.callUDF;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;

import dev.veille.common.ConfigFile;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Progress;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.SeenFiles;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestJob;
import dev.veille.moderation.ModerationJob;
import dev.veille.moderation.ModerationSettings;
import dev.veille.nightly.NightlySettings;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import dev.veille.sentiment.SentimentJob;
import dev.veille.topics.ModelStore;
import dev.veille.topics.TopicsAssignJob;
import dev.veille.topics.TopicsConfig;
import dev.veille.topics.TopicsTrainJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code veille bench nightly}: does a nightly run cost what its new data costs, or what the
 * warehouse holds? In one run, the same nightly (adding {@code newPosts} generated posts and their
 * comments) is timed on top of a small and a large history, {@code rounds} times each, alternated,
 * every round from the same history; {@code history_ratio} = the large side's median / the small
 * side's (target <= 1.5).
 *
 * <p>The timed part is {@code veille nightly --config ... --date ...} run through the CLI (the
 * {@link Cli} the command hands in: this package does not depend on the CLI's), every stage as a
 * scheduler runs it. Building the history is not timed and takes shortcuts, because
 * scoring a million texts with CoreNLP would take hours on two cores:
 * <ul>
 *   <li>history exports are ingested by the real ingest (so the ledger, tables and partitions are
 *       what a year of nightly runs leaves);
 *   <li>history sentiment rows are written without CoreNLP: one row per distinct normalised text
 *       hash (the real hash), with a null sentiment and reason {@code bench_setup}, and one link
 *       per post and comment, through the same {@link TableWriter};
 *   <li>the theme model is trained once on the small history and copied into the large warehouse
 *       (with the {@code themes} catalogue); history posts get {@code themes_assigned} rows under
 *       that model with a theme picked by hash, so the nightly assigns only the new posts, as it
 *       would after a year of nights;
 *   <li>the history's comments of the moderation window are moderated by the real
 *       {@link ModerationJob} as of the history's last night, so the timed night moderates only the
 *       new comments, as it would after the nights that moderated the others;
 *   <li>the report's per-post table ({@code post_facts}) is built by the real
 *       {@link dev.veille.reports.PostFacts} as of the history's last night, so the timed night's
 *       report derives only the posts that changed, as after the nights that reported.
 * </ul>
 * A warm-up nightly on a tiny warehouse first loads CoreNLP and warms the JVM, so that neither
 * measured run pays for it.
 */
public final class NightlyBenchmark {
  private static final LocalDate HISTORY_AS_OF = GeneratorSettings.DEFAULT_AS_OF;
  private static final LocalDate NIGHT = HISTORY_AS_OF.plusDays(1);
  /** The nightly's line closing a stage: {@code [veille 01:02] nightly: 2026-11-29: ingest done in 12.3 s: ...}. */
  private static final Pattern STAGE_DONE =
      Pattern.compile("^\\[veille [0-9:]+\\] nightly: [0-9-]+: ([a-z]+) (?:done in ([0-9.]+) s|skipped)");
  private static final Pattern COUNT = Pattern.compile("\\b([a-z_]+)=(\\d+)\\b");

  private final int historySmall;
  private final int historyLarge;
  private final int newPosts;
  private final long seed;
  private final int rounds;
  private final Path work;
  private final Cli cli;

  /** Runs one {@code veille} command line, printing to {@code out} and {@code err}; returns its exit code. */
  @FunctionalInterface
  public interface Cli {
    int execute(String[] args, PrintWriter out, PrintWriter err);
  }

  /** One measured nightly: its time, the seconds of each stage as the nightly reports them, its counts. */
  public record Night(long history_posts, double seconds, Map<String, Double> stage_s, Map<String, Long> counts) {}

  /** Printed as one JSON line. */
  public record Result(String bench, int history_small, int history_large, int new_posts, double small_history_s,
      double large_history_s, double history_ratio, int rounds, List<Double> small_rounds_s,
      List<Double> large_rounds_s, List<Double> round_ratios, Night small, Night large, String setup, int cores,
      String spark) {}

  /** @param rounds timed nights on each history, each from the same history (the medians are compared) */
  public NightlyBenchmark(int historySmall, int historyLarge, int newPosts, int rounds, long seed, Path work,
      Cli cli) {
    this.historySmall = historySmall;
    this.historyLarge = historyLarge;
    this.newPosts = newPosts;
    this.rounds = rounds;
    this.seed = seed;
    this.work = work;
    this.cli = cli;
  }

  public Result run(SparkSession spark) throws IOException {
    return BenchDirs.inWorkDir(work, "veille-bench-nightly", dir -> {
      Progress.log("bench", "warming up");
      Path warm = dir.resolve("warmup");
      setUpHistory(spark, warm, Math.min(500, historySmall), null);
      night(warm, Math.min(500, historySmall), Math.min(100, newPosts));
      Progress.log("bench", "history of %,d posts", historySmall);
      Path small = dir.resolve("small");
      setUpHistory(spark, small, historySmall, null);
      Progress.log("bench", "history of %,d posts", historyLarge);
      Path large = dir.resolve("large");
      setUpHistory(spark, large, historyLarge, small);
      if (rounds > 1) {
        // Each round starts from the same history: a copy kept aside (modification times kept, so
        // that the ingest ledger knows the history's files by path, size and time, as in round 1).
        copyTree(small, dir.resolve("small.history"));
        copyTree(large, dir.resolve("large.history"));
      }
      List<Night> smallNights = new ArrayList<>();
      List<Night> largeNights = new ArrayList<>();
      // Rounds alternate the two histories, so that a machine slowing down or speeding up during
      // the run weighs on both sides.
      for (int r = 1; r <= rounds; r++) {
        if (r > 1) {
          restore(dir.resolve("small.history"), small);
          restore(dir.resolve("large.history"), large);
        }
        Progress.log("bench", "round %d of %d: timing a nightly of %,d new posts on %,d posts of history", r, rounds,
            newPosts, historySmall);
        smallNights.add(night(small, historySmall, newPosts));
        Progress.log("bench", "round %d of %d: timing a nightly of %,d new posts on %,d posts of history", r, rounds,
            newPosts, historyLarge);
        largeNights.add(night(large, historyLarge, newPosts));
      }
      return result(historySmall, historyLarge, newPosts, smallNights, largeNights,
          Runtime.getRuntime().availableProcessors(), spark.version());
    });
  }

  /**
   * The printed result: each side's median night over the rounds, their ratio, and every round's
   * seconds and ratio. The stage seconds and counts are those of each side's median night.
   */
  static Result result(int historySmall, int historyLarge, int newPosts, List<Night> small, List<Night> large,
      int cores, String sparkVersion) {
    if (small.isEmpty() || small.size() != large.size()) {
      throw new IllegalArgumentException("Expected as many small as large nights, at least one: " + small.size()
          + " and " + large.size());
    }
    Night s = medianNight(small);
    Night l = medianNight(large);
    List<Double> smallSeconds = small.stream().map(Night::seconds).toList();
    List<Double> largeSeconds = large.stream().map(Night::seconds).toList();
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < small.size(); i++) {
      ratios.add(round(large.get(i).seconds() / small.get(i).seconds()));
    }
    return new Result("nightly", historySmall, historyLarge, newPosts, s.seconds(), l.seconds(),
        round(l.seconds() / s.seconds()), small.size(), smallSeconds, largeSeconds, ratios, s, l,
        "history ingested for real; its sentiment written without CoreNLP; themes model trained on the small"
            + " history, history assignments by hash; every round from the same history",
        cores, sparkVersion);
  }

  /** The night of median time (of an even count, the faster of the two middle ones). */
  private static Night medianNight(List<Night> nights) {
    List<Night> sorted = nights.stream().sorted(java.util.Comparator.comparingDouble(Night::seconds)).toList();
    return sorted.get((sorted.size() - 1) / 2);
  }

  /**
   * Puts the history kept aside back in place of a side's folder, and drops the Delta logs this
   * JVM cached for its tables: they still describe the versions the last round committed.
   */
  private static void restore(Path history, Path side) throws IOException {
    BenchDirs.deleteTree(side);
    copyTree(history, side);
    org.apache.spark.sql.delta.DeltaLog.clearCache();
  }

  /**
   * A warehouse holding {@code posts} posts of history (and their comments, sentiment and themes),
   * with a config whose sources are globs over {@code landing/}: the nightly finds the history
   * files in the ledger and ingests only the new ones.
   */
  private void setUpHistory(SparkSession spark, Path dir, int posts, Path modelFrom) throws IOException {
    Path landing = dir.resolve("landing");
    SampleGenerator.generate(new GeneratorSettings(seed, posts, HISTORY_AS_OF, 4), landing.resolve("history"));
    Path configFile = writeConfig(dir, landing.resolve("history"));
    ConfigFile file = ConfigFile.read(configFile);
    VeilleConfig config = ConfigLoader.load(file);
    IngestJob ingest = new IngestJob(config, false);
    ingest.validate();
    ingest.run(spark);
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    writeHistorySentiment(spark, wh);
    // The history's files count as looked at by sentiment, as after the nights that scored them.
    SeenFiles sentimentFiles = SeenFiles.of(wh, SeenFiles.SENTIMENT, null);
    sentimentFiles.record(sentimentFiles.read());
    ModelStore store = new ModelStore(wh);
    if (modelFrom == null) {
      TopicsTrainJob train = new TopicsTrainJob(config, TopicsConfig.from(file.section("topics")));
      train.validate();
      train.run(spark);
    } else {
      copyTree(modelFrom.resolve("warehouse/models"), dir.resolve("warehouse/models"));
      copyTree(modelFrom.resolve("warehouse/themes"), dir.resolve("warehouse/themes"));
    }
    writeHistoryThemes(spark, wh, store);
    // The history's files count as looked at by the model's assignments, as after the nights that assigned them.
    SeenFiles themeFiles = SeenFiles.of(wh, SeenFiles.THEMES, store.current().orElseThrow());
    themeFiles.record(themeFiles.read());
    // The cutoff the nightly of HISTORY_AS_OF used (the next midnight in the nightly's zone).
    java.time.ZoneId zone = NightlySettings.from(file.section("nightly"), config.defaultTimezone()).timezone();
    ModerationJob moderation = new ModerationJob(config, ModerationSettings.from(file.section("moderation")),
        HISTORY_AS_OF, HISTORY_AS_OF.plusDays(1).atStartOfDay(zone).toInstant(), false);
    moderation.validate();
    moderation.run(spark);
    // The report's per-post table as the history's last report left it, as after the nights that reported.
    dev.veille.reports.PostFacts.refresh(spark, wh,
        dev.veille.analytics.ReportSettings.from(file.section("reports")).maturityDays());
  }

  /** The generated config, its sources turned into globs over every folder of {@code landing/}. */
  private static Path writeConfig(Path dir, Path history) throws IOException {
    String yaml = Files.readString(history.resolve("veille.yaml"))
        .replaceAll("(?m)^warehouse: .*$", "warehouse: warehouse")
        .replaceAll("path: exports/([a-z_]+)\\.(csv|jsonl)", "path: landing/*/exports/$1*.$2")
        // A fixed k: the model is trained once, in setup; choosing k is the topics benchmark's business.
        + "\ntopics:\n  k: 8\n";
    copyTree(history.resolve("mappings"), dir.resolve("mappings"));
    Path file = dir.resolve("veille.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  /** Sentiment rows for every history text without CoreNLP (see the class comment), and their links. */
  private static void writeHistorySentiment(SparkSession spark, Warehouse wh) {
    SentimentJob.registerHash(spark);
    Instant at = Instant.now();
    Dataset<Row> texts = wh.read(spark, Tables.POSTS)
        .select(col("post_key").as("item_key"), lit("posts").as("source"), col("text"))
        .unionByName(wh.read(spark, Tables.COMMENTS)
            .select(col("comment_key").as("item_key"), lit("comments").as("source"), col("text")))
        .filter(col("text").isNotNull())
        .withColumn("text_hash", callUDF("veille_text_hash", col("text")));
    TableWriter writer = new TableWriter(spark, wh, "bench-setup-sentiment");
    List<Column> sentiment = new ArrayList<>(List.of(col("text_hash")));
    for (String p : List.of("p_very_negative", "p_negative", "p_neutral", "p_positive", "p_very_positive",
        "cal_negative", "cal_neutral", "cal_positive", "score")) {
      sentiment.add(lit(null).cast("double").as(p));
    }
    sentiment.addAll(List.of(lit(null).cast("string").as("label"), lit(0).as("sentences"), lit(false).as("truncated"),
        lit("und").as("language"), lit("bench_setup").as("reason"), lit("bench-setup").as("model_version"),
        lit(at).as("scored_at"), lit(at.atOffset(ZoneOffset.UTC).toString().substring(0, 7)).as("scored_month")));
    writer.write(Tables.SENTIMENT, texts.select("text_hash").distinct().select(sentiment.toArray(Column[]::new)),
        List.of(col("scored_at").desc()));
    writer.write(Tables.SENTIMENT_LINKS, texts.select(col("item_key"), col("source"), col("text_hash"),
        lit(at).as("linked_at")), List.of(col("linked_at").desc()));
    // Published: its staging folder goes, else the timed nightly starts by recovering it.
    writer.discard();
  }

  /** themes_assigned rows for every history post under the current model, the theme picked by hash. */
  private static void writeHistoryThemes(SparkSession spark, Warehouse wh, ModelStore store) {
    String version = store.current().orElseThrow(() -> new IllegalStateException("No theme model in " + store.root()));
    List<String> ids = ModelStore.themeIds(store.card(version));
    Dataset<Row> rows = wh.read(spark, Tables.POSTS).select(col("post_key"),
        element_at(array(ids.stream().map(functions::lit).toArray(Column[]::new)), pmod(abs(hash(col("post_key"))), lit(ids.size())).plus(1))
            .as("theme_id"),
        lit(0.5).as("confidence"), lit(version).as("model_version"), lit(Instant.now()).as("assigned_at"),
        col("published_month"));
    TableWriter writer = new TableWriter(spark, wh, "bench-setup-themes");
    writer.write(Tables.THEMES_ASSIGNED, rows, TopicsAssignJob.MERGE_ORDER);
    writer.discard();
  }

  /** Drops {@code posts} new posts into the landing folder, then times {@code veille nightly}. */
  private Night night(Path dir, int history, int posts) throws IOException {
    SampleGenerator.generate(new GeneratorSettings(seed + 1, posts, NIGHT, 1), dir.resolve("landing/new"));
    StringWriter out = new StringWriter();
    StageClock clock = new StageClock();
    String[] args = {"nightly", "--config", dir.resolve("veille.yaml").toString(), "--date", NIGHT.toString()};
    long t0 = System.nanoTime();
    int exit = cli.execute(args, new PrintWriter(out, true), new PrintWriter(clock, true));
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("veille nightly exited with " + exit + ":\n" + clock.text());
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    Matcher m = COUNT.matcher(out.toString());
    while (m.find()) {
      counts.putIfAbsent(m.group(1), Long.parseLong(m.group(2)));
    }
    return new Night(history, round(seconds), clock.stageSeconds(), counts);
  }

  /**
   * The CLI's stderr, keeping the seconds of each stage from the nightly's "done in" lines (a
   * stage's own progress lines can start late: sentiment prints its first line after it has found
   * the new texts), and passing every line on.
   */
  private static final class StageClock extends Writer {
    private final StringBuilder all = new StringBuilder();
    private final StringBuilder line = new StringBuilder();
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    @Override
    public synchronized void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        char c = buf[i];
        all.append(c);
        if (c == '\n') {
          Matcher m = STAGE_DONE.matcher(line);
          if (m.find()) {
            seconds.put(m.group(1), m.group(2) == null ? 0.0 : Double.parseDouble(m.group(2)));
          }
          // Passed on, so the person running the benchmark still sees the run's progress.
          System.err.println(line);
          line.setLength(0);
        } else {
          line.append(c);
        }
      }
    }

    /** Seconds per stage (ingest, sentiment, themes, report), as the nightly printed them (0 when skipped). */
    synchronized Map<String, Double> stageSeconds() {
      return new LinkedHashMap<>(seconds);
    }

    synchronized String text() {
      return all.toString();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
