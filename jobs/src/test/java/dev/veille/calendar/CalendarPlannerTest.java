package dev.veille.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.analytics.ReportData;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.ReportSettings;
import dev.veille.common.Json;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import dev.veille.samples.GeneratedPosts;
import dev.veille.samples.GeneratorSettings;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The planner on generated posts with planted effects (no Spark): planted best slots planned,
 * viral traps never, DST weeks, the .ics through ical4j, caps, exploration share, thin history,
 * crisis themes and determinism.
 */
class CalendarPlannerTest {
  @TempDir
  Path dir;

  record Sample(List<ReportPost> posts, JsonNode truth, ReportData data, Instant cutoff) {}

  /** Generated samples by settings: the generator is deterministic, so tests share them (it is the slow part). */
  static final Map<GeneratorSettings, Sample> SAMPLES = new java.util.concurrent.ConcurrentHashMap<>();

  Sample sample(GeneratorSettings g, String name) throws Exception {
    Sample cached = SAMPLES.get(g);
    if (cached != null && !name.endsWith("-again")) {
      return cached;
    }
    Path d = dir.resolve(name);
    Sample s = sample(GeneratedPosts.generate(g, d),
        Json.MAPPER.readTree(Files.readString(d.resolve("ground_truth.json"))));
    SAMPLES.putIfAbsent(g, s);
    return s;
  }

  static Sample sample(List<ReportPost> all, JsonNode truth) {
    LocalDate date = LocalDate.parse(truth.path("as_of").asText().substring(0, 10));
    ReportSettings s = ReportSettings.DEFAULTS;
    Instant cutoff = date.minusDays(s.maturityDays()).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new Sample(all, truth, ReportData.compute(all, cutoff, date, s, null, null, null, List.of()), cutoff);
  }

  static Calendar plan(Sample s, List<Alert> alerts, CalendarSettings cs) {
    return CalendarPlanner.plan(s.data(), s.posts(), s.cutoff(), null, alerts, cs,
        s.data().reportDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  static Calendar.AccountPlan account(Calendar c, JsonNode a) {
    return c.accounts().stream().filter(x -> x.platform().equals(a.path("platform").asText())
        && x.accountId().equals(a.path("account_id").asText())).findFirst().orElseThrow();
  }

  @Test
  void plantedBestSlotIsPlannedAndTheViralTrapNeverIs() throws Exception {
    int accounts = 0;
    for (int seed = 1; seed <= 3; seed++) {
      Sample s = sample(GeneratorSettings.of(seed, 1500), "seed" + seed);
      Calendar c = plan(s, List.of(), CalendarSettings.DEFAULTS.withWeeks(2));
      for (JsonNode a : s.truth().path("accounts")) {
        Calendar.AccountPlan p = account(c, a);
        int bw = a.path("best_slot").path("weekday").asInt();
        int bh = a.path("best_slot").path("hour").asInt();
        assertThat(p.slots()).as("seed %d %s: best slot %d-%d planned", seed, p.account(), bw, bh)
            .anyMatch(x -> x.weekday() == bw && x.hour() == bh && !x.exploration());
        JsonNode v = a.path("viral_lonely_slot");
        if (!v.isMissingNode()) {
          assertThat(p.slots()).as("seed %d %s: viral trap never planned", seed, p.account())
              .noneMatch(x -> x.weekday() == v.path("weekday").asInt() && x.hour() == v.path("hour").asInt());
        }
        accounts++;
      }
    }
    assertThat(accounts).isGreaterThanOrEqualTo(15);
  }

  @Test
  void localTimesHoldAcrossSpringAndAutumnDaylightSavingChanges() throws Exception {
    // Four weeks from 5 March 2026 cover New York's change (8 March) and Paris's (29 March);
    // two weeks from 22 October 2026 cover Paris's (25 October) and New York's (1 November).
    for (LocalDate asOf : List.of(LocalDate.of(2026, 3, 5), LocalDate.of(2026, 10, 22))) {
      Sample s = sample(GeneratorSettings.of(2, 1500, asOf), "dst" + asOf);
      Calendar c = plan(s, List.of(), CalendarSettings.DEFAULTS.withWeeks(asOf.getMonthValue() == 3 ? 4 : 2));
      for (String zoneId : List.of("Europe/Paris", "America/New_York")) {
        ZoneId zone = ZoneId.of(zoneId);
        List<Calendar.SlotPlan> slots = c.accounts().stream().filter(a -> a.timezone().equals(zoneId))
            .flatMap(a -> a.slots().stream()).toList();
        assertThat(slots).isNotEmpty();
        Set<Integer> offsets = new HashSet<>();
        for (Calendar.SlotPlan x : slots) {
          assertThat(x.localStart().getHour()).isEqualTo(x.hour());
          assertThat(x.localStart().getDayOfWeek().getValue()).isEqualTo(x.weekday());
          assertThat(x.utcStart()).isEqualTo(x.localStart().atZone(zone).toInstant());
          offsets.add(zone.getRules().getOffset(x.utcStart()).getTotalSeconds());
        }
        // Both sides of the change are planned at the same local hours.
        assertThat(offsets).as("%s %s", asOf, zoneId).hasSize(2);
      }
    }
  }

  @Test
  void aLocalTimeTheClocksSkipIsLeftOutWithANote() throws Exception {
    Sample s = sample(GeneratorSettings.of(3, 1500, LocalDate.of(2026, 3, 25)), "gap");
    // Sunday 29 March 2026 02:00 does not exist in Paris: force a recommended slot there.
    dev.veille.analytics.BestTimes.AccountTimes a = s.data().accounts().stream()
        .filter(x -> x.timezone().equals("Europe/Paris")).findFirst().orElseThrow();
    dev.veille.analytics.BestTimes.Slot gap = new dev.veille.analytics.BestTimes.Slot(7, 2, 0.5, 0.2, 0.8, 9, false,
        Math.log1p(0.5), 9);
    dev.veille.analytics.BestTimes.AccountTimes forced = new dev.veille.analytics.BestTimes.AccountTimes(a.account(),
        a.accountId(), a.platform(), a.timezone(), a.denominator(), a.posts(), a.postsWithoutRate(),
        new dev.veille.analytics.BestTimes.SlotSet(a.overall().posts(), List.of(gap), List.of(), a.overall().cells(),
            null), Map.of(), Map.of());
    ReportData d = new ReportData(s.data().reportDate(), s.data().settings(), List.of(forced), s.data().themes(),
        s.data().themesSource(), false, false, s.data().coverage());
    Calendar c = CalendarPlanner.plan(d, s.posts(), s.cutoff(), null, List.of(), CalendarSettings.DEFAULTS,
        Instant.EPOCH);
    Calendar.AccountPlan p = c.accounts().get(0);
    assertThat(p.slots()).noneMatch(x -> x.localStart().equals(LocalDateTime.of(2026, 3, 29, 2, 0)));
    assertThat(p.note()).contains("2026-03-29T02:00 does not exist in Europe/Paris");
  }

  @Test
  void icsRoundTripsThroughIcal4jWithStableUids() throws Exception {
    Sample s = sample(GeneratorSettings.of(1, 1500), "ics");
    Calendar c = plan(s, List.of(), CalendarSettings.DEFAULTS);
    String ics = CalendarFiles.ics(c);
    net.fortuna.ical4j.model.Calendar parsed = new CalendarBuilder().build(new StringReader(ics));
    List<VEvent> events = parsed.getComponents("VEVENT");
    assertThat(events).hasSize(c.slotCount()).isNotEmpty();
    Set<String> zones = new HashSet<>();
    parsed.<VTimeZone>getComponents("VTIMEZONE").forEach(z -> zones.add(z.getTimeZoneId().orElseThrow().getValue()));
    assertThat(zones).containsExactlyInAnyOrder("Europe/Paris", "America/New_York", "Europe/London",
        "America/Los_Angeles");
    Map<String, Calendar.SlotPlan> byUid = new HashMap<>();
    for (Calendar.AccountPlan a : c.accounts()) {
      for (Calendar.SlotPlan x : a.slots()) {
        byUid.put(CalendarFiles.uid(c, a, x), x);
      }
    }
    List<String> uids = new ArrayList<>();
    for (VEvent e : events) {
      String uid = e.getUid().orElseThrow().getValue();
      uids.add(uid);
      Calendar.SlotPlan x = byUid.get(uid);
      assertThat(x).as(uid).isNotNull();
      Property start = e.getProperty("DTSTART").orElseThrow();
      assertThat(start.getParameter("TZID").orElseThrow().getValue()).isIn(zones);
      Temporal t = e.getDateTimeStart().orElseThrow().getDate();
      assertThat(ZonedDateTime.from(t).toInstant()).isEqualTo(x.utcStart());
      assertThat(ZonedDateTime.from(t).toLocalDateTime()).isEqualTo(x.localStart());
      assertThat(e.getProperty("DTSTAMP").orElseThrow().getValue()).isEqualTo("20261129T000000Z");
      assertThat(e.getSummary().orElseThrow().getValue()).contains(" \u00b7 ");
      assertThat(e.getDescription().orElseThrow().getValue()).isEqualTo(CalendarFiles.description(x));
    }
    assertThat(new HashSet<>(uids)).hasSize(uids.size());
    // A rerun of the same date (fresh posts from the same seed): the same bytes, the same UIDs.
    Sample again = sample(GeneratorSettings.of(1, 1500), "ics-again");
    Calendar c2 = plan(again, List.of(), CalendarSettings.DEFAULTS);
    assertThat(CalendarFiles.ics(c2)).isEqualTo(ics);
    assertThat(CalendarFiles.json(c2)).isEqualTo(CalendarFiles.json(c));
    assertThat(CalendarFiles.csv(c2)).isEqualTo(CalendarFiles.csv(c));
  }

  @Test
  void capsAndExplorationShareHold() throws Exception {
    Sample s = sample(GeneratorSettings.of(4, 1500), "caps");
    for (CalendarSettings cs : List.of(CalendarSettings.DEFAULTS,
        new CalendarSettings(2, Map.of(), 10, 1, 12, 0.3, 90),
        new CalendarSettings(1, Map.of("instagram:178414000456", 4), null, 2, 2, 0.5, 30))) {
      Calendar c = plan(s, List.of(), cs);
      for (Calendar.AccountPlan a : c.accounts()) {
        long explore = a.slots().stream().filter(Calendar.SlotPlan::exploration).count();
        assertThat(explore).as("%s %s", cs, a.account())
            .isLessThanOrEqualTo(Math.round(a.postsPerWeek() * cs.explorationShare()) * cs.weeks());
        assertThat(a.slots().size()).isLessThanOrEqualTo(a.postsPerWeek() * cs.weeks());
        Map<LocalDate, Integer> perDay = new HashMap<>();
        a.slots().forEach(x -> perDay.merge(x.localStart().toLocalDate(), 1, Integer::sum));
        assertThat(perDay.values()).allMatch(n -> n <= cs.maxPerDay());
        for (int i = 1; i < a.slots().size(); i++) {
          long gap = java.time.Duration.between(a.slots().get(i - 1).utcStart(), a.slots().get(i).utcStart()).toHours();
          assertThat(gap).isGreaterThanOrEqualTo(Math.max(1, cs.minGapHours()));
          assertThat(a.slots().get(i).themeId()).isNotEqualTo(a.slots().get(i - 1).themeId());
        }
        if (a.slots().size() < a.postsPerWeek() * cs.weeks()) {
          assertThat(a.note()).contains("aimed at");
        }
      }
      if (cs.postsPerWeek().containsKey("instagram:178414000456")) {
        Calendar.AccountPlan ig = c.accounts().stream().filter(a -> a.platform().equals("instagram")).findFirst()
            .orElseThrow();
        assertThat(ig.postsPerWeek()).isEqualTo(4);
        assertThat(ig.slots()).hasSize(4);
        assertThat(ig.slots().stream().filter(Calendar.SlotPlan::exploration).count()).isEqualTo(2);
        assertThat(ig.note()).contains("set by calendar.posts_per_week");
      }
    }
    // With the defaults, the cadence is the last 8 weeks' and a fifth of it (rounded) explores.
    Calendar c = plan(s, List.of(), CalendarSettings.DEFAULTS);
    int withExploration = 0;
    for (Calendar.AccountPlan a : c.accounts()) {
      long recent = s.posts().stream().filter(p -> p.account().equals(a.platform() + "/" + a.accountId())
          && !p.localDate().isBefore(s.data().reportDate().minusDays(55))).count();
      assertThat(a.postsPerWeek()).isEqualTo((int) Math.max(1, Math.round(recent / 8.0)));
      long explore = a.slots().stream().filter(Calendar.SlotPlan::exploration).count();
      if (explore == Math.round(a.postsPerWeek() * 0.2) && explore > 0) {
        withExploration++;
      }
    }
    assertThat(withExploration).isGreaterThanOrEqualTo(3);
  }

  @Test
  void anAccountWithTooLittleHistoryBorrowsItsPlatformsPatternOrGetsANote() throws Exception {
    Sample base = sample(GeneratorSettings.of(5, 1500), "thin");
    List<ReportPost> posts = new ArrayList<>(base.posts());
    // A second Facebook account and a Mastodon one, each with its 6 latest mature posts only.
    for (String[] clone : List.of(new String[] {"facebook", "facebook", "999"},
        new String[] {"facebook", "mastodon", "m1"})) {
      base.posts().stream().filter(p -> p.platform().equals(clone[0]) && p.publishedAt().isBefore(base.cutoff()))
          .sorted(java.util.Comparator.comparing(ReportPost::publishedAt).reversed()).limit(6)
          .forEach(p -> posts.add(new ReportPost(clone[1] + ":" + clone[2] + p.postKey(), clone[1], clone[2],
              "New " + clone[1], p.timezone(), p.publishedAt(), p.localDate(), p.weekday(), p.hour(), p.format(),
              p.paid(), p.hashtags(), p.url(), p.text(), p.language(), p.denominator(), p.logRate(),
              p.interactions())));
    }
    Sample s = sample(posts, base.truth());
    Calendar c = plan(s, List.of(), CalendarSettings.DEFAULTS);
    Calendar.AccountPlan fb2 = c.accounts().stream().filter(a -> a.accountId().equals("999")).findFirst().orElseThrow();
    assertThat(fb2.note()).contains("Too little history").contains("other facebook accounts");
    assertThat(fb2.slots()).isNotEmpty().allMatch(x -> x.rationale().startsWith("Slot of the brand's other facebook"));
    Calendar.AccountPlan m = c.accounts().stream().filter(a -> a.accountId().equals("m1")).findFirst().orElseThrow();
    assertThat(m.slots()).isEmpty();
    assertThat(m.note()).contains("Too little history").contains("No plan");
  }

  @Test
  void themesOfAnOpenCrisisAreNeverPlanned() throws Exception {
    Sample s = sample(GeneratorSettings.of(1, 1500), "crisis");
    Calendar before = plan(s, List.of(), CalendarSettings.DEFAULTS);
    String top = before.accounts().get(0).slots().get(0).themeId();
    String key = s.posts().stream().filter(p -> dev.veille.analytics.HashtagGroups.assign(s.posts()).get(p.postKey()) != null
        && dev.veille.analytics.HashtagGroups.assign(s.posts()).get(p.postKey()).id().equals(top)).findFirst()
        .orElseThrow().postKey();
    Alert crisis = Alert.found(s.data().reportDate(), Alert.CRISIS, Severity.CRITICAL, "Maison Lune", "104857600123",
        "facebook", "comments", Instant.EPOCH, Instant.EPOCH, 3.0, "complaints",
        Map.of("posts", List.of(Map.of("post_key", key))), null, List.of("delivery"), null);
    Calendar c = plan(s, List.of(crisis), CalendarSettings.DEFAULTS);
    assertThat(c.excludedThemes()).containsKey(top);
    assertThat(c.accounts()).allSatisfy(a -> assertThat(a.slots()).noneMatch(x -> top.equals(x.themeId())));
    assertThat(c.accounts().get(0).note()).contains("open crisis alert");
    assertThat(c.slotCount()).isEqualTo(before.slotCount());
  }

  @Test
  void reuseSuggestsOldPostsOfTheThemeAboveTypicalOnce() throws Exception {
    Sample s = sample(GeneratorSettings.of(1, 1500), "reuse");
    Calendar c = plan(s, List.of(), CalendarSettings.DEFAULTS.withWeeks(3));
    Map<String, ReportPost> byKey = new HashMap<>();
    s.posts().forEach(p -> byKey.put(p.postKey(), p));
    Map<String, dev.veille.analytics.HashtagGroups.Theme> themes = dev.veille.analytics.HashtagGroups.assign(s.posts());
    Set<String> seen = new HashSet<>();
    int suggestions = 0;
    for (Calendar.AccountPlan a : c.accounts()) {
      for (Calendar.SlotPlan x : a.slots()) {
        assertThat(x.reuse()).hasSizeLessThanOrEqualTo(2);
        for (Calendar.Reuse r : x.reuse()) {
          ReportPost p = byKey.get(r.postKey());
          assertThat(p.localDate()).isBefore(s.data().reportDate().minusDays(90));
          assertThat(p.account()).isEqualTo(a.platform() + "/" + a.accountId());
          assertThat(themes.get(p.postKey()).id()).isEqualTo(x.themeId());
          assertThat(r.lift()).isPositive();
          assertThat(seen.add(r.postKey())).isTrue();
          suggestions++;
        }
      }
    }
    assertThat(suggestions).isGreaterThan(20);
  }
}
