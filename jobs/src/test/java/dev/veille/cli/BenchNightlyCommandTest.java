package dev.veille.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code veille bench nightly}: sizes that cannot make a comparison are refused before any work. */
class BenchNightlyCommandTest {
  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = VeilleCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void helpNamesTheTargetAndTheOptions() {
    String[] r = run("bench", "nightly", "--help");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1]).contains("--history-small", "--history-large", "--new", "history_ratio", "<= 1.5");
  }

  @Test
  void badSizesExitWith2NamingTheOptionAndTheValue() {
    String[] small = run("bench", "nightly", "--history-small", "10");
    assertThat(small[0]).isEqualTo("2");
    assertThat(small[2].strip()).isEqualTo("veille: Invalid --history-small: 10"
        + " (expected at least 100 posts, enough to train a theme model)");

    String[] large = run("bench", "nightly", "--history-small", "5000", "--history-large", "5000");
    assertThat(large[0]).isEqualTo("2");
    assertThat(large[2]).contains("Invalid --history-large: 5000", "more posts than --history-small, 5000");

    String[] none = run("bench", "nightly", "--new", "0");
    assertThat(none[0]).isEqualTo("2");
    assertThat(none[2]).contains("Invalid --new: 0");
  }
}
