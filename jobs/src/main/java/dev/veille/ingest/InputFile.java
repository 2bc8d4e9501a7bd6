package dev.veille.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One export file as ingest saw it: its fully qualified location, size, content checksum (the
 * ledger's key, so a renamed copy is recognised and an edited file is not) and the time its
 * engagement counts were observed.
 */
public record InputFile(String path, long size, Instant modifiedAt, String sha256, Instant observedAt) {

  /**
   * Describes {@code status} with a checksum already known (the ledger's, for a file whose path,
   * size and modification time it holds), without reading the file.
   */
  public static InputFile known(FileStatus status, String sha256, Instant observedAtOverride) {
    Instant modified = Instant.ofEpochMilli(status.getModificationTime());
    return new InputFile(status.getPath().toString(), status.getLen(), modified, sha256,
        observedAtOverride != null ? observedAtOverride : modified);
  }

  /** Describes {@code status}, reading it once to checksum it. The file is never modified. */
  public static InputFile of(FileStatus status, Configuration hadoop, Instant observedAtOverride) {
    Path path = status.getPath();
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = fs.open(path)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      Instant modified = Instant.ofEpochMilli(status.getModificationTime());
      return new InputFile(path.toString(), status.getLen(), modified,
          HexFormat.of().formatHex(digest.digest()),
          observedAtOverride != null ? observedAtOverride : modified);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
