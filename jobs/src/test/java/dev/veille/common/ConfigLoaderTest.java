package dev.veille.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir
  Path dir;

  private Path write(String yaml) throws Exception {
    Path p = dir.resolve("veille.yaml");
    Files.writeString(p, yaml);
    return p;
  }

  @Test
  void readsAccountsSourcesAndResolvesPathsAgainstTheConfigFolder() throws Exception {
    Path file = write("""
        warehouse: wh
        privacy: {salt: from-file}
        accounts:
          - {platform: Facebook, id: "1", name: Maison Lune, timezone: Europe/Paris, handles: ["@MaisonLune"]}
        ingest:
          max_bad_ratio: 0.1
          sources:
            - {path: exports/a.csv, mapping: preset:meta-business-suite, timestamp_zone: America/New_York,
               observed_at: "2026-11-28T06:00:00Z"}
            - {path: s3a://bucket/x.jsonl, mapping: maps/x.yaml}
        """);
    VeilleConfig c = ConfigLoader.load(file, null);
    assertThat(c.warehouse()).isEqualTo(dir.resolve("wh").toString());
    assertThat(c.salt()).isEqualTo("from-file");
    assertThat(c.accounts()).singleElement().satisfies(a -> {
      assertThat(a.platform()).isEqualTo("facebook");
      assertThat(a.timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
      assertThat(a.handles()).containsExactly("maisonlune");
    });
    assertThat(c.maxBadRatio()).isEqualTo(0.1);
    assertThat(c.sources().get(0).path()).isEqualTo(dir.resolve("exports/a.csv").toString());
    assertThat(c.sources().get(0).observedAt()).isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
    assertThat(c.sources().get(1).path()).isEqualTo("s3a://bucket/x.jsonl");
    assertThat(c.sources().get(1).mapping()).isEqualTo(dir.resolve("maps/x.yaml").toString());
    assertThat(c.toString()).doesNotContain("from-file");
  }

  @Test
  void theEnvironmentSaltWinsOverTheFile() throws Exception {
    Path file = write("warehouse: wh\nprivacy: {salt: from-file}\n");
    assertThat(ConfigLoader.load(file, "from-env").salt()).isEqualTo("from-env");
    assertThatThrownBy(() -> ConfigLoader.load(write("warehouse: wh\n"), null).requireSalt())
        .isInstanceOf(ConfigException.class).hasMessageContaining("VEILLE_SALT");
  }

  @Test
  void errorsNameTheKeyTheValueAndWhatIsExpected() throws Exception {
    assertThatThrownBy(() -> ConfigLoader.load(write("warehouse: wh\naccounts: [{platform: x, id: '1', timezone: Paris}]\n"), null))
        .hasMessage("Invalid accounts[0].timezone in " + dir.resolve("veille.yaml")
            + ": \"Paris\" (expected an IANA time zone such as Europe/Paris)");
    assertThatThrownBy(() -> ConfigLoader.load(write("warehouse: wh\ningest: {max_bad_ratio: 2}\n"), null))
        .hasMessageContaining("ingest.max_bad_ratio").hasMessageContaining("2").hasMessageContaining("from 0.0 to 1.0");
    assertThatThrownBy(() -> ConfigLoader.load(write("warehous: wh\n"), null))
        .hasMessageContaining("Unknown key warehous");
    assertThatThrownBy(() -> ConfigLoader.load(write("privacy: {salt: s}\n"), null))
        .hasMessageContaining("Missing warehouse");
    assertThatThrownBy(() -> ConfigLoader.load(write("warehouse: wh\ningest: {sources: [{path: a.csv}]}\n"), null))
        .hasMessageContaining("Missing ingest.sources[0].mapping");
    assertThatThrownBy(() -> ConfigLoader.load(write("warehouse: [unclosed\n"), null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Cannot parse");
    assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("missing.yaml"), null))
        .hasMessageContaining("Config file not found");
  }
}
