package dev.veille.common.alerts;

import java.util.Locale;
import java.util.Optional;

/** How urgent an alert is, in increasing order (docs/signals.md: the thresholds of each detector). */
public enum Severity {
  INFO, WARNING, CRITICAL;

  /** The lower-case name used in JSON, CSV, config and on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  public static Optional<Severity> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    for (Severity s : values()) {
      if (s.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
