package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.analytics.HashtagGroups;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Which theme a report row joins: posts without one join none (no theme called "null"). */
class ReportThemeOfTest {
  private static final StructType SCHEMA = new StructType()
      .add("assigned", DataTypes.BooleanType)
      .add("theme_id", DataTypes.StringType)
      .add("theme_label", DataTypes.StringType);

  private static Row row(boolean assigned, String id, String label) {
    return new GenericRowWithSchema(new Object[] {assigned, id, label}, SCHEMA);
  }

  @Test
  void aPostWithoutUsableTextOrNotYetAssignedJoinsNoTheme() {
    Map<String, HashtagGroups.Theme> byId = new HashMap<>();
    assertThat(ReportJob.themeOf(row(true, null, null), byId)).isNull();
    assertThat(ReportJob.themeOf(row(false, null, null), byId)).isNull();
    assertThat(byId).isEmpty();
  }

  @Test
  void postsOfOneThemeShareOneThemeLabelledByTheCatalogueOrByItsId() {
    Map<String, HashtagGroups.Theme> byId = new HashMap<>();
    HashtagGroups.Theme a = ReportJob.themeOf(row(true, "theme-001", "launch · edition"), byId);
    assertThat(ReportJob.themeOf(row(true, "theme-001", "launch · edition"), byId)).isSameAs(a);
    assertThat(a.id()).isEqualTo("theme-001");
    assertThat(a.label()).isEqualTo("launch · edition");
    assertThat(ReportJob.themeOf(row(true, "theme-009", null), byId).label()).isEqualTo("theme-009");
  }
}
