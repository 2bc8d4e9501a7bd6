package dev.veille.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThemeIdentityTest {
  private static ThemeLabeller.ThemeStats stats(int index, Map<String, Double> distribution) {
    return new ThemeLabeller.ThemeStats(index, 10, List.copyOf(distribution.keySet()), List.of("#tag" + index),
        List.of("p" + index), distribution);
  }

  private static final Map<String, Double> DECOR = Map.of("linen", 0.3, "vase", 0.2, "cushion", 0.2);
  private static final Map<String, Double> SALES = Map.of("sale", 0.4, "code", 0.2, "discount", 0.2);
  private static final Map<String, Double> SERVICE = Map.of("delivery", 0.4, "refund", 0.3, "parcel", 0.1);
  private static final Map<String, Double> LAUNCH = Map.of("launch", 0.4, "edition", 0.3, "drop", 0.2);

  @Test
  void persistingThemesKeepIdAndLabelNewOnesGetNewIdsVanishedOnesRetire() {
    ThemeIdentity.Matched v1 = ThemeIdentity.match(List.of(),
        List.of(stats(0, DECOR), stats(1, SALES), stats(2, SERVICE)), "v0001", 0.3);
    assertThat(v1.catalogue()).extracting(ThemeIdentity.Theme::theme_id)
        .containsExactly("theme-001", "theme-002", "theme-003");
    String decorLabel = v1.catalogue().get(0).label();

    // v2: clusters come back in another order, service vanished, launch is new; decor drifted a bit.
    Map<String, Double> decorDrift = Map.of("linen", 0.25, "vase", 0.25, "rattan", 0.2);
    ThemeIdentity.Matched v2 = ThemeIdentity.match(v1.catalogue(),
        List.of(stats(0, SALES), stats(1, LAUNCH), stats(2, decorDrift)), "v0002", 0.3);
    assertThat(v2.idByIndex()).containsEntry(0, "theme-002").containsEntry(2, "theme-001")
        .containsEntry(1, "theme-004");
    ThemeIdentity.Theme decor = find(v2, "theme-001");
    assertThat(decor.label()).isEqualTo(decorLabel);
    assertThat(decor.status()).isEqualTo(ThemeIdentity.ACTIVE);
    assertThat(decor.first_model_version()).isEqualTo("v0001");
    assertThat(decor.last_model_version()).isEqualTo("v0002");
    ThemeIdentity.Theme service = find(v2, "theme-003");
    assertThat(service.status()).isEqualTo(ThemeIdentity.RETIRED);
    assertThat(service.last_model_version()).isEqualTo("v0001");
    assertThat(find(v2, "theme-004").first_model_version()).isEqualTo("v0002");

    // v3: the retired theme comes back under its old id; ids are never reused.
    ThemeIdentity.Matched v3 = ThemeIdentity.match(v2.catalogue(),
        List.of(stats(0, SERVICE), stats(1, SALES)), "v0003", 0.3);
    assertThat(v3.idByIndex()).containsEntry(0, "theme-003").containsEntry(1, "theme-002");
    assertThat(find(v3, "theme-003").status()).isEqualTo(ThemeIdentity.ACTIVE);
    assertThat(find(v3, "theme-001").status()).isEqualTo(ThemeIdentity.RETIRED);
  }

  @Test
  void belowTheThresholdAThemeIsNew() {
    ThemeIdentity.Matched v1 = ThemeIdentity.match(List.of(), List.of(stats(0, DECOR)), "v0001", 0.3);
    ThemeIdentity.Matched v2 = ThemeIdentity.match(v1.catalogue(), List.of(stats(0, SALES)), "v0002", 0.3);
    assertThat(v2.idByIndex()).containsEntry(0, "theme-002");
    assertThat(find(v2, "theme-001").status()).isEqualTo(ThemeIdentity.RETIRED);
  }

  private static ThemeIdentity.Theme find(ThemeIdentity.Matched m, String id) {
    return m.catalogue().stream().filter(t -> t.theme_id().equals(id)).findFirst().orElseThrow();
  }
}
