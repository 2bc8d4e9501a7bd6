package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.veille.analytics.Messages;
import dev.veille.analytics.ReportData;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.ReportSettings;
import dev.veille.calendar.Calendar;
import dev.veille.calendar.CalendarPlanner;
import dev.veille.calendar.CalendarSettings;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import dev.veille.samples.GeneratedPosts;
import dev.veille.samples.GeneratorSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * reports.language: fr. The same report (a generated sample's posts, three alerts, the calendar) is
 * rendered in English and in French (no Spark), each page is read back by headless Chromium, and the
 * French page's visible and hover text holds no sentence or label of the English bundle.
 */
class FrenchReportTest {
  @TempDir
  static Path dir;
  static String en;
  static String fr;
  static List<Alert> alerts;

  @BeforeAll
  static void render() throws Exception {
    List<ReportPost> posts = GeneratedPosts.generate(GeneratorSettings.of(1, 1500), dir.resolve("sample"));
    LocalDate date = posts.stream().map(ReportPost::localDate).max(LocalDate::compareTo).orElseThrow();
    Instant cutoff = date.minusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    ReportPost p = posts.get(posts.size() - 1);
    alerts = alerts(date, end, p);
    en = html(posts, date, cutoff, end, "en");
    fr = html(posts, date, cutoff, end, "fr");
  }

  static String html(List<ReportPost> posts, LocalDate date, Instant cutoff, Instant end, String language) {
    ReportSettings s = new ReportSettings(7, 5, 3, 14, language);
    ReportData d = ReportData.compute(posts, cutoff, date, s, null, null, null, List.of("en", "fr"));
    Calendar c = CalendarPlanner.plan(d, posts, cutoff, null, alerts, CalendarSettings.DEFAULTS, end);
    return ReportRender.html(d, alerts, c);
  }

  /** One alert of each kind, with the evidence their detectors write. */
  static List<Alert> alerts(LocalDate date, Instant end, ReportPost p) {
    Map<String, Object> buzz = Map.of("interactions", 191, "expected_interactions", 14, "ratio", 13.64,
        "age_hours", 9.2, "url", "https://example.com/p/1", "text", "Why FSC matters: a note on plastic-free, lifecycle");
    Map<String, Object> crisis = Map.of("negative", 16, "negative_share", 0.8421, "baseline_share", 0.09,
        "posts", List.of(Map.of("post_key", p.postKey(), "text", "A quick refund update: some parcels are late")));
    Map<String, Object> emerging = Map.of("posts", 15, "window_posts", 15, "baseline_posts", 120, "share", 1.0,
        "never_seen_before", true, "first_seen", date.minusDays(5).toString(),
        "terms", List.of(Map.of("term", "atelierlune", "posts", 15, "share", 1.0, "baseline_posts", 0)));
    return List.of(
        Alert.found(date, Alert.BUZZ, Severity.WARNING, "Maison Lune", p.accountId(), p.platform(), p.postKey(),
            end.minusSeconds(48 * 3600), end, 13.64, "Maison Lune on Facebook: post \"Why FSC matters\" has 14x the"
                + " usual engagement 9 hours in (191 interactions against about 14): reply to comments and consider"
                + " boosting it.", buzz, p.postKey(), List.of(), null),
        Alert.found(date, Alert.CRISIS, Severity.CRITICAL, "Maison Lune", p.accountId(), p.platform(), "comments",
            end.minusSeconds(48 * 3600), end, 9.36, "Maison Lune on Facebook: 16 negative comments in the last 48"
                + " hours, 84% of comments against 9% usually. Reply publicly, take the complaints to customer"
                + " service and pause scheduled promotion.", crisis, null, List.of("delivery", "refund"), null),
        Alert.found(date, Alert.EMERGING_THEME, Severity.INFO, "Maison Lune", p.accountId(), p.platform(),
            "atelierlune", end.minusSeconds(7 * 86400), end, 40, "Maison Lune on Facebook: \"atelierlune\" is"
                + " emerging: 15 of the last 7 days' 15 posts (100%) against none in the 8 weeks before. Plan a"
                + " follow-up while it is fresh.", emerging, null, List.of("atelierlune"), null));
  }

  @Test
  void frenchAlertsSayTheSameFromTheirFields() {
    Messages m = Messages.of("fr");
    assertThat(AlertText.of(alerts.get(0), m)).startsWith("Maison Lune sur ").endsWith("\u00a0: la publication"
        + " «\u00a0Why FSC matters: a note on plastic-free, lifecycle\u00a0» fait 14\u00a0fois l’engagement habituel au"
        + " bout de 9 heures (191 interactions contre environ 14)\u00a0: répondez aux commentaires et envisagez de la"
        + " sponsoriser.");
    assertThat(AlertText.of(alerts.get(1), m)).contains("\u00a0: 16 commentaires négatifs"
        + " ces 48 dernières heures, 84\u00a0% des commentaires contre 9\u00a0% d’habitude, surtout sous").contains(
        "Mots\u00a0: delivery, refund.");
    assertThat(AlertText.of(alerts.get(2), m)).contains("«\u00a0atelierlune\u00a0» émerge\u00a0: 15 des 15"
        + " publications des 7 derniers jours (100\u00a0%) contre aucune").contains(", apparu le ");
    // English shows the detector's own sentence.
    assertThat(AlertText.of(alerts.get(1), Messages.EN)).isEqualTo(alerts.get(1).message());
  }

  @Test
  void noEnglishLeftInTheFrenchPageInChromium() throws Exception {
    java.util.Optional<Path> found = dev.veille.Chromium.find();
    assumeTrue(found.isPresent(), "no chromium, chromium-browser or google-chrome on the PATH: the rendered"
        + " pages are not checked (.ci/run installs Debian's chromium)");
    String browser = found.get().toString();
    String enText = visibleText(dump(browser, "en", en));
    String frText = visibleText(dump(browser, "fr", fr));

    // The English page says what it always said.
    assertThat(enText).contains("When to post and what resonates", "Key findings", "Best time to post", "Next week",
        "Top themes", "Method and data coverage", "comment crisis", "new tonight", "Recommended slot (",
        alerts.get(0).message());
    assertThat(Pattern.compile("[+\u2212]\\d+%").matcher(enText).find()).isTrue();
    assertThat(Pattern.compile("(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \\d\\d:00")
        .matcher(enText).find()).isTrue();

    // French formats: a no-break space before %, lower-case weekday names, the alerts in French.
    assertThat(frText).contains("Quand publier et ce qui fait réagir", "Points clés", "La semaine prochaine",
        "crise dans les commentaires", "commentaires négatifs");
    assertThat(Pattern.compile("[+\u2212]\\d+\u00a0%").matcher(frText).find()).as("+86 %").isTrue();
    assertThat(Pattern.compile("(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \\d\\d:00")
        .matcher(frText).find()).as("mercredi 20:00").isTrue();
    assertThat(fr).contains("<html lang=\"fr\">");

    // No English UI string: every literal part of every English message that French says differently.
    String checked = withoutUserContent(frText);
    List<String> left = new ArrayList<>();
    for (String phrase : englishPhrases()) {
      if (Pattern.compile("(?<![\\p{L}])" + Pattern.quote(phrase) + "(?![\\p{L}])").matcher(checked).find()) {
        left.add(phrase);
      }
    }
    assertThat(left).as("English UI strings in the French page").isEmpty();
  }

  /**
   * The literal parts of the English bundle's values (placeholders removed), skipping the values the
   * French bundle writes the same, formats, and parts too short to be a UI string ("x", "%", "#").
   */
  static Set<String> englishPhrases() throws Exception {
    Properties e = MessagesTest.bundle("en");
    Properties f = MessagesTest.bundle("fr");
    Set<String> out = new LinkedHashSet<>();
    for (String k : e.stringPropertyNames()) {
      String v = e.getProperty(k);
      if (v.equals(f.getProperty(k)) || k.startsWith("format_") || k.equals("html_lang")) {
        continue;
      }
      for (String part : literalParts(v)) {
        String t = part.replace("''", "'").strip().replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "");
        if (t.replaceAll("[^\\p{L}]", "").length() >= 4 && !f.getProperty(k).contains(t)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /** The text between a MessageFormat pattern's placeholders (nested braces of choice formats skipped). */
  static List<String> literalParts(String pattern) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int depth = 0;
    for (char c : pattern.toCharArray()) {
      if (c == '{') {
        if (depth++ == 0) {
          parts.add(cur.toString());
          cur.setLength(0);
        }
      } else if (c == '}') {
        depth--;
      } else if (depth == 0) {
        cur.append(c);
      }
    }
    parts.add(cur.toString());
    return parts;
  }

  /** Texts the report quotes from the data (post texts, theme labels, hashtags, account and platform names). */
  static String withoutUserContent(String text) {
    return text.replaceAll("«\u00a0[^»]*»", " ").replaceAll("#[\\p{L}\\p{N}_]+", " ")
        .replace("Maison Lune", " ");
  }

  /** The DOM Chromium built from the page. */
  static String dump(String browser, String language, String html) throws Exception {
    Path page = dir.resolve("report-" + language + ".html");
    Files.writeString(page, html, StandardCharsets.UTF_8);
    List<String> cmd = List.of(browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + dir.resolve("chromium-" + language), "--dump-dom", page.toUri().toString());
    Process proc = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!proc.waitFor(120, TimeUnit.SECONDS)) {
      proc.destroyForcibly();
      throw new AssertionError("chromium timed out");
    }
    assertThat(out).as("Chromium's DOM of " + page).contains("id=\"findings\"");
    return out;
  }

  /**
   * What a reader sees or hovers: the text of the body and the title (style removed), plus the
   * title and aria-label attributes, entities decoded, spaces collapsed (no-break spaces kept).
   */
  static String visibleText(String dom) {
    StringBuilder hover = new StringBuilder();
    Matcher a = Pattern.compile("(?:title|aria-label)=\"([^\"]*)\"").matcher(dom);
    while (a.find()) {
      hover.append(' ').append(a.group(1));
    }
    String text = dom.replaceAll("(?s)<style.*?</style>", " ").replaceAll("(?s)<[^>]*>", " ") + hover;
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
        .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    return text.replaceAll("[ \\t\\r\\n]+", " ");
  }
}
