package dev.veille.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Findings of consecutive nights become one incident, raised again only when it worsens. */
class IncidentsTest {
  static final LocalDate D1 = LocalDate.of(2026, 11, 27);
  static final LocalDate D2 = LocalDate.of(2026, 11, 28);

  static Alert crisis(LocalDate date, Severity sev, double score) {
    return Alert.found(date, Alert.CRISIS, sev, "Maison Lune", "fb1", "facebook", "comments",
        Instant.parse("2026-11-26T00:00:00Z"), Instant.parse("2026-11-28T00:00:00Z"), score, "m", Map.of(), null,
        List.of("refund"), null);
  }

  @Test
  void aNewFindingIsANewIncident() {
    List<Alert> a = Incidents.resolve(List.of(crisis(D1, Severity.WARNING, 3)), List.of(), D1, 3, 1.5);
    assertThat(a.get(0).status()).isEqualTo(Alert.NEW);
    assertThat(a.get(0).firstRaised()).isEqualTo(D1);
    assertThat(a.get(0).id()).matches("al-[0-9a-f]{12}");
    assertThat(a.get(0).raised()).isTrue();
  }

  @Test
  void twoConsecutiveNightsAreOneAlert() {
    Alert first = Incidents.resolve(List.of(crisis(D1, Severity.WARNING, 3)), List.of(), D1, 3, 1.5).get(0);
    Alert second = Incidents.resolve(List.of(crisis(D2, Severity.WARNING, 3.5)), List.of(first), D2, 3, 1.5).get(0);
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.firstRaised()).isEqualTo(D1);
    assertThat(second.status()).isEqualTo(Alert.ONGOING);
    assertThat(second.raised()).isFalse();
    assertThat(second.raisedScore()).isEqualTo(3);
  }

  @Test
  void itIsRaisedAgainWhenItWorsens() {
    Alert first = Incidents.resolve(List.of(crisis(D1, Severity.WARNING, 3)), List.of(), D1, 3, 1.5).get(0);
    Alert worse = Incidents.resolve(List.of(crisis(D2, Severity.CRITICAL, 3.1)), List.of(first), D2, 3, 1.5).get(0);
    assertThat(worse.status()).isEqualTo(Alert.WORSENED);
    assertThat(worse.id()).isEqualTo(first.id());
    Alert stronger = Incidents.resolve(List.of(crisis(D2, Severity.WARNING, 4.5)), List.of(first), D2, 3, 1.5).get(0);
    assertThat(stronger.status()).isEqualTo(Alert.WORSENED);
    assertThat(stronger.raisedScore()).isEqualTo(4.5);
  }

  @Test
  void afterTheCooldownItIsANewIncident() {
    Alert first = Incidents.resolve(List.of(crisis(D1, Severity.WARNING, 3)), List.of(), D1, 3, 1.5).get(0);
    LocalDate later = D1.plusDays(5);
    Alert again = Incidents.resolve(List.of(crisis(later, Severity.WARNING, 3)), List.of(first), later, 3, 1.5).get(0);
    assertThat(again.status()).isEqualTo(Alert.NEW);
    assertThat(again.id()).isNotEqualTo(first.id());
  }

  @Test
  void aRerunOfANightIgnoresThatNightsRows() {
    Alert first = Incidents.resolve(List.of(crisis(D1, Severity.WARNING, 3)), List.of(), D1, 3, 1.5).get(0);
    Alert rerun = Incidents.resolve(List.of(crisis(D1, Severity.WARNING, 3)), List.of(first), D1, 3, 1.5).get(0);
    assertThat(rerun).isEqualTo(first);
  }
}
