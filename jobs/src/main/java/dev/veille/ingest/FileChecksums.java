package dev.veille.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * SHA-256 checksums of input files, the ingest ledger's key. The files are read by the executors,
 * several at a time, where the data is: the driver never pulls every byte of every export. Files
 * are only read, never modified.
 */
final class FileChecksums {
  private FileChecksums() {}

  /**
   * The checksum of each file, by its path as given, computed in one Spark job whose tasks (as many
   * as files, at most the default parallelism) each read a share of the files. A file that cannot
   * be read fails with "Cannot read &lt;path&gt;", the reason as the cause and the Spark failure
   * as a suppressed exception.
   */
  static Map<String, String> sha256(SparkSession spark, List<Path> files) {
    Map<String, String> checksums = new LinkedHashMap<>();
    if (files.isEmpty()) {
      return checksums;
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<SerializableConfiguration> hadoop =
        jsc.broadcast(new SerializableConfiguration(jsc.hadoopConfiguration()));
    List<String> paths = new ArrayList<>();
    files.forEach(f -> paths.add(f.toString()));
    // The label is put back afterwards so the jobs that follow are not shown as checksumming.
    String description = jsc.getLocalProperty("spark.job.description");
    jsc.setJobDescription("veille: ingest: checksum " + paths.size() + " new files");
    List<Tuple2<String, String>> computed;
    try {
      computed = jsc.parallelize(paths, Math.min(paths.size(), jsc.defaultParallelism()))
          .map(p -> new Tuple2<>(p, sha256(new Path(p), hadoop.value().value())))
          .collect();
    } catch (Exception e) {
      // Spark's SparkException is checked but not declared; it carries the task's exception.
      UncheckedIOException unreadable = unreadableFileIn(e);
      if (unreadable != null) {
        unreadable.addSuppressed(e);
        throw unreadable;
      }
      throw e;
    } finally {
      jsc.setJobDescription(description);
      hadoop.destroy();
    }
    computed.forEach(t -> checksums.put(t._1(), t._2()));
    return checksums;
  }

  /** Reads {@code path} once to checksum it. */
  static String sha256(Path path, Configuration hadoop) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      try (InputStream in = path.getFileSystem(hadoop).open(path)) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          digest.update(buffer, 0, n);
        }
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The executor's "Cannot read" exception when the job failed on a file, rethrown from here so
   * the message names the file rather than a task; null for any other failure.
   */
  private static UncheckedIOException unreadableFileIn(Exception failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UncheckedIOException unreadable && unreadable.getMessage().startsWith("Cannot read ")) {
        return new UncheckedIOException(unreadable.getMessage(), unreadable.getCause());
      }
    }
    return null;
  }
}
