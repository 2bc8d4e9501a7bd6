package dev.veille.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.SparkTestBase;
import dev.veille.cli.VeilleCommand;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Json;
import dev.veille.common.VeilleConfig;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.AlertsFiles;
import dev.veille.common.alerts.Severity;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestJob;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on a generated sample (its planted buzz, delivery crisis, launch hashtag and happy surge),
 * ingested, with keyword sentiment for the comments: the signals job, its incidents over consecutive nights,
 * its files and the command's exit codes. Tests run in order: later nights see earlier nights' alerts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalsJobTest extends SparkTestBase {
  static final Path DIR = Path.of("target", "signals-it").toAbsolutePath();
  static final LocalDate D = LocalDate.of(2026, 11, 28);
  static VeilleConfig config;
  static Path configFile;
  static JsonNode truth;
  static Warehouse wh;

  @BeforeAll
  static void sample() throws Exception {
    if (Files.exists(DIR)) {
      try (var walk = Files.walk(DIR)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    SampleGenerator.generate(GeneratorSettings.of(3, 3000), DIR);
    truth = Json.MAPPER.readTree(DIR.resolve("ground_truth.json").toFile());
    configFile = DIR.resolve("veille.yaml");
    config = ConfigLoader.load(configFile);
    IngestJob ingest = new IngestJob(config, false);
    ingest.validate();
    ingest.run(spark);
    wh = Warehouse.of(spark, config.warehouse());
    KeywordSentiment.write(spark, wh);
  }

  static SignalsJob.Result night(LocalDate date, boolean files) {
    SignalsJob job = new SignalsJob(config, SignalsSettings.DEFAULTS, date,
        date.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), files);
    job.validate();
    return job.run(spark);
  }

  @Test
  @Order(1)
  void theHappySurgeNightRaisesNoCrisisOnItsAccount() {
    JsonNode surge = truth.at("/signals/happy_surge");
    LocalDate night = Instant.parse(surge.path("published_at").asText()).atZone(java.time.ZoneOffset.UTC)
        .toLocalDate().plusDays(1);
    SignalsJob.Result r = night(night, false);
    assertThat(r.alerts()).noneMatch(a -> a.kind().equals(Alert.CRISIS)
        && a.platform().equals(surge.path("platform").asText()));
  }

  @Test
  @Order(2)
  void plantedEventsAreRaisedAndWritten() throws Exception {
    night(D.minusDays(1), false);
    SignalsJob.Result r = night(D, true);
    JsonNode buzz = truth.at("/signals/buzz");
    String buzzKey = buzz.path("platform").asText() + ":" + buzz.path("post_id").asText();
    assertThat(r.alerts()).filteredOn(a -> a.kind().equals(Alert.BUZZ)).extracting(Alert::postKey).contains(buzzKey);
    assertThat(r.alerts()).filteredOn(a -> a.kind().equals(Alert.CRISIS)).hasSizeGreaterThanOrEqualTo(3);
    assertThat(r.alerts()).filteredOn(a -> a.kind().equals(Alert.EMERGING_THEME))
        .anyMatch(a -> a.terms().contains(truth.at("/signals/launch/hashtag").asText()));

    JsonNode json = Json.MAPPER.readTree(Path.of(r.files()).toFile());
    assertThat(json.path("date").asText()).isEqualTo("2026-11-28");
    assertThat(json.path("generated_at").asText()).isEqualTo("2026-11-29T00:00:00Z");
    JsonNode first = json.path("alerts").path(0);
    for (String f : List.of("id", "kind", "severity", "account", "account_id", "platform", "window_start",
        "window_end", "first_raised", "score", "message", "evidence")) {
      assertThat(first.has(f)).as(f).isTrue();
    }
    for (JsonNode a : json.path("alerts")) {
      if (a.path("kind").asText().equals("buzz")) {
        assertThat(a.path("post_key").asText()).isNotEmpty();
      } else {
        assertThat(a.path("terms").isArray()).isTrue();
      }
    }
    String csv = Files.readString(Path.of(r.files()).resolveSibling("alerts.csv"));
    assertThat(csv).startsWith(AlertsFiles.CSV_HEADER + "\r\n");
    assertThat(csv.lines().count()).isEqualTo(r.alerts().size() + 1);
  }

  @Test
  @Order(3)
  void aCrisisOverConsecutiveNightsIsOneAlertAndARerunChangesNothing() {
    List<Alert> before = SignalsJob.ofDate(spark, wh, D);
    List<Alert> previous = SignalsJob.ofDate(spark, wh, D.minusDays(1));
    Alert crisis = before.stream().filter(a -> a.kind().equals(Alert.CRISIS)).findFirst().orElseThrow();
    Alert yesterday = previous.stream().filter(a -> a.incidentKey().equals(crisis.incidentKey())).findFirst()
        .orElseThrow();
    assertThat(crisis.id()).isEqualTo(yesterday.id());
    assertThat(crisis.firstRaised()).isEqualTo(D.minusDays(1));
    assertThat(crisis.status()).isIn(Alert.ONGOING, Alert.WORSENED);

    night(D, true);
    assertThat(SignalsJob.ofDate(spark, wh, D)).isEqualTo(before);
    assertThat(wh.read(spark, dev.veille.common.Tables.ALERTS).count())
        .isEqualTo(wh.read(spark, dev.veille.common.Tables.ALERTS).select("alert_id", "date").distinct().count());
  }

  @Test
  @Order(4)
  void failOnAlertExitsWith5OnlyForAlertsRaisedAtOrAboveTheLevel() {
    String[] base = {"signals", "--config", configFile.toString(), "--date", "2026-11-28"};
    // Rerun of a night already published: the same alerts, with the same statuses as the first run.
    boolean raisedWarning = SignalsJob.ofDate(spark, wh, D).stream()
        .anyMatch(a -> a.raised() && a.severity().atLeast(Severity.WARNING));
    assertThat(run(concat(base, "--fail-on-alert", "warning"))).isEqualTo(raisedWarning ? 5 : 0);
    assertThat(run(base)).isZero();
    StringWriter err = new StringWriter();
    assertThat(VeilleCommand.execute(concat(base, "--fail-on-alert", "loud"), new PrintWriter(new StringWriter()),
        new PrintWriter(err))).isEqualTo(2);
    assertThat(err.toString()).startsWith("veille: Invalid --fail-on-alert: loud");
    // A night with nothing raised exits 0 whatever the level.
    assertThat(run(new String[] {"signals", "--config", configFile.toString(), "--date", "2026-05-01",
        "--fail-on-alert", "warning"})).isZero();
  }

  private static int run(String[] args) {
    return VeilleCommand.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
