package dev.veille.common.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.Tables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing finds every key held twice, among the new rows and with the live rows, whether it
 * compares key hashes first (and whatever those hashes collide on) or every key exactly.
 */
class TableWriterTest extends SparkTestBase {
  private static final Instant T1 = Instant.parse("2026-01-10T06:00:00Z");

  /** One folder per class: each publishAll writes its own warehouse under it. */
  @TempDir
  static Path tmp;

  /** The default writer's outcome, which both tests read: published once per class. */
  private static Outcome hashes;

  private static Row snapshot(String key, long reactions, String file, long record, String platform, String month) {
    return RowFactory.create(key, T1, reactions, null, null, null, null, null, null, null, file, record, null,
        platform, month);
  }

  /** Three runs: keys repeated within the first, two keys of the second already live, the second again. */
  private static List<List<Row>> batches() {
    List<Row> first = new ArrayList<>(List.of(
        snapshot("facebook:1", 1, "a.csv", 1, "facebook", "2026-01"),
        snapshot("facebook:2", 2, "a.csv", 2, "facebook", "2026-01"),
        snapshot("facebook:2", 3, "b.csv", 1, "facebook", "2026-01"),
        snapshot("facebook:3", 4, "a.csv", 3, "facebook", "2026-02"),
        snapshot("instagram:4", 5, "a.csv", 4, "instagram", "2026-02")));
    for (int i = 0; i < 30; i++) {
      first.add(snapshot("facebook:f" + i, 100 + i, "a.csv", 10 + i, "facebook", "2026-03"));
    }
    List<Row> second = List.of(
        snapshot("facebook:3", 40, "c.csv", 1, "facebook", "2026-02"),
        snapshot("facebook:1", 10, "0.csv", 1, "facebook", "2026-01"),
        snapshot("instagram:5", 6, "c.csv", 2, "instagram", "2026-04"));
    return List.of(first, second, second);
  }

  private record Outcome(List<TableWriter.Published> published, List<String> rows) {}

  @AfterAll
  static void forgetHashes() {
    hashes = null;
  }

  private static Outcome hashes() {
    if (hashes == null) {
      hashes = publishAll("hashes", w -> w, false);
    }
    return hashes;
  }

  private static Outcome publishAll(String name, UnaryOperator<TableWriter> variant, boolean publishedByAnotherWriter) {
    Warehouse w = Warehouse.of(spark, tmp.resolve(name).toString());
    List<TableWriter.Published> published = new ArrayList<>();
    int run = 0;
    for (List<Row> batch : batches()) {
      String runId = "test-" + name + "-" + run++;
      TableWriter writer = variant.apply(new TableWriter(spark, w, runId));
      writer.stage(Tables.ENGAGEMENT, spark.createDataFrame(batch, Tables.ENGAGEMENT.schema()));
      TableWriter publisher = publishedByAnotherWriter ? variant.apply(new TableWriter(spark, w, runId)) : writer;
      published.add(publisher.publish(Tables.ENGAGEMENT, TableWriter.lineageOrder()));
      writer.discard();
    }
    List<String> rows = w.read(spark, Tables.ENGAGEMENT).collectAsList().stream().map(Row::toString).sorted().toList();
    return new Outcome(published, rows);
  }

  @Test
  void keysHeldTwiceAreMergedByTheRuleWithinTheNewRowsAndWithTheLiveOnes() {
    Outcome o = hashes();

    assertThat(o.published()).extracting(TableWriter.Published::rowsStaged).containsExactly(35L, 3L, 3L);
    assertThat(o.published()).extracting(TableWriter.Published::duplicatesWithin).containsExactly(1L, 0L, 0L);
    assertThat(o.published()).extracting(TableWriter.Published::keysSeenTwice).containsExactly(1L, 2L, 3L);
    // Live files rewritten by the merge. Run 2: the one that held facebook:1 (its new row wins; the
    // new facebook:3 loses to the live row and is never written); run 3 loses every tie.
    assertThat(o.published()).extracting(TableWriter.Published::filesRewritten).containsExactly(0L, 1L, 0L);
    // Publishing the same rows again commits nothing.
    assertThat(o.published().get(2).version()).isEqualTo(o.published().get(1).version());
    assertThat(o.rows()).hasSize(35);
    assertThat(o.rows()).filteredOn(r -> r.startsWith("[facebook:1,")).singleElement().asString().contains(",10,");
    assertThat(o.rows()).filteredOn(r -> r.startsWith("[facebook:2,")).singleElement().asString().contains(",2,");
    assertThat(o.rows()).filteredOn(r -> r.startsWith("[facebook:3,")).singleElement().asString().contains(",4,");
    assertThat(o.rows()).anySatisfy(r -> assertThat(r).startsWith("[instagram:5,").endsWith(",instagram,2026-04]"));
  }

  @Test
  void collidingHashesTooManyKeysOrAnotherWriterChangeNeitherTheCountsNorTheRows() {
    Outcome exact = publishAll("exact", w -> w.withKeyHashLimit(0), false);
    assertThat(exact.published()).extracting(TableWriter.Published::keysSeenTwice).containsExactly(1L, 2L, 3L);
    assertThat(hashes()).isEqualTo(exact);
    // Every key hashes to 0, then to one of 16 values: many keys share a hash without being equal.
    assertThat(publishAll("all-collide", w -> w.withKeyHashMask(0), false)).isEqualTo(exact);
    assertThat(publishAll("some-collide", w -> w.withKeyHashMask(0xF), false)).isEqualTo(exact);
    // Over the limit while the first run's 35 rows are gathered, not the later runs' 3.
    assertThat(publishAll("over-limit", w -> w.withKeyHashLimit(10), false)).isEqualTo(exact);
    // A writer that did not stage the rows gathers their hashes with a scan of its own.
    assertThat(publishAll("other-writer", w -> w.withKeyHashMask(0x3), true)).isEqualTo(exact);
  }
}
