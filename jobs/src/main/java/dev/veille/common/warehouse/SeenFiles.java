package dev.veille.common.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;

/**
 * Which ingested export files a stage has already looked at ({@code _ledger/<name>}: one identity
 * per entry of the ingest ledger, its ingest run, checksum and path). A post or comment that is new
 * or changed was written by an ingest, so its row's {@code source_file} is the path of a ledger
 * entry the stage has not looked at yet: the stage reads only those rows instead of every row of
 * the warehouse, so its cost follows the night's data, not the history.
 *
 * <p>A scope (the themes stage's model version) ties the record to what the stage looked with:
 * under another scope every file counts as not looked at. The record is written after the stage's
 * tables are published: a run killed before that looks at the same files again, which the stage's
 * own anti-joins make harmless. A warehouse without the record (the stage never ran, or ran before
 * the record existed) is looked at in full once.
 */
public final class SeenFiles {
  /** The sentiment stage's record (texts scored). */
  public static final String SENTIMENT = "sentiment_files.json";
  /** The themes stage's record (posts assigned), scoped by model version. */
  public static final String THEMES = "themes_files.json";

  /**
   * The ingest ledger's entries when the stage started, and the paths of those not looked at
   * yet ({@code pendingPaths} null: look at every row, as no record exists for this scope).
   */
  public record Snapshot(List<String> ledgerIds, Set<String> pendingPaths) {}

  private final Warehouse wh;
  private final Path file;
  private final String scope;

  private SeenFiles(Warehouse wh, String name, String scope) {
    this.wh = wh;
    this.file = wh.path("_ledger/" + name);
    this.scope = scope;
  }

  /** The record {@code name} under {@code _ledger/}; {@code scope} null for a record without one. */
  public static SeenFiles of(Warehouse wh, String name, String scope) {
    return new SeenFiles(wh, name, scope);
  }

  /** Reads the ingest ledger and the record. */
  public Snapshot read() {
    List<String> ids = new ArrayList<>();
    List<String> paths = new ArrayList<>();
    for (JsonNode e : new IngestLedger(wh).entries()) {
      ids.add(id(e));
      paths.add(e.path("path").asText());
    }
    Set<String> done = recorded();
    if (done == null) {
      return new Snapshot(ids, null);
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
  public void record(Snapshot s) {
    Set<String> all = new TreeSet<>(s.ledgerIds());
    Set<String> before = recorded();
    if (before != null) {
      all.addAll(before);
    }
    ObjectNode root = Json.object();
    if (scope != null) {
      root.put("scope", scope);
    }
    ArrayNode files = root.putArray("files");
    all.forEach(files::add);
    wh.writeTextAtomically(file, Json.pretty(root));
  }

  /** The identities recorded under this scope, or null when there is no such record. */
  private Set<String> recorded() {
    if (!wh.exists(file)) {
      return null;
    }
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(wh.readText(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file + " (delete it: the stage then looks at every row once,"
          + " and its anti-joins keep it from doing again what it did)", e);
    }
    if (!Objects.equals(scope, root.path("scope").asText(null))) {
      return null;
    }
    Set<String> done = new TreeSet<>();
    root.path("files").forEach(id -> done.add(id.asText()));
    return done;
  }

  private static String id(JsonNode entry) {
    return entry.path("run_id").asText() + " " + entry.path("sha256").asText() + " " + entry.path("path").asText();
  }
}
