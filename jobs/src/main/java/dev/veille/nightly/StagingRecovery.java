package dev.veille.nightly;

import dev.veille.common.Progress;
import dev.veille.common.TableWriter;
import dev.veille.common.Tables;
import dev.veille.common.Warehouse;
import dev.veille.ingest.IngestLedger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes whole what a run that died while publishing left in {@code _staging/}, before a command
 * writes to the warehouse (under the warehouse lock: nightly and ingest call it). {@link TableWriter}
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
  /** The tables an ingest run publishes to. */
  static final List<Tables.Table> INGEST_TABLES = List.of(Tables.POSTS, Tables.ENGAGEMENT,
      Tables.COMMENTS, Tables.QUARANTINE);

  private StagingRecovery() {}

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
            for (Tables.Table table : INGEST_TABLES) {
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
            restorePartitions(fs, table.getPath(), wh.path(table.getPath().getName()), "",
                table.getPath().getName(), runId, done);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot recover " + staging, e);
    }
    done.forEach(line -> Progress.log("recovery", "%s", line));
    return done;
  }

  /** Partition folders set aside ({@code a=1/b=2}, or {@code _all}) whose live partition is missing. */
  private static void restorePartitions(FileSystem fs, Path dir, Path live, String relative, String table,
      String runId, List<String> done) throws IOException {
    for (FileStatus child : fs.listStatus(dir)) {
      String name = child.getPath().getName();
      if (!child.isDirectory() || name.equals(TableWriter.SETASIDE_FILES)) {
        continue;
      }
      if (name.equals("_all") && relative.isEmpty()) {
        if (!fs.exists(live)) {
          rename(fs, child.getPath(), live);
          done.add(String.format("%s: moved back the table set aside by %s", table, runId));
        }
        continue;
      }
      if (!name.contains("=")) {
        continue;
      }
      String rel = relative.isEmpty() ? name : relative + "/" + name;
      boolean leaf = true;
      for (FileStatus grandchild : fs.listStatus(child.getPath())) {
        if (grandchild.isDirectory() && grandchild.getPath().getName().contains("=")) {
          leaf = false;
        }
      }
      if (!leaf) {
        restorePartitions(fs, child.getPath(), live, rel, table, runId, done);
      } else if (!fs.exists(new Path(live, rel))) {
        fs.mkdirs(new Path(live, rel).getParent());
        rename(fs, child.getPath(), new Path(live, rel));
        done.add(String.format("%s: moved back partition %s set aside by %s", table, rel, runId));
      }
    }
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " back to " + to);
    }
  }
}
