package dev.veille.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.SparkTestBase;
import java.net.URI;
import java.util.Map;
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

  @Test
  void aStagesSettingsAreRestoredAfterItEvenWhenItFails() {
    String partitions = spark.conf().get("spark.sql.shuffle.partitions");
    String key = "spark.sql.join.preferSortMergeJoin";
    spark.conf().unset(key);
    String inside = ScopedConf.with(spark, Map.of("spark.sql.shuffle.partitions", "2", key, "false"),
        () -> spark.conf().get("spark.sql.shuffle.partitions") + "/" + spark.conf().get(key));
    assertThat(inside).isEqualTo("2/false");
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo(partitions);
    // A key the session did not set is unset again (its default), not left at the stage's value.
    assertThat(spark.conf().get(key)).isEqualTo("true");
    assertThatThrownBy(() -> ScopedConf.with(spark, Map.of("spark.sql.shuffle.partitions", "3"), () -> {
      throw new IllegalStateException("stage failed");
    })).hasMessage("stage failed");
    assertThat(spark.conf().get("spark.sql.shuffle.partitions")).isEqualTo(partitions);
  }
}
