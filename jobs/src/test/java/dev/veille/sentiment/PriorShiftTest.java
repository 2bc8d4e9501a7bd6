package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** EM prior-shift correction on synthetic posteriors whose true priors are known. */
class PriorShiftTest {
  /**
   * A feed drawn with {@code priors} from a classifier calibrated under equal priors: each text's
   * class is drawn, then a noisy score vector around it; the posterior under equal priors is the
   * softmax of the class log-likelihoods, i.e. exactly what a calibration trained balanced outputs.
   */
  private static List<double[]> feed(double[] priors, int n, long seed) {
    Random random = new Random(seed);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double u = random.nextDouble();
      int y = u < priors[0] ? 0 : u < priors[0] + priors[1] ? 1 : 2;
      // Three Gaussian class means in a 2-D plane, unit variance: overlapping, as real classes do.
      double[][] means = {{-1.2, 0}, {0, 1.0}, {1.2, 0}};
      double x0 = means[y][0] + random.nextGaussian();
      double x1 = means[y][1] + random.nextGaussian();
      double[] z = new double[3];
      for (int k = 0; k < 3; k++) {
        z[k] = -((x0 - means[k][0]) * (x0 - means[k][0]) + (x1 - means[k][1]) * (x1 - means[k][1])) / 2;
      }
      out.add(Calibration.softmax(z));
    }
    return out;
  }

  @Test
  void recoversAKnownPriorShift() {
    double[] truth = {0.15, 0.55, 0.30};
    List<double[]> posteriors = feed(truth, 4000, 1);
    PriorShift.Estimate e = PriorShift.estimate(posteriors);
    assertThat(e.applied()).isTrue();
    assertThat(e.converged()).isTrue();
    assertThat(e.iterations()).isLessThanOrEqualTo(PriorShift.MAX_ITERATIONS);
    for (int k = 0; k < 3; k++) {
      assertThat(e.priors()[k]).isCloseTo(truth[k], within(0.03));
    }
    // The mean of the uncorrected posteriors is pulled towards 1/3 each: the correction moves away from it.
    double meanNegative = posteriors.stream().mapToDouble(p -> p[0]).average().orElseThrow();
    assertThat(meanNegative).isGreaterThan(e.priors()[0] + 0.02);
    // Re-weighted posteriors still sum to one, and fewer texts are called negative.
    long before = posteriors.stream().filter(p -> Calibration.argmax(p) == 0).count();
    long after = posteriors.stream().filter(p -> Calibration.argmax(PriorShift.adjust(p, e.weights())) == 0).count();
    assertThat(after).isLessThan(before);
    double[] q = PriorShift.adjust(posteriors.get(0), e.weights());
    assertThat(q[0] + q[1] + q[2]).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void leavesABalancedFeedAlmostUnchanged() {
    List<double[]> posteriors = feed(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 3000, 2);
    PriorShift.Estimate e = PriorShift.estimate(posteriors);
    for (int k = 0; k < 3; k++) {
      assertThat(e.priors()[k]).isCloseTo(1 / 3.0, within(0.03));
    }
    long changed = posteriors.stream()
        .filter(p -> Calibration.argmax(p) != Calibration.argmax(PriorShift.adjust(p, e.weights()))).count();
    assertThat(changed).isLessThan(posteriors.size() / 20);
  }

  @Test
  void aOneClassFeedGoesToThatClassWithoutDividingByZero() {
    List<double[]> posteriors = feed(new double[] {0, 0, 1}, 500, 3);
    PriorShift.Estimate e = PriorShift.estimate(posteriors);
    assertThat(e.priors()[2]).isGreaterThan(0.9);
    assertThat(e.priors()[0]).isGreaterThanOrEqualTo(PriorShift.FLOOR * 0.99);
    assertThat(e.iterations()).isLessThanOrEqualTo(PriorShift.MAX_ITERATIONS);
    for (double[] p : posteriors) {
      double[] q = PriorShift.adjust(p, e.weights());
      for (double v : q) {
        assertThat(v).isBetween(0.0, 1.0);
      }
    }
    // Texts that are certain of one class stay there.
    assertThat(PriorShift.adjust(new double[] {1, 0, 0}, e.weights())).containsExactly(1.0, 0.0, 0.0);
  }

  @Test
  void aTinyFeedIsLeftAsItIs() {
    List<double[]> posteriors = feed(new double[] {0.1, 0.8, 0.1}, PriorShift.MIN_TEXTS - 1, 4);
    PriorShift.Estimate e = PriorShift.estimate(posteriors);
    assertThat(e.applied()).isFalse();
    assertThat(e.weights()).containsExactly(1.0, 1.0, 1.0);
    assertThat(PriorShift.adjust(posteriors.get(0), e.weights())).containsExactly(posteriors.get(0), within(1e-12));
    assertThat(PriorShift.estimate(List.of()).applied()).isFalse();
    assertThat(PriorShift.estimate(feed(new double[] {0.1, 0.8, 0.1}, PriorShift.MIN_TEXTS, 4)).applied()).isTrue();
  }
}
