package dev.veille.common.warehouse;

import java.time.Instant;
import org.apache.hadoop.fs.FileStatus;

/**
 * One export file as ingest saw it: its fully qualified location, size, content checksum (the
 * ledger's key, so a renamed copy is recognised and an edited file is not) and the time its
 * engagement counts were observed.
 */
public record InputFile(String path, long size, Instant modifiedAt, String sha256, Instant observedAt) {

  /**
   * Describes {@code status} with its checksum, without reading the file: the ledger's for a file
   * whose path, size and modification time it holds, else computed by ingest's {@code FileChecksums}.
   */
  public static InputFile known(FileStatus status, String sha256, Instant observedAtOverride) {
    Instant modified = Instant.ofEpochMilli(status.getModificationTime());
    return new InputFile(status.getPath().toString(), status.getLen(), modified, sha256,
        observedAtOverride != null ? observedAtOverride : modified);
  }
}
