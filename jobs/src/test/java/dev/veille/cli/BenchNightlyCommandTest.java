package dev.veille.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veille bench}: sizes that cannot make a comparison, and used work folders, are refused before any work. */
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
    assertThat(r[1]).contains("--history-small", "--history-large", "--new", "--rounds", "history_ratio", "<= 1.5");
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

    String[] rounds = run("bench", "nightly", "--rounds", "0");
    assertThat(rounds[0]).isEqualTo("2");
    assertThat(rounds[2].strip()).isEqualTo("veille: Invalid --rounds: 0 (expected at least 1 timed night per history)");

    String[] posts = run("bench", "ingest", "--posts", "-5");
    assertThat(posts[0]).isEqualTo("2");
    assertThat(posts[2].strip()).isEqualTo("veille: Invalid --posts: -5 (expected a positive number of posts)");
  }

  @Test
  void aWorkFolderThatIsNotEmptyIsRefusedBeforeAnyWork(@TempDir Path work) throws Exception {
    // A warehouse from an earlier run there would skip every generated file as already ingested.
    Files.writeString(work.resolve("earlier.txt"), "x");
    for (String[] bench : new String[][] {{"ingest", "--posts"}, {"topics", "--posts"}, {"nightly", "--new"}}) {
      String[] r = run("bench", bench[0], bench[1], "3000", "--work", work.toString());
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[2].strip()).isEqualTo("veille: Invalid --work: " + work
          + " is not empty (a benchmark needs a new or empty folder)");
    }
    assertThat(Files.list(work).toList()).containsExactly(work.resolve("earlier.txt"));
  }
}
