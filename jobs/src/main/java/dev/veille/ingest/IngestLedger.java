package dev.veille.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.common.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;

/**
 * The files already ingested into a warehouse ({@code _ledger/ingested_files.json}), keyed by
 * content checksum: ingesting a file again (same bytes, any name) is skipped, while an edited
 * file is ingested and merged. Written atomically after the tables are published, so a crash
 * before that point only means the file is ingested again, which the merge makes harmless.
 */
public final class IngestLedger {
  static final String FILE = "_ledger/ingested_files.json";

  private final Warehouse warehouse;
  private final Map<String, ObjectNode> entries = new LinkedHashMap<>();

  public IngestLedger(Warehouse warehouse) {
    this.warehouse = warehouse;
    Path p = warehouse.path(FILE);
    if (warehouse.exists(p)) {
      try {
        JsonNode tree = Json.MAPPER.readTree(warehouse.readText(p));
        for (JsonNode e : tree.path("files")) {
          entries.put(e.path("sha256").asText(), (ObjectNode) e);
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

  public void record(List<InputFile> files, String runId, Map<String, String> mappings) {
    for (InputFile f : files) {
      ObjectNode e = Json.object();
      e.put("sha256", f.sha256());
      e.put("path", f.path());
      e.put("size", f.size());
      e.put("mapping", mappings.get(f.path()));
      e.put("run_id", runId);
      entries.put(f.sha256(), e);
    }
    ObjectNode root = Json.object();
    ArrayNode list = root.putArray("files");
    entries.values().forEach(list::add);
    warehouse.writeTextAtomically(warehouse.path(FILE), Json.pretty(root));
  }
}
