package dev.veille.common.warehouse;

import dev.veille.common.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Clears what a killed run left in {@code _staging/} before a command writes to the warehouse
 * (under the warehouse lock, see {@link #underLock}). Staging holds scratch only: every table
 * publish is one Delta commit, so a killed run's tables hold exactly the commits that finished,
 * and a rerun's merge leaves those as they are and adds the rest.
 */
public final class StagingRecovery {
  private StagingRecovery() {}

  /**
   * Runs {@code work} as every writer of the warehouse runs: under the warehouse lock (a second
   * writer fails with exit code 4, naming the holder; concurrent nightlies would read the same
   * exports twice and race on the ingest ledger), after {@link #recover} has cleared a killed
   * run's scratch.
   */
  public static <T> T underLock(Warehouse wh, String holder, Supplier<T> work) {
    try (WarehouseLock lock = WarehouseLock.acquire(wh, holder)) {
      recover(wh);
      return work.get();
    }
  }

  /** Deletes every run's staging folder (only runs holding the lock write there). Returns what was done. */
  public static List<String> recover(Warehouse wh) {
    List<String> done = new ArrayList<>();
    FileSystem fs = wh.fs();
    Path staging = wh.path("_staging");
    try {
      if (!fs.exists(staging)) {
        return done;
      }
      for (FileStatus run : fs.listStatus(staging)) {
        if (!fs.delete(run.getPath(), true)) {
          throw new IOException("cannot delete " + run.getPath());
        }
        done.add("deleted the staging folder of the interrupted run " + run.getPath().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear " + staging, e);
    }
    done.forEach(line -> Progress.log("recovery", "%s", line));
    return done;
  }
}
