package dev.veille.topics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTokenizerTest {
  private final TopicTokenizer tokenizer = new TopicTokenizer(false, true);

  @Test
  void keepsHashtagsAsTokensAndDropsEnglishStopWordsAndSocialNoise() {
    List<String> tokens = tokenizer.tokens(
        "RT @maisonlune: The NEW linen cushions are here!!! via https://t.co/x &amp; more #HomeDecor #fyp", null);
    assertThat(tokens).contains("#homedecor", "@maisonlune", "linen", "cushions", "home", "decor")
        .doesNotContain("rt", "the", "are", "here", "via", "amp", "#fyp", "fyp", "https", "t.co");
  }

  @Test
  void takesHashtagsFromThePostsColumnWhenGiven() {
    assertThat(tokenizer.tokens("Soft linen for slow mornings", List.of("HomeDecor", "#CosyHome")))
        .startsWith("#homedecor", "#cosyhome").contains("linen", "slow", "mornings");
  }

  @Test
  void dropsFrenchStopWordsAndElisions() {
    List<String> tokens = tokenizer.tokens("Une journée à l'atelier : le savoir-faire et beaucoup de café, "
        + "qu'on aime tant ! #AtelierLife", null);
    assertThat(tokens).contains("journée", "atelier", "savoir-faire", "café", "#atelierlife")
        .doesNotContain("une", "à", "l'atelier", "le", "et", "de", "qu'on", "on");
  }

  @Test
  void dropsPseudonymsNumbersAndShortTokens() {
    assertThat(tokenizer.tokens("@u_0123456789abcdef 2026 a b 30% discount x2", null))
        .doesNotContain("@u_0123456789abcdef", "2026", "a", "b", "30").contains("discount", "x2");
  }

  @Test
  void emptyAndNullTextsGiveNoTokens() {
    assertThat(tokenizer.tokens(null, null)).isEmpty();
    assertThat(tokenizer.tokens("   ", List.of())).isEmpty();
    assertThat(tokenizer.tokens("🎉🎉 !!!", null)).isEmpty();
  }

  @Test
  void bigramsJoinAdjacentContentWordsOnly() {
    List<String> tokens = new TopicTokenizer(true, true).tokens("limited edition of the ceramic vase", null);
    assertThat(tokens).contains("limited_edition", "ceramic_vase").doesNotContain("edition_ceramic");
  }

  @Test
  void shippedListsCoverBothLanguagesAndSocialNoise() {
    assertThat(TopicTokenizer.stopList("en")).contains("the", "and", "don't");
    assertThat(TopicTokenizer.stopList("fr")).contains("le", "et", "nous");
    assertThat(TopicTokenizer.stopList("social")).contains("rt", "via", "amp");
  }
}
