package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The calibration on synthetic features (no CoreNLP): fitting, the decision rule, the JSON. */
class CalibrationTest {
  private static final int D = SentimentFeatures.NAMES.size();

  /** Rows whose {@code vader.compound} and {@code domain.*} separate the three classes. */
  private static CalibrationTrainer.Data separable() {
    List<double[]> x = new ArrayList<>();
    List<List<String>> words = new ArrayList<>();
    int n = 60;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      double[] row = new double[D];
      row[SentimentFeatures.NAMES.indexOf("corenlp.neutral")] = 1;
      row[SentimentFeatures.NAMES.indexOf("vader.compound")] = (y[i] - 1) * 0.8 + ((i * 7) % 10 - 5) / 50.0;
      x.add(row);
      words.add(List.of(y[i] == 0 ? "awful" : y[i] == 1 ? "schedule" : "lovely", "day"));
    }
    return new CalibrationTrainer.Data(x, y, words);
  }

  @Test
  void roundTripsThroughJsonWithTheSamePredictions() {
    CalibrationTrainer.Data d = separable();
    List<String> features = List.of("corenlp.neutral", "vader.compound", "domain.negative", "domain.neutral",
        "domain.positive");
    Calibration c = CalibrationTrainer.fitCrossFitted(d, features, 0.01, null);
    assertThat(c.domainWords()).isNotNull();
    assertThat(c.domainWords().ratios("awful")[0]).isPositive();
    Calibration back = Calibration.parse(c.toJson());
    assertThat(back.fingerprint()).isEqualTo(c.fingerprint());
    CalibrationTrainer.Data filled = CalibrationTrainer.withDomain(c.domainWords(), d);
    for (int i = 0; i < 6; i++) {
      double[] p = c.predict(filled.x().get(i));
      assertThat(back.predict(filled.x().get(i))).containsExactly(p, org.assertj.core.data.Offset.offset(1e-5));
      assertThat(Calibration.argmax(p)).isEqualTo(d.y()[i]);
    }
  }

  @Test
  void aModelWithoutDomainFeaturesShipsNoWordTable() {
    Calibration c = CalibrationTrainer.fitCrossFitted(separable(), List.of("vader.compound"), 0.01, null);
    assertThat(c.domainWords()).isNull();
    assertThat(c.toJson()).doesNotContain("domain_words");
  }

  @Test
  void domainFeaturesWithoutTheirWordTableAreRejected() {
    String json = "{\"features\":[\"domain.negative\"],\"mean\":[0],\"sd\":[1],"
        + "\"weights\":[[1,0],[0,0],[-1,0]]}";
    assertThatThrownBy(() -> Calibration.parse(json)).hasMessageContaining("domain_words");
  }

  @Test
  void decisionRuleIsTheMostProbableClassTiesToNegativeThenNeutral() {
    assertThat(Calibration.argmax(new double[] {0.2, 0.5, 0.3})).isEqualTo(1);
    assertThat(Calibration.argmax(new double[] {0.4, 0.4, 0.2})).isEqualTo(0);
    assertThat(Calibration.argmax(new double[] {0.2, 0.4, 0.4})).isEqualTo(1);
    assertThat(Calibration.argmax(new double[] {0.1, 0.2, 0.7})).isEqualTo(2);
  }

  @Test
  void theShippedCalibrationLoadsAndReadsOnlyKnownFeatures() {
    Calibration c = Calibration.shipped();
    assertThat(SentimentFeatures.NAMES).containsAll(c.features());
    assertThat(c.features()).anyMatch(f -> f.startsWith("corenlp."));
  }
}
