package dev.veille.cli;

import dev.veille.common.ConfigException;
import dev.veille.common.Progress;
import dev.veille.samples.GenerationResult;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Writes realistic multi-platform sample exports with planted ground truth.",
        "Also ground_truth.json and a ready-to-run veille.yaml. Deterministic for a given --seed."})
public final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--posts", defaultValue = "3000", description = "Number of posts (default: ${DEFAULT-VALUE}).")
  int posts;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(names = "--as-of", paramLabel = "DATE",
      description = "The export date; posts cover the year before it (default: 2026-11-28).")
  String asOf;

  @Option(names = "--parts", defaultValue = "1",
      description = "Split each post export into this many files (for benchmarks; default: ${DEFAULT-VALUE}).")
  int parts;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    LocalDate date;
    try {
      date = asOf == null ? GeneratorSettings.DEFAULT_AS_OF : LocalDate.parse(asOf);
    } catch (DateTimeParseException e) {
      throw new ConfigException("Invalid --as-of: " + asOf + " (expected a date such as 2026-11-28)");
    }
    // The settings check these too, but name their fields; the user wrote flags.
    if (date.isBefore(GeneratorSettings.MIN_AS_OF) || date.isAfter(GeneratorSettings.MAX_AS_OF)) {
      throw new ConfigException("Invalid --as-of: " + date + " (expected a date between "
          + GeneratorSettings.MIN_AS_OF + " and " + GeneratorSettings.MAX_AS_OF + ")");
    }
    if (posts < 1) {
      throw new ConfigException("Invalid --posts: " + posts + " (expected a whole number >= 1)");
    }
    if (parts < 1 || parts > GeneratorSettings.MAX_PARTS) {
      throw new ConfigException("Invalid --parts: " + parts + " (expected a whole number between 1 and "
          + GeneratorSettings.MAX_PARTS + ")");
    }
    GeneratorSettings settings = new GeneratorSettings(seed, posts, date, parts);
    Progress.log("generate", "writing %,d posts to %s", posts, out);
    GenerationResult result;
    try {
      result = SampleGenerator.generate(settings, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write samples to " + out, e);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.printf("posts=%d comments=%d malformed_records=%d%n", result.postsWritten(), result.commentsWritten(),
        result.malformedRecords());
    result.files().forEach(f -> w.println("  " + f));
    w.flush();
    return 0;
  }
}
