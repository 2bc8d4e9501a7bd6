package dev.veille.cli;

import dev.veille.common.ConfigFile;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.moderation.ModerationJob;
import dev.veille.moderation.ModerationSettings;
import dev.veille.nightly.NightlySettings;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "moderate", mixinStandardHelpOptions = true,
    description = {"First-level moderation of the comments not moderated yet: spam, toxic, questions, complaints.",
        "Gives each new comment of the moderation.lookback_days before the date's end its labels, scores,"
            + " reasons and a suggested action (hide, review, answer, keep); the brand's own replies are left"
            + " alone. Writes the moderation table and <warehouse>/reports/<date>/moderation.csv (the queue,"
            + " most urgent first). Holds the warehouse lock."})
public final class ModerateCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD",
      description = "Night to moderate up to (default: yesterday in nightly.timezone, else default_timezone).")
  String date;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    VeilleConfig config = options.load();
    ConfigFile file = options.file();
    NightlySettings nightly = NightlySettings.from(file.section("nightly"), config.defaultTimezone());
    LocalDate d = date == null ? LocalDate.now(nightly.timezone()).minusDays(1) : ReportCommand.parseDate(date);
    // The nightly's cutoff for the date: the start of the next day in nightly.timezone.
    Instant cutoff = d.plusDays(1).atStartOfDay(nightly.timezone()).toInstant();
    ModerationJob job = new ModerationJob(config, ModerationSettings.from(file.section("moderation")), d, cutoff, true);
    job.validate();
    SparkSession spark = SparkSessions.getOrCreate("veille moderate");
    ModerationJob.Result r = WarehouseWrites.run(spark, config, "moderate", () -> job.run(spark));
    PrintWriter out = spec.commandLine().getOut();
    print(r, out);
    out.println("queue: " + r.file());
    out.flush();
    return 0;
  }

  static void print(ModerationJob.Result r, PrintWriter out) {
    out.printf("moderated=%d looked=%d brand_replies=%d in_waves=%d model=%s%n", r.moderated(), r.looked(),
        r.brandReplies(), r.inWaves(), r.modelVersion());
    out.println("  actions: " + r.byAction());
    out.println("  labels:  " + r.byLabel());
    out.flush();
  }
}
