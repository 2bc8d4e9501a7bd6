package dev.veille.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's working folder: the one the user named (kept), or a temporary one (deleted after). */
final class BenchDirs {
  interface Body<R> {
    R run(Path dir) throws IOException;
  }

  private BenchDirs() {}

  static <R> R inWorkDir(Path work, String prefix, Body<R> body) throws IOException {
    Path dir = work != null ? work : Files.createTempDirectory(prefix);
    try {
      return body.run(dir);
    } finally {
      if (work == null) {
        try (Stream<Path> paths = Files.walk(dir)) {
          paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot delete " + dir, e);
        }
      }
    }
  }

  /** Deletes {@code dir} and everything under it; a file that cannot be deleted fails, naming it. */
  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (UncheckedIOException e) {
      // The walk reports a folder it cannot read this way: the IOException that names it is the cause.
      throw e.getCause();
    }
  }
}
