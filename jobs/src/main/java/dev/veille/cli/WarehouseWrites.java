package dev.veille.cli;

import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.StagingRecovery;
import dev.veille.common.warehouse.Warehouse;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/**
 * How every command that writes to the warehouse runs, as the nightly does: under the warehouse
 * lock (a second writer exits with 4 and names the holder), after undoing what a killed run left
 * half published. Without the lock, a standalone {@code veille sentiment} during a nightly could
 * publish into the same partitions, and the nightly's recovery would take its publish in flight
 * for a dead run's.
 */
final class WarehouseWrites {
  private WarehouseWrites() {}

  static <T> T run(SparkSession spark, VeilleConfig config, String command, Supplier<T> job) {
    return StagingRecovery.underLock(Warehouse.of(spark, config.warehouse()), command, job);
  }
}
