package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.analytics.HashtagGroups;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which theme a report row joins: posts without one join none (no theme called "null"). */
class ReportThemeOfTest {
  @Test
  void aPostWithoutUsableTextOrNotYetAssignedJoinsNoTheme() {
    Map<String, HashtagGroups.Theme> byId = new HashMap<>();
    assertThat(ReportJob.themeOf(true, null, null, byId)).isNull();
    assertThat(ReportJob.themeOf(false, null, null, byId)).isNull();
    assertThat(byId).isEmpty();
  }

  @Test
  void postsOfOneThemeShareOneThemeLabelledByTheCatalogueOrByItsId() {
    Map<String, HashtagGroups.Theme> byId = new HashMap<>();
    HashtagGroups.Theme a = ReportJob.themeOf(true, "theme-001", "launch · edition", byId);
    assertThat(ReportJob.themeOf(true, "theme-001", "launch · edition", byId)).isSameAs(a);
    assertThat(a.id()).isEqualTo("theme-001");
    assertThat(a.label()).isEqualTo("launch · edition");
    assertThat(ReportJob.themeOf(true, "theme-009", null, byId).label()).isEqualTo("theme-009");
  }
}
