package dev.veille.nightly;

import dev.veille.common.SourceSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The landing folders the sources name. A nightly run ingests the sources that hold at least one
 * export file (as ingest counts files: a file, the visible files of a folder, or a glob's
 * matches) and passes over the others: on a night when nothing landed there is nothing to ingest,
 * which is not an error.
 */
final class Landing {
  private Landing() {}

  /** What a source's path holds tonight. */
  enum Status {
    /** At least one export file. */
    FILES,
    /** Folders without a visible file, or a glob that matches nothing in folders that exist. */
    EMPTY,
    /** No such file or folder, or a glob whose folders do not exist (a typo looks like this). */
    MISSING
  }

  static Status status(SourceSpec source, Configuration hadoop) {
    Path path = new Path(source.path());
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        // A glob that matches nothing is a quiet night when the folder it looks in is there.
        Path fixed = fixedPrefix(path);
        return fixed != null && !fixed.equals(path) && fs.exists(fixed) ? Status.EMPTY : Status.MISSING;
      }
      for (FileStatus m : matches) {
        if (!m.isDirectory()) {
          return Status.FILES;
        }
        for (FileStatus child : fs.listStatus(m.getPath())) {
          String name = child.getPath().getName();
          if (child.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
            return Status.FILES;
          }
        }
      }
      return Status.EMPTY;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the landing folder " + source.path(), e);
    }
  }

  /** The folder before {@code path}'s first component with a glob character ({@code path} itself if none). */
  static Path fixedPrefix(Path path) {
    Path fixed = path;
    for (Path p = path; p != null; p = p.getParent()) {
      if (GLOB.matcher(p.getName()).find()) {
        fixed = p.getParent();
      }
    }
    return fixed;
  }

  private static final java.util.regex.Pattern GLOB = java.util.regex.Pattern.compile("[*?\\[{]");
}
