package dev.veille.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.cli.VeilleCommand;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports: section of veille.yaml and the report command's argument checks (no Spark). */
class ReportSettingsTest {
  @TempDir
  Path dir;

  @Test
  void readsTheReportsSectionWithDefaults() throws Exception {
    Path f = dir.resolve("veille.yaml");
    Files.writeString(f, "warehouse: w\nreports:\n  min_posts: 8\n  maturity_days: 3\n");
    assertThat(ReportSettings.from(ConfigFile.read(f).section("reports"))).isEqualTo(new ReportSettings(3, 8, 3, 14));
    Files.writeString(f, "warehouse: w\n");
    assertThat(ReportSettings.from(ConfigFile.read(f).section("reports"))).isEqualTo(ReportSettings.DEFAULTS);
  }

  @Test
  void badValuesNameTheKey() throws Exception {
    Path f = dir.resolve("veille.yaml");
    Files.writeString(f, "warehouse: w\nreports:\n  min_posts: 1\n");
    assertThatThrownBy(() -> ReportSettings.from(ConfigFile.read(f).section("reports"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("reports.min_posts").hasMessageContaining("1");
    Files.writeString(f, "warehouse: w\nreports:\n  top_n: 2.5\n");
    assertThatThrownBy(() -> ReportSettings.from(ConfigFile.read(f).section("reports"))).hasMessageContaining("reports.top_n");
    Files.writeString(f, "warehouse: w\nreports:\n  min_post: 4\n");
    assertThatThrownBy(() -> ReportSettings.from(ConfigFile.read(f).section("reports"))).hasMessageContaining("min_post");
  }

  @Test
  void languageIsEnglishByDefaultAndOnlyEnOrFr() throws Exception {
    Path f = dir.resolve("veille.yaml");
    Files.writeString(f, "warehouse: w\nreports:\n  language: fr\n");
    assertThat(ReportSettings.from(ConfigFile.read(f).section("reports")).language()).isEqualTo("fr");
    assertThat(ReportSettings.DEFAULTS.language()).isEqualTo("en");
    Files.writeString(f, "warehouse: w\nreports:\n  language: de\n");
    assertThatThrownBy(() -> ReportSettings.from(ConfigFile.read(f).section("reports"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("reports.language").hasMessageContaining("de").hasMessageContaining("en, fr");
    assertThatThrownBy(() -> new ReportSettings(7, 5, 3, 14, "FR")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("reports.language").hasMessageContaining("FR");
  }

  @Test
  void badDateExitsWithTwo() {
    StringWriter err = new StringWriter();
    int code = VeilleCommand.execute(new String[] {"report", "--warehouse", dir.toString(), "--date", "2026-13-01"},
        new PrintWriter(new StringWriter()), new PrintWriter(err));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--date").contains("2026-13-01");
  }
}
