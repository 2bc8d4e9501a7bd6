package dev.veille.signals;

import dev.veille.common.Json;
import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts one Slack-compatible message ({@code {"text": ...}}) per alert raised tonight (new or worsened)
 * at or above {@code signals.notify.min_severity}. Each request has a timeout; a failed one (no answer,
 * a connection error, 429 or 5xx) is retried {@code retries} times with exponential backoff; other 4xx
 * answers are not retried. A failure to notify never fails the run: it is returned as a warning that the
 * run prints and records in its manifest.
 */
public final class WebhookNotifier {
  private final URI url;
  private final Duration timeout;
  private final int retries;
  private final Duration backoff;
  private final HttpClient client;

  /** What was sent: how many messages got through, and a warning per message that did not. */
  public record Outcome(int sent, List<String> warnings) {}

  public WebhookNotifier(String url, Duration timeout, int retries, Duration backoff) {
    this.url = URI.create(url);
    this.timeout = timeout;
    this.retries = retries;
    this.backoff = backoff;
    this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public static WebhookNotifier of(SignalsSettings.Notify n) {
    return new WebhookNotifier(n.webhookUrl(), Duration.ofSeconds(n.timeoutSeconds()), n.retries(),
        Duration.ofSeconds(1));
  }

  /** The alerts a night notifies: raised tonight, at or above the minimum severity. */
  public static List<Alert> toNotify(List<Alert> alerts, Severity min) {
    return alerts.stream().filter(a -> a.raised() && a.severity().atLeast(min)).toList();
  }

  public Outcome send(List<Alert> alerts) {
    int sent = 0;
    List<String> warnings = new ArrayList<>();
    for (Alert a : alerts) {
      String failure = post(message(a));
      if (failure == null) {
        sent++;
      } else {
        warnings.add("could not notify alert " + a.id() + " (" + a.kind() + ", " + a.severity().id() + "): "
            + failure);
      }
    }
    return new Outcome(sent, warnings);
  }

  static String message(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    String status = Alert.WORSENED.equals(a.status()) ? " (worse)" : "";
    m.put("text", "[" + a.severity().id().toUpperCase(java.util.Locale.ROOT) + "] " + a.kind().replace('_', ' ')
        + status + ": " + a.message());
    return Json.line(m);
  }

  /** Null when the message was accepted, else why not (after the retries). */
  private String post(String body) {
    String last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        try {
          Thread.sleep(backoff.toMillis() << (attempt - 1));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return "interrupted";
        }
      }
      try {
        HttpRequest req = HttpRequest.newBuilder(url).timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = client.send(req, HttpResponse.BodyHandlers.ofString());
        int code = res.statusCode();
        if (code >= 200 && code < 300) {
          return null;
        }
        last = "HTTP " + code + " from " + safe(url);
        if (code >= 400 && code < 500 && code != 429) {
          return last;
        }
      } catch (java.net.http.HttpTimeoutException e) {
        last = "no answer from " + safe(url) + " within " + timeout.toSeconds() + " s";
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + " from " + safe(url) + ": " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    return last + " (" + (retries + 1) + " attempts)";
  }

  /** The webhook's host only: its path is the secret. */
  static String safe(URI u) {
    return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + "/\u2026";
  }
}
