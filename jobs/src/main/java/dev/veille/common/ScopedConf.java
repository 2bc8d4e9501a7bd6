package dev.veille.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a stage with some SQL settings of the session changed and restores them after, so one
 * stage's tuning (fewer shuffle partitions, another join strategy) does not leak into the stages
 * that follow it in the same session (a nightly runs every stage in one).
 */
public final class ScopedConf {
  private ScopedConf() {}

  /**
   * Shuffle partitions for a stage whose shuffles carry a night's rows or a window of the history:
   * as many as the session has cores, since Spark's 200 tiny tasks per shuffle cost more than that work.
   */
  public static Map<String, String> partitionsPerCore(SparkSession spark) {
    return Map.of("spark.sql.shuffle.partitions",
        String.valueOf(Math.max(1, spark.sparkContext().defaultParallelism())));
  }

  public static <T> T with(SparkSession spark, Map<String, String> settings, Supplier<T> body) {
    Map<String, String> before = new LinkedHashMap<>();
    settings.forEach((k, v) -> {
      before.put(k, spark.conf().get(k, null));
      spark.conf().set(k, v);
    });
    try {
      return body.get();
    } finally {
      before.forEach((k, v) -> {
        if (v == null) {
          spark.conf().unset(k);
        } else {
          spark.conf().set(k, v);
        }
      });
    }
  }
}
