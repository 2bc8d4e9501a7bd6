package dev.veille.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.text.TopicTokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsPipelineTest extends SparkTestBase {
  @TempDir
  Path dir;

  private static final String[][] THEMES = {
      {"linen", "cushion", "vase", "ceramic", "candle", "rug", "lamp", "oak"},
      {"sale", "discount", "code", "voucher", "offer", "coupon", "deal", "giveaway"},
      {"delivery", "parcel", "refund", "tracking", "carrier", "order", "return", "invoice"}};
  private static final String[] TAGS = {"#HomeDecor", "#Sale", "#CustomerCare"};
  private static final StructType SCHEMA = new StructType()
      .add("post_key", DataTypes.StringType).add("text", DataTypes.StringType)
      .add("hashtags", DataTypes.createArrayType(DataTypes.StringType)).add("published_month", DataTypes.StringType)
      .add("label", DataTypes.IntegerType);

  private Dataset<Row> corpus() {
    Random r = new Random(1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 90; i++) {
      int t = i % 3;
      String[] w = THEMES[t];
      String text = "Our " + w[r.nextInt(8)] + " and the " + w[r.nextInt(8)] + " with a " + w[r.nextInt(8)]
          + " for you " + (i % 2 == 0 ? TAGS[t] : "");
      rows.add(RowFactory.create("x:" + i, text, null, "2026-03", t));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private TopicsConfig config(int k, long seed) {
    return TopicsConfig.DEFAULT.withK(k).withSeed(seed).withMinDf(2);
  }

  @Test
  void labelsSizesRepresentativesSaveLoadRetrainAndEmptyPosts() {
    Dataset<Row> posts = corpus().cache();
    Warehouse wh = Warehouse.of(spark, dir.resolve("wh").toString());
    TopicsTrainJob.Result first = TopicsTrainJob.train(spark, wh, posts, config(3, 42), null, null);
    assertThat(first.model_version()).isEqualTo("v0001");
    assertThat(first.themes_new()).isEqualTo(3);

    ModelStore store = new ModelStore(wh);
    List<ThemeIdentity.Theme> catalogue = store.catalogue("v0001");
    assertThat(catalogue).hasSize(3).allSatisfy(t -> {
      assertThat(t.size()).isEqualTo(30);
      assertThat(t.representative_post_keys()).hasSize(3);
      int theme = -1;
      for (int i = 0; i < 3; i++) {
        if (List.of(THEMES[i]).contains(t.top_terms().get(0))) {
          theme = i;
        }
      }
      assertThat(theme).as("top term %s of %s", t.top_terms(), t.theme_id()).isNotNegative();
      // Distinctive terms: the theme's words, and the words of its segmented hashtag.
      List<String> vocabulary = new ArrayList<>(List.of(THEMES[theme]));
      vocabulary.addAll(List.of("home", "decor", "customer", "care"));
      assertThat(vocabulary).containsAll(t.top_terms().subList(0, 5));
      assertThat(t.hashtags()).first().isEqualTo(TAGS[theme].toLowerCase());
      assertThat(t.label()).contains(t.top_terms().get(0)).contains(TAGS[theme].toLowerCase());
    });
    assertThat(store.card("v0001").path("vocabulary_size").asInt()).isGreaterThan(20);
    assertThat(store.card("v0001").path("k").asInt()).isEqualTo(3);

    // Round trip: the saved model, loaded back, assigns every post the theme of its label.
    Map<Integer, String> idOfLabel = new HashMap<>();
    for (Row r : TopicsAssignJob.assign(spark, store, "v0001", posts).join(posts.select("post_key", "label"), "post_key")
        .collectAsList()) {
      String id = r.getAs("theme_id");
      assertThat(id).isNotNull();
      assertThat((double) r.getAs("confidence")).isBetween(0.0, 1.0);
      String previous = idOfLabel.putIfAbsent(r.getAs("label"), id);
      assertThat(previous == null || previous.equals(id)).isTrue();
    }
    assertThat(Set.copyOf(idOfLabel.values())).hasSize(3);

    // Retraining with another seed keeps every theme's id.
    TopicsTrainJob.Result second = TopicsTrainJob.train(spark, wh, posts, config(3, 7), null, null);
    assertThat(second.model_version()).isEqualTo("v0002");
    assertThat(second.themes_kept()).isEqualTo(3);
    for (Row r : TopicsAssignJob.assign(spark, store, "v0002", posts).join(posts.select("post_key", "label"), "post_key")
        .collectAsList()) {
      assertThat((String) r.getAs("theme_id")).isEqualTo(idOfLabel.get((Integer) r.getAs("label")));
    }
    assertThat(store.current()).contains("v0002");
    assertThat(wh.read(spark, dev.veille.common.Tables.THEMES).count()).isEqualTo(3);

    // Posts without usable text get no theme and confidence 0 rather than a forced theme.
    List<Row> odd = List.of(RowFactory.create("x:e1", null, null, "2026-03", 0),
        RowFactory.create("x:e2", "", List.of(), "2026-03", 0),
        RowFactory.create("x:e3", "🎉🎉 the and of !!!", null, "2026-03", 0),
        RowFactory.create("x:e4", "zzzunknownword", null, "2026-03", 0));
    List<Row> assigned = TopicsAssignJob.assign(spark, store, "v0002", spark.createDataFrame(odd, SCHEMA))
        .collectAsList();
    assertThat(assigned).hasSize(4).allSatisfy(r -> {
      assertThat((String) r.getAs("theme_id")).isNull();
      assertThat((double) r.getAs("confidence")).isZero();
    });
  }

  /** The same three themes as {@link #THEMES}, as a French brand writes them (some in the plural). */
  private static final String[][] FR_THEMES = {
      {"lin", "coussin", "vase", "céramique", "bougie", "tapis", "lampe", "chêne"},
      {"soldes", "remise", "code", "bon-plan", "offre", "coupon", "concours", "cadeaux"},
      {"livraison", "colis", "remboursement", "suivi", "transporteur", "commande", "retour", "facture"}};

  /**
   * Posts of the three themes in English and in French, without hashtags: only the words can tell
   * that "linen cushion" and "coussin en lin" are one theme.
   */
  private Dataset<Row> bilingualCorpus() {
    Random r = new Random(3);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int t = i % 3;
      String text;
      if ((i / 3) % 2 == 0) {
        String[] w = THEMES[t];
        text = "Our " + w[r.nextInt(8)] + " and the " + w[r.nextInt(8)] + " with a " + w[r.nextInt(8)] + " for you";
      } else {
        String[] w = FR_THEMES[t];
        text = "Notre " + w[r.nextInt(8)] + " et les " + w[r.nextInt(8)] + (r.nextBoolean() ? "s" : "") + " avec un "
            + w[r.nextInt(8)] + " pour vous, c'est déjà là !";
      }
      rows.add(RowFactory.create("x:" + i, text, null, "2026-03", t));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  @Test
  void englishAndFrenchPostsOfOneThemeShareItAndLabelsShowWordsNotStopWords() {
    Dataset<Row> posts = bilingualCorpus().cache();
    Warehouse wh = Warehouse.of(spark, dir.resolve("wh-bilingual").toString());
    TopicsConfig c = config(3, 42).withTerms(TopicTokenizer.Terms.BILINGUAL);
    TopicsTrainJob.train(spark, wh, posts, c, null, null);
    ModelStore store = new ModelStore(wh);
    assertThat(store.card("v0001").path("tokenizer").path("terms").asText()).isEqualTo("bilingual");
    assertThat(store.card("v0001").path("tokenizer").path("lexicon").asText()).isEqualTo("fr-en");
    // The card carries the settings it was trained with where TopicsTrainJob.settings puts them.
    assertThat(store.card("v0001").path("tokenizer")).isEqualTo(TopicsTrainJob.settings(c).path("tokenizer"));
    assertThat(store.card("v0001").path("tokenizer").path("lexicon_sha256").asText()).hasSize(64);
    Map<Integer, Set<String>> idsOfLabel = new HashMap<>();
    for (Row r : TopicsAssignJob.assign(spark, store, "v0001", posts).join(posts.select("post_key", "label"), "post_key")
        .collectAsList()) {
      idsOfLabel.computeIfAbsent(r.getAs("label"), l -> new java.util.HashSet<>()).add(r.getAs("theme_id"));
    }
    // Each planted theme is one theme id for its English and its French posts, and they differ.
    assertThat(idsOfLabel.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    assertThat(idsOfLabel.values().stream().flatMap(Set::stream).distinct().count()).isEqualTo(3);
    java.util.Set<String> stopWords = TopicTokenizer.defaultStopWords();
    for (ThemeIdentity.Theme t : store.catalogue("v0001")) {
      assertThat(t.top_terms()).hasSizeGreaterThanOrEqualTo(5).noneMatch(stopWords::contains);
    }

    // A French brand's themes read in French: described on its own posts, the themes show the
    // words those posts use (the tokens are the English keys).
    Dataset<Row> french = posts.filter("text LIKE 'Notre %'");
    List<ThemeLabeller.ThemeStats> frenchThemes = ThemeLabeller.describe(
        TopicModeler.assign(store.load(spark, "v0001"), c.tokenizer(), french), c.tokenizer());
    List<String> frenchWords = new ArrayList<>();
    for (String[] w : FR_THEMES) {
      for (String word : w) {
        frenchWords.add(word);
        frenchWords.add(word + "s");
      }
    }
    assertThat(frenchThemes).hasSize(3);
    assertThat(frenchThemes.stream().flatMap(t -> t.distribution().keySet().stream()))
        .contains("cushion", "linen", "deliveri").doesNotContain("coussin", "lin", "livraison");
    for (ThemeLabeller.ThemeStats t : frenchThemes) {
      assertThat(frenchWords).as("%s", t.terms()).containsAll(t.terms().subList(0, 5));
      assertThat(t.label().split(" · ")).hasSize(3).allSatisfy(w -> assertThat(frenchWords).contains(w));
    }
  }
}
