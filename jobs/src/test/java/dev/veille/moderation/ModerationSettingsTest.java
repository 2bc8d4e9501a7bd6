package dev.veille.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moderation: section of veille.yaml (no Spark). */
class ModerationSettingsTest {
  @TempDir
  Path dir;

  @Test
  void readsTheSectionWithDefaults() throws Exception {
    Path f = dir.resolve("veille.yaml");
    Files.writeString(f, "warehouse: w\nmoderation:\n  lookback_days: 3\n  waves: {min_posts: 10}\n");
    ModerationSettings s = ModerationSettings.from(ConfigFile.read(f).section("moderation"));
    assertThat(s.lookbackDays()).isEqualTo(3);
    assertThat(s.waves()).isEqualTo(new SpamWaves.Rules(5, 10, 5, 0.3));
    assertThat(s.queueTop()).isEqualTo(ModerationSettings.DEFAULTS.queueTop());
    Files.writeString(f, "warehouse: w\n");
    assertThat(ModerationSettings.from(ConfigFile.read(f).section("moderation"))).isEqualTo(ModerationSettings.DEFAULTS);
  }

  @Test
  void badValuesNameTheKey() throws Exception {
    Path f = dir.resolve("veille.yaml");
    Files.writeString(f, "warehouse: w\nmoderation:\n  lookback_days: 0\n");
    assertThatThrownBy(() -> ModerationSettings.from(ConfigFile.read(f).section("moderation"))).isInstanceOf(ConfigException.class)
        .hasMessageContaining("moderation.lookback_days").hasMessageContaining("0");
    Files.writeString(f, "warehouse: w\nmoderation:\n  waves: {max_distance: 2}\n");
    assertThatThrownBy(() -> ModerationSettings.from(ConfigFile.read(f).section("moderation"))).hasMessageContaining("moderation.waves.max_distance");
    Files.writeString(f, "warehouse: w\nmoderation:\n  lookback: 4\n");
    assertThatThrownBy(() -> ModerationSettings.from(ConfigFile.read(f).section("moderation"))).hasMessageContaining("lookback");
  }
}
