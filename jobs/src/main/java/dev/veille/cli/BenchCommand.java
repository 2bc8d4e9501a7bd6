package dev.veille.cli;

import dev.veille.bench.IngestBenchmark;
import dev.veille.bench.SentimentBenchmark;
import dev.veille.common.ConfigException;
import dev.veille.common.Json;
import dev.veille.common.SparkSessions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks: each prints one JSON line with both sides of its comparison, measured in the same run.",
    subcommands = {BenchCommand.Ingest.class, BenchCommand.Topics.class, BenchCommand.Sentiment.class,
        BenchCommand.Nightly.class, BenchCommand.Moderation.class})
public final class BenchCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing benchmark (ingest, topics, sentiment, nightly or moderation)");
  }

  /** Options of the benchmarks that generate their input. */
  static final class GeneratedInput {
    @Option(names = "--work", paramLabel = "DIR",
        description = "A new or empty folder for the generated input and the outputs, kept after"
            + " (default: a temporary folder, deleted after).")
    Path work;

    @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** {@code --work}, checked before any work: null, a new folder, or an empty one. */
    Path work() throws java.io.IOException {
      if (work != null && java.nio.file.Files.isDirectory(work)) {
        try (var entries = java.nio.file.Files.list(work)) {
          if (entries.findAny().isPresent()) {
            // An earlier run's warehouse there would skip every generated file as already
            // ingested, and emptying a folder the user named is not the benchmark's to do.
            throw new ConfigException("Invalid --work: " + work + " is not empty (a benchmark needs a"
                + " new or empty folder)");
          }
        }
      }
      return work;
    }
  }

  /** Prints a benchmark's result as its one JSON line. */
  static int print(CommandLine.Model.CommandSpec spec, Object result) {
    spec.commandLine().getOut().println(Json.line(result));
    spec.commandLine().getOut().flush();
    return 0;
  }

  @Command(name = "ingest", mixinStandardHelpOptions = true,
      description = {"Times veille ingest against a plain Spark CSV-to-Parquet copy of the same files.",
          "The files are a generated Meta Business Suite export; both run on them once to warm up, then"
              + " --rounds times: each side's median is reported. Target: ratio = veille_s / plain_s <= 1.3."})
  static final class Ingest implements Callable<Integer> {
    @Option(names = "--posts", defaultValue = "1000000", description = "Posts in the generated export (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--rounds", defaultValue = "3", description = "Measured rounds after the warm-up (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    GeneratedInput input;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (posts < 1) {
        throw new ConfigException("Invalid --posts: " + posts + " (expected a positive number of posts)");
      }
      if (rounds < 1) {
        throw new ConfigException("Invalid --rounds: " + rounds + " (expected a positive number of rounds)");
      }
      return print(spec, new IngestBenchmark(posts, rounds, input.seed, input.work())
          .run(SparkSessions.getOrCreate("veille bench ingest")));
    }
  }

  @Command(name = "topics", mixinStandardHelpOptions = true,
      description = {"Times topics train and topics assign --all on generated posts.",
          "Generates --posts posts and ingests them (not timed). Targets: train_s <= 300 for 200,000"
              + " posts; assign_posts_per_s >= 20,000 on 2 cores."})
  static final class Topics implements Callable<Integer> {
    @Option(names = "--posts", defaultValue = "200000", description = "Posts to generate (default: ${DEFAULT-VALUE}).")
    int posts;

    @Option(names = "--k", paramLabel = "K", description = "Number of themes (default: automatic).")
    Integer k;

    @Option(names = "--model", paramLabel = "MODEL", description = "Model family (default: kmeans-tfidf).")
    String model;

    @Mixin
    GeneratedInput input;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      var topics = TopicsCommand.overrides(dev.veille.topics.TopicsConfig.DEFAULT, k, model, null);
      return print(spec, new dev.veille.bench.TopicsBenchmark(posts, input.seed, input.work(), topics)
          .run(SparkSessions.getOrCreate("veille bench topics")));
    }
  }

  @Command(name = "sentiment", mixinStandardHelpOptions = true,
      description = {"Times Veille's sentiment tiers against the parser's limit and CoreNLP's default pipeline.",
          "On the first --limit texts of a TSV: a plain shift-reduce CoreNLP pipeline on one thread (its rate"
              + " x cores is the limit), Veille's full and lexical tiers through Spark, and CoreNLP's default"
              + " (PCFG) pipeline on the first --baseline-limit texts. With a label column, macro F1 of each.",
          "Also long inputs (a 10,000-character post, 500 emoji, 2,000 words in one sentence) against an ordinary"
              + " text of max_chars on one thread. Targets: see docs/benchmarks.md."})
  static final class Sentiment implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "A TSV with a text column.")
    Path input;

    @Option(names = "--limit", defaultValue = "2000", paramLabel = "N", description = "Texts to score (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--baseline-limit", defaultValue = "200", paramLabel = "N",
        description = "Texts for CoreNLP's default (PCFG) pipeline, 1 to 4 a second; 0 skips it"
            + " (default: ${DEFAULT-VALUE}).")
    int baselineLimit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new ConfigException("Invalid --limit: " + limit + " (expected a positive number of texts)");
      }
      if (baselineLimit < 0) {
        throw new ConfigException("Invalid --baseline-limit: " + baselineLimit + " (expected 0 or more texts)");
      }
      return print(spec, new SentimentBenchmark(input, limit, baselineLimit)
          .run(SparkSessions.getOrCreate("veille bench sentiment")));
    }
  }

  @Command(name = "nightly", mixinStandardHelpOptions = true,
      description = {"Times veille nightly adding --new posts to a small and to a large history.",
          "The histories (--history-small, then --history-large posts) are built untimed, their"
              + " sentiment without CoreNLP (see docs/benchmarks.md). Target: history_ratio = large_history_s"
              + " / small_history_s <= 1.5, each the median of --rounds nights."})
  static final class Nightly implements Callable<Integer> {
    @Option(names = "--history-small", defaultValue = "50000", paramLabel = "N",
        description = "Posts of history under the first run (default: ${DEFAULT-VALUE}).")
    int historySmall;

    @Option(names = "--history-large", defaultValue = "1000000", paramLabel = "N",
        description = "Posts of history under the second run (default: ${DEFAULT-VALUE}).")
    int historyLarge;

    @Option(names = "--new", defaultValue = "5000", paramLabel = "N",
        description = "New posts the nightly run ingests (default: ${DEFAULT-VALUE}).")
    int newPosts;

    @Option(names = "--rounds", defaultValue = "3", paramLabel = "N",
        description = "Timed nights on each history, alternated, each from the same history; the medians are"
            + " compared (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Mixin
    GeneratedInput input;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (rounds < 1) {
        throw new ConfigException("Invalid --rounds: " + rounds + " (expected at least 1 timed night per history)");
      }
      if (historySmall < 100) {
        throw new ConfigException("Invalid --history-small: " + historySmall
            + " (expected at least 100 posts, enough to train a theme model)");
      }
      if (historyLarge <= historySmall) {
        throw new ConfigException("Invalid --history-large: " + historyLarge
            + " (expected more posts than --history-small, " + historySmall + ")");
      }
      if (newPosts < 1) {
        throw new ConfigException("Invalid --new: " + newPosts + " (expected a positive number of posts)");
      }
      return print(spec, new dev.veille.bench.NightlyBenchmark(historySmall, historyLarge, newPosts, rounds, input.seed,
          input.work(), VeilleCommand::execute).run(SparkSessions.getOrCreate("veille bench nightly")));
    }
  }

  @Command(name = "moderation", mixinStandardHelpOptions = true,
      description = {"Times the moderation stage's work (copy-paste waves and a verdict per comment) against a"
          + " plain Spark pass over the same comments.",
          "Comments are the texts of a labelled file (TSV with text, or a YouTube CSV), repeated to --comments,"
              + " with a tenth pasted copies. Target: comments_per_s >= 2,000 on 2 cores."})
  static final class Moderation implements Callable<Integer> {
    @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE", description = "A labelled TSV or YouTube CSV.")
    Path input;

    @Option(names = "--comments", defaultValue = "50000", paramLabel = "N",
        description = "Comments to moderate (default: ${DEFAULT-VALUE}).")
    int comments;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (comments < 1) {
        throw new ConfigException("Invalid --comments: " + comments + " (expected a positive number)");
      }
      return print(spec, new dev.veille.bench.ModerationBenchmark(input, comments)
          .run(SparkSessions.getOrCreate("veille bench moderation")));
    }
  }
}
