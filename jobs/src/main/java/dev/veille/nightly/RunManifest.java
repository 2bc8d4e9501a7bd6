package dev.veille.nightly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.common.Versions;
import dev.veille.common.warehouse.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.hadoop.fs.Path;

/**
 * The manifest of one nightly run, {@code _runs/<run_id>/manifest.json}: the run date, inputs,
 * per stage its status, duration and counts in / out / quarantined, versions, the config's
 * SHA-256, the exit code and, on failure, the error. Written once, when the run ends (succeeded
 * or failed), atomically; after the report's {@code _SUCCESS}, so a manifest with status
 * {@code succeeded} means every output of the date is in place.
 */
final class RunManifest {
  private final ObjectNode root = Json.object();
  private final ArrayNode stages;
  private final ObjectNode versions;
  private final Instant started;

  RunManifest(String runId, LocalDate date, Instant started, String configFile, String configSha256,
      String warehouse) {
    this.started = started;
    root.put("run_id", runId);
    root.put("command", "nightly");
    root.put("date", date.toString());
    root.put("status", "running");
    root.putNull("exit_code");
    root.put("started_at", started.toString());
    root.putNull("finished_at");
    root.put("config", configFile);
    root.put("config_sha256", configSha256);
    root.put("warehouse", warehouse);
    versions = root.putObject("versions");
    versions.put("veille", Versions.veille());
    versions.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    versions.put("java", System.getProperty("java.version"));
    root.putArray("inputs");
    stages = root.putArray("stages");
  }

  void version(String name, String value) {
    versions.put(name, value);
  }

  ArrayNode inputs() {
    return (ArrayNode) root.get("inputs");
  }

  /** Adds a stage; {@code details} holds what is particular to it. */
  ObjectNode stage(String name, String status, double seconds, long in, long out, long quarantined) {
    ObjectNode s = stages.addObject();
    s.put("stage", name);
    s.put("status", status);
    s.put("seconds", Math.round(seconds * 1000) / 1000.0);
    s.put("records_in", in);
    s.put("records_out", out);
    s.put("records_quarantined", quarantined);
    s.putObject("details");
    return (ObjectNode) s.get("details");
  }

  void put(String key, JsonNode value) {
    root.set(key, value);
  }

  void put(String key, String value) {
    root.put(key, value);
  }

  /** Ends the run with its status and exit code, and writes the manifest. */
  Path finish(Warehouse wh, String status, int exitCode, String error) {
    Instant now = Instant.now();
    root.put("status", status);
    root.put("exit_code", exitCode);
    root.put("finished_at", now.toString());
    root.put("seconds", Math.round((now.toEpochMilli() - started.toEpochMilli())) / 1000.0);
    if (error != null) {
      root.put("error", error);
    }
    Path p = new Path(wh.runDir(root.get("run_id").asText()), "manifest.json");
    wh.writeTextAtomically(p, Json.pretty(root));
    return p;
  }
}
