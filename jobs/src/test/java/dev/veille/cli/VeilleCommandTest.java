package dev.veille.cli;

import dev.veille.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as schedulers see it: exit codes and one clear line on stderr. */
class VeilleCommandTest extends SparkTestBase {
  @TempDir
  Path tmp;


  @Test
  void helpListsEverySubcommandAndTheExitCodes() {
    CliRun r = CliRun.of("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ingest", "generate", "nightly", "bench", "presets", "Exit codes:",
        "3   data-quality gate failed");
    for (String sub : new String[] {"ingest", "generate", "nightly", "bench", "presets"}) {
      CliRun h = CliRun.of(sub, "--help");
      assertThat(h.code()).as(sub).isZero();
      assertThat(h.out()).as(sub).startsWith("Usage: veille " + sub);
    }
  }

  @Test
  void usageErrorsExitWith2() {
    CliRun unknown = CliRun.of("ingset");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("veille: Unmatched argument").contains("ingset")
        .contains("Did you mean: veille ingest").contains("See 'veille --help'.");
    assertThat(CliRun.of().code()).isEqualTo(2);
    CliRun notANumber = CliRun.of("generate", "--posts", "many", "--out", tmp.toString());
    assertThat(notANumber.code()).isEqualTo(2);
    assertThat(notANumber.err().strip()).isEqualTo("veille: Invalid value for option '--posts': 'many' is not an int"
        + System.lineSeparator() + "See 'veille generate --help'.");
    // Values the parser accepts but the command refuses are named by their flag.
    CliRun negative = CliRun.of("generate", "--posts", "-5", "--out", tmp.resolve("g").toString());
    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err().strip()).isEqualTo("veille: Invalid --posts: -5 (expected a whole number >= 1)");
    CliRun future = CliRun.of("generate", "--as-of", "2099-01-01", "--out", tmp.resolve("g").toString());
    assertThat(future.code()).isEqualTo(2);
    assertThat(future.err()).startsWith("veille: Invalid --as-of: 2099-01-01 (expected a date between");
    assertThat(tmp.resolve("g")).doesNotExist();
    CliRun unknownOption = CliRun.of("report", "--format", "pdf");
    assertThat(unknownOption.code()).isEqualTo(2);
    assertThat(unknownOption.err()).startsWith("veille: Unknown options: '--format', 'pdf'")
        .doesNotContain("Usage:");
  }

  @Test
  void configurationErrorsExitWith2AndNameTheProblemOnOneLine() throws Exception {
    CliRun missing = CliRun.of("nightly", "--config", tmp.resolve("nope.yaml").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).isEqualTo("veille: Config file not found: " + tmp.resolve("nope.yaml"));
    CliRun demo = CliRun.of("topics", "demo", "--config", tmp.resolve("nope.yaml").toString(), "--out",
        tmp.resolve("demo").toString());
    assertThat(demo.code()).isEqualTo(2);
    assertThat(demo.err().strip()).isEqualTo("veille: Config file not found: " + tmp.resolve("nope.yaml"));
    assertThat(tmp.resolve("demo")).doesNotExist();

    Path config = tmp.resolve("veille.yaml");
    Files.writeString(config, "warehouse: wh\naccounts: [{platform: x, id: '1', timezone: Europe/Pariss}]\n");
    CliRun bad = CliRun.of("ingest", "--config", config.toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("accounts[0].timezone").contains("Europe/Pariss");

    CliRun noMapping = CliRun.of("ingest", "--warehouse", tmp.resolve("wh").toString(), "--input", "x.csv");
    assertThat(noMapping.code()).isEqualTo(2);
    assertThat(noMapping.err()).contains("Missing --mapping");

    CliRun badPreset = CliRun.of("presets", "linkedin");
    assertThat(badPreset.code()).isEqualTo(2);
    assertThat(badPreset.err()).contains("Unknown mapping preset: linkedin");
  }

  @Test
  void everyCommandThatWritesToTheWarehouseWaitsForNoOneAndExitsWith4WhileAnotherRunHoldsTheLock()
      throws Exception {
    Path config = tmp.resolve("veille.yaml");
    Files.writeString(config, "warehouse: wh\nprivacy: {salt: cli-test-salt}\n");
    Path lock = tmp.resolve("wh").resolve("_lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "{\"run_id\":\"nightly-other\",\"host\":\""
        + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + ProcessHandle.current().pid()
        + ",\"started_at\":\"" + java.time.Instant.now() + "\"}");
    String[][] writers = {{"sentiment"}, {"topics", "train"}, {"topics", "assign"}, {"report", "--date", "2026-11-28"}};
    for (String[] command : writers) {
      String[] args = java.util.Arrays.copyOf(command, command.length + 2);
      args[command.length] = "--config";
      args[command.length + 1] = config.toString();
      CliRun locked = CliRun.of(args);
      assertThat(locked.code()).as(String.join(" ", command) + ": " + locked.err()).isEqualTo(4);
      assertThat(locked.err()).contains("veille: Another run holds the warehouse lock").contains("nightly-other");
    }
    try (var files = Files.list(tmp.resolve("wh"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("_lock");
    }
  }

  @Test
  void aFailedQualityGateExitsWith3AndAGoodIngestWith0() throws Exception {
    Path csv = tmp.resolve("facebook.csv");
    Files.writeString(csv, dev.veille.Fixtures.metaCsv());
    String[] args = {"ingest", "--warehouse", tmp.resolve("wh").toString(), "--input", csv.toString(),
        "--mapping", "preset:meta-business-suite", "--timestamp-zone", "America/New_York",
        "--observed-at", "2026-11-28T06:00:00Z"};
    CliRun noSalt = CliRun.of(args);
    if (System.getenv("VEILLE_SALT") == null) {
      assertThat(noSalt.code()).isEqualTo(2);
      assertThat(noSalt.err()).contains("VEILLE_SALT");
    }
    Path config = tmp.resolve("veille.yaml");
    Files.writeString(config, "warehouse: wh\nprivacy: {salt: cli-test-salt}\n");
    String[] withConfig = new String[args.length + 2];
    System.arraycopy(args, 0, withConfig, 0, args.length);
    withConfig[args.length] = "--config";
    withConfig[args.length + 1] = config.toString();

    // Errors about the --input export say which flags it takes, not only its config key.
    CliRun typo = CliRun.of("ingest", "--config", config.toString(), "--input", tmp.resolve("facebok.csv").toString(),
        "--mapping", "preset:meta-business-suite", "--timestamp-zone", "America/New_York");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err().strip()).isEqualTo("veille: No file found for ingest.sources[0].path: "
        + tmp.resolve("facebok.csv") + " (ingest.sources[0] is the --input export; it takes --mapping,"
        + " --platform, --timestamp-zone and --observed-at)");
    CliRun noZone = CliRun.of("ingest", "--config", config.toString(), "--input", csv.toString(),
        "--mapping", "preset:meta-business-suite");
    assertThat(noZone.code()).isEqualTo(2);
    assertThat(noZone.err()).contains("Missing timestamp zone for ingest.sources[0]").contains("--timestamp-zone");

    CliRun gate = CliRun.of(withConfig);
    assertThat(gate.code()).isEqualTo(3);
    assertThat(gate.err()).contains("veille: Data-quality gate failed for").contains("facebook.csv");

    String[] lenient = java.util.Arrays.copyOf(withConfig, withConfig.length + 2);
    lenient[withConfig.length] = "--max-bad-ratio";
    lenient[withConfig.length + 1] = "0.9";
    // While another live run holds the warehouse lock, a second run exits with 4.
    Path lock = tmp.resolve("wh").resolve("_lock");
    Files.createDirectories(lock.getParent());
    Files.writeString(lock, "{\"run_id\":\"nightly-other\",\"host\":\""
        + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + ProcessHandle.current().pid()
        + ",\"started_at\":\"" + java.time.Instant.now() + "\"}");
    CliRun locked = CliRun.of(lenient);
    assertThat(locked.code()).isEqualTo(4);
    assertThat(locked.err()).contains("veille: Another run holds the warehouse lock").contains("nightly-other");
    Files.delete(lock);

    CliRun ok = CliRun.of(lenient);
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("records_in=8 records_ok=3 records_quarantined=5");
    assertThat(ok.err()).contains("ingest: reading");
  }
}
