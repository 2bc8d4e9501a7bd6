package dev.veille.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyHashesTest {

  @Test
  void repeatedHashesAreThoseSeenTwiceWithinEitherSideOrAcrossThem() {
    long[] staged = {-5, 1, 3, 3, 3, 8, Long.MAX_VALUE};
    long[] live = {Long.MIN_VALUE, -5, 2, 9, 9, Long.MAX_VALUE};
    assertThat(KeyHashes.repeated(staged, live)).containsExactly(-5, 3, 9, Long.MAX_VALUE);
    assertThat(KeyHashes.repeated(new long[] {1, 2, 3}, new long[0])).isEmpty();
    assertThat(KeyHashes.repeated(new long[0], new long[0])).isEmpty();
  }

  @Test
  void tasksMergeTheirHashesAndCountEveryRowPastTheLimit() {
    KeyHashes driver = new KeyHashes(4);
    KeyHashes task1 = (KeyHashes) driver.copyAndReset();
    KeyHashes task2 = (KeyHashes) driver.copyAndReset();
    task1.add(7L);
    task1.add(-1L);
    task2.add(7L);
    driver.merge(task1);
    driver.merge(task2);
    assertThat(driver.rows()).isEqualTo(3);
    assertThat(driver.overflowed()).isFalse();
    assertThat(driver.sorted()).containsExactly(-1, 7, 7);

    KeyHashes task3 = (KeyHashes) driver.copyAndReset();
    task3.add(1L);
    task3.add(2L);
    driver.merge(task3);
    assertThat(driver.rows()).isEqualTo(5);
    assertThat(driver.overflowed()).isTrue();
    assertThatThrownBy(driver::sorted).isInstanceOf(IllegalStateException.class).hasMessageContaining("limit of 4");

    KeyHashes big = new KeyHashes(2);
    for (long h = 0; h < 5; h++) {
      big.add(h);
    }
    assertThat(big.rows()).isEqualTo(5);
    assertThat(big.overflowed()).isTrue();
  }
}
