package dev.veille.nightly;

import dev.veille.common.Progress;
import dev.veille.common.TableWriter;
import dev.veille.common.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes whole what a run killed while publishing left in {@code _staging/}, before the nightly
 * stages run (under the warehouse lock). {@link TableWriter} publishes by renames; the only
 * states a kill can leave that a rerun's merge would not absorb are live data set aside and not
 * yet replaced:
 * <ul>
 *   <li>an {@code ingest-*} staging folder (ingest holds the lock and deletes its folder when it
 *       ends, so one that is left belongs to a dead run) with live files set aside by a merge:
 *       the run is rolled back (its files removed from the live tables, the set-aside files
 *       moved back) and the folder deleted; its ledger entries were never written, so the
 *       nightly's ingest reads those exports again;</li>
 *   <li>a derived table's partition set aside with no live partition in its place: moved back.
 *       The rows the killed run meant to add are recomputed by the stage, which works on what is
 *       missing.</li>
 * </ul>
 */
final class StagingRecovery {
  private StagingRecovery() {}

  /** Returns what was done, one line per action (also logged). */
  static List<String> recover(Warehouse wh) {
    List<String> done = new ArrayList<>();
    FileSystem fs = wh.fs();
    Path staging = wh.path("_staging");
    try {
      if (!fs.exists(staging)) {
        return done;
      }
      for (FileStatus run : fs.listStatus(staging)) {
        String runId = run.getPath().getName();
        Path replaced = new Path(run.getPath(), "_replaced");
        if (fs.exists(replaced)) {
          for (FileStatus table : fs.listStatus(replaced)) {
            recoverTable(fs, wh, runId, table.getPath(), done);
          }
        }
        if (runId.startsWith("ingest-")) {
          fs.delete(run.getPath(), true);
          done.add("deleted the staging folder of the interrupted " + runId);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot recover " + staging, e);
    }
    done.forEach(line -> Progress.log("nightly", "recovery: %s", line));
    return done;
  }

  private static void recoverTable(FileSystem fs, Warehouse wh, String runId, Path setAside, List<String> done)
      throws IOException {
    String table = setAside.getName();
    Path live = wh.path(table);
    Path files = new Path(setAside, TableWriter.SETASIDE_FILES);
    if (fs.exists(files) && runId.startsWith("ingest-")) {
      String tag = TableWriter.runTag(runId);
      int removed = 0;
      for (Path p : leaves(fs, live)) {
        String name = p.getName();
        if (name.startsWith(tag + "-") || name.startsWith(tag + "r-")) {
          fs.delete(p, false);
          removed++;
        }
      }
      int restored = 0;
      String base = files.toUri().getPath() + "/";
      for (Path p : leaves(fs, files)) {
        Path target = new Path(live, p.toUri().getPath().substring(base.length()));
        fs.mkdirs(target.getParent());
        if (!fs.rename(p, target)) {
          throw new IOException("cannot move " + p + " back to " + target);
        }
        restored++;
      }
      done.add(String.format("%s: rolled back %s (%d files removed, %d set-aside files moved back)", table, runId,
          removed, restored));
    }
    restorePartitions(fs, setAside, live, "", table, runId, done);
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

  private static List<Path> leaves(FileSystem fs, Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    var it = fs.listFiles(dir, true);
    while (it.hasNext()) {
      out.add(it.next().getPath());
    }
    return out;
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) {
      throw new IOException("cannot move " + from + " back to " + to);
    }
  }
}
