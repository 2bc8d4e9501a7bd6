package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentimentJobTest extends SparkTestBase {
  @TempDir
  Path dir;

  private static Row post(String key, String text) {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    return RowFactory.create(key, "1001", "Maison Lune", key.substring(key.indexOf(':') + 1), t, "Europe/Paris",
        "text", text, List.of(), List.of(), null, null, null, null, t,
        null, null, null, null, null, null, null, null, "file:/x.csv", 1L, null, "facebook", "2026-03");
  }

  private static Row post(String key, String text, String sourceFile, Instant observed) {
    Instant t = Instant.parse("2026-03-01T10:00:00Z");
    return RowFactory.create(key, "1001", "Maison Lune", key.substring(key.indexOf(':') + 1), t, "Europe/Paris",
        "text", text, List.of(), List.of(), null, null, null, null, observed,
        null, null, null, null, null, null, null, null, sourceFile, 1L, null, "facebook", "2026-03");
  }

  /** What an ingest of {@code path} leaves in the ingest ledger. */
  private static void ledger(Warehouse w, String path, String runId) {
    new dev.veille.common.warehouse.IngestLedger(w).record(List.of(new dev.veille.common.warehouse.InputFile(path, 100,
        Instant.EPOCH, "sha-" + path, Instant.EPOCH)), runId, Map.of(path, "preset:meta-business-suite"));
  }

  /** As ingest merges: the latest observation of a post wins. */
  private void writeNewer(Warehouse w, Row... rows) {
    new TableWriter(spark, w, "test-" + System.nanoTime())
        .write(Tables.POSTS, spark.createDataFrame(List.of(rows), Tables.POSTS.schema()),
            List.of(org.apache.spark.sql.functions.col("observed_at").desc()));
  }

  private void writePosts(Warehouse w, Row... rows) {
    new TableWriter(spark, w, "test-" + System.nanoTime())
        .write(Tables.POSTS, spark.createDataFrame(List.of(rows), Tables.POSTS.schema()),
            TableWriter.lineageOrder());
  }

  @Test
  void scoresNewTextsOnceAndRerunsChangeNothing() {
    VeilleConfig config = new VeilleConfig(dir.resolve("wh").toString(), null, List.of(), ZoneId.of("UTC"), 0.05,
        List.of());
    Warehouse w = Warehouse.of(spark, config.warehouse());
    writePosts(w,
        post("facebook:1", "I love the new linen collection! \uD83D\uDE0D"),
        post("facebook:2", "Worst delivery ever. Still waiting, nobody answers :("),
        post("facebook:3", "Nouvelle collection en boutique, venez la découvrir !"),
        // Same text once normalised (the handle goes): scored once, linked twice.
        post("facebook:4", "I love the new linen collection! \uD83D\uDE0D @someone"));
    SentimentJob job = new SentimentJob(config, SentimentSettings.DEFAULTS);
    job.validate();
    SentimentResult first = job.run(spark);
    assertThat(first.texts()).isEqualTo(3);
    assertThat(first.scored()).isEqualTo(3);
    assertThat(first.links_written()).isEqualTo(4);
    assertThat(first.coverage().get("fr").with_sentiment()).isEqualTo(1);
    assertThat(first.reasons()).isEmpty();
    // A night's few scored texts are one file, not one per shuffle partition.
    assertThat(w.read(spark, Tables.SENTIMENT).inputFiles()).hasSize(1);

    Map<String, Row> byPost = w.read(spark, Tables.SENTIMENT_LINKS)
        .join(w.read(spark, Tables.SENTIMENT), "text_hash").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("item_key"), r -> r));
    assertThat(byPost).hasSize(4);
    assertThat((String) byPost.get("facebook:1").getAs("label")).isEqualTo("positive");
    assertThat((String) byPost.get("facebook:2").getAs("label")).isEqualTo("negative");
    assertThat((String) byPost.get("facebook:3").getAs("label")).isNotNull();
    assertThat((String) byPost.get("facebook:3").getAs("reason")).isNull();
    assertThat((String) byPost.get("facebook:3").getAs("model_version")).startsWith("fr-lexical/cal-");
    assertThat((Object) byPost.get("facebook:3").getAs("p_very_negative")).isNull();
    assertThat((String) byPost.get("facebook:1").getAs("model_version")).startsWith("corenlp-4.5.10/");
    assertThat((String) byPost.get("facebook:4").getAs("text_hash"))
        .isEqualTo(byPost.get("facebook:1").getAs("text_hash"));
    List<Row> before = sorted(w);

    SentimentResult again = job.run(spark);
    assertThat(again.scored()).isZero();
    assertThat(again.links_written()).isZero();
    assertThat(sorted(w)).isEqualTo(before);

    // A new post: only its text is scored.
    writePosts(w, post("facebook:5", "Thank you for the quick reply, great service"));
    SentimentResult third = job.run(spark);
    assertThat(third.already_scored()).isEqualTo(3);
    assertThat(third.scored()).isEqualTo(1);
    assertThat(w.read(spark, Tables.SENTIMENT).count()).isEqualTo(4);
    assertThat(w.read(spark, Tables.SENTIMENT).inputFiles()).hasSize(2);
  }

  @Test
  void nightlyRunsLookOnlyAtTheRowsOfFilesIngestedSinceTheLastRun() {
    VeilleConfig config = new VeilleConfig(dir.resolve("wh2").toString(), null, List.of(), ZoneId.of("UTC"), 0.05,
        List.of());
    Warehouse w = Warehouse.of(spark, config.warehouse());
    Instant night1 = Instant.parse("2026-03-02T00:00:00Z");
    writePosts(w, post("facebook:1", "I love the new linen collection!", "file:/a.csv", night1),
        post("facebook:2", "Worst delivery ever, still waiting", "file:/a.csv", night1));
    ledger(w, "file:/a.csv", "ingest-1");
    SentimentJob nightly = new SentimentJob(config, SentimentSettings.DEFAULTS, night1, true);
    // No record of earlier runs: every text is looked at once.
    SentimentResult first = nightly.run(spark);
    assertThat(first.texts()).isEqualTo(2);
    assertThat(first.scored()).isEqualTo(2);

    // A rerun (e.g. after a crash before the stage reported back) finds nothing new to look at.
    SentimentResult rerun = nightly.run(spark);
    assertThat(rerun.texts()).isZero();
    assertThat(rerun.links_written()).isZero();

    // The next night's export brings a new post and an edit of post 1. A row whose file is not in
    // the ledger was not written by an ingest since the last run, and is not looked at.
    Instant night2 = Instant.parse("2026-03-03T00:00:00Z");
    writeNewer(w, post("facebook:1", "Edited: the linen collection is back in stock", "file:/b.csv", night2),
        post("facebook:3", "Thank you for the quick reply", "file:/b.csv", night2),
        post("facebook:9", "Never looked at by a nightly run", "file:/elsewhere.csv", night2));
    ledger(w, "file:/b.csv", "ingest-2");
    SentimentResult second = new SentimentJob(config, SentimentSettings.DEFAULTS, night2, true).run(spark);
    assertThat(second.texts()).isEqualTo(2);
    assertThat(second.scored()).isEqualTo(2);
    assertThat(second.links_written()).isEqualTo(2);
    Map<String, String> hashOf = w.read(spark, Tables.SENTIMENT_LINKS).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("item_key"), r -> r.getAs("text_hash")));
    assertThat(hashOf).containsOnlyKeys("facebook:1", "facebook:2", "facebook:3");
    assertThat(hashOf.get("facebook:1")).isEqualTo(SentimentScorer.hash(
        dev.veille.text.SocialText.normalise("Edited: the linen collection is back in stock")));

    // The full scan (veille sentiment) still looks at every text.
    SentimentResult full = new SentimentJob(config, SentimentSettings.DEFAULTS).run(spark);
    assertThat(full.texts()).isEqualTo(4);
    assertThat(full.scored()).isEqualTo(1);
  }

  @Test
  void textsStoredAsUnsupportedFrenchAreScoredOnTheNextRun() {
    VeilleConfig config = new VeilleConfig(dir.resolve("wh3").toString(), null, List.of(), ZoneId.of("UTC"), 0.05,
        List.of());
    Warehouse w = Warehouse.of(spark, config.warehouse());
    String french = "Je n'ai jamais reçu ma commande, c'est vraiment nul";
    String german = "Danke, das ist sehr gut und schnell geliefert";
    writePosts(w, post("facebook:1", french), post("facebook:2", german));
    // What a release without French left in the table: null sentiments, reason unsupported_language.
    Instant before = Instant.parse("2026-02-10T00:00:00Z");
    List<Row> old = new ArrayList<>();
    for (String[] t : new String[][] {{french, "fr"}, {german, "de"}}) {
      old.add(RowFactory.create(SentimentScorer.hash(dev.veille.text.SocialText.normalise(t[0])),
          null, null, null, null, null, null, null, null, null, null, 0, false, t[1],
          "unsupported_language:" + t[1], "corenlp-4.5.10/sr/cal-00000000", before, "2026-02"));
    }
    new TableWriter(spark, w, "test-old").write(Tables.SENTIMENT,
        spark.createDataFrame(old, Tables.SENTIMENT.schema()), List.of(org.apache.spark.sql.functions.col("scored_at").desc()));

    SentimentResult r = new SentimentJob(config, SentimentSettings.DEFAULTS, Instant.parse("2026-03-05T00:00:00Z"),
        false).run(spark);
    assertThat(r.texts()).isEqualTo(2);
    // The French text is scored again; the German one, still unsupported, is left as it was.
    assertThat(r.scored()).isEqualTo(1);
    assertThat(r.already_scored()).isEqualTo(1);
    Map<String, Row> byLanguage = w.read(spark, Tables.SENTIMENT).collectAsList().stream()
        .collect(Collectors.toMap(row -> row.getAs("language"), row -> row));
    assertThat(byLanguage).hasSize(2);
    assertThat((String) byLanguage.get("fr").getAs("label")).isEqualTo("negative");
    assertThat((String) byLanguage.get("fr").getAs("model_version")).startsWith("fr-lexical/");
    assertThat((String) byLanguage.get("de").getAs("reason")).isEqualTo("unsupported_language:de");
    assertThat((Instant) byLanguage.get("de").getAs("scored_at")).isEqualTo(before);
    // The new row replaced the old one in its partition (scored_month: first looked at).
    assertThat((String) byLanguage.get("fr").getAs("scored_month")).isEqualTo("2026-02");
    assertThat((Instant) byLanguage.get("fr").getAs("scored_at")).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));

    // Once scored, a rerun changes nothing.
    List<Row> scored = sorted(w);
    assertThat(new SentimentJob(config, SentimentSettings.DEFAULTS, Instant.parse("2026-03-05T00:00:00Z"), false)
        .run(spark).scored()).isZero();
    assertThat(sorted(w)).isEqualTo(scored);
  }

  private List<Row> sorted(Warehouse w) {
    return new ArrayList<>(w.read(spark, Tables.SENTIMENT).orderBy("text_hash").collectAsList());
  }

  /** The prior correction as the job applies it: a column transform on the scored rows, per model version. */
  @Test
  void priorCorrectionReweightsOnlyTheCorrectedModelsRows() {
    Instant t = Instant.parse("2026-03-05T00:00:00Z");
    List<Row> rows = new ArrayList<>();
    rows.add(RowFactory.create("h1", null, null, null, null, null, 0.5, 0.3, 0.2, 0.3, "negative", 1, false, "en",
        null, "en-model", t, "2026-03"));
    rows.add(RowFactory.create("h2", null, null, null, null, null, 0.2, 0.3, 0.5, 0.3, "positive", 1, false, "fr",
        null, "fr-model", t, "2026-03"));
    rows.add(RowFactory.create("h3", null, null, null, null, null, null, null, null, null, null, 0, false, "de",
        "unsupported_language:de", "en-model", t, "2026-03"));
    var scored = spark.createDataFrame(rows, Tables.SENTIMENT.schema());
    // A neutral-heavy feed for en-model (neutral weighted 2, negative 0.5); too few texts for fr-model.
    Map<String, PriorShift.Estimate> estimates = Map.of(
        "en-model", new PriorShift.Estimate(500, true, new double[] {1 / 6.0, 2 / 3.0, 1 / 6.0},
            new double[] {0.5, 2, 0.5}, 12, true),
        "fr-model", new PriorShift.Estimate(3, false, PriorShift.TRAINING_PRIORS, new double[] {1, 1, 1}, 0, true));
    Map<String, Row> out = PriorShift.apply(scored, estimates).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getString(0), r -> r));
    assertThat(PriorShift.apply(scored, estimates).schema()).isEqualTo(scored.schema());
    Row en = out.get("h1");
    // 0.5*0.5, 0.3*2, 0.2*0.5 = 0.25, 0.6, 0.1, over 0.95.
    assertThat(en.getDouble(6)).isCloseTo(0.25 / 0.95, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(en.getDouble(7)).isCloseTo(0.6 / 0.95, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(en.getString(10)).isEqualTo("neutral");
    assertThat(en.getDouble(9)).isCloseTo((0.1 - 0.25) / 0.95, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(en.getString(15)).isEqualTo("en-model" + PriorShift.SUFFIX);
    for (String h : List.of("h2", "h3")) {
      Row before = rows.get(h.equals("h2") ? 1 : 2);
      for (int c : new int[] {6, 7, 8, 9, 10, 14, 15}) {
        assertThat(out.get(h).get(c)).as(h + " column " + c).isEqualTo(before.get(c));
      }
    }
  }
}
