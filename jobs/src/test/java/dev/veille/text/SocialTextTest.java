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

  /** The handle and hashtag patterns as first written, their look-behind before the '@' or '#'. */
  private static final java.util.regex.Pattern HANDLE_AS_WRITTEN =
      java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}_.])@[\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]*");
  private static final java.util.regex.Pattern HASHTAG_AS_WRITTEN =
      java.util.regex.Pattern.compile("(?<![\\p{L}\\p{N}_&])#([\\p{L}\\p{N}_]+)");

  /**
   * The checks that skip a pattern never skip a text it would change, and the reordered patterns
   * find what the first ones found: on random texts built from the characters the patterns look
   * for (capitals with and without accents, a supplementary capital, "www", "://", '@', '#',
   * entities with and without ';', tabs and double spaces), a check that says no means no match.
   */
  @Test
  void aSkippedPatternWouldNotHaveMatched() {
    String[] parts = {"a", "A", "\u00C9", "\u00E9", "##", "@@", "W", "w", ".", ":", "/", "@", "#", "_", "&", " ",
        "  ", "\t", "\n", "\u000B", "\r", "\u00A0", "1", "\uD835\uDC01", "\uD83D\uDE02", "ss", "http", "WWW", "'",
        "-", ";", "&amp;", "&#", "&#x41", "&eacute", "amp;", "#39;"};
    java.util.Random random = new java.util.Random(20261205);
    int[] skipped = new int[7];
    for (int n = 0; n < 200_000; n++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(12); k >= 0; k--) {
        b.append(parts[random.nextInt(parts.length)]);
      }
      String t = b.toString();
      // The handle and hashtag patterns as first written (look-behind first) find the same matches.
      assertThat(SocialText.HANDLE.matcher(t).replaceAll("<$0>")).as("handles in [%s]", t)
          .isEqualTo(HANDLE_AS_WRITTEN.matcher(t).replaceAll("<$0>"));
      assertThat(SocialText.HASHTAG.matcher(t).replaceAll("<$1>")).as("hashtags in [%s]", t)
          .isEqualTo(HASHTAG_AS_WRITTEN.matcher(t).replaceAll("<$1>"));
      if (!SocialText.mayHoldEntity(t)) {
        skipped[6]++;
        assertThat(org.apache.commons.text.StringEscapeUtils.unescapeHtml4(t)).as("entities in [%s]", t).isEqualTo(t);
      }
      if (!SocialText.mayHoldUrl(t)) {
        skipped[0]++;
        assertThat(SocialText.URL.matcher(t).find()).as("URL in [%s]", t).isFalse();
      }
      if (t.indexOf('@') < 0) {
        skipped[1]++;
        assertThat(SocialText.HANDLE.matcher(t).find()).as("handle in [%s]", t).isFalse();
      }
      if (t.indexOf('#') < 0) {
        skipped[2]++;
        assertThat(SocialText.HASHTAG.matcher(t).find()).as("hashtag in [%s]", t).isFalse();
      }
      if (!SocialText.hasRunOfThree(t)) {
        skipped[3]++;
        assertThat(SocialText.ELONGATION.matcher(t).find()).as("elongation in [%s]", t).isFalse();
      }
      if (!SocialText.hasTwoCapitals(t)) {
        skipped[4]++;
        assertThat(SocialText.CAPS_WORD.matcher(t).find()).as("capitals in [%s]", t).isFalse();
      }
      if (!SocialText.hasSpacesToCollapse(t)) {
        skipped[5]++;
        assertThat(SocialText.SPACES.matcher(t).replaceAll(" ")).as("spaces in [%s]", t).isEqualTo(t);
      }
    }
    // Each check said no often enough for the assertions above to mean something.
    assertThat(java.util.Arrays.stream(skipped).min().getAsInt()).isGreaterThan(10_000);
    assertThat(SocialText.normalise("Go to WwW.maisonlune.fr\tNOW  #Soldes")).isEqualTo("Go to now soldes");
    assertThat(SocialText.normalise("\uD835\uDC01\uD835\uDC01 ok")).isEqualTo("bb ok");
  }
}
