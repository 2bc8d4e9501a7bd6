package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.TableWriter;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.Warehouse;
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
    assertThat(first.coverage().get("fr").with_sentiment()).isZero();
    assertThat(first.reasons()).containsEntry("unsupported_language:fr", 1L);

    Map<String, Row> byPost = w.read(spark, SentimentTables.LINKS)
        .join(w.read(spark, SentimentTables.SENTIMENT), "text_hash").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("item_key"), r -> r));
    assertThat(byPost).hasSize(4);
    assertThat((String) byPost.get("facebook:1").getAs("label")).isEqualTo("positive");
    assertThat((String) byPost.get("facebook:2").getAs("label")).isEqualTo("negative");
    assertThat((String) byPost.get("facebook:3").getAs("label")).isNull();
    assertThat((String) byPost.get("facebook:3").getAs("reason")).isEqualTo("unsupported_language:fr");
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
    assertThat(w.read(spark, SentimentTables.SENTIMENT).count()).isEqualTo(4);
  }

  private List<Row> sorted(Warehouse w) {
    return new ArrayList<>(w.read(spark, SentimentTables.SENTIMENT).orderBy("text_hash").collectAsList());
  }
}
