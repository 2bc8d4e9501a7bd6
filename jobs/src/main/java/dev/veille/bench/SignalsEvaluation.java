package dev.veille.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestResult;
import dev.veille.nightly.NightlyJob;
import dev.veille.reports.ReportJob;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import dev.veille.sentiment.SentimentResult;
import dev.veille.signals.Incidents;
import dev.veille.signals.SignalInputs;
import dev.veille.signals.SignalsJob;
import dev.veille.signals.SignalsSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * {@code veille eval signals}: recall of the generator's planted events and false alerts per 100
 * account-nights, over several seeds.
 *
 * <p>Per seed: a generated sample (its buzz post, delivery crisis, launch hashtag and happy comment
 * surge, see ground_truth.json), run through the real nightly for its export date (ingest, CoreNLP
 * sentiment, themes), then the detectors for each of the last {@code nights} nights, as each night
 * saw the data (nothing published, observed or commented after its cutoff), with the incidents carried
 * from night to night. The sample is one export taken on its last day, so only that night has young
 * engagement snapshots: buzz is evaluated on the last night, crisis and emerging themes on every night.
 *
 * <p>Planted events: the buzz post and any viral post published in the last window (buzz); each
 * account's delivery crisis (crisis: found when a crisis alert on that account is raised on a night
 * whose window overlaps the crisis); the launch hashtag on each account that has at least
 * {@code emerging.min_count} posts with it in the last window (emerging). A false alert is an alert
 * raised (new or worsened) that matches none of them nor the generator's rising theme; they are
 * counted at warning and above (the target) and at info.
 */
public final class SignalsEvaluation {

  /** What the evaluation measured, printed as one JSON line. */
  public record Result(List<Long> seeds, int posts, int nights, long accountNights, Map<String, int[]> planted,
      double recall, int falseAlertsWarning, int falseAlertsInfo, double falseWarningPer100AccountNights,
      Map<String, Integer> raisedByKind, List<String> missed, List<String> falseAlerts, double seconds) {}

  private final List<Long> seeds;
  private final int posts;
  private final int nights;
  private final SignalsSettings settings;
  private final Path work;

  public SignalsEvaluation(List<Long> seeds, int posts, int nights, SignalsSettings settings, Path work) {
    this.seeds = List.copyOf(seeds);
    this.posts = posts;
    this.nights = nights;
    this.settings = settings;
    this.work = work;
  }

  public void validate() {
    dev.veille.common.ConfigException.check(!seeds.isEmpty(), "Missing --seeds (expected a list such as 1,2,3)");
    dev.veille.common.ConfigException.check(posts >= 500 && posts <= 1_000_000,
        "Invalid --posts: %s (expected 500 to 1000000: fewer leave accounts too little history)", posts);
    dev.veille.common.ConfigException.check(nights >= 1 && nights <= 120,
        "Invalid --nights: %s (expected 1 to 120)", nights);
  }

  public Result run(SparkSession spark) throws IOException {
    long t0 = System.nanoTime();
    Map<String, int[]> planted = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    List<String> falseAlerts = new ArrayList<>();
    Map<String, Integer> raisedByKind = new TreeMap<>();
    int falseWarning = 0;
    int falseInfo = 0;
    long accountNights = 0;
    for (long seed : seeds) {
      SeedScore s = BenchDirs.inWorkDir(work == null ? null : work.resolve("seed-" + seed), "veille-eval-signals",
          dir -> seed(spark, seed, dir));
      s.planted.forEach((k, v) -> {
        int[] t = planted.computeIfAbsent(k, x -> new int[2]);
        t[0] += v[0];
        t[1] += v[1];
      });
      missed.addAll(s.missed);
      falseAlerts.addAll(s.falseAlerts);
      s.raisedByKind.forEach((k, v) -> raisedByKind.merge(k, v, Integer::sum));
      falseWarning += s.falseWarning;
      falseInfo += s.falseInfo;
      accountNights += s.accountNights;
    }
    int events = planted.values().stream().mapToInt(v -> v[0]).sum();
    int found = planted.values().stream().mapToInt(v -> v[1]).sum();
    return new Result(seeds, posts, nights, accountNights, planted, events == 0 ? 1.0 : round(found / (double) events),
        falseWarning, falseInfo, round(100.0 * falseWarning / Math.max(1, accountNights)), raisedByKind, missed,
        falseAlerts, round((System.nanoTime() - t0) / 1e9));
  }

  record SeedScore(Map<String, int[]> planted, List<String> missed, List<String> falseAlerts,
      Map<String, Integer> raisedByKind, int falseWarning, int falseInfo, long accountNights) {}

  private SeedScore seed(SparkSession spark, long seed, Path dir) throws IOException {
    LocalDate asOf = GeneratorSettings.DEFAULT_AS_OF;
    Progress.log("eval", "seed %d: generating %,d posts and running the nightly of %s", seed, posts, asOf);
    SampleGenerator.generate(GeneratorSettings.of(seed, posts, asOf), dir);
    JsonNode truth = Json.MAPPER.readTree(dir.resolve("ground_truth.json").toFile());
    NightlyJob.Settings ns = NightlyJob.Settings.load(dir.resolve("veille.yaml"));
    NightlyJob job = new NightlyJob(ns, List.of(asOf));
    job.validate();
    StringWriter sink = new StringWriter();
    PrintWriter out = new PrintWriter(sink);
    job.run(spark, new NightlyJob.Printer() {
      @Override
      public void ingest(IngestResult result) {}

      @Override
      public void sentiment(SentimentResult result) {}

      @Override
      public void report(ReportJob.Result result) {}

      @Override
      public PrintWriter out() {
        return out;
      }
    });

    return replay(spark, seed, dir);
  }

  /** The nights of a seed's sample whose nightly has run in {@code dir}, scored against its ground truth. */
  SeedScore replay(SparkSession spark, long seed, Path dir) throws IOException {
    LocalDate asOf = GeneratorSettings.DEFAULT_AS_OF;
    JsonNode truth = Json.MAPPER.readTree(dir.resolve("ground_truth.json").toFile());
    NightlyJob.Settings ns = NightlyJob.Settings.load(dir.resolve("veille.yaml"));
    Warehouse wh = Warehouse.of(spark, ns.config().warehouse());
    Instant lastCutoff = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant from = lastCutoff.minus(Duration.ofDays(nights + settings.historyDays()));
    SignalInputs all = SignalInputs.read(spark, wh, from, lastCutoff).cached();
    Map<String, String> names = SignalsJob.accountNames(ns.config());
    List<Alert> history = new ArrayList<>();
    List<Alert> raised = new ArrayList<>();
    try {
      for (int k = nights - 1; k >= 0; k--) {
        LocalDate night = asOf.minusDays(k);
        Instant cutoff = night.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Alert> found = SignalsJob.detect(all.until(cutoff), wh, spark, cutoff, night, settings, names);
        List<Alert> alerts = Incidents.resolve(found, history, night, settings.cooldownDays(), settings.worsenRatio());
        history.addAll(alerts);
        alerts.stream().filter(Alert::raised).forEach(raised::add);
      }
    } finally {
      all.unpersist();
    }
    return score(seed, truth, raised, ns.config().accounts().size() * (long) nights);
  }

  /** Matches the raised alerts of a seed with its planted events. */
  SeedScore score(long seed, JsonNode truth, List<Alert> raised, long accountNights) {
    Map<String, int[]> planted = new TreeMap<>();
    List<String> missed = new ArrayList<>();
    List<String> falseAlerts = new ArrayList<>();
    Map<String, Integer> byKind = new TreeMap<>();
    raised.forEach(a -> byKind.merge(a.kind() + ":" + a.severity().id(), 1, Integer::sum));
    LocalDate asOf = LocalDate.parse(truth.path("as_of").asText());
    Instant lastWindow = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
        .minus(Duration.ofHours(settings.windowHours()));

    // Buzz: the planted post and the viral posts of the last window.
    Set<String> buzzPosts = new HashSet<>();
    JsonNode b = truth.at("/signals/buzz");
    if (!b.isMissingNode() && !b.isNull()) {
      buzzPosts.add(b.path("platform").asText() + ":" + b.path("post_id").asText());
    }
    Set<String> viral = new HashSet<>();
    for (JsonNode v : truth.path("viral_posts")) {
      viral.add(v.path("platform").asText() + ":" + v.path("post_id").asText());
    }
    Set<String> buzzFound = new HashSet<>();
    for (Alert a : raised) {
      if (a.kind().equals(Alert.BUZZ) && (buzzPosts.contains(a.postKey()) || viral.contains(a.postKey()))) {
        buzzFound.add(a.postKey());
      }
    }
    count(planted, "buzz", buzzPosts, buzzFound, missed, seed);

    // Crisis: one event per account, found on a night whose window overlaps the crisis.
    Instant crisisStart = Instant.parse(truth.at("/crisis/start").asText());
    Instant crisisEnd = Instant.parse(truth.at("/crisis/end").asText());
    Set<String> accounts = new HashSet<>();
    for (JsonNode a : truth.path("accounts")) {
      accounts.add(a.path("platform").asText());
    }
    Set<String> crisisFound = new HashSet<>();
    for (Alert a : raised) {
      if (a.kind().equals(Alert.CRISIS) && a.windowEnd().isAfter(crisisStart) && a.windowStart().isBefore(crisisEnd)) {
        crisisFound.add(a.platform());
      }
    }
    count(planted, "crisis", accounts, crisisFound, missed, seed);

    // Emerging: the launch hashtag on accounts with enough tagged posts in the last window.
    String tag = truth.at("/signals/launch/hashtag").asText();
    Set<String> launchAccounts = new HashSet<>(launchAccounts(truth, tag));
    Set<String> launchFound = new HashSet<>();
    Set<String> risingWords = risingThemeWords(truth);
    for (Alert a : raised) {
      if (a.kind().equals(Alert.EMERGING_THEME) && (a.terms().contains(tag) || a.terms().contains(tag.substring(1)))) {
        launchFound.add(a.platform());
      }
    }
    launchAccounts.retainAll(accounts);
    count(planted, "emerging", launchAccounts, launchFound, missed, seed);

    int falseWarning = 0;
    int falseInfo = 0;
    for (Alert a : raised) {
      boolean ok = switch (a.kind()) {
        case Alert.BUZZ -> buzzPosts.contains(a.postKey()) || viral.contains(a.postKey());
        case Alert.CRISIS -> a.windowEnd().isAfter(crisisStart) && a.windowStart().isBefore(crisisEnd);
        default -> a.terms().contains(tag) || a.terms().contains(tag.substring(1))
            || a.terms().stream().flatMap(t -> java.util.Arrays.stream(t.split("[\\s\u00b7]+")))
                .anyMatch(w -> risingWords.contains(w.replace("#", "").toLowerCase(Locale.ROOT)));
      };
      if (!ok) {
        if (a.severity().atLeast(Severity.WARNING)) {
          falseWarning++;
        } else {
          falseInfo++;
        }
        falseAlerts.add("seed " + seed + " " + a.date() + " " + a.severity().id() + " " + a.kind() + ": " + a.message());
      }
    }
    Progress.log("eval", "seed %d: %d alerts raised, %d false at warning or above, %d false at info", seed,
        raised.size(), falseWarning, falseInfo);
    return new SeedScore(planted, missed, falseAlerts, byKind, falseWarning, falseInfo, accountNights);
  }

  /** Platforms with at least min_count posts carrying the launch tag in the last emerging window (from the exports). */
  private List<String> launchAccounts(JsonNode truth, String tag) {
    // Every post of the last LAUNCH days carries the tag: an account qualifies when it posted that often.
    List<String> out = new ArrayList<>();
    for (JsonNode a : truth.path("accounts")) {
      long perWeek = Math.round(a.path("posts").asDouble() / 52.0);
      if (perWeek * 6 / 7 >= settings.emerging().minCount()) {
        out.add(a.path("platform").asText());
      }
    }
    return out;
  }

  private static Set<String> risingThemeWords(JsonNode truth) {
    Set<String> words = new HashSet<>();
    String id = truth.at("/signals/emerging_theme").asText();
    for (JsonNode t : truth.path("themes")) {
      if (t.path("id").asText().equals(id)) {
        t.path("words").forEach(w -> words.add(w.asText().toLowerCase(Locale.ROOT)));
        t.path("words_fr").forEach(w -> words.add(w.asText().toLowerCase(Locale.ROOT)));
        t.path("hashtags").forEach(w -> words.add(w.asText().replace("#", "").toLowerCase(Locale.ROOT)));
      }
    }
    return words;
  }

  private static void count(Map<String, int[]> planted, String kind, Set<String> events, Set<String> found,
      List<String> missed, long seed) {
    int[] t = planted.computeIfAbsent(kind, k -> new int[2]);
    for (String e : events) {
      t[0]++;
      if (found.contains(e)) {
        t[1]++;
      } else {
        missed.add("seed " + seed + " " + kind + " " + e);
      }
    }
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }

  /** The result as the JSON line the command prints (planted as {kind: {events, found}}). */
  public static String line(Result r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("eval", "signals");
    m.put("seeds", r.seeds());
    m.put("posts", r.posts());
    m.put("nights", r.nights());
    m.put("account_nights", r.accountNights());
    Map<String, Object> p = new TreeMap<>();
    r.planted().forEach((k, v) -> p.put(k, Map.of("events", v[0], "found", v[1])));
    m.put("planted", p);
    m.put("recall", r.recall());
    m.put("false_alerts_warning", r.falseAlertsWarning());
    m.put("false_alerts_info", r.falseAlertsInfo());
    m.put("false_warning_per_100_account_nights", r.falseWarningPer100AccountNights());
    m.put("raised_by_kind", r.raisedByKind());
    m.put("missed", r.missed());
    m.put("false_alerts", r.falseAlerts());
    m.put("seconds", r.seconds());
    return Json.line(m);
  }
}
