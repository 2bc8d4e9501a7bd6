package dev.veille.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
  final Pseudonymizer p = new Pseudonymizer("salt-A", Set.of("maisonlune"));

  @Test
  void pseudonymsAreStableCaseInsensitiveAndDependOnTheSalt() {
    String a = p.pseudonym("@Julie_M84");
    assertThat(a).matches("u_[0-9a-f]{16}");
    assertThat(p.pseudonym("julie_m84")).isEqualTo(a);
    assertThat(new Pseudonymizer("salt-B", Set.of()).pseudonym("julie_m84")).isNotEqualTo(a);
    // Not the unsalted SHA-256 of the handle (which anyone could compute from a list of handles).
    assertThat(a).isNotEqualTo("u_" + Versions.sha256("julie_m84").substring(0, 16));
  }

  @Test
  void textKeepsTheBrandAndEmailAddressesButHidesPeople() {
    String text = p.pseudonymiseText("Thanks @Julie_M84 and @bob.smith. Write to care@maisonlune.com or @MaisonLune!");
    assertThat(text).doesNotContain("Julie").doesNotContain("bob.smith")
        .contains("care@maisonlune.com").contains("@maisonlune!")
        .contains("@" + p.pseudonym("julie_m84") + " and @" + p.pseudonym("bob.smith") + ".");
    assertThat(Pseudonymizer.mentionsIn(text)).hasSize(3);
    assertThat(p.pseudonymiseText("no handles here")).isEqualTo("no handles here");
  }
}
