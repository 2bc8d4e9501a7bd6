package dev.veille.nightly;

import dev.veille.CliRun;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.SparkTestBase;
import dev.veille.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veille nightly} as a scheduler sees it before any data: every configuration error exits
 * 2 before the lock is taken, naming the key, the bad value and what is expected; a landing folder
 * that is missing or empty is a clear no-op with exit 0; a held lock exits 4 naming the holder.
 */
class NightlyCliTest extends SparkTestBase {
  @TempDir
  Path tmp;


  private Path config(String extra) throws Exception {
    Path c = tmp.resolve("veille.yaml");
    Files.writeString(c, "warehouse: wh\nprivacy: {salt: test-salt}\ningest:\n  sources:\n"
        + "    - {path: landing/facebook, mapping: 'preset:meta-business-suite', timestamp_zone: America/New_York}\n"
        + extra);
    return c;
  }

  private void assertConfigError(CliRun r, String... parts) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().lines().filter(l -> l.startsWith("veille: ")).toList()).hasSize(1);
    assertThat(r.err()).contains(parts);
    // Validated before the lock: the warehouse was not even created.
    assertThat(tmp.resolve("wh")).doesNotExist();
  }

  @Test
  void configurationErrorsExitWith2BeforeTheLockAndNameKeyValueAndExpectation() throws Exception {
    String c = config("").toString();
    assertConfigError(CliRun.of("nightly", "--config", c, "--date", "2026-13-01"),
        "Invalid --date: 2026-13-01", "expected YYYY-MM-DD");
    assertConfigError(CliRun.of("nightly", "--config", c, "--date", "2026-11-01", "--from", "2026-10-01", "--to",
        "2026-10-02"), "--date 2026-11-01 with --from/--to", "expected either one --date, or a --from/--to range");
    assertConfigError(CliRun.of("nightly", "--config", c, "--from", "2026-10-05", "--to", "2026-10-01"),
        "Invalid --from/--to: 2026-10-05 is after 2026-10-01", "expected --from on or before --to");
    assertConfigError(CliRun.of("nightly", "--config", c, "--from", "2026-10-05"), "Missing --to");
    assertConfigError(CliRun.of("nightly", "--config", c, "--from", "2020-01-01", "--to", "2026-01-01"),
        "2193 dates", "at most nightly.max_dates, 366");
    assertConfigError(CliRun.of("nightly", "--config", c, "--date", "1999-12-31"), "Invalid --date: 1999-12-31",
        "between 2000 and 2200");

    assertConfigError(CliRun.of("nightly", "--config", config("nightly: {low_confidence: 2}\n").toString(),
        "--date", "2026-11-28"), "Invalid nightly.low_confidence", ": 2 ", "expected a number from 0.0 to 1.0");
    assertConfigError(CliRun.of("nightly", "--config", config("nightly: {timezone: Mars/Olympus}\n").toString()),
        "Invalid nightly.timezone", "Mars/Olympus", "expected an IANA time zone");
    assertConfigError(CliRun.of("nightly", "--config", config("nightly: {retrain_every: 7}\n").toString()),
        "Unknown key nightly.retrain_every", "expected one of [low_confidence, max_dates,"
            + " retrain_low_confidence_share, timezone]");
    assertConfigError(CliRun.of("nightly", "--config", config("topics: {k: 1}\n").toString(), "--date", "2026-11-28"),
        "Invalid topics.k", ": 1 ", "(expected a number from 2.0 to 200.0)");
    assertConfigError(CliRun.of("nightly", "--config", config("reports: {top_n: 0}\n").toString(), "--date",
        "2026-11-28"), "Invalid reports.top_n", ": 0 ", "(expected a number from 1.0 to 20.0)");
    assertConfigError(CliRun.of("nightly", "--config", config("sentiment: {parser: fast}\n").toString(), "--date",
        "2026-11-28"), "Invalid sentiment.parser", "fast", "expected sr or pcfg");
    Path noSalt = tmp.resolve("nosalt.yaml");
    Files.writeString(noSalt, "warehouse: wh\ningest: {sources: [{path: landing, mapping: 'preset:x-api-v2'}]}\n");
    if (System.getenv("VEILLE_SALT") == null) {
      assertConfigError(CliRun.of("nightly", "--config", noSalt.toString(), "--date", "2026-11-28"),
          "Missing privacy.salt");
    }
    assertConfigError(CliRun.of("nightly", "--config", config("ingest2: {}\n").toString()), "Unknown key ingest2");
  }

  @Test
  void aMissingOrEmptyLandingFolderIsAClearNoOp() throws Exception {
    String c = config("").toString();
    CliRun missing = CliRun.of("nightly", "--config", c, "--date", "2026-11-28");
    assertThat(missing.code()).as(missing.err()).isZero();
    assertThat(missing.out()).contains("ingest: nothing to ingest: no export file in " + tmp.resolve("landing/facebook")
            + " (does not exist)")
        .contains("nothing to report: the warehouse").contains("has no posts yet");
    assertThat(missing.err()).contains("ingest skipped: the landing folders are missing or empty");
    JsonNode m = manifest(missing.out());
    assertThat(m.path("status").asText()).isEqualTo("succeeded");
    assertThat(m.path("exit_code").asInt()).isZero();
    assertThat(m.path("date").asText()).isEqualTo("2026-11-28");
    // ingest, sentiment, moderation, themes, signals, report
    assertThat(m.path("stages").findValuesAsText("status")).containsExactly("skipped", "skipped", "skipped",
        "skipped", "skipped", "skipped");
    assertThat(m.path("inputs").get(0).path("status").asText()).isEqualTo("no files");
    assertThat(m.path("inputs").get(0).path("path_exists").asBoolean(true)).isFalse();
    assertThat(tmp.resolve("wh/_lock")).doesNotExist();

    Files.createDirectories(tmp.resolve("landing/facebook"));
    Files.writeString(tmp.resolve("landing/facebook/.partial"), "not an export yet");
    CliRun empty = CliRun.of("nightly", "--config", c, "--date", "2026-11-28");
    assertThat(empty.code()).as(empty.err()).isZero();
    assertThat(empty.out()).contains("ingest: nothing to ingest: no export file in " + tmp.resolve("landing/facebook")
        + " (empty)");
    assertThat(tmp.resolve("wh/reports")).doesNotExist();
  }

  @Test
  void aRunHoldingTheLockMakesASecondExitWith4AndNamesTheHolder() throws Exception {
    String c = config("").toString();
    Path lock = tmp.resolve("wh/_lock");
    Files.createDirectories(lock.getParent());
    // This JVM is alive: its lock is not stale.
    Files.writeString(lock, "{\"run_id\":\"nightly-20261129T031500Z-beef\",\"host\":\""
        + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + ProcessHandle.current().pid()
        + ",\"started_at\":\"" + Instant.now() + "\"}");
    CliRun locked = CliRun.of("nightly", "--config", c, "--date", "2026-11-28");
    assertThat(locked.code()).isEqualTo(4);
    assertThat(locked.err()).contains("veille: Another run holds the warehouse lock")
        .contains("nightly-20261129T031500Z-beef").contains("process " + ProcessHandle.current().pid());
    assertThat(locked.out()).doesNotContain("ingest:");

    // The same lock from a process that is gone is stale: taken over, and the run goes on.
    Files.writeString(lock, "{\"run_id\":\"nightly-dead\",\"host\":\""
        + java.net.InetAddress.getLocalHost().getHostName() + "\",\"pid\":" + Integer.MAX_VALUE
        + ",\"started_at\":\"" + Instant.now() + "\"}");
    CliRun stale = CliRun.of("nightly", "--config", c, "--date", "2026-11-28");
    assertThat(stale.code()).as(stale.err()).isZero();
    assertThat(stale.err()).contains("taking over a stale lock").contains("nightly-dead");
    assertThat(lock).doesNotExist();
  }

  @Test
  void theDefaultDateIsYesterdayInTheNightlyZoneAndRangesRunOldestFirst() {
    // 2026-11-29 00:30 in Paris is still the 28th in UTC.
    Clock clock = Clock.fixed(Instant.parse("2026-11-28T23:30:00Z"), ZoneOffset.UTC);
    assertThat(RunDates.resolve(null, null, null, NightlySettings.defaults(ZoneId.of("Europe/Paris")), clock))
        .containsExactly(LocalDate.of(2026, 11, 28));
    assertThat(RunDates.resolve(null, null, null, NightlySettings.defaults(ZoneId.of("UTC")), clock))
        .containsExactly(LocalDate.of(2026, 11, 27));
    assertThat(RunDates.resolve(null, "2026-02-27", "2026-03-01", NightlySettings.defaults(ZoneOffset.UTC), clock))
        .containsExactly(LocalDate.of(2026, 2, 27), LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1));
  }

  static JsonNode manifest(String out) throws Exception {
    String line = out.lines().filter(l -> l.startsWith("manifest: ") && l.contains("/nightly-"))
        .reduce((a, b) -> b).orElseThrow();
    return Json.MAPPER.readTree(Path.of(line.substring("manifest: ".length()).replace("file:", "")).toFile());
  }

  static List<Path> files(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
