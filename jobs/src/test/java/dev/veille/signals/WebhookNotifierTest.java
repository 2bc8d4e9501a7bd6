package dev.veille.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.veille.common.Json;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Notifications against a local HTTP server: accepted, refused with 500, never answered. */
class WebhookNotifierTest {
  HttpServer server;
  final AtomicInteger calls = new AtomicInteger();
  final List<String> bodies = new CopyOnWriteArrayList<>();

  String start(int status, boolean answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hooks/secret-path", ex -> {
      calls.incrementAndGet();
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (!answer) {
        try {
          Thread.sleep(5_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, b.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(b);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/secret-path";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  static Alert alert(Severity sev, String status) {
    Alert a = Alert.found(LocalDate.of(2026, 11, 28), Alert.BUZZ, sev, "maisonlune", "ig1", "instagram",
        "instagram:1", Instant.parse("2026-11-27T00:00:00Z"), Instant.parse("2026-11-29T00:00:00Z"), 9,
        "maisonlune on Instagram: post \"Linen\" has 9x the usual engagement 20 hours in.", Map.of(), "instagram:1",
        List.of(), null);
    return a.withIncident("al-000000000001", status, a.date(), 9, sev);
  }

  @Test
  void postsOneSlackCompatibleMessagePerRaisedAlertAtOrAboveTheLevel() throws Exception {
    String url = start(200, true);
    List<Alert> due = WebhookNotifier.toNotify(List.of(alert(Severity.WARNING, Alert.NEW),
        alert(Severity.INFO, Alert.NEW), alert(Severity.CRITICAL, Alert.ONGOING), alert(Severity.CRITICAL,
            Alert.WORSENED)), Severity.WARNING);
    assertThat(due).hasSize(2);
    WebhookNotifier.Outcome o = new WebhookNotifier(url, Duration.ofSeconds(2), 3, Duration.ofMillis(10)).send(due);
    assertThat(o.sent()).isEqualTo(2);
    assertThat(o.warnings()).isEmpty();
    JsonNode body = Json.MAPPER.readTree(bodies.get(0));
    assertThat(body.path("text").asText()).startsWith("[WARNING] buzz: maisonlune on Instagram");
    assertThat(Json.MAPPER.readTree(bodies.get(1)).path("text").asText()).startsWith("[CRITICAL] buzz (worse)");
  }

  @Test
  void aServerErrorIsRetriedThenReportedWithoutTheSecretPath() throws Exception {
    String url = start(500, true);
    WebhookNotifier.Outcome o = new WebhookNotifier(url, Duration.ofSeconds(2), 3, Duration.ofMillis(10))
        .send(List.of(alert(Severity.WARNING, Alert.NEW)));
    assertThat(o.sent()).isZero();
    assertThat(calls.get()).isEqualTo(4);
    assertThat(o.warnings()).singleElement().asString().contains("HTTP 500").contains("4 attempts")
        .doesNotContain("secret-path");
  }

  @Test
  void aServerThatNeverAnswersTimesOut() throws Exception {
    String url = start(200, false);
    long t0 = System.nanoTime();
    WebhookNotifier.Outcome o = new WebhookNotifier(url, Duration.ofMillis(300), 1, Duration.ofMillis(10))
        .send(List.of(alert(Severity.CRITICAL, Alert.NEW)));
    assertThat(o.sent()).isZero();
    assertThat(o.warnings()).singleElement().asString().contains("no answer").contains("2 attempts");
    assertThat(calls.get()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void aClientErrorIsNotRetried() throws Exception {
    String url = start(404, true);
    WebhookNotifier.Outcome o = new WebhookNotifier(url, Duration.ofSeconds(2), 3, Duration.ofMillis(10))
        .send(List.of(alert(Severity.WARNING, Alert.NEW)));
    assertThat(calls.get()).isEqualTo(1);
    assertThat(o.warnings()).singleElement().asString().contains("HTTP 404");
  }
}
