package dev.veille.cli;

import dev.veille.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sentiment commands as schedulers see them: exit codes, one clear line, and nightly's order. */
class SentimentCliTest extends SparkTestBase {
  @TempDir
  Path tmp;

  @Test
  void usageAndConfigurationErrorsExitWith2() throws Exception {
    CliRun noEval = CliRun.of("eval");
    assertThat(noEval.code()).isEqualTo(2);
    assertThat(noEval.err()).contains("Missing evaluation");

    CliRun missing = CliRun.of("eval", "sentiment", "--input", tmp.resolve("nope.tsv").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.tsv");

    Path tsv = tmp.resolve("t.tsv");
    Files.writeString(tsv, "label\ttext\n2\tgreat\n");
    assertThat(CliRun.of("bench", "sentiment", "--input", tsv.toString(), "--limit", "0").code())
        .isEqualTo(2);

    Path config = tmp.resolve("veille.yaml");
    Files.writeString(config, "warehouse: wh\nsentiment: {parser: fast}\n");
    CliRun badParser = CliRun.of("sentiment", "--config", config.toString());
    assertThat(badParser.code()).isEqualTo(2);
    assertThat(badParser.err()).contains("sentiment.parser").contains("fast");

    Files.writeString(config, "warehouse: wh\nsentiment: {max_chars: 5}\n");
    assertThat(CliRun.of("sentiment", "--config", config.toString()).err()).contains("sentiment.max_chars");
  }

  @Test
  void nightlyScoresSentimentAfterIngest() throws Exception {
    Path csv = tmp.resolve("facebook.csv");
    Files.writeString(csv, dev.veille.Fixtures.metaCsv());
    Path config = tmp.resolve("veille.yaml");
    Files.writeString(config, String.join("\n",
        "warehouse: wh",
        "privacy: {salt: cli-test-salt}",
        "ingest:",
        "  max_bad_ratio: 0.9",
        "  sources:",
        "    - {path: facebook.csv, mapping: 'preset:meta-business-suite', timestamp_zone: America/New_York,",
        "       observed_at: '2026-11-28T06:00:00Z'}",
        ""));
    CliRun first = CliRun.of("nightly", "--config", config.toString());
    assertThat(first.code()).as(first.err()).isZero();
    // Reruns score nothing: SentimentJobTest checks that on the job itself.
    assertThat(first.out()).contains("records_ok=3").contains("already_scored=0 scored=3").contains("sentiment/");
  }
}
