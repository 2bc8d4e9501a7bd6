package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import org.junit.jupiter.api.Test;

/** The lexical tier and the sentiment settings; no parser is loaded here (seconds). */
class SentimentTierTest {
  private static final SentimentScorer LEXICAL =
      new SentimentScorer(SentimentSettings.DEFAULTS.withTier(SentimentSettings.Tier.LEXICAL));

  @Test
  void theLexicalTierReadsEnglishWithTheTokenizerAloneAndItsOwnCalibration() {
    SentimentScorer.Scored good = LEXICAL.score("I love this, the best day ever! \uD83D\uDE0D");
    SentimentScorer.Scored bad = LEXICAL.score("This is awful. I hate the new app, it keeps crashing :(");
    assertThat(good.label()).isEqualTo("positive");
    assertThat(bad.label()).isEqualTo("negative");
    assertThat(bad.sentences()).isEqualTo(2);
    // No CoreNLP sentiment: its five columns stay null, as for French texts.
    assertThat(good.corenlp()).isNull();
    assertThat(good.probabilities()[0] + good.probabilities()[1] + good.probabilities()[2])
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    // The parser is never called: the scorer's pipeline is CoreNLP's tokenizer and splitter only.
    assertThat(LEXICAL.pipeline()).isSameAs(CoreNlpSentiment.tokenizer());
    assertThat(CoreNlpSentiment.tokenizer().getProperties().getProperty("annotators")).isEqualTo("tokenize");
    // French texts are read by the French model, whatever the tier.
    assertThat(LEXICAL.score("Je n'ai jamais reçu ma commande, c'est vraiment nul").modelVersion())
        .isEqualTo(LEXICAL.frenchModelVersion());
  }

  @Test
  void eachTierHasItsOwnModelVersionAndCalibration() {
    SentimentScorer full = new SentimentScorer(SentimentSettings.DEFAULTS);
    // modelVersion() reads the calibration's fingerprint only: the parser is not loaded.
    assertThat(LEXICAL.modelVersion()).startsWith("corenlp-4.5.10/lexical/cal-").endsWith("-lex")
        .isNotEqualTo(full.modelVersion());
    assertThat(full.modelVersion()).startsWith("corenlp-4.5.10/sr/cal-").doesNotContain("lex");
    assertThat(LEXICAL.score("Great job, thanks!").modelVersion()).isEqualTo(LEXICAL.modelVersion());
    assertThat(Calibration.shippedLexical().features()).noneMatch(f -> f.startsWith("corenlp.")
        || f.startsWith("extremes.") || f.startsWith("words.") || f.startsWith("phrases."));
    assertThat(Calibration.shippedLexical().fingerprint()).isNotEqualTo(Calibration.shipped().fingerprint());
  }

  @Test
  void settingsReadTheTierAndThePriorCorrection() throws Exception {
    SentimentSettings s = parse("sentiment:\n  tier: lexical\n  prior_correction: em\n");
    assertThat(s.tier()).isEqualTo(SentimentSettings.Tier.LEXICAL);
    assertThat(s.priorCorrection()).isEqualTo(SentimentSettings.PriorCorrection.EM);
    SentimentSettings d = parse("sentiment:\n  parser: sr\n");
    assertThat(d.tier()).isEqualTo(SentimentSettings.Tier.FULL);
    assertThat(d.priorCorrection()).isEqualTo(SentimentSettings.PriorCorrection.NONE);
    assertThat(parse("sentiment:\n  tier: FULL\n").tier()).isEqualTo(SentimentSettings.Tier.FULL);
  }

  @Test
  void badValuesNameTheKeyAndTheValue() {
    assertThatThrownBy(() -> parse("sentiment:\n  tier: fast\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sentiment.tier").hasMessageContaining("fast").hasMessageContaining("full or lexical");
    assertThatThrownBy(() -> parse("sentiment:\n  prior_correction: bayes\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sentiment.prior_correction").hasMessageContaining("bayes")
        .hasMessageContaining("none or em");
    assertThatThrownBy(() -> parse("sentiment:\n  tier: 3\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("sentiment.tier");
    assertThatThrownBy(() -> parse("sentiment:\n  tier: lexical\n  calibrate: false\n"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("sentiment.calibrate")
        .hasMessageContaining("false");
    assertThatThrownBy(() -> parse("sentiment:\n  tiers: lexical\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("tiers");
  }

  private static SentimentSettings parse(String yaml) throws Exception {
    return SentimentSettings.from(new ConfigNode(new YAMLMapper().readTree(yaml), "", "veille.yaml").get("sentiment"));
  }
}
