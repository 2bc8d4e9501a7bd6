package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Features on CoreNLP's real analysis of known sentences (the pipeline loads once per JVM). */
class SentimentFeaturesTest {
  private static double feature(double[] f, String name) {
    return f[SentimentFeatures.NAMES.indexOf(name)];
  }

  private static CoreNlpSentiment.Analysis analyse(String text) {
    return CoreNlpSentiment.analyse(CoreNlpSentiment.pipeline(SentimentSettings.DEFAULTS.parser(),
        SentimentSettings.DEFAULTS.maxSentenceTokens()), text);
  }

  @Test
  void keepsAPredictionForEveryNodeOfTheTree() {
    CoreNlpSentiment.Analysis a = analyse("The food was awful. The staff were wonderful.");
    assertThat(a.sentences()).isEqualTo(2);
    assertThat(a.words()).containsSubsequence("food", "awful", "staff", "wonderful");
    // A binarised tree over n tokens has n word nodes and n - 1 phrase nodes; here 6 + 5 per sentence.
    long wordNodes = java.util.Arrays.stream(a.phrases()).filter(r -> r[0] == 1).count();
    assertThat(wordNodes).isEqualTo(a.tokens());
    assertThat(a.phrases().length).isEqualTo(2 * a.tokens() - 2);
    for (double[] row : a.phrases()) {
      assertThat(row[1] + row[2] + row[3] + row[4] + row[5]).isCloseTo(1.0,
          org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  @Test
  void phraseFeaturesSeeThePolarClauseTheRootAveragesAway() {
    String text = "I read the whole report on the train this morning, and the ending was a total disaster.";
    double[] f = SentimentFeatures.of(text, analyse(text), null);
    assertThat(feature(f, "words.negative_share")).isPositive();
    assertThat(feature(f, "words.min")).isNegative();
    assertThat(feature(f, "phrases.min")).isLessThan(feature(f, "phrases.mean"));
    assertThat(feature(f, "phrases.min")).isLessThanOrEqualTo(feature(f, "extremes.min_sentence"));
    assertThat(feature(f, "phrases.negative_share") + feature(f, "phrases.positive_share")).isLessThanOrEqualTo(1);
  }

  @Test
  void vaderValencesFlipAfterANegation() {
    CoreNlpSentiment.Analysis good = new CoreNlpSentiment.Analysis(new double[] {0, 0, 1, 0, 0}, 1, 3, 0, 0,
        List.of("the", "trip", "was", "good"), null);
    CoreNlpSentiment.Analysis notGood = new CoreNlpSentiment.Analysis(new double[] {0, 0, 1, 0, 0}, 1, 3, 0, 0,
        List.of("the", "trip", "was", "n't", "good"), null);
    double[] g = SentimentFeatures.of("the trip was good", good, null);
    double[] n = SentimentFeatures.of("the trip wasn't good", notGood, null);
    assertThat(feature(g, "vader.compound")).isPositive();
    assertThat(feature(g, "vader.positive")).isPositive();
    assertThat(feature(n, "vader.compound")).isNegative();
    assertThat(feature(n, "vader.negative")).isPositive();
    assertThat(feature(n, "negation.count")).isEqualTo(1);
  }

  @Test
  void withoutWordTableDomainFeaturesAreZeroAndNoNodesMeansZeros() {
    CoreNlpSentiment.Analysis empty = new CoreNlpSentiment.Analysis(new double[] {0, 0, 1, 0, 0}, 1, 1, 0, 0,
        List.of("ok"), null);
    double[] f = SentimentFeatures.of("ok", empty, null);
    assertThat(feature(f, "domain.negative")).isZero();
    assertThat(feature(f, "phrases.min")).isZero();
    assertThat(feature(f, "words.max")).isZero();
  }
}
