package dev.veille;

import dev.veille.common.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One local Spark session per test class ({@code local[2]}, UI off, loopback only), configured as
 * Veille's jobs configure theirs.
 */
public abstract class SparkTestBase {
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkSessions.withDelta(SparkSession.builder())
        .master("local[2]")
        .appName("veille-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.adaptive.enabled", "true")
        .getOrCreate();
    SparkSessions.configure(spark);
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
      spark = null;
    }
  }

  /** The shared data folder (../shared/data), if this checkout has one. */
  protected static Path sharedData() {
    String configured = System.getProperty("veille.shared.data");
    Path p = configured != null ? Path.of(configured) : Path.of("../../shared/data");
    return Files.isDirectory(p) ? p.normalize() : null;
  }
}
