package dev.veille.cli;

import dev.veille.common.Json;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.topics.TopicsAssignJob;
import dev.veille.topics.TopicsConfig;
import dev.veille.topics.TopicsTrainJob;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Themes: train a versioned theme model on the warehouse's posts, or assign posts their theme.",
    subcommands = {TopicsCommand.Train.class, TopicsCommand.Assign.class, TopicsDemoCommand.class})
public final class TopicsCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command (train, assign or demo)");
  }

  @Command(name = "train", mixinStandardHelpOptions = true,
      description = {"Fits a new theme model version and makes it current.",
          "Trains on the posts of the training window (topics.training_window_days), saves the version"
              + " under <warehouse>/models/topics/ with its model card, carries theme ids over from the"
              + " current version and refreshes the themes table. Holds the warehouse lock. Prints one"
              + " JSON line."})
  static final class Train implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--k", paramLabel = "K", description = "Number of themes (default: topics.k, else automatic).")
    Integer k;

    @Option(names = "--model", paramLabel = "MODEL",
        description = "kmeans-tfidf, kmeans-word2vec or lda (default: topics.model, else kmeans-tfidf).")
    String model;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: topics.seed, else 42).")
    Long seed;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      VeilleConfig config = options.load();
      TopicsConfig topics = overrides(TopicsConfig.from(options.file().section("topics")), k, model, seed);
      TopicsTrainJob job = new TopicsTrainJob(config, topics);
      job.validate();
      SparkSession spark = SparkSessions.getOrCreate("veille topics train");
      var result = WarehouseWrites.run(spark, config, "topics train", () -> job.run(spark));
      spec.commandLine().getOut().println(Json.line(result));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  @Command(name = "assign", mixinStandardHelpOptions = true,
      description = {"Gives the warehouse's posts their theme under the current model.",
          "Writes the table themes_assigned (post_key, theme_id, confidence, model_version). Posts"
              + " already assigned by that version are skipped unless --all. Holds the warehouse lock."
              + " Prints one JSON line."})
  static final class Assign implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--all", description = "Reassign every post, not only those the current model has not seen.")
    boolean all;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      VeilleConfig config = options.load();
      TopicsAssignJob job = new TopicsAssignJob(config, all);
      job.validate();
      SparkSession spark = SparkSessions.getOrCreate("veille topics assign");
      var result = WarehouseWrites.run(spark, config, "topics assign", () -> job.run(spark));
      spec.commandLine().getOut().println(Json.line(result));
      spec.commandLine().getOut().flush();
      return 0;
    }
  }

  /** The config's topics section with command-line overrides applied. */
  static TopicsConfig overrides(TopicsConfig c, Integer k, String model, Long seed) {
    if (model != null) {
      TopicsConfig.Family f = TopicsConfig.Family.parse(model);
      if (f == null) {
        throw new dev.veille.common.ConfigException("Invalid --model: " + model + " (expected one of "
            + TopicsConfig.Family.ids() + ")");
      }
      c = c.withModel(f);
    }
    if (k != null) {
      if (k < 2 || k > 200) {
        throw new dev.veille.common.ConfigException("Invalid --k: " + k + " (expected 2 to 200)");
      }
      c = c.withK(k);
    }
    if (seed != null) {
      c = c.withSeed(seed);
    }
    return c;
  }
}
