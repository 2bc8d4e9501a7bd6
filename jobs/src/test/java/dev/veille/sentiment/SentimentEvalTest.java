package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.veille.SparkTestBase;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** On the shared data when this checkout has it (skipped otherwise). */
class SentimentEvalTest extends SparkTestBase {
  @Test
  void evaluatesTheFirstTextsOfTheSharedValidationFile() {
    Path data = sharedData();
    assumeTrue(data != null, "../shared/data is absent");
    SentimentEval.Result r = SentimentEval.run(spark, data.resolve("sentiment/umsab_en_val.tsv"), 60,
        SentimentSettings.DEFAULTS);
    assertThat(r.texts()).isEqualTo(60);
    assertThat(r.coverage()).isGreaterThan(0.95);
    assertThat(r.metrics().macro_recall()).isGreaterThan(0.45);
    assertThat(r.corenlp_uncalibrated().n()).isEqualTo(r.with_sentiment());
  }

  @Test
  void frenchTextsGetAFrenchSentimentAndMetricsPerLanguage() {
    Path data = sharedData();
    assumeTrue(data != null, "../shared/data is absent");
    SentimentEval.Result r = SentimentEval.run(spark, data.resolve("sentiment/umsab_fr_val.tsv"), 120,
        SentimentSettings.DEFAULTS);
    assertThat(r.coverage()).isGreaterThanOrEqualTo(0.98);
    assertThat(r.reasons()).doesNotContainKey("unsupported_language:fr");
    SentimentEval.Language fr = r.by_language().get("fr");
    assertThat(fr.texts()).isGreaterThan(110);
    assertThat(fr.coverage()).isEqualTo(1.0);
    assertThat(fr.models()).containsOnlyKeys(new SentimentScorer(SentimentSettings.DEFAULTS).frenchModelVersion());
    // 120 texts: a loose floor (the full file's number is in the README).
    assertThat(fr.metrics().macro_f1()).isGreaterThan(0.5);
  }
}
