package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Loads CoreNLP once for the class (the pipeline is cached per JVM, shared with the job tests). */
class SentimentScorerTest {
  private static final SentimentScorer SCORER = new SentimentScorer(SentimentSettings.DEFAULTS);

  @Test
  void scoresObviousTexts() {
    SentimentScorer.Scored good = SCORER.score("I love this, the best day ever! \uD83D\uDE0D");
    SentimentScorer.Scored bad = SCORER.score("This is awful. I hate the new app, it keeps crashing :(");
    assertThat(good.reason()).isNull();
    assertThat(good.label()).isEqualTo("positive");
    assertThat(good.score()).isBetween(0.0, 1.0);
    assertThat(bad.label()).isEqualTo("negative");
    assertThat(bad.score()).isBetween(-1.0, 0.0);
    assertThat(good.corenlp()).hasSize(5);
    assertThat(good.probabilities()[0] + good.probabilities()[1] + good.probabilities()[2]).isCloseTo(1.0,
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(good.textHash()).isEqualTo(SentimentScorer.hash("I love this, the best day ever! love"));
    assertThat(good.modelVersion()).isEqualTo(SCORER.modelVersion()).startsWith("corenlp-4.5.10/");
  }

  @Test
  void nullSentimentSaysWhy() {
    assertThat(SCORER.score("Danke, das ist sehr gut und schnell geliefert").reason())
        .isEqualTo("unsupported_language:de");
    // French has its own model now (FrenchSentimentTest).
    assertThat(SCORER.score("Je n'ai jamais reçu ma commande, c'est vraiment nul").reason()).isNull();
    assertThat(SCORER.score("https://t.co/x @someone").reason()).isEqualTo("empty_text");
    assertThat(SCORER.score(null).reason()).isEqualTo("empty_text");
  }

  /**
   * Long posts, emoji floods and one endless sentence are scored, on a bounded part of them: the
   * model reads the first {@code max_chars} and never parses a sentence over
   * {@code max_sentence_tokens}. How fast that is belongs to {@code veille bench sentiment}
   * ({@code long_inputs_*}, docs/benchmarks.md), not to a timed test.
   */
  @Test
  void longPostsAndEmojiFloodsAreScoredOnABoundedPart() {
    int maxChars = SCORER.settings().maxChars();
    String sentence = "The delivery was late and the box was damaged, but the support team was kind. ";
    String post = sentence.repeat(130);
    assertThat(post.length()).isGreaterThan(10_000);
    SentimentScorer.Scored s = SCORER.score(post);
    assertThat(s.reason()).isNull();
    assertThat(s.label()).isNotNull();
    assertThat(s.truncated()).isTrue();
    // Only the sentences of the first max_chars were read, not the 130 of the post.
    SentimentScorer.Scored head = SCORER.score(SentimentScorer.truncate(post, maxChars));
    assertThat(head.truncated()).isFalse();
    assertThat(s.sentences()).isEqualTo(head.sentences()).isLessThanOrEqualTo(maxChars / sentence.trim().length() + 1);

    SentimentScorer.Scored flood = SCORER.score("Yes " + "\uD83D\uDE02".repeat(500));
    assertThat(flood.reason()).isNull();
    assertThat(flood.label()).isNotNull();
    // A run of one emoji counts twice: the model reads "Yes" and two words, not 500.
    assertThat(flood.textHash()).isEqualTo(SCORER.score("Yes " + "\uD83D\uDE02".repeat(2)).textHash());
    assertThat(flood.sentences()).isEqualTo(1);

    // 2,000 words without a full stop: cut to max_chars, it is still one sentence far over
    // max_sentence_tokens, scored on a flat tree rather than parsed.
    String oneSentence = "and I waited and waited ".repeat(400);
    SentimentScorer.Scored endless = SCORER.score(oneSentence);
    assertThat(endless.reason()).isNull();
    assertThat(endless.label()).isNotNull();
    assertThat(endless.truncated()).isTrue();
    assertThat(endless.sentences()).isEqualTo(1);
  }

  @Test
  void aTextOverTheTimeLimitGetsANullSentiment() {
    SentimentScorer impatient = new SentimentScorer(SentimentSettings.DEFAULTS.withTimeLimitMs(1));
    SentimentScorer.Scored s = impatient.score("The delivery was late, the box was damaged and nobody answered. ".repeat(20));
    assertThat(s.reason()).isEqualTo("timeout");
    assertThat(s.score()).isNull();
    impatient.close();
    assertThat(SCORER.score("Great job").reason()).isNull();
  }

  @Test
  void truncatesAtASpace() {
    assertThat(SentimentScorer.truncate("aaa bbb ccc", 9)).isEqualTo("aaa bbb");
    assertThat(SentimentScorer.truncate("short", 9)).isEqualTo("short");
  }
}
