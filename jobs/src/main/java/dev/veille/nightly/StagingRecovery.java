package dev.veille.nightly;

import dev.veille.common.Progress;
import dev.veille.common.TableWriter;
import dev.veille.common.Tables;
import dev.veille.common.Warehouse;
import dev.veille.common.WarehouseLock;
import dev.veille.ingest.IngestLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes whole what a run that died while publishing left in {@code _staging/}, before a command
 * writes to the warehouse (under the warehouse lock, see {@link #underLock}: the nightly, and every
 * other command that writes, through {@code cli.WarehouseWrites}). {@link TableWriter}
 * publishes by renames, and a run that fails rather than dies undoes its own publishes
 * ({@link TableWriter#abort}); what is left here belongs to a run that was killed or could not
 * finish undoing:
 * <ul>
 *   <li>an {@code ingest-*} staging folder whose run is not in the ingest ledger (the ledger is
 *       written once every table is published): the run is undone in every table ingest writes
 *       ({@link TableWriter#undo}: its files removed, the live files it set aside moved back) and
 *       the folder deleted. The nightly's ingest reads those exports again;</li>
 *   <li>an {@code ingest-*} folder whose run is in the ledger finished publishing and was stopped
 *       while cleaning up: the folder is deleted;</li>
 *   <li>a derived table's partition set aside with no live partition in its place: moved back.
 *       The rows the killed run meant to add are recomputed by the stage, which works on what is
 *       missing.</li>
 * </ul>
 */
public final class StagingRecovery {
  private StagingRecovery() {}

  /**
   * Runs {@code work} as every writer of the warehouse runs: under the warehouse lock (a second
   * writer fails with exit code 4, naming the holder), after {@link #recover} has made whole what
   * a killed run left.
   */
  public static <T> T underLock(Warehouse wh, String holder, Supplier<T> work) {
    try (WarehouseLock lock = WarehouseLock.acquire(wh, holder)) {
      recover(wh);
      return work.get();
    }
  }

  /** Returns what was done, one line per action (also logged). */
  public static List<String> recover(Warehouse wh) {
    List<String> done = new ArrayList<>();
    FileSystem fs = wh.fs();
    Path staging = wh.path("_staging");
    try {
      if (!fs.exists(staging)) {
        return done;
      }
      IngestLedger ledger = null;
      for (FileStatus run : fs.listStatus(staging)) {
        String runId = run.getPath().getName();
        if (runId.startsWith("ingest-")) {
          ledger = ledger != null ? ledger : new IngestLedger(wh);
          if (ledger.recordedRun(runId)) {
            done.add("deleted the staging folder of " + runId + ", which had published everything");
          } else {
            for (Tables.Table table : Tables.INGESTED) {
              done.addAll(TableWriter.undo(wh, runId, table.name()));
            }
            done.add("deleted the staging folder of the interrupted " + runId);
          }
          if (!fs.delete(run.getPath(), true)) {
            throw new IOException("cannot delete " + run.getPath());
          }
          continue;
        }
        Path replaced = new Path(run.getPath(), "_replaced");
        if (fs.exists(replaced)) {
          for (FileStatus table : fs.listStatus(replaced)) {
            restoreMissing(wh, runId, table.getPath().getName(), done);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot recover " + staging, e);
    }
    done.forEach(line -> Progress.log("recovery", "%s", line));
    return done;
  }

  /** Partitions (or the whole table) that run {@code runId} set aside with nothing in their place. */
  private static void restoreMissing(Warehouse wh, String runId, String table, List<String> done)
      throws IOException {
    FileSystem fs = wh.fs();
    Path live = wh.path(table);
    for (String partition : TableWriter.setAsidePartitions(wh, runId, table)) {
      boolean all = partition.equals("_all");
      Path target = all ? live : new Path(live, partition);
      if (!fs.exists(target)) {
        fs.mkdirs(target.getParent());
        TableWriter.rename(fs, new Path(TableWriter.setAsidePath(wh, runId, table), partition), target);
        done.add(all ? String.format("%s: moved back the table set aside by %s", table, runId)
            : String.format("%s: moved back partition %s set aside by %s", table, partition, runId));
      }
    }
  }
}
