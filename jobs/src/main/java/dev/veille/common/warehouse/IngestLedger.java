package dev.veille.common.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The files already ingested into a warehouse ({@code _ledger/ingested_files.json}), keyed by
 * content checksum: ingesting a file again (same bytes, any name) is skipped, while an edited
 * file is ingested and merged. Written atomically after the tables are published, so a crash
 * before that point only means the file is ingested again, which the merge makes harmless.
 *
 * <p>Each entry also keeps the file's path, size and modification time. A listed file with the
 * same three as an entry is taken to hold that entry's contents and is not read: without this,
 * every night would checksum every export ever landed, and its cost would grow with the history.
 * Any other file (new, or whose size or modification time changed) is checksummed, and skipped
 * when its checksum is in the ledger (a renamed copy, or a file touched without being changed);
 * a file at an entry's path whose checksum matched gets that entry's size and time refreshed, so
 * it is not read again. Rewriting a file in place with other bytes of the same size and the same
 * modification time is not noticed (use {@code --force}).
 */
public final class IngestLedger {
  static final String FILE = "_ledger/ingested_files.json";

  private final Warehouse warehouse;
  private final Map<String, ObjectNode> entries = new LinkedHashMap<>();
  private final Map<String, String> checksumByStat = new HashMap<>();
  private boolean refreshed;

  public IngestLedger(Warehouse warehouse) {
    this.warehouse = warehouse;
    Path p = warehouse.path(FILE);
    if (warehouse.exists(p)) {
      try {
        JsonNode tree = Json.MAPPER.readTree(warehouse.readText(p));
        for (JsonNode e : tree.path("files")) {
          entries.put(e.path("sha256").asText(), (ObjectNode) e);
          indexStat((ObjectNode) e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the ingest ledger " + p
            + " (delete it to ingest every file again; merges keep tables free of duplicates)", e);
      }
    }
  }

  /** The ledger entry of a file with these contents, or null. */
  public JsonNode find(String sha256) {
    return entries.get(sha256);
  }

  /**
   * The checksum of the entry with this file's path, size and modification time, or null when
   * there is none (the file is new or changed, and must be read to be checksummed).
   */
  public String checksumOf(FileStatus status) {
    return checksumByStat.get(statKey(status.getPath().toString(), status.getLen(), status.getModificationTime()));
  }

  /**
   * Notes that {@code file}, checksummed and found in the ledger, was seen: when the entry has its
   * path, its size and modification time are refreshed (written with the next {@link #record}).
   */
  public void seen(InputFile file) {
    ObjectNode e = entries.get(file.sha256());
    if (e != null && e.path("path").asText().equals(file.path())
        && (e.path("size").asLong(-1) != file.size()
            || e.path("modified_ms").asLong(-1) != file.modifiedAt().toEpochMilli())) {
      e.put("size", file.size());
      e.put("modified_ms", file.modifiedAt().toEpochMilli());
      indexStat(e);
      refreshed = true;
    }
  }

  /** True when {@link #seen} refreshed an entry that is not written yet. */
  public boolean refreshed() {
    return refreshed;
  }

  /** Every entry: sha256, path, size, modified_ms (when known), mapping, run_id. */
  public List<JsonNode> entries() {
    return new ArrayList<>(entries.values());
  }

  /**
   * True when run {@code runId} wrote its entries: it had published every table, since the ledger
   * is written last (a later run that ingests the same bytes with {@code --force} takes the entry).
   */
  public boolean recordedRun(String runId) {
    for (ObjectNode e : entries.values()) {
      if (runId.equals(e.path("run_id").asText(null))) {
        return true;
      }
    }
    return false;
  }

  public void record(List<InputFile> files, String runId, Map<String, String> mappings) {
    for (InputFile f : files) {
      ObjectNode e = Json.object();
      e.put("sha256", f.sha256());
      e.put("path", f.path());
      e.put("size", f.size());
      e.put("modified_ms", f.modifiedAt().toEpochMilli());
      e.put("mapping", mappings.get(f.path()));
      e.put("run_id", runId);
      entries.put(f.sha256(), e);
      indexStat(e);
    }
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("files");
    entries.values().forEach(list::add);
    warehouse.writeTextAtomically(warehouse.path(FILE), Json.pretty(root));
    refreshed = false;
  }

  private void indexStat(ObjectNode e) {
    if (e.has("modified_ms") && e.has("size")) {
      checksumByStat.put(statKey(e.path("path").asText(), e.path("size").asLong(), e.path("modified_ms").asLong()),
          e.path("sha256").asText());
    }
  }

  private static String statKey(String path, long size, long modifiedMs) {
    return path + "\u0000" + size + "\u0000" + modifiedMs;
  }
}
