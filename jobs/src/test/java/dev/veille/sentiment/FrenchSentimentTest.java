package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The French model without Spark or CoreNLP (French texts never reach CoreNLP, so the scorer
 * here loads nothing but the French lexicon and calibration: milliseconds).
 */
class FrenchSentimentTest {
  private static final SentimentScorer SCORER = new SentimentScorer(SentimentSettings.DEFAULTS);

  /** VADER's compound of a text's French valences (negation, boosters, idioms applied). */
  private static double compound(String text) {
    return FrenchFeatures.of(text, null).features()[FrenchFeatures.NAMES.indexOf("vader.compound")];
  }

  @Test
  void frenchNegationFlipsTheWordsItGoverns() {
    assertThat(compound("c'est bon")).isPositive();
    assertThat(compound("ce n'est pas bon")).isNegative();
    assertThat(compound("c'est pas bon")).isNegative();
    assertThat(compound("j'aime")).isPositive();
    // Spoken French drops "ne": the verb before "pas" is negated.
    assertThat(compound("j'aime pas")).isNegative();
    assertThat(compound("je ne l'aime plus")).isNegative();
    assertThat(compound("jamais content")).isNegative();
    // Alone, "plus" is "more", not a negation.
    assertThat(compound("plus beau que jamais")).isPositive();
  }

  @Test
  void idiomsMeanWhatPeopleMean() {
    // "terrible" is negative, "pas terrible" is bad too (not good); "mal" is negative, "pas mal" good.
    assertThat(compound("c'est pas terrible")).isNegative();
    assertThat(compound("pas mal du tout ce coussin")).isPositive();
    assertThat(compound("livré sans problème")).isPositive();
    assertThat(compound("c'est de ouf")).isPositive();
    assertThat(compound("n'importe quoi ce service")).isNegative();
  }

  @Test
  void boostersAndContrastWeighLikeVader() {
    assertThat(compound("très bon")).isGreaterThan(compound("bon"));
    assertThat(compound("un peu déçu")).isGreaterThan(compound("déçu"));
    // After "mais" counts more: the sentence ends negative.
    assertThat(compound("joli coussin mais vraiment décevant")).isNegative();
  }

  @Test
  void accentlessRepeatedLettersAndEmojiAreRead() {
    assertThat(compound("genial")).isEqualTo(compound("génial")).isPositive();
    assertThat(compound("trop deçue")).isEqualTo(compound("trop déçue")).isNegative();
    assertThat(compound("géniaaaal")).isPositive();
    assertThat(compound("\uD83D\uDE0D")).isPositive(); // 😍 "visage souriant avec yeux en forme de coeur"
    assertThat(compound("\uD83D\uDE21")).isNegative(); // 😡
    // A flood of one emoji counts twice, as in English.
    assertThat(FrenchFeatures.words("\uD83D\uDE0D".repeat(500)))
        .isEqualTo(FrenchFeatures.words("\uD83D\uDE0D\uD83D\uDE0D"));
  }

  @Test
  void scoresFrenchTextsWithTheEnglishContract() {
    SentimentScorer.Scored bad = SCORER.score("Je n'ai jamais reçu ma commande, c'est vraiment nul");
    SentimentScorer.Scored good = SCORER.score("Merci pour la livraison rapide, je suis trop contente ! \uD83D\uDE0D");
    SentimentScorer.Scored hashtag = SCORER.score("Service client au top #Bravo #MerciBeaucoup");
    assertThat(bad.language()).isEqualTo("fr");
    assertThat(bad.reason()).isNull();
    assertThat(bad.label()).isEqualTo("negative");
    assertThat(bad.score()).isBetween(-1.0, 0.0);
    assertThat(good.label()).isEqualTo("positive");
    assertThat(good.score()).isBetween(0.0, 1.0);
    assertThat(hashtag.label()).isEqualTo("positive");
    assertThat(good.probabilities()[0] + good.probabilities()[1] + good.probabilities()[2])
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    // No CoreNLP classes for French (p_* null in the table), a French model_version.
    assertThat(good.corenlp()).isNull();
    assertThat(good.modelVersion()).startsWith("fr-lexical/cal-").isEqualTo(SCORER.frenchModelVersion());
    assertThat(good.sentences()).isEqualTo(1);
    // The table's key is the same normalisation as English texts.
    assertThat(good.textHash()).isEqualTo(SentimentScorer.hash(dev.veille.text.SocialText.normalise(
        "Merci pour la livraison rapide, je suis trop contente ! \uD83D\uDE0D")));
  }

  @Test
  void longFrenchPostsAreCutAndStayCheap() {
    String post = "La livraison était en retard et le colis abîmé, mais le service client a été adorable. ".repeat(130);
    SentimentScorer.Scored s = SCORER.score(post);
    assertThat(s.reason()).isNull();
    assertThat(s.truncated()).isTrue();
    SentimentScorer.Scored flood = SCORER.score("Trop drôle " + "\uD83D\uDE02".repeat(500));
    assertThat(flood.reason()).isNull();
    assertThat(flood.modelVersion()).startsWith("fr-lexical/");
  }

  @Test
  void shortAndMixedTextsFollowTheRoutingRule() {
    // Too short for the detector: the lexicon vote decides, English on a tie.
    assertThat(SentimentScorer.detectLanguage("Génial !")).isEqualTo("und");
    assertThat(SCORER.route("und", "Génial !")).isEqualTo("fr");
    assertThat(SCORER.route("und", "Magnifique \uD83D\uDE0D")).isEqualTo("fr");
    assertThat(SCORER.route("und", "Wow!!")).isEqualTo("en");
    assertThat(SCORER.route("und", "Awesome \uD83D\uDE0D")).isEqualTo("en");
    assertThat(SCORER.route("und", "\uD83D\uDE0D\uD83D\uDE0D")).isEqualTo("en");
    // Emoji are not read as English words when detecting: "trop bien love love" would be English.
    assertThat(SentimentScorer.detectLanguage("Trop bien \uD83D\uDE0D\uD83D\uDE0D")).isEqualTo("fr");
    // Mixed texts go to the language with more function words.
    assertThat(SentimentScorer.detectLanguage("J'adore le coussin en lin de la boutique, so soft")).isEqualTo("fr");
    // A tie (three French words, three English ones) goes to English, as the detector's order says.
    assertThat(SentimentScorer.detectLanguage("J'adore le coussin en lin, it is so soft")).isEqualTo("en");
    assertThat(SentimentScorer.detectLanguage("I love the linen cushion, c'est trop beau, it is the best"))
        .isEqualTo("en");
    // Other languages still get no sentiment; with score_undetermined off, und neither.
    assertThat(SCORER.route("de", "Danke, das ist sehr gut")).isNull();
    SentimentScorer strict = new SentimentScorer(new SentimentSettings(CoreNlpSentiment.Parser.SR, true, 2000, 80,
        10_000, false));
    assertThat(strict.route("und", "Génial !")).isNull();
    assertThat(strict.route("fr", "Génial, merci")).isEqualTo("fr");
  }
}
