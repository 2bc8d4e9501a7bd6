package dev.veille.topics;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.SparkTestBase;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Json;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestJob;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code topics assign} (and the nightly's themes stage) looks only at the posts of export files
 * ingested since the current model version last assigned posts ({@code _ledger/themes_files.json}),
 * and at every post again under a new version. End to end (two ingests, two trainings, five
 * assignments: about a minute of Spark jobs), so it runs with the e2e tests in {@code verify}.
 */
@Tag("e2e")
class TopicsAssignNewFilesTest extends SparkTestBase {
  @TempDir
  Path dir;

  private static final Instant AT = Instant.parse("2026-11-29T00:00:00Z");

  /** A generated sample's config (its post exports), its warehouse moved to {@code warehouse}. */
  private static VeilleConfig sample(Path folder, long seed, Path warehouse) throws Exception {
    SampleGenerator.generate(GeneratorSettings.of(seed, 120), folder);
    Path yaml = folder.resolve("veille.yaml");
    // Posts only: themes read no comment, and ingesting them would double the test's time.
    Files.writeString(yaml, Files.readString(yaml).replaceAll("(?m)^warehouse: .*$", "warehouse: " + warehouse)
        .replaceAll("(?m)^ *- path: exports/comments\\.csv\n.*\n", ""));
    return ConfigLoader.load(yaml);
  }

  private void ingest(VeilleConfig config) {
    IngestJob job = new IngestJob(config, false);
    job.validate();
    job.run(spark);
  }

  private TopicsAssignJob.Result assign(VeilleConfig config, boolean all) {
    TopicsAssignJob job = new TopicsAssignJob(config, all, AT);
    job.validate();
    return job.run(spark);
  }

  private void train(VeilleConfig config) {
    TopicsTrainJob job = new TopicsTrainJob(config, TopicsConfig.DEFAULT.withK(3));
    job.validate();
    job.run(spark);
  }

  private long assignedRows(Warehouse wh, String version) {
    return wh.read(spark, Tables.THEMES_ASSIGNED).filter(col("model_version").equalTo(version)).count();
  }

  @Test
  void onlyNewFilesPostsAreReadAndANewVersionReadsThemAll() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    VeilleConfig first = sample(dir.resolve("a"), 1, warehouse);
    VeilleConfig second = sample(dir.resolve("b"), 2, warehouse);
    Warehouse wh = Warehouse.of(spark, warehouse.toString());
    ingest(first);
    train(first);
    TopicsAssignJob.Result all = assign(first, false);
    long posts = wh.read(spark, Tables.POSTS).count();
    assertThat(all.posts()).isEqualTo(posts).isEqualTo(assignedRows(wh, "v0001"));
    JsonNode record = Json.MAPPER.readTree(warehouse.resolve("_ledger/themes_files.json").toFile());
    assertThat(record.path("scope").asText()).isEqualTo("v0001");
    assertThat(record.path("files")).hasSize(new dev.veille.common.warehouse.IngestLedger(wh).entries().size());

    // A post of a file looked at loses its row: the next run does not read that file's posts
    // again, so it stays unassigned until an assignment of every post (--all).
    String dropped = wh.read(spark, Tables.THEMES_ASSIGNED).orderBy("post_key").first().getAs("post_key");
    spark.sql("DELETE FROM delta.`" + warehouse.resolve("themes_assigned").toUri() + "` WHERE post_key = '"
        + dropped + "'");

    // New exports: their posts, and only theirs, are assigned.
    ingest(second);
    long more = wh.read(spark, Tables.POSTS).count();
    assertThat(more).isGreaterThan(posts);
    TopicsAssignJob.Result next = assign(second, false);
    assertThat(next.posts()).isEqualTo(more - 1).isEqualTo(assignedRows(wh, "v0001"));
    assertThat(wh.read(spark, Tables.THEMES_ASSIGNED).filter(col("post_key").equalTo(dropped)).count()).isZero();
    // Nothing ingested since: nothing read, nothing written.
    assertThat(assign(second, false).posts()).isEqualTo(more - 1);
    assertThat(assign(second, true).posts()).isEqualTo(more);

    // A new version has looked at nothing yet: every post is assigned under it, even those the
    // version before assigned at the same instant (a retrain in the night that assigned them).
    train(second);
    String current = new ModelStore(wh).current().orElseThrow();
    assertThat(current).isEqualTo("v0002");
    assertThat(assign(second, false).posts()).isEqualTo(more).isEqualTo(assignedRows(wh, current));
    assertThat(Json.MAPPER.readTree(warehouse.resolve("_ledger/themes_files.json").toFile()).path("scope").asText())
        .isEqualTo("v0002");
  }
}
