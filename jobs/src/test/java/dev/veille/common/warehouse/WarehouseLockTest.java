package dev.veille.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarehouseLockTest {
  @TempDir
  Path dir;

  private Warehouse warehouse() {
    return new Warehouse(dir.toString(), new Configuration());
  }

  @Test
  void aSecondRunIsRefusedWithExitCode4NamingTheHolderUntilTheFirstReleases() {
    try (WarehouseLock first = WarehouseLock.acquire(warehouse(), "nightly-1")) {
      assertThatThrownBy(() -> WarehouseLock.acquire(warehouse(), "nightly-2"))
          .isInstanceOf(LockHeldException.class)
          .hasMessageContaining("nightly-1")
          .hasMessageContaining(Long.toString(ProcessHandle.current().pid()))
          .satisfies(e -> assertThat(((LockHeldException) e).exitCode()).isEqualTo(4));
    }
    assertThat(dir.resolve("_lock")).doesNotExist();
    WarehouseLock.acquire(warehouse(), "nightly-3").close();
  }

  @Test
  void aLockWhoseProcessIsGoneOrTooOldIsTakenOver() throws Exception {
    String host = java.net.InetAddress.getLocalHost().getHostName();
    // A pid that cannot be alive: a lock left by a process killed with SIGKILL.
    Files.writeString(dir.resolve("_lock"), "{\"run_id\":\"dead\",\"host\":\"" + host
        + "\",\"pid\":2147483646,\"started_at\":\"" + Instant.now() + "\"}");
    try (WarehouseLock lock = WarehouseLock.acquire(warehouse(), "after-crash")) {
      assertThat(Files.readString(dir.resolve("_lock"))).contains("after-crash");
    }

    Files.writeString(dir.resolve("_lock"), "{\"run_id\":\"elsewhere\",\"host\":\"other-host\",\"pid\":1,"
        + "\"started_at\":\"2026-01-01T00:00:00Z\"}");
    assertThatThrownBy(() -> WarehouseLock.acquire(warehouse(), "x", Duration.ofDays(3650), Instant.now()))
        .isInstanceOf(LockHeldException.class).hasMessageContaining("other-host");
    WarehouseLock.acquire(warehouse(), "y", Duration.ofHours(12), Instant.now()).close();
  }
}
