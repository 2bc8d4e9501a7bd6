package dev.veille.signals;

import dev.veille.common.alerts.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns a night's findings into incidents. A finding whose incident key (kind, account, subject) was
 * alerted on one of the {@code cooldown_days} nights before is the same incident: it keeps its id and
 * first night, and is {@code ongoing} unless it worsened since it was last raised (a higher severity,
 * or a score at least {@code worsen_ratio} times the score it was last raised with), when it is
 * {@code worsened} and raised again. Anything else is {@code new}. Pure: the history is given.
 */
public final class Incidents {
  private Incidents() {}

  /**
   * @param found tonight's findings (ids null)
   * @param history alerts of earlier nights (any order; those of {@code date} or later are ignored, so a
   *     rerun of a night gives the same incidents)
   */
  public static List<Alert> resolve(List<Alert> found, List<Alert> history, LocalDate date, int cooldownDays,
      double worsenRatio) {
    Map<String, Alert> latest = new HashMap<>();
    LocalDate from = date.minusDays(cooldownDays);
    for (Alert h : history) {
      if (h.date().isBefore(date) && !h.date().isBefore(from)) {
        latest.merge(h.incidentKey(), h, (a, b) -> a.date().isAfter(b.date()) ? a : b);
      }
    }
    List<Alert> out = new ArrayList<>();
    for (Alert f : found) {
      Alert prev = latest.get(f.incidentKey());
      if (prev == null) {
        out.add(f.withIncident(newId(f, date), Alert.NEW, date, f.score(), f.severity()));
      } else if (f.severity().compareTo(prev.raisedSeverity()) > 0
          || f.score() >= prev.raisedScore() * worsenRatio) {
        out.add(f.withIncident(prev.id(), Alert.WORSENED, prev.firstRaised(), f.score(), f.severity()));
      } else {
        out.add(f.withIncident(prev.id(), Alert.ONGOING, prev.firstRaised(), prev.raisedScore(),
            prev.raisedSeverity()));
      }
    }
    out.sort(Alert.ORDER);
    return out;
  }

  static String newId(Alert f, LocalDate first) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((f.incidentKey() + "|" + first).getBytes(StandardCharsets.UTF_8));
      return "al-" + HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
