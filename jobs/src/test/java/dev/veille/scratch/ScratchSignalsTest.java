package dev.veille.scratch;

import dev.veille.SparkTestBase;
import dev.veille.common.Warehouse;
import dev.veille.signals.*;
import java.time.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchSignalsTest extends SparkTestBase {
  @Test
  void dump() {
    String root = System.getProperty("scratch.wh", "/tmp/s1/warehouse");
    Warehouse wh = Warehouse.of(spark, root);
    Instant cutoff = Instant.parse(System.getProperty("scratch.cutoff", "2026-11-29T00:00:00Z"));
    SignalsSettings s = SignalsSettings.DEFAULTS;
    SignalInputs in = SignalInputs.read(spark, wh, cutoff.minus(Duration.ofDays(s.historyDays())), cutoff);
    Instant window = cutoff.minus(Duration.ofHours(s.windowHours()));
    List<BuzzDetector.Observation> obs = BuzzDetector.observations(in, window.minus(Duration.ofDays(90)), window);
    Map<String, List<BuzzDetector.Observation>> by = new TreeMap<>();
    for (var o : obs) by.computeIfAbsent(o.platform(), k -> new ArrayList<>()).add(o);
    by.forEach((k, v) -> {
      System.out.println("BUZZ " + k + " obs=" + v.size());
      v.stream().filter(o -> !o.publishedAt().isBefore(window)).forEach(o -> System.out.println("  win " + o.postKey() + " age=" + Duration.between(o.publishedAt(), o.observedAt()).toHours() + " x=" + o.interactions()));
      double[] tot = v.stream().filter(o -> o.publishedAt().isBefore(window) && Duration.between(o.publishedAt(), o.observedAt()).toHours() >= 168).mapToDouble(o -> o.interactions()).sorted().toArray();
      System.out.println("  mature n=" + tot.length + " median=" + (tot.length > 0 ? tot[tot.length / 2] : -1));
      v.stream().filter(o -> o.publishedAt().isBefore(window) && Duration.between(o.publishedAt(), o.observedAt()).toHours() < 168).forEach(o -> System.out.println("  young " + Duration.between(o.publishedAt(), o.observedAt()).toHours() + "h x=" + o.interactions()));
    });
    var hourly = CrisisDetector.hourly(in, cutoff);
    Map<String, long[]> c = new TreeMap<>();
    for (var h : hourly) {
      long[] a = c.computeIfAbsent(h.platform(), k -> new long[4]);
      if (h.hoursBefore() < 48) { a[0] += h.scored(); a[1] += h.negative(); } else { a[2] += h.scored(); a[3] += h.negative(); }
    }
    c.forEach((k, a) -> System.out.println("CRISIS " + k + " win n=" + a[0] + " k=" + a[1] + " base n=" + a[2] + " k=" + a[3]));
    System.out.println(SignalsJob.detect(in, wh, spark, cutoff, LocalDate.parse("2026-11-28"), s, Map.of()).size());
  }
}
