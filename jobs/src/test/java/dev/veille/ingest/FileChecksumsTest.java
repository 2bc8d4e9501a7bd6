package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.SparkTestBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checksums computed by the executors are the files' SHA-256; an unreadable file is named. */
class FileChecksumsTest extends SparkTestBase {
  @TempDir
  Path tmp;

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void everyFileGetsItsSha256ByItsPath() throws IOException, NoSuchAlgorithmException {
    Random random = new Random(7);
    // Empty, smaller than the read buffer, several buffers long, and more files than tasks.
    int[] sizes = {0, 1, 1000, 65_536, 200_001, 3, 4, 5};
    List<org.apache.hadoop.fs.Path> paths = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] bytes = new byte[sizes[i]];
      random.nextBytes(bytes);
      Path file = Files.write(tmp.resolve("export " + i + ".csv"), bytes);
      paths.add(new org.apache.hadoop.fs.Path(file.toUri()));
      expected.add(sha256(bytes));
    }

    Map<String, String> checksums = FileChecksums.sha256(spark, paths);

    assertThat(checksums).hasSize(sizes.length);
    for (int i = 0; i < sizes.length; i++) {
      assertThat(checksums.get(paths.get(i).toString())).as(paths.get(i).toString()).isEqualTo(expected.get(i));
    }
    assertThat(expected.get(0)).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(FileChecksums.sha256(spark, List.of())).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadFailsNamingIt() throws IOException {
    Path present = Files.writeString(tmp.resolve("present.csv"), "a,b\n");
    // Listed, then gone before it was read.
    org.apache.hadoop.fs.Path gone = new org.apache.hadoop.fs.Path(tmp.resolve("gone.csv").toUri());

    assertThatThrownBy(() -> FileChecksums.sha256(spark,
        List.of(new org.apache.hadoop.fs.Path(present.toUri()), gone)))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot read " + gone)
        .hasCauseInstanceOf(java.io.FileNotFoundException.class);
  }
}
