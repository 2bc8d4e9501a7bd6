package dev.veille.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.common.warehouse.IngestLedger;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;

/**
 * Which ingested export files the sentiment stage has already looked at
 * ({@code _ledger/sentiment_files.json}: one identity per entry of the ingest ledger, its path,
 * checksum and ingest run). A post or comment whose text is new or changed was written by an
 * ingest, so its row's {@code source_file} is the path of a ledger entry sentiment has not looked
 * at yet: the stage reads only those rows instead of normalising and hashing every stored text.
 *
 * <p>Written after the stage's tables are published: a run killed before that looks at the same
 * files again, which the anti-joins on text hash and link make harmless. A warehouse without
 * this file (sentiment never ran, or ran before this file existed) is scanned in full once.
 */
public final class ScoredFiles {
  static final String FILE = "_ledger/sentiment_files.json";

  /**
   * The ingest ledger's entries when the stage started, and the paths of those not looked at
   * yet ({@code pendingPaths} null: look at every row, as no record exists).
   */
  public record Snapshot(List<String> ledgerIds, Set<String> pendingPaths) {}

  private ScoredFiles() {}

  /** Reads both ledgers. */
  public static Snapshot read(Warehouse wh) {
    List<String> ids = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (JsonNode e : new IngestLedger(wh).entries()) {
      ids.add(id(e));
      paths.add(e.path("path").asText());
    }
    Path p = wh.path(FILE);
    if (!wh.exists(p)) {
      return new Snapshot(ids, null);
    }
    Set<String> done = new TreeSet<>();
    try {
      for (JsonNode id : Json.MAPPER.readTree(wh.readText(p)).path("files")) {
        done.add(id.asText());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + p + " (delete it: the next sentiment run then reads every"
          + " text once, and scores only those not scored yet)", e);
    }
    Set<String> pending = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (!done.contains(ids.get(i))) {
        pending.add(paths.get(i));
      }
    }
    return new Snapshot(ids, pending);
  }

  /** Records the snapshot's ledger entries as looked at (atomically; after the tables are published). */
  public static void record(Warehouse wh, Snapshot s) {
    Set<String> all = new TreeSet<>(s.ledgerIds());
    Path p = wh.path(FILE);
    if (wh.exists(p)) {
      try {
        Json.MAPPER.readTree(wh.readText(p)).path("files").forEach(id -> all.add(id.asText()));
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read " + p, e);
      }
    }
    ObjectNode root = Json.object();
    ArrayNode files = root.putArray("files");
    all.forEach(files::add);
    wh.writeTextAtomically(p, Json.pretty(root));
  }

  private static String id(JsonNode entry) {
    return entry.path("run_id").asText() + " " + entry.path("sha256").asText() + " " + entry.path("path").asText();
  }
}
