package dev.veille.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's summary of its rounds: medians compared, every round kept. */
class NightlyBenchmarkTest {
  private static NightlyBenchmark.Night night(double seconds) {
    return new NightlyBenchmark.Night(1, seconds, Map.of("report", seconds / 4), Map.of("records_in", 10L));
  }

  @Test
  void theMedianNightsAreComparedAndEveryRoundIsKept() {
    NightlyBenchmark.Result r = NightlyBenchmark.result(50_000, 1_000_000, 5_000,
        List.of(night(80), night(70), night(90)), List.of(night(150), night(100), night(110)), 2, "4.2.0");
    assertThat(r.small_history_s()).isEqualTo(80.0);
    assertThat(r.large_history_s()).isEqualTo(110.0);
    assertThat(r.history_ratio()).isEqualTo(1.375);
    assertThat(r.rounds()).isEqualTo(3);
    assertThat(r.small_rounds_s()).containsExactly(80.0, 70.0, 90.0);
    assertThat(r.large_rounds_s()).containsExactly(150.0, 100.0, 110.0);
    assertThat(r.round_ratios()).containsExactly(1.875, 1.429, 1.222);
    // The stage seconds printed are those of the median night.
    assertThat(r.small().stage_s()).containsEntry("report", 20.0);
    assertThat(r.large().stage_s()).containsEntry("report", 27.5);
  }

  @Test
  void ofTwoRoundsTheFasterMiddleNightIsTheMedianAndOneRoundIsItself() {
    NightlyBenchmark.Result two = NightlyBenchmark.result(100, 200, 10, List.of(night(60), night(50)),
        List.of(night(90), night(70)), 2, "4.2.0");
    assertThat(two.small_history_s()).isEqualTo(50.0);
    assertThat(two.large_history_s()).isEqualTo(70.0);
    NightlyBenchmark.Result one = NightlyBenchmark.result(100, 200, 10, List.of(night(60)), List.of(night(90)), 2,
        "4.2.0");
    assertThat(one.history_ratio()).isEqualTo(1.5);
    assertThat(one.round_ratios()).containsExactly(1.5);
  }

  @Test
  void unevenRoundsAreRefused() {
    assertThatThrownBy(() -> NightlyBenchmark.result(100, 200, 10, List.of(night(1)), List.of(), 2, "4.2.0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 and 0");
  }
}
