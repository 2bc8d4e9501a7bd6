package dev.veille.signals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.common.alerts.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignalsSettingsTest {
  @TempDir
  Path dir;

  SignalsSettings load(String yaml) throws Exception {
    Path f = dir.resolve("veille.yaml");
    Files.writeString(f, yaml);
    return SignalsSettings.from(ConfigFile.read(f).section("signals"));
  }

  @Test
  void defaultsWhenTheSectionIsAbsent() throws Exception {
    SignalsSettings s = load("warehouse: w\n");
    assertThat(s.windowHours()).isEqualTo(48);
    assertThat(s.crisis().alpha()).isEqualTo(0.001);
    assertThat(s.historyDays()).isEqualTo(92);
    // The crisis test's window (48 h), its guard (48 h) and baseline (28 days): 32 days of comments.
    assertThat(s.commentDays()).isEqualTo(32);
  }

  @Test
  void readsEveryKey() throws Exception {
    SignalsSettings s = load("signals:\n  window_hours: 24\n  cooldown_days: 5\n  buzz: {min_interactions: 200, z: 4}\n"
        + "  crisis: {min_negative: 12}\n  emerging: {window_days: 14, min_coverage: 0.5}\n"
        + "  notify: {webhook_url: 'https://hooks.example/T0/B0/x', min_severity: critical, retries: 1}\n");
    assertThat(s.windowHours()).isEqualTo(24);
    assertThat(s.cooldownDays()).isEqualTo(5);
    assertThat(s.buzz().minInteractions()).isEqualTo(200);
    assertThat(s.buzz().z()).isEqualTo(4);
    assertThat(s.crisis().minNegative()).isEqualTo(12);
    assertThat(s.emerging().windowDays()).isEqualTo(14);
    assertThat(s.notification().minSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(s.notification().retries()).isEqualTo(1);
  }

  @Test
  void errorsNameTheKeyAndTheValue() {
    assertThatThrownBy(() -> load("signals:\n  window_hours: 0\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("signals.window_hours").hasMessageContaining("0");
    assertThatThrownBy(() -> load("signals:\n  crisis: {alpah: 0.01}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("signals.crisis.alpah");
    assertThatThrownBy(() -> load("signals:\n  notify: {min_severity: loud}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("signals.notify.min_severity").hasMessageContaining("loud");
    assertThatThrownBy(() -> load("signals:\n  notify: {webhook_url: 'ftp://x/secret'}\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("scheme ftp").hasMessageNotContaining("secret");
  }

  @Test
  void theWebhookMayComeFromTheEnvironment() {
    SignalsSettings s = SignalsSettings.DEFAULTS.withWebhookFromEnv(Map.of(SignalsSettings.WEBHOOK_ENV,
        "https://hooks.example/T/B/y"));
    assertThat(s.notification().webhookUrl()).isEqualTo("https://hooks.example/T/B/y");
    assertThat(SignalsSettings.DEFAULTS.withWebhookFromEnv(Map.of()).notification().webhookUrl()).isNull();
  }
}
