package dev.veille.common.warehouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.common.Progress;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One writer at a time per warehouse: {@code _lock} is created exclusively (an atomic operation
 * on local disks and HDFS) and holds who took it. A second run fails with exit code 4 and names
 * the holder. A lock is stale, and taken over, when its holder ran on this host and its process
 * is gone (killed, crashed), or when it is older than {@code maxAge} (a holder on another host
 * that never came back). Closing releases it.
 */
public final class WarehouseLock implements AutoCloseable {
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(12);
  private static final String FILE = "_lock";

  private final FileSystem fs;
  private final Path path;
  private final String token;

  private WarehouseLock(FileSystem fs, Path path, String token) {
    this.fs = fs;
    this.path = path;
    this.token = token;
  }

  public static WarehouseLock acquire(Warehouse warehouse, String runId) {
    return acquire(warehouse, runId, DEFAULT_MAX_AGE, Instant.now());
  }

  static WarehouseLock acquire(Warehouse warehouse, String runId, Duration maxAge, Instant now) {
    FileSystem fs = warehouse.fs();
    Path path = warehouse.path(FILE);
    ObjectNode me = Json.object();
    me.put("run_id", runId);
    me.put("host", host());
    me.put("pid", ProcessHandle.current().pid());
    me.put("started_at", now.toString());
    String token = Json.line(me);
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        fs.mkdirs(path.getParent());
        try (OutputStream out = fs.create(path, false)) {
          out.write(token.getBytes(StandardCharsets.UTF_8));
        }
        return new WarehouseLock(fs, path, token);
      } catch (FileAlreadyExistsException e) {
        JsonNode holder = readHolder(warehouse, path);
        String stale = staleness(holder, maxAge, now);
        if (stale == null) {
          throw new LockHeldException(String.format("Another run holds the warehouse lock %s: run %s,"
                  + " process %s on %s, since %s (wait for it, or delete the file if that process is gone)",
              path, holder.path("run_id").asText("?"), holder.path("pid").asText("?"),
              holder.path("host").asText("?"), holder.path("started_at").asText("?")));
        }
        Progress.log("lock", "taking over a stale lock (%s): %s", stale, holder);
        try {
          fs.delete(path, false);
        } catch (IOException io) {
          throw new UncheckedIOException("Cannot remove the stale lock " + path, io);
        }
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("already exists")) {
          continue;
        }
        throw new UncheckedIOException("Cannot create the warehouse lock " + path, e);
      }
    }
    throw new LockHeldException("Another run took the warehouse lock " + path + " at the same moment");
  }

  /** Why the holder's lock no longer counts, or null if it still does. */
  static String staleness(JsonNode holder, Duration maxAge, Instant now) {
    if (holder == null) {
      return "unreadable lock file";
    }
    Instant since;
    try {
      since = Instant.parse(holder.path("started_at").asText());
    } catch (RuntimeException e) {
      return "no start time";
    }
    if (Duration.between(since, now).compareTo(maxAge) > 0) {
      return "older than " + maxAge.toHours() + " hours";
    }
    if (host().equals(holder.path("host").asText())
        && ProcessHandle.of(holder.path("pid").asLong(-1)).map(p -> !p.isAlive()).orElse(true)) {
      return "its process " + holder.path("pid").asText() + " is gone";
    }
    return null;
  }

  private static JsonNode readHolder(Warehouse warehouse, Path path) {
    try {
      return Json.MAPPER.readTree(warehouse.readText(path));
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  @Override
  public void close() {
    try {
      // Only our own lock is removed: a stale-lock takeover by someone else must survive.
      if (!fs.exists(path)) {
        return;
      }
      String current;
      try (var in = fs.open(path)) {
        current = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (current.equals(token)) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot release the warehouse lock " + path, e);
    }
  }
}
