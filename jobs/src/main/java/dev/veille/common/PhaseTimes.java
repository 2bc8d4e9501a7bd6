package dev.veille.common;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall time per phase of a job, in the order the phases ran: written to run manifests, so that a
 * slow night shows which phase grew, and printed by the benchmarks. Not thread-safe: the driver's
 * thread marks the phases.
 */
public final class PhaseTimes {
  private final Map<String, Double> seconds = new LinkedHashMap<>();
  private long mark = System.nanoTime();

  /** Ends the phase running since the previous mark (or since creation) and names it. */
  public void end(String phase) {
    long now = System.nanoTime();
    seconds.merge(phase, (now - mark) / 1e9, Double::sum);
    mark = now;
  }

  /** Seconds per phase, rounded to milliseconds, in the order they first ended. */
  public Map<String, Double> seconds() {
    Map<String, Double> rounded = new LinkedHashMap<>();
    seconds.forEach((phase, s) -> rounded.put(phase, Math.round(s * 1000) / 1000.0));
    return Collections.unmodifiableMap(rounded);
  }
}
