package dev.veille.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocialTextTest {
  @Test
  void turnsSocialNoiseIntoPlainSentences() {
    assertThat(SocialText.normalise("Soooo GOOD!!! #NeverAgain @julie_m https://t.co/abc &amp; more"))
        .isEqualTo("Soo good!!! never again & more");
    assertThat(SocialText.normalise("\uD835\uDC01\uD835\uDC28\uD835\uDC25\uD835\uDC1D move")).isEqualTo("Bold move");
    assertThat(SocialText.normalise("mail me at care@maisonlune.com")).isEqualTo("mail me at care@maisonlune.com");
    assertThat(SocialText.normalise(null)).isNull();
  }

  @Test
  void segmentsHashtags() {
    assertThat(SocialText.segmentHashtag("NeverAgain")).containsExactly("never", "again");
    assertThat(SocialText.segmentHashtag("home_decor")).containsExactly("home", "decor");
    assertThat(SocialText.segmentHashtag("COVID19Vaccine")).containsExactly("covid", "19", "vaccine");
    assertThat(SocialText.segmentHashtag("NYCTravel")).containsExactly("nyc", "travel");
    assertThat(SocialText.segmentHashtag("homedecor")).containsExactly("homedecor");
  }
}
