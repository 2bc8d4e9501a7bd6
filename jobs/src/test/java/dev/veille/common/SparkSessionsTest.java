package dev.veille.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/** What every session built through {@link SparkSessions} is configured with. */
class SparkSessionsTest extends SparkTestBase {
  @Test
  void localFilesGoThroughTheFileSystemWithoutChildProcesses() throws Exception {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    assertThat(conf.get("fs.file.impl")).isEqualTo(NioLocalFileSystem.class.getName());
    assertThat(conf.get("fs.AbstractFileSystem.file.impl")).isEqualTo(NioLocalFileSystem.Fs.class.getName());
    try (FileSystem fs = FileSystem.newInstance(URI.create("file:///"), conf)) {
      assertThat(fs).isInstanceOf(NioLocalFileSystem.class);
    }
    assertThat(spark.conf().get("spark.sql.session.timeZone")).isEqualTo("UTC");
  }
}
