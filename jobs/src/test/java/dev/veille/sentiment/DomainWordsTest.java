package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.common.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DomainWordsTest {
  private static List<String> words(String text) {
    return Arrays.asList(text.split(" "));
  }

  @Test
  void learnsWhichClassAWordLeansTo() {
    List<List<String>> texts = List.of(
        words("flight delayed again"), words("delayed and rude staff"), words("bag lost delayed"),
        words("the flight leaves at 9"), words("the gate is b12"), words("the flight is on time"),
        words("great crew thanks"), words("thanks for the upgrade"), words("great flight thanks"));
    int[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2};
    DomainWords w = DomainWords.fit(texts, labels);
    assertThat(w.ratios("delayed")[0]).isPositive();
    assertThat(w.ratios("delayed")[2]).isNegative();
    assertThat(w.ratios("thanks")[2]).isPositive();
    // Seen in fewer than MIN_TEXTS texts: no ratio (noise), and digits-only tokens are not words.
    assertThat(w.ratios("rude")).isNull();
    assertThat(w.ratios("9")).isNull();
    double[] f = w.features(words("delayed delayed again"));
    assertThat(f[0]).isGreaterThan(f[2]);
    assertThat(w.features(words("unknown words only"))).containsExactly(0, 0, 0);
  }

  @Test
  void roundTripsThroughJson() {
    List<List<String>> texts = List.of(words("bad day"), words("bad news"), words("bad bad"), words("ok day"));
    DomainWords w = DomainWords.fit(texts, new int[] {0, 0, 0, 1});
    DomainWords back = DomainWords.fromJson(Json.MAPPER.valueToTree(w.toJson()));
    assertThat(back.size()).isEqualTo(w.size()).isEqualTo(1);
    assertThat(back.ratios("bad")).containsExactly(w.ratios("bad"));
  }

  @Test
  void crossFittedFeaturesNeverComeFromTheTextsOwnLabel() {
    // "zzz" occurs only in rows 0, 5 and 10, all in fold 0: ratios fitted on the other folds do
    // not know it, so those rows' domain features are zero, whatever their label says.
    List<double[]> x = new ArrayList<>();
    List<List<String>> texts = new ArrayList<>();
    int n = 30;
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      x.add(new double[SentimentFeatures.NAMES.size()]);
      y[i] = i % 3;
      texts.add(i % 5 == 0 && i <= 10 ? words("zzz") : words(i % 3 == 0 ? "awful day" : "fine day"));
    }
    CalibrationTrainer.Data d = new CalibrationTrainer.Data(x, y, texts);
    CalibrationTrainer.Data fitted = CalibrationTrainer.crossFit(d);
    for (int i : new int[] {0, 5, 10}) {
      assertThat(Arrays.copyOfRange(fitted.x().get(i), SentimentFeatures.DOMAIN, SentimentFeatures.DOMAIN + 3))
          .containsExactly(0, 0, 0);
    }
    // Fitted on every row, "zzz" is known.
    assertThat(DomainWords.fit(texts, y).ratios("zzz")).isNotNull();
    assertThat(fitted.x().get(3)[SentimentFeatures.DOMAIN]).isPositive();
  }
}
