package dev.veille.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The near-duplicate search started from a night's texts finds exactly the waves of the search over
 * every text that hold one of them, including the texts reached only through another near copy.
 */
class SpamWavesTest extends SparkTestBase {
  static final SpamWaves.Rules RULES = new SpamWaves.Rules(5, 5, 5, 0.3);
  static final String BASE = "i made five hundred dollars a day working from home and it changed my whole life so"
      + " please look at my profile and send me a message if you want to know how it works for real";
  /**
   * A chain of near copies: LAST is BASE with its last four words changed (Jaccard distance 0.21 on
   * word 3-grams), FIRST is LAST with its first four changed (0.21 from LAST, 0.37 from BASE: not a
   * pair with BASE, in BASE's wave only through LAST).
   */
  static final String LAST = BASE.replace("it works for real", "right now my friend");
  static final String FIRST = "listen to me everyone" + LAST.substring("i made five hundred".length());
  static final String OTHER = "follow this account for the best deals on shoes and bags every single day of the week";
  static final String ALONE = "do you ship your candles to belgium and how long does the delivery take";
  static Dataset<Row> comments;
  /** Every wave (the search over every text), found once for the class. */
  static Map<String, CommentModerator.Wave> all;

  @BeforeAll
  static void frame() {
    StructType schema = new StructType().add("post_key", DataTypes.StringType)
        .add("author_pseudonym", DataTypes.StringType).add("norm", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    int post = 0;
    for (int i = 0; i < 3; i++) {
      rows.add(RowFactory.create("p" + post++, "u" + post, BASE));
    }
    for (int i = 0; i < 2; i++) {
      rows.add(RowFactory.create("p" + post++, "u" + post, LAST));
    }
    rows.add(RowFactory.create("p" + post++, "u" + post, FIRST));
    for (int i = 0; i < 10; i++) {
      rows.add(RowFactory.create("p" + post++, "u" + post, OTHER));
    }
    rows.add(RowFactory.create("p" + post++, "u" + post, ALONE));
    rows.add(RowFactory.create("p" + post, "u" + post, null));
    comments = spark.createDataFrame(rows, schema);
    all = SpamWaves.find(comments, RULES);
  }

  @Test
  void everyWaveWithoutSeeds() {
    assertThat(all).containsOnlyKeys(BASE, LAST, FIRST, OTHER);
    assertThat(all.get(FIRST)).isEqualTo(new CommentModerator.Wave(6, 6, 6));
    assertThat(all.get(BASE)).isEqualTo(all.get(FIRST));
    assertThat(all.get(OTHER)).isEqualTo(new CommentModerator.Wave(10, 10, 10));
  }

  @Test
  void fromTonightsTextsTheSameWavesThatHoldThem() {
    // FIRST reaches BASE only through LAST: the search follows pairs outward.
    Map<String, CommentModerator.Wave> seeded = SpamWaves.find(comments, RULES, Set.of(FIRST));
    assertThat(seeded).containsOnlyKeys(BASE, LAST, FIRST);
    seeded.forEach((text, wave) -> assertThat(wave).as(text).isEqualTo(all.get(text)));
    // A text in no wave brings none: only OTHER's.
    assertThat(SpamWaves.find(comments, RULES, Set.of(OTHER, ALONE))).isEqualTo(Map.of(OTHER, all.get(OTHER)));
    assertThat(SpamWaves.find(comments, RULES, Set.of())).isEmpty();
  }

  /**
   * Two seeds at the two ends of a chain of near copies (FIRST - LAST - BASE - MIDDLE) reach the two
   * middle texts in their second round, each from its own side: the pair between those two, both
   * reached already but from different seeds, still joins the halves into one wave. Neither half
   * alone (3 and 4 comments) is a wave.
   */
  @Test
  void aPairBetweenTextsReachedFromTwoSeedsJoinsTheirHalves() {
    String middle = BASE.replace("changed my whole", "turned my entire");
    StructType schema = new StructType().add("post_key", DataTypes.StringType)
        .add("author_pseudonym", DataTypes.StringType).add("norm", DataTypes.StringType);
    List<Row> rows = new ArrayList<>();
    int post = 0;
    for (String text : List.of(FIRST, LAST, LAST, BASE, BASE, BASE, middle)) {
      rows.add(RowFactory.create("p" + post, "u" + post, text));
      post++;
    }
    Dataset<Row> chain = spark.createDataFrame(rows, schema);
    Map<String, CommentModerator.Wave> every = SpamWaves.find(chain, RULES);
    CommentModerator.Wave one = new CommentModerator.Wave(7, 7, 7);
    assertThat(every).containsOnlyKeys(FIRST, LAST, BASE, middle).allSatisfy((text, wave) ->
        assertThat(wave).as(text).isEqualTo(one));
    // MIDDLE is a copy of BASE alone: not of LAST, so the halves meet only at LAST - BASE.
    assertThat(SpamWaves.jaccardDistance(ids(middle), ids(BASE))).isLessThan(RULES.maxDistance());
    assertThat(SpamWaves.jaccardDistance(ids(middle), ids(LAST))).isGreaterThanOrEqualTo(RULES.maxDistance());
    assertThat(SpamWaves.jaccardDistance(ids(FIRST), ids(BASE))).isGreaterThanOrEqualTo(RULES.maxDistance());
    assertThat(SpamWaves.find(chain, RULES, Set.of(FIRST, middle))).isEqualTo(every);
  }

  private static int[] ids(String norm) {
    return SpamWaves.shingles(norm).toSparse().indices();
  }

  /**
   * The cheaper join gives MLlib's approxSimilarityJoin pairs exactly: the same buckets, the same
   * distance and the same strict threshold, on a few hundred texts with near copies at every distance.
   */
  @Test
  void nearPairsAreTheApproxSimilarityJoinsPairs() {
    java.util.Random random = new java.util.Random(5);
    String[] words = ("the a to of and in my your this that is for it with on at great love shop candle order"
        + " delivery price gift home free win click link now best deal today follow account week day").split(" ");
    List<Row> rows = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int base = 0; base < 12; base++) {
      String[] text = new String[30 + random.nextInt(10)];
      for (int i = 0; i < text.length; i++) {
        text[i] = words[random.nextInt(words.length)];
      }
      for (int copy = 0; copy < 25; copy++) {
        String[] c = text.clone();
        for (int k = random.nextInt(4); k > 0; k--) {
          c[random.nextInt(c.length)] = words[random.nextInt(words.length)];
        }
        String norm = String.join(" ", c);
        if (seen.add(norm)) {
          rows.add(RowFactory.create(norm));
        }
      }
    }
    Dataset<Row> texts = spark.createDataFrame(rows, new StructType().add("norm", DataTypes.StringType));
    Dataset<Row> vectors = SpamWaves.vectors(texts).cache();
    org.apache.spark.ml.feature.MinHashLSHModel lsh = SpamWaves.model(vectors);
    Set<List<String>> mllib = new java.util.HashSet<>();
    for (Row r : lsh.approxSimilarityJoin(vectors, vectors, 0.3, "distance")
        .select(org.apache.spark.sql.functions.col("datasetA.norm"), org.apache.spark.sql.functions.col("datasetB.norm"))
        .collectAsList()) {
      mllib.add(List.of(r.getString(0), r.getString(1)));
    }
    Dataset<Row> hashed = SpamWaves.hashed(lsh, vectors);
    Set<List<String>> ours = new java.util.HashSet<>();
    for (Row r : SpamWaves.nearPairs(hashed, hashed, 0.3).collectAsList()) {
      ours.add(List.of(r.getString(0), r.getString(1)));
    }
    long distinctPairs = mllib.stream().filter(p -> !p.get(0).equals(p.get(1))).count();
    assertThat(distinctPairs).as("near copies at distances below 0.3").isGreaterThan(100);
    assertThat(ours).isEqualTo(mllib);
    vectors.unpersist();
  }

  @Test
  void jaccardDistanceOfSortedIndices() {
    assertThat(SpamWaves.jaccardDistance(new int[] {1, 3, 5, 7}, new int[] {3, 5, 7, 9})).isEqualTo(1 - 3.0 / 5);
    assertThat(SpamWaves.jaccardDistance(new int[] {2}, new int[] {2})).isZero();
    assertThat(SpamWaves.jaccardDistance(new int[] {1, 2}, new int[] {3, 4})).isEqualTo(1.0);
    assertThat(SpamWaves.jaccardDistance(new int[] {}, new int[] {3})).isEqualTo(1.0);
  }
}
