package dev.veille.text;

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

  private final TopicTokenizer bilingual = TopicTokenizer.of(TopicTokenizer.Terms.BILINGUAL, false, true);

  @Test
  void frenchStopWordsGoAndABrandsFrenchContentWordsStay() {
    List<String> tokens = TopicTokenizer.of(TopicTokenizer.Terms.SURFACE, false, true).tokens(
        "Coucou ! Vraiment trop bien, déjà reçu après 2 jours, toujours aussi beau contre le froid. "
            + "Le retour est gratuit, la pièce est unique et pas chère : nouveau coussin en lin mdr", null);
    assertThat(tokens).containsExactly("reçu", "jours", "beau", "froid", "retour", "gratuit", "pièce", "unique",
        "chère", "nouveau", "coussin", "lin");
  }

  @Test
  void elisionsAreCutAndAccentlessTextMeetsAccentedText() {
    List<String> accented = bilingual.tokens("L’écologie d'un intérieur : qu'est-ce qu'on décore ? Très déco", null);
    List<String> accentless = bilingual.tokens("L'ecologie d'un interieur : qu'est-ce qu'on decore ? Tres deco", null);
    // Tokens are term keys: "ecologi" is the key of both "écologie" and "ecology".
    assertThat(accented).isEqualTo(accentless).containsExactly("ecologi", "interior", "decor", "decor");
    assertThat(bilingual.tokens("#Déco #deco #HomeDecor", null)).startsWith("#deco", "#homedecor")
        .doesNotContain("#déco").containsOnlyOnce("#deco");
  }

  @Test
  void aWordAndItsPluralOrFeminineShareOneKey() {
    for (String[] same : new String[][] {{"coussins", "coussin"}, {"bougies", "bougie"}, {"cadeaux", "cadeau"},
        {"journaux", "journal"}, {"bijoux", "bijou"}, {"stories", "story"}, {"boxes", "box"}, {"verte", "vert"},
        {"cushions", "cushion"}, {"Déco", "deco"}, {"œuvres", "oeuvre"}}) {
      assertThat(TopicTokenizer.key(same[0].toLowerCase())).as(same[0]).isEqualTo(TopicTokenizer.key(same[1]));
    }
    // Words whose final s is not a plural, and short words, are left alone.
    assertThat(TopicTokenizer.key("dress")).isEqualTo("dress");
    assertThat(TopicTokenizer.key("tapis")).isEqualTo("tapis");
    assertThat(TopicTokenizer.key("plus")).isEqualTo("plus");
    assertThat(TopicTokenizer.key("gas")).isEqualTo("gas");
  }

  @Test
  void frenchDomainWordsCountAsTheirEnglishCounterpartAndShowAsWritten() {
    assertThat(bilingual.tokens("Nouveau coussin en lin, et nos bougies parfumées", null))
        .containsExactly("new", "cushion", "linen", "candl", "parfume");
    assertThat(bilingual.tokens("New linen cushions and candles", null)).containsExactly("new", "linen", "cushion",
        "candl");
    assertThat(bilingual.terms("Coussins en lin #CosyHome", null)).extracting(tw -> tw[0] + "=" + tw[1])
        .containsExactly("#cosyhome=#cosyhome", "cushion=coussins", "linen=lin", "cosi=cosy", "hom=home");
    // English words whose keys French words also have keep their sense: the lexicon leaves out
    // "pain" (bread), "émail" (key "email") and "épice" (key "epic").
    assertThat(bilingual.tokens("Pain in the neck: email me about that epic fail", null))
        .containsExactly("pain", "neck", "email", "epic", "fail");
    assertThat(TopicTokenizer.lexicon(TopicTokenizer.LEXICON)).hasSizeGreaterThan(200)
        .containsEntry("coussin", "cushion").containsEntry("livraison", "deliveri");
  }

  @Test
  void modelsOfWordsAsWrittenKeepTheirTokens() {
    // The tokeniser of models trained before term keys (and of the signals) is unchanged.
    assertThat(tokenizer.terms()).isEqualTo(TopicTokenizer.Terms.SURFACE);
    assertThat(tokenizer.tokens("Nouveaux coussins en lin #Déco", null)).containsExactly("#déco", "nouveaux",
        "coussins", "lin", "déco");
    assertThat(TopicTokenizer.stopList("fr-iso")).contains("après", "toujours").doesNotContain("retour", "pièce");
  }

  /** The hand-written splitter gives what {@code SPLIT.split} gives, on random texts of separators and word characters. */
  @Test
  void splitsWordsAsThePatternDoes() {
    String[] parts = {"a", "é", "Z", "1", "\u00B2", "\u2167", "'", "\u2019", "-", " ", "  ", ",", ".", "!", "\t",
        "\uD835\uDC01", "\uD83D\uDE02", "_", "#", "\u00A0"};
    java.util.Random random = new java.util.Random(20261205);
    for (int n = 0; n < 100_000; n++) {
      StringBuilder b = new StringBuilder();
      for (int k = random.nextInt(10); k > 0; k--) {
        b.append(parts[random.nextInt(parts.length)]);
      }
      String t = b.toString();
      assertThat(TopicTokenizer.split(t)).as("[%s]", t).containsExactly(TopicTokenizer.SPLIT.split(t));
    }
    assertThat(TopicTokenizer.split("")).containsExactly("");
    assertThat(TopicTokenizer.split(" , ")).isEmpty();
    assertThat(TopicTokenizer.split(", l'été-là ! 2e")).containsExactly("", "l'été-là", "2e");
  }
}
