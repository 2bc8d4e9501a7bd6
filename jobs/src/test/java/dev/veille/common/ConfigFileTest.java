package dev.veille.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.calendar.CalendarSettings;
import dev.veille.moderation.ModerationSettings;
import dev.veille.nightly.NightlyJob;
import dev.veille.nightly.NightlySettings;
import dev.veille.analytics.ReportSettings;
import dev.veille.sentiment.SentimentSettings;
import dev.veille.signals.SignalsSettings;
import dev.veille.topics.TopicsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** veille.yaml parsed once: the top level and every section come from the same parse. */
class ConfigFileTest {
  @TempDir
  Path dir;

  static final String EVERY_SECTION = """
      warehouse: wh
      default_timezone: Europe/Paris
      sentiment: {tier: lexical}
      topics: {k: 8}
      signals: {window_hours: 24}
      moderation: {lookback_days: 3}
      calendar: {max_per_day: 1}
      reports: {min_posts: 8}
      nightly: {max_dates: 10}
      """;

  Path write(String yaml) throws Exception {
    Path p = dir.resolve("veille.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void everySectionIsBuiltFromTheOneParse() throws Exception {
    Path p = write(EVERY_SECTION);
    ConfigFile file = ConfigFile.read(p);
    // Rewriting the file afterwards changes nothing: the sections come from the parse, not the disk.
    Files.writeString(p, "warehouse: elsewhere\nreports: {min_posts: 1000}\n");
    VeilleConfig config = ConfigLoader.load(file, null);
    assertThat(config.warehouse()).isEqualTo(dir.resolve("wh").toString());
    assertThat(SentimentSettings.from(file.section("sentiment")).tier()).isEqualTo(SentimentSettings.Tier.LEXICAL);
    assertThat(TopicsConfig.from(file.section("topics")).k()).isEqualTo(8);
    assertThat(SignalsSettings.from(file.section("signals")).windowHours()).isEqualTo(24);
    assertThat(ModerationSettings.from(file.section("moderation")).lookbackDays()).isEqualTo(3);
    assertThat(CalendarSettings.from(file.section("calendar")).maxPerDay()).isEqualTo(1);
    assertThat(ReportSettings.from(file.section("reports")).minPosts()).isEqualTo(8);
    NightlySettings nightly = NightlySettings.from(file.section("nightly"), config.defaultTimezone());
    assertThat(nightly.maxDates()).isEqualTo(10);
    assertThat(nightly.timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(file.sha256()).isEqualTo(Versions.sha256(EVERY_SECTION)).hasSize(64);
    NightlyJob.Settings run = NightlyJob.Settings.of(file, config);
    assertThat(run.configFile()).isEqualTo(p);
    assertThat(run.configSha256()).isEqualTo(file.sha256());
    assertThat(run.sentiment().tier()).isEqualTo(SentimentSettings.Tier.LEXICAL);
    assertThat(run.topics().k()).isEqualTo(8);
    assertThat(run.signals().windowHours()).isEqualTo(24);
    assertThat(run.moderation().lookbackDays()).isEqualTo(3);
    assertThat(run.calendar().maxPerDay()).isEqualTo(1);
    assertThat(run.reports().minPosts()).isEqualTo(8);
    assertThat(run.nightly()).isEqualTo(nightly);
    assertThat(file.path()).isEqualTo(p);
    assertThat(file.base()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void withoutAFileEverySectionTakesItsDefaults() {
    ConfigFile none = ConfigFile.NONE;
    assertThat(ConfigFile.readIfGiven(null)).isSameAs(none);
    assertThat(none.path()).isNull();
    assertThat(none.sha256()).isNull();
    assertThat(SentimentSettings.from(none.section("sentiment"))).isEqualTo(SentimentSettings.DEFAULTS);
    assertThat(TopicsConfig.from(none.section("topics"))).isEqualTo(TopicsConfig.DEFAULT);
    assertThat(ModerationSettings.from(none.section("moderation"))).isEqualTo(ModerationSettings.DEFAULTS);
    assertThat(CalendarSettings.from(none.section("calendar"))).isEqualTo(CalendarSettings.DEFAULTS);
    assertThat(ReportSettings.from(none.section("reports"))).isEqualTo(ReportSettings.DEFAULTS);
    assertThat(NightlySettings.from(none.section("nightly"), ZoneId.of("UTC")))
        .isEqualTo(NightlySettings.defaults(ZoneId.of("UTC")));
    assertThatThrownBy(() -> none.section("report")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("report");
  }

  @Test
  void errorsNameTheFileAndTheKey() throws Exception {
    assertThatThrownBy(() -> ConfigFile.read(write(EVERY_SECTION + "signal: {window_hours: 2}\n")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Unknown key signal in")
        .hasMessageContaining("signals");
    assertThatThrownBy(() -> ConfigFile.read(write("- just\n- a list\n"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("expected a YAML mapping");
    assertThatThrownBy(() -> ConfigFile.read(write("reports: {min_posts: [unclosed\n")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("Cannot parse " + dir.resolve("veille.yaml"));
    assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.yaml"))).isInstanceOf(ConfigException.class)
        .hasMessage("Config file not found: " + dir.resolve("missing.yaml"));
    ConfigFile file = ConfigFile.read(write("warehouse: wh\nreports: {top_n: 50}\n"));
    assertThatThrownBy(() -> ReportSettings.from(file.section("reports"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("reports.top_n in " + dir.resolve("veille.yaml")).hasMessageContaining("50");
  }
}
