package dev.veille.ingest;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.util.AccumulatorV2;

/**
 * What the record parser saw, gathered from every task of the one pass that parses and writes:
 * per file, records in and rejected and the reasons, and the rejected records themselves for
 * the quarantine table. Spark applies a write task's accumulator updates once, even when the
 * task is retried, so the counts are exact.
 *
 * <p>Rejected records are kept in memory up to {@code rejectLimit} per task (a file over its
 * bad-record ratio fails the run anyway); a file past that limit is marked, and its rejects are
 * collected by a second, rejects-only pass.
 */
public final class IngestStats extends AccumulatorV2<IngestStats.Event, IngestStats.Totals> {

  /** One rejected record. */
  public record Reject(String table, String sourceFile, long recordNumber, Integer recordItem,
      String code, String reason, String raw) implements Serializable {}

  /**
   * One parsed record: rejected when {@code reject} is set; {@code repeat} when it repeats an
   * earlier record of the same file exactly (same key and observation), so it was merged away.
   */
  public record Event(String file, Reject reject, boolean repeat) implements Serializable {}

  /** Totals, per file. */
  public static final class Totals implements Serializable {
    /** Per file: records in, rejected, repeats merged away. */
    public final Map<String, long[]> inAndBad = new TreeMap<>();
    public final Map<String, Map<String, Long>> reasons = new TreeMap<>();
    public final List<Reject> rejects = new ArrayList<>();
    public final java.util.Set<String> overflowed = new java.util.TreeSet<>();

    void merge(Totals o) {
      o.inAndBad.forEach((f, c) -> {
        long[] mine = inAndBad.computeIfAbsent(f, k -> new long[3]);
        mine[0] += c[0];
        mine[1] += c[1];
        mine[2] += c[2];
      });
      o.reasons.forEach((f, r) -> r.forEach((code, n) ->
          reasons.computeIfAbsent(f, k -> new TreeMap<>()).merge(code, n, Long::sum)));
      rejects.addAll(o.rejects);
      overflowed.addAll(o.overflowed);
    }
  }

  private final int rejectLimit;
  private Totals totals = new Totals();
  private final Map<String, Integer> keptThisTask = new HashMap<>();

  public IngestStats(int rejectLimit) {
    this.rejectLimit = rejectLimit;
  }

  @Override
  public boolean isZero() {
    return totals.inAndBad.isEmpty() && totals.rejects.isEmpty() && totals.overflowed.isEmpty();
  }

  @Override
  public AccumulatorV2<Event, Totals> copy() {
    IngestStats c = new IngestStats(rejectLimit);
    c.totals.merge(totals);
    return c;
  }

  @Override
  public void reset() {
    totals = new Totals();
    keptThisTask.clear();
  }

  @Override
  public void add(Event e) {
    long[] c = totals.inAndBad.computeIfAbsent(e.file(), k -> new long[3]);
    c[0]++;
    if (e.repeat()) {
      c[2]++;
    }
    if (e.reject() == null) {
      return;
    }
    c[1]++;
    totals.reasons.computeIfAbsent(e.file(), k -> new TreeMap<>()).merge(e.reject().code(), 1L, Long::sum);
    int kept = keptThisTask.merge(e.file(), 1, Integer::sum);
    if (kept <= rejectLimit) {
      totals.rejects.add(e.reject());
    } else {
      totals.overflowed.add(e.file());
    }
  }

  @Override
  public void merge(AccumulatorV2<Event, Totals> other) {
    totals.merge(other.value());
  }

  @Override
  public Totals value() {
    return totals;
  }
}
