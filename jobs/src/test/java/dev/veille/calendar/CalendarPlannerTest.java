package dev.veille.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.common.Json;
import dev.veille.reports.ReportData;
import dev.veille.reports.ReportPost;
import dev.veille.reports.ReportSettings;
import dev.veille.samples.GeneratedPosts;
import dev.veille.samples.GeneratorSettings;
import dev.veille.signals.Alert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarPlannerTest {
  @TempDir
  Path dir;

  record Sample(List<ReportPost> posts, JsonNode truth, ReportData data, Instant cutoff) {}

  Sample sample(GeneratorSettings g, String name) throws Exception {
    Path d = dir.resolve(name);
    List<ReportPost> all = GeneratedPosts.generate(g, d);
    JsonNode truth = Json.MAPPER.readTree(Files.readString(d.resolve("ground_truth.json")));
    LocalDate date = LocalDate.parse(truth.path("as_of").asText().substring(0, 10));
    ReportSettings s = ReportSettings.DEFAULTS;
    Instant cutoff = date.minusDays(s.maturityDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new Sample(all, truth, ReportData.compute(all, cutoff, date, s, null, null, null, List.of()), cutoff);
  }

  Calendar plan(Sample s, List<Alert> alerts, CalendarSettings cs) {
    return CalendarPlanner.plan(s.data(), s.posts(), s.cutoff(), null, alerts, cs,
        s.data().reportDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  @Test
  void look() throws Exception {
    Sample s = sample(GeneratorSettings.of(1, 1500), "look");
    Calendar c = plan(s, List.of(), CalendarSettings.DEFAULTS);
    System.out.println(CalendarFiles.json(c));
    System.out.println(CalendarFiles.csv(c));
    String ics = CalendarFiles.ics(c); System.out.println(ics.substring(ics.indexOf("BEGIN:VEVENT"), ics.indexOf("BEGIN:VEVENT") + 1500));
  }
}
