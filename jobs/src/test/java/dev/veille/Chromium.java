package dev.veille;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The headless browser the report tests render pages in: Chromium from the PATH. On a developer's
 * machine without it, the tests that need it are skipped. Under {@code .ci/run}, which installs
 * Debian's chromium in the background while Maven compiles and tests, {@value #APT_DONE} names the
 * file the install writes its exit code to when it ends: a test waits for it, and fails rather
 * than skips if there is still no browser, so CI never passes without rendering the pages.
 */
public final class Chromium {
  /** Environment variable: the file .ci/run's background install writes its exit code to. */
  public static final String APT_DONE = "VEILLE_APT_DONE";
  private static final Duration WAIT = Duration.ofMinutes(15);

  private Chromium() {}

  /** The browser's path, or empty when there is none and no install is under way. */
  public static Optional<Path> find() throws IOException, InterruptedException {
    String done = System.getenv(APT_DONE);
    if (done == null || done.isBlank()) {
      return onPath();
    }
    Path rc = Path.of(done);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!Files.exists(rc)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(APT_DONE + "=" + done + ": the background apt install has not ended after "
            + WAIT.toMinutes() + " minutes");
      }
      Thread.sleep(1_000);
    }
    String code = Files.readString(rc, StandardCharsets.UTF_8).strip();
    if (!code.equals("0")) {
      throw new AssertionError("the background apt install (" + APT_DONE + "=" + done + ") ended with code " + code
          + ": see .ci/run's output");
    }
    return Optional.of(onPath().orElseThrow(() -> new AssertionError("the background apt install ended"
        + " with code 0, yet no chromium, chromium-browser or google-chrome is on the PATH")));
  }

  private static Optional<Path> onPath() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }
}
