package dev.veille.cli;

import dev.veille.common.ConfigFile;
import dev.veille.common.Json;
import dev.veille.common.SparkSessions;
import dev.veille.topics.TopicsConfig;
import dev.veille.topics.TopicsEval;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true,
    description = {"Clusters the texts of a labelled TSV file and prints one JSON line of metrics.",
        "The TSV has a header with columns label and text. Metrics: n, k, nmi, purity, seconds (and"
            + " more). k from --k, else chosen automatically."})
public final class EvalTopicsCommand implements Callable<Integer> {
  @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE.tsv", description = "Labelled texts.")
  Path input;

  @Option(names = "--k", paramLabel = "K", description = "Number of themes (default: automatic, by silhouette).")
  Integer k;

  @Option(names = "--model", paramLabel = "MODEL",
      description = "kmeans-tfidf, kmeans-word2vec, lda, or plain-lda (Spark's LDA example, the baseline);"
          + " default: the config's, else kmeans-tfidf.")
  String model;

  @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: the config's, else 42).")
  Long seed;

  @Option(names = "--stability",
      description = "Also refit with another seed and report retrain_same_id (share of posts keeping their theme id).")
  boolean stability;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Veille config whose topics: section to use.")
  Path config;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    TopicsConfig c = TopicsConfig.from(ConfigFile.readIfGiven(config).section("topics"));
    if (k != null) {
      c = c.withK(k);
    }
    if (seed != null) {
      c = c.withSeed(seed);
    }
    TopicsEval eval = new TopicsEval(input, c, model, stability);
    eval.validate();
    TopicsEval.Result r = eval.run(SparkSessions.getOrCreate("veille eval topics"));
    spec.commandLine().getOut().println(Json.line(r));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
