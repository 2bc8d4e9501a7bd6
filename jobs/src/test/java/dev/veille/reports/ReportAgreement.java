package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.analytics.ReportFormat;
import java.util.HashMap;
import java.util.Map;

/** Asserts that the numbers of best_times/top_themes JSON are the ones in the CSV and the HTML. */
final class ReportAgreement {
  private ReportAgreement() {}

  static void check(JsonNode bestTimes, String bestCsv, String html, JsonNode topThemes, String themesCsv) {
    Map<String, String> csvRows = new HashMap<>();
    for (String line : bestCsv.split("\r\n")) {
      String[] f = ReportRenderTest.parse(line).toArray(String[]::new);
      // account,account_id,platform,timezone,denominator,scope,group,list,rank,weekday,hour,lift,low,high,posts,thin
      if (f.length == 16 && f[5].equals("account")) {
        csvRows.put(f[2] + "|" + f[7] + "|" + f[9] + "|" + f[10], f[11] + "," + f[12] + "," + f[13] + "," + f[14]);
      }
    }
    int checked = 0;
    for (JsonNode a : bestTimes.path("accounts")) {
      String platform = a.path("platform").asText();
      int rank = 0;
      for (JsonNode r : a.path("recommended")) {
        rank++;
        String key = platform + "|recommended|" + r.path("weekday").asInt() + "|" + r.path("hour").asInt();
        assertThat(csvRows.get(key)).as(key).isEqualTo(r.path("lift").asText() + "," + r.path("low").asText() + ","
            + r.path("high").asText() + "," + r.path("posts").asInt());
        String row = "<tr><td>" + rank + "</td><td>" + ReportFormat.day(r.path("weekday").asInt()) + " "
            + ReportFormat.time(r.path("hour").asInt()) + "</td><td class=\"num\">"
            + ReportFormat.pct(r.path("lift").asDouble()) + "</td><td class=\"num\">"
            + ReportFormat.pct(r.path("low").asDouble()) + " to " + ReportFormat.pct(r.path("high").asDouble())
            + "</td><td class=\"num\">" + r.path("posts").asInt() + "</td></tr>";
        assertThat(html).as("HTML row for " + key).contains(row);
        if (rank == 1) {
          assertThat(html).as("finding for " + key).contains(ReportFormat.pct(r.path("lift").asDouble())
              + " engagement, 90% interval " + ReportFormat.pct(r.path("low").asDouble()) + " to "
              + ReportFormat.pct(r.path("high").asDouble()) + ", from " + r.path("posts").asInt() + " posts");
        }
        checked++;
      }
      for (JsonNode c : a.path("cells")) {
        String key = platform + "|cell|" + c.path("weekday").asInt() + "|" + c.path("hour").asInt();
        assertThat(csvRows.get(key)).as(key).isEqualTo(c.path("lift").asText() + "," + c.path("low").asText() + ","
            + c.path("high").asText() + "," + c.path("posts").asInt());
        String title = ReportFormat.day(c.path("weekday").asInt()) + " " + ReportFormat.time(c.path("hour").asInt())
            + ": " + ReportFormat.pct(c.path("lift").asDouble()) + " (90% interval "
            + ReportFormat.pct(c.path("low").asDouble()) + " to " + ReportFormat.pct(c.path("high").asDouble())
            + "), " + c.path("posts").asInt() + (c.path("posts").asInt() == 1 ? " post" : " posts");
        assertThat(html).as("heatmap cell " + key).contains(title);
        checked++;
      }
    }
    assertThat(checked).isPositive();
    Map<String, String[]> themeRows = new HashMap<>();
    for (String line : themesCsv.split("\r\n")) {
      String[] f = ReportRenderTest.parse(line).toArray(String[]::new);
      themeRows.put(f[0], f);
    }
    for (JsonNode t : topThemes.path("themes")) {
      String[] f = themeRows.get(t.path("rank").asText());
      assertThat(f).isNotNull();
      // rank,theme_id,label,posts,share,lift,low,high,...
      assertThat(f[3]).isEqualTo(t.path("posts").asText());
      assertThat(f[5] + "," + f[6] + "," + f[7]).isEqualTo(t.path("lift").asText() + "," + t.path("low").asText()
          + "," + t.path("high").asText());
      assertThat(html).contains("<tr><td>" + t.path("rank").asInt() + "</td>");
      assertThat(html).contains("<td class=\"num\">" + ReportFormat.pct(t.path("lift").asDouble())
          + "</td><td class=\"num\">" + ReportFormat.pct(t.path("low").asDouble()) + " to "
          + ReportFormat.pct(t.path("high").asDouble()) + "</td>");
    }
  }
}
