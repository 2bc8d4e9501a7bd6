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

  @Test
  void turnsEmojiAndEmoticonsIntoWords() {
    assertThat(SocialText.normalise("Loved it \uD83D\uDE0D\uD83D\uDE0D :) <3")).isEqualTo("Loved it love love happy love");
    assertThat(SocialText.normalise("Worst service \uD83D\uDE21\uFE0F :(")).isEqualTo("Worst service angry sad");
    // Unknown emoji go; skin tones and joiners are parts of an emoji, never words.
    assertThat(SocialText.normalise("Pizza \uD83C\uDF55 \uD83D\uDC4D\uD83C\uDFFD")).isEqualTo("Pizza good");
    // Times, ratios and URLs are not emoticons.
    assertThat(SocialText.normalise("See you at 6:30 (ok:)")).isEqualTo("See you at 6:30 (ok:)");
    assertThat(SocialText.normalise("&lt;3 this")).isEqualTo("love this");
  }

  @Test
  void aRunOfEmojiCountsAtMostTwice() {
    String many = "Yes " + "\uD83D\uDE02".repeat(500) + " ok";
    assertThat(SocialText.normalise(many)).isEqualTo("Yes laughing laughing ok");
    assertThat(SocialText.normalise("\uD83D\uDE02 \uD83D\uDE02 \uD83D\uDE02")).isEqualTo("laughing laughing");
  }

  @Test
  void everyStepCanBeLeftOut() {
    String raw = "SOOO happy :) #GoodDay @anna";
    assertThat(SocialText.normalise(raw, java.util.EnumSet.noneOf(SocialText.Step.class))).isEqualTo(raw);
    var noEmoticons = java.util.EnumSet.allOf(SocialText.Step.class);
    noEmoticons.remove(SocialText.Step.EMOTICONS);
    assertThat(SocialText.normalise(raw, noEmoticons)).isEqualTo("soo happy :) good day");
  }
}
