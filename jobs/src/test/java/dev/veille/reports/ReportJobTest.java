package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.SparkTestBase;
import dev.veille.analytics.ReportSettings;
import dev.veille.common.ConfigFile;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Json;
import dev.veille.common.VeilleConfig;
import dev.veille.ingest.IngestJob;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** End to end: a generated sample, ingested, then `veille report`'s job; outputs agree and render offline. */
class ReportJobTest extends SparkTestBase {
  /** Under target/, so a strategist (or you) can open the last report.html and screenshot after a run. */
  static Path dir = Path.of("target", "report-it").toAbsolutePath();
  static ReportJob.Result result;
  static JsonNode truth;
  static Path reportDir;

  @BeforeAll
  static void generateIngestReport() throws Exception {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    SampleGenerator.generate(GeneratorSettings.of(7, 1500), dir);
    truth = Json.MAPPER.readTree(Files.readString(dir.resolve("ground_truth.json")));
    VeilleConfig config = ConfigLoader.load(dir.resolve("veille.yaml"));
    IngestJob ingest = new IngestJob(config, false);
    ingest.validate();
    ingest.run(spark);
    ReportJob job = new ReportJob(config, ReportSettings.from(ConfigFile.read(dir.resolve("veille.yaml")).section("reports")), LocalDate.of(2026, 11, 28));
    job.validate();
    result = job.run(spark);
    reportDir = Path.of(result.reportDir());
  }

  @Test
  void writesEveryOutputAtomicallyUnderTheDate() throws Exception {
    assertThat(reportDir.getFileName().toString()).isEqualTo("2026-11-28");
    for (String f : List.of("best_times.json", "top_themes.json", "best_times.csv", "top_themes.csv", "report.html")) {
      assertThat(reportDir.resolve(f)).isRegularFile();
    }
    assertThat(reportDir.resolve("best_time_slots")).isDirectory();
    assertThat(reportDir.resolve("top_themes")).isDirectory();
    try (var s = Files.list(reportDir.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("2026-11-28");
    }
    assertThat(spark.read().parquet(reportDir.resolve("best_time_slots").toString()).count()).isPositive();
    assertThat(result.html()).endsWith("/reports/2026-11-28/report.html");
  }

  @Test
  void plantedBestSlotsAreRecommendedThroughIngest() throws Exception {
    JsonNode bt = Json.MAPPER.readTree(reportDir.resolve("best_times.json").toFile());
    int top = 0;
    for (JsonNode a : truth.path("accounts")) {
      JsonNode acct = find(bt, a.path("platform").asText());
      assertThat(acct.path("denominator").asText()).isIn("reach", "impressions", "video_views", "followers");
      JsonNode first = acct.path("recommended").path(0);
      if (first.path("weekday").asInt() == a.path("best_slot").path("weekday").asInt()
          && first.path("hour").asInt() == a.path("best_slot").path("hour").asInt()) {
        top++;
      }
      for (JsonNode r : acct.path("recommended")) {
        assertThat(r.path("weekday").asInt() * 100 + r.path("hour").asInt()).isNotEqualTo(
            a.path("viral_lonely_slot").path("weekday").asInt() * 100 + a.path("viral_lonely_slot").path("hour").asInt());
        assertThat(r.path("posts").asInt()).isGreaterThanOrEqualTo(ReportSettings.DEFAULTS.minPosts());
      }
    }
    assertThat(top).isGreaterThanOrEqualTo(4);
    JsonNode themes = Json.MAPPER.readTree(reportDir.resolve("top_themes.json").toFile());
    assertThat(themes.path("sentiment").asText()).isEqualTo("absent");
    assertThat(themes.path("themes_source").asText()).isEqualTo("hashtag_groups");
    assertThat(themes.path("themes").size()).isGreaterThanOrEqualTo(3);
  }

  private static JsonNode find(JsonNode bt, String platform) {
    for (JsonNode a : bt.path("accounts")) {
      if (a.path("platform").asText().equals(platform)) {
        return a;
      }
    }
    throw new AssertionError("no account for " + platform);
  }

  @Test
  void numbersAgreeAcrossJsonCsvAndHtml() throws Exception {
    JsonNode bt = Json.MAPPER.readTree(reportDir.resolve("best_times.json").toFile());
    String csv = Files.readString(reportDir.resolve("best_times.csv"));
    String html = Files.readString(reportDir.resolve("report.html"));
    ReportAgreement.check(bt, csv, html, Json.MAPPER.readTree(reportDir.resolve("top_themes.json").toFile()),
        Files.readString(reportDir.resolve("top_themes.csv")));
  }

  /** Headless Chromium: the page renders, shows the heatmap and findings, and requests nothing. */
  @Test
  void rendersInHeadlessChromiumWithoutNetwork() throws Exception {
    java.util.Optional<Path> browser = dev.veille.Chromium.find();
    assumeTrue(browser.isPresent(), "no chromium on the PATH (.ci/run installs Debian's)");
    Path chromium = browser.get();
    Path html = reportDir.resolve("report.html");
    Path shots = Path.of("target", "report-screenshots").toAbsolutePath();
    Files.createDirectories(shots);
    Path png = shots.resolve("report.png");
    Files.deleteIfExists(png);
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    List<String> common = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-default-apps", "--no-pings", "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-features=NetworkTimeServiceQuerying,OptimizationHints,Translate,MediaRouter,AutofillServerCommunication",
        "--user-data-dir=" + profile,
        // Any request that tries to leave the machine goes to a closed port and fails; the net log records it.
        "--proxy-server=127.0.0.1:9", "--log-net-log=" + dir.resolve("netlog.json"));
    List<String> shot = new ArrayList<>(common);
    shot.addAll(List.of("--screenshot=" + png, "--window-size=1400,2400", html.toUri().toString()));
    run(shot);
    assertThat(png).isRegularFile();
    assertThat(Files.size(png)).isGreaterThan(20_000);
    String netlog = Files.readString(dir.resolve("netlog.json"));
    // Every http(s) URL the browser asked for. Chromium's own background services (update checks,
    // network time, account probes on *.google.com / *.googleapis.com) run whatever page is open
    // and are not the page's doing; everything else would be a request made by the page.
    Matcher m = Pattern.compile("\"url\":\"(https?://([^/\":]+)[^\"]*)\"").matcher(netlog);
    List<String> requested = new ArrayList<>();
    int background = 0;
    while (m.find()) {
      String host = m.group(2);
      if (host.endsWith(".google.com") || host.endsWith(".googleapis.com") || host.endsWith(".gvt1.com")) {
        background++;
      } else {
        requested.add(m.group(1));
      }
    }
    System.out.println("chromium: page requests=" + requested.size() + ", browser background requests=" + background
        + " (all sent to a closed proxy); screenshot " + png);
    assertThat(requested).as("http(s) requests made by the page").isEmpty();
    assertThat(netlog).as("the report itself was loaded").contains("report.html");

    List<String> dump = new ArrayList<>(common);
    dump.set(dump.size() - 1, "--log-net-log=" + dir.resolve("netlog2.json"));
    dump.addAll(List.of("--dump-dom", html.toUri().toString()));
    String dom = run(dump);
    assertThat(dom).contains("id=\"findings\"").contains("Key findings").contains("class=\"heatmap\"");
    assertThat(Pattern.compile("(src|href)=\"(?!https?://)[a-z]+:", Pattern.CASE_INSENSITIVE).matcher(dom).find())
        .as("non-http links").isFalse();
    assertThat(Pattern.compile("<(script|link|img|iframe)\\b", Pattern.CASE_INSENSITIVE).matcher(dom).find())
        .as("elements that load resources").isFalse();
    assertThat(Pattern.compile("src=\"https?:", Pattern.CASE_INSENSITIVE).matcher(dom).find()).isFalse();
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium timed out");
    }
    return out;
  }
}
