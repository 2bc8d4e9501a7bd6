package dev.veille.reports;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.analytics.ReportSettings;
import dev.veille.common.ConfigLoader;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.TableWriter;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.ingest.IngestJob;
import dev.veille.samples.GeneratorSettings;
import dev.veille.samples.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * post_facts kept up to date from the sources' changes gives the rows a rebuild gives: after
 * new exports (new posts, engagement, comments), new and changed sentiment scores, re-linked
 * texts and reassigned themes. The tests run in order on one warehouse, as nights do. Which
 * commits and files a refresh reads is tested without Spark in {@link PostFactsLogTest}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostFactsTest extends SparkTestBase {
  @TempDir
  static Path dir;
  static VeilleConfig config;
  static Warehouse wh;

  @BeforeAll
  static void history() throws Exception {
    SampleGenerator.generate(new GeneratorSettings(3, 200, LocalDate.of(2026, 11, 28), 1),
        dir.resolve("landing/history"));
    String yaml = Files.readString(dir.resolve("landing/history/veille.yaml"))
        .replaceAll("(?m)^warehouse: .*$", "warehouse: warehouse")
        .replaceAll("path: exports/([a-z_]+)\\.(csv|jsonl)", "path: landing/*/exports/$1*.$2");
    try (var walk = Files.walk(dir.resolve("landing/history/mappings"))) {
      for (Path p : walk.toList()) {
        Path to = dir.resolve("mappings").resolve(dir.resolve("landing/history/mappings").relativize(p));
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Files.writeString(dir.resolve("veille.yaml"), yaml);
    config = ConfigLoader.load(dir.resolve("veille.yaml"));
    ingest();
    wh = Warehouse.of(spark, config.warehouse());
    scoreAndAssign("night-0", Instant.parse("2026-11-29T00:00:00Z"));
  }

  private static void ingest() {
    IngestJob ingest = new IngestJob(config, false);
    ingest.validate();
    ingest.run(spark);
  }

  /**
   * Sentiment rows (a score from the text's hash, a label for some, two languages) for every text
   * not scored yet, their links, and a theme for every post not assigned yet: what the sentiment
   * and themes stages would add, without their models.
   */
  private static void scoreAndAssign(String run, Instant at) {
    Dataset<Row> texts = wh.read(spark, Tables.POSTS)
        .select(col("post_key").as("item_key"), lit("posts").as("source"), col("text"))
        .unionByName(wh.read(spark, Tables.COMMENTS)
            .select(col("comment_key").as("item_key"), lit("comments").as("source"), col("text")))
        .filter(col("text").isNotNull())
        .withColumn("text_hash", sha2(col("text"), 256));
    Column bucket = pmod(abs(hash(col("text_hash"))), lit(200));
    Dataset<Row> scores = texts.select("text_hash").distinct()
        .join(wh.read(spark, Tables.SENTIMENT).select(col("text_hash").as("_old")),
            col("text_hash").equalTo(col("_old")), "left_anti");
    TableWriter writer = new TableWriter(spark, wh, run);
    writer.write(Tables.SENTIMENT, sentimentRows(scores, bucket.divide(100.0).minus(1.0), at), List.of(col("scored_at").desc()));
    writer.write(Tables.SENTIMENT_LINKS, texts.select(col("item_key"), col("source"), col("text_hash"),
        lit(at).as("linked_at")), List.of(col("linked_at").desc()));
    Dataset<Row> unassigned = wh.read(spark, Tables.POSTS).join(wh.read(spark, Tables.THEMES_ASSIGNED)
        .select(col("post_key").as("_a")), col("post_key").equalTo(col("_a")), "left_anti");
    writer.write(Tables.THEMES_ASSIGNED, assignments(unassigned, "v1", at), List.of(col("assigned_at").desc()));
    writer.discard();
  }

  private static Dataset<Row> sentimentRows(Dataset<Row> hashes, Column score, Instant at) {
    Column bucket = pmod(abs(hash(col("text_hash"))), lit(200));
    Dataset<Row> s = hashes.select(col("text_hash"));
    for (String p : List.of("p_very_negative", "p_negative", "p_neutral", "p_positive", "p_very_positive",
        "cal_negative", "cal_neutral", "cal_positive")) {
      s = s.withColumn(p, lit(null).cast("double"));
    }
    return s.withColumn("score", score)
        .withColumn("label", when(bucket.lt(40), lit("negative")).when(bucket.lt(80), lit("positive")))
        .withColumn("sentences", lit(1)).withColumn("truncated", lit(false))
        .withColumn("language", when(bucket.mod(2).equalTo(0), lit("fr")).otherwise(lit("en")))
        .withColumn("reason", lit(null).cast("string")).withColumn("model_version", lit("test"))
        .withColumn("scored_at", lit(at)).withColumn("scored_month", lit(at.toString().substring(0, 7)));
  }

  private static Dataset<Row> assignments(Dataset<Row> posts, String version, Instant at) {
    Column id = pmod(abs(hash(col("post_key"), lit(version))), lit(5));
    return posts.select(col("post_key"),
        when(id.equalTo(4), lit(null).cast("string")).otherwise(org.apache.spark.sql.functions.concat(lit("theme-00"), id.cast("string"))).as("theme_id"),
        lit(0.5).as("confidence"), lit(version).as("model_version"), lit(at).as("assigned_at"),
        col("published_month"));
  }

  private static List<String> sorted(Dataset<Row> rows) {
    return rows.collectAsList().stream().map(Row::toString).sorted().toList();
  }

  private static void assertSameAsRebuild(int maturityDays) {
    assertThat(sorted(wh.read(spark, Tables.POST_FACTS)))
        .isEqualTo(sorted(PostFacts.rows(spark, wh, maturityDays, null)));
  }

  @Test
  @Order(1)
  void theFirstReportBuildsEveryPostsRow() {
    PostFacts.Refresh r = PostFacts.refresh(spark, wh, 7);
    assertThat(r.rebuilt()).isTrue();
    assertThat(r.why()).isEqualTo("first report");
    assertThat(r.posts()).isEqualTo(wh.read(spark, Tables.POSTS).count());
    assertSameAsRebuild(7);
    assertThat(wh.exists(wh.path("_ledger/post_facts.json"))).isTrue();
    // Sentiment and themes reached the rows: scores, comments' scores, languages, themes.
    Dataset<Row> t = wh.read(spark, Tables.POST_FACTS);
    assertThat(t.filter(col("post_score").isNotNull()).count()).isPositive();
    assertThat(t.filter(org.apache.spark.sql.functions.size(col("comment_scores")).gt(0)).count()).isPositive();
    assertThat(t.filter(col("assigned").and(col("theme_id").isNotNull())).count()).isPositive();
    assertThat(t.filter(col("assigned").and(col("theme_id").isNull())).count()).isPositive();
  }

  @Test
  @Order(2)
  void nothingChangedDerivesNothing() {
    PostFacts.Refresh r = PostFacts.refresh(spark, wh, 7);
    assertThat(r).isEqualTo(new PostFacts.Refresh(false, 0, null));
  }

  @Test
  @Order(3)
  void aNightsChangesAreMergedAsARebuildWouldGiveThem() throws Exception {
    long before = wh.read(spark, Tables.POST_FACTS).count();
    SampleGenerator.generate(new GeneratorSettings(4, 60, LocalDate.of(2026, 11, 29), 1), dir.resolve("landing/new"));
    ingest();
    Instant at = Instant.parse("2026-11-30T00:00:00Z");
    scoreAndAssign("night-1", at);
    // An old text scored again with another score, an old post re-linked to another text, and a few
    // old posts reassigned: changes that name old posts through sentiment, links and themes.
    Row old = wh.read(spark, Tables.SENTIMENT_LINKS).filter(col("source").equalTo("comments"))
        .orderBy("item_key").first();
    // Later than the night's own rows, so that the changes win the merge rule.
    Instant later = at.plusSeconds(60);
    TableWriter writer = new TableWriter(spark, wh, "night-1-changes");
    writer.write(Tables.SENTIMENT, sentimentRows(wh.read(spark, Tables.SENTIMENT)
        .filter(col("text_hash").equalTo(old.getAs("text_hash"))).select("text_hash"), lit(-0.99), later),
        List.of(col("scored_at").desc()));
    String relinked = wh.read(spark, Tables.SENTIMENT_LINKS).filter(col("source").equalTo("posts"))
        .orderBy(col("item_key").desc()).first().getAs("item_key");
    writer.write(Tables.SENTIMENT_LINKS, spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(
        relinked, "posts", old.<String>getAs("text_hash"), java.sql.Timestamp.from(later))),
        Tables.SENTIMENT_LINKS.schema()), List.of(col("linked_at").desc()));
    writer.write(Tables.THEMES_ASSIGNED, assignments(wh.read(spark, Tables.POSTS).orderBy("post_key").limit(7),
        "v1b", later), List.of(col("assigned_at").desc()));
    writer.discard();

    // A warehouse this small is rebuilt each time (it costs less than a merge), and its few files
    // name most posts when one is rewritten: both limits are lifted so that the merge is tested.
    PostFacts.Refresh r = PostFacts.refresh(spark, wh, 7, 0, 10.0);
    assertThat(r.rebuilt()).as(r.why()).isFalse();
    long now = wh.read(spark, Tables.POSTS).count();
    assertThat(now).isGreaterThan(before);
    assertThat(r.posts()).isGreaterThanOrEqualTo(now - before);
    assertSameAsRebuild(7);
    assertThat(wh.read(spark, Tables.POST_FACTS).filter(col("post_key").equalTo(relinked)).first()
        .<Double>getAs("post_score")).isEqualTo(-0.99);

    // Merges leave small files behind; compacting them changes no row.
    List<String> merged = sorted(wh.read(spark, Tables.POST_FACTS));
    assertThat(PostFacts.compactIfFragmented(spark, wh, 100)).isFalse();
    assertThat(PostFacts.compactIfFragmented(spark, wh, 1)).isTrue();
    assertThat(PostFacts.files(spark, wh)).isEqualTo(1L);
    assertThat(sorted(wh.read(spark, Tables.POST_FACTS))).isEqualTo(merged);
  }

  @Test
  @Order(4)
  void anotherMaturityAgeRebuilds() {
    PostFacts.Refresh r = PostFacts.refresh(spark, wh, 14);
    assertThat(r.rebuilt()).isTrue();
    assertThat(r.why()).isEqualTo("maturity age 7 -> 14");
    assertSameAsRebuild(14);
  }

  @Test
  @Order(5)
  void aSmallWarehouseIsRebuiltRatherThanMerged() {
    TableWriter writer = new TableWriter(spark, wh, "night-2");
    writer.write(Tables.THEMES_ASSIGNED, assignments(wh.read(spark, Tables.POSTS).orderBy("post_key").limit(3),
        "v1c", Instant.parse("2026-12-01T00:00:00Z")), List.of(col("assigned_at").desc()));
    writer.discard();
    PostFacts.Refresh r = PostFacts.refresh(spark, wh, 14);
    assertThat(r.rebuilt()).isTrue();
    assertThat(r.why()).matches("\\d+ posts: under 200,000, deriving every row costs less than a merge");
    assertSameAsRebuild(14);
  }

  /**
   * The report names the languages scored among every post's and comment's texts, those published
   * after its date included: the first post's text scored again as Italian (read with the report's
   * posts) and the last post's as German (published after the date, read apart).
   */
  @Test
  @Order(6)
  void theReportNamesTheLanguagesScoredAfterItsDateToo() {
    Row first = wh.read(spark, Tables.POSTS).orderBy(col("published_at"), col("post_key")).first();
    Row last = wh.read(spark, Tables.POSTS).orderBy(col("published_at").desc(), col("post_key")).first();
    TableWriter writer = new TableWriter(spark, wh, "night-3-languages");
    writer.write(Tables.SENTIMENT, rescored(first, "it").unionByName(rescored(last, "de")),
        List.of(col("scored_at").desc()));
    writer.discard();
    LocalDate day = last.<Instant>getAs("published_at").atZone(java.time.ZoneOffset.UTC).toLocalDate().minusDays(1);

    List<String> languages = new ReportJob(config, ReportSettings.DEFAULTS, day).inputs(spark, wh).data()
        .coverage().languagesScored();

    // Each language is where the test needs it: Italian only up to the date, German only after it.
    Column after = col("published_at").geq(lit(day.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
    Dataset<Row> facts = wh.read(spark, Tables.POST_FACTS);
    assertThat(facts.filter(after.and(array_contains(col("scored_languages"), "it"))).count()).isZero();
    assertThat(facts.filter(not(after).and(array_contains(col("scored_languages"), "de"))).count()).isZero();
    assertThat(languages).containsExactly("de", "en", "fr", "it");
  }

  /** The sentiment row of the post's text scored again, later, in {@code language}. */
  private static Dataset<Row> rescored(Row post, String language) {
    String hash = wh.read(spark, Tables.SENTIMENT_LINKS).filter(col("source").equalTo("posts")
        .and(col("item_key").equalTo(post.<String>getAs("post_key")))).first().getAs("text_hash");
    return sentimentRows(wh.read(spark, Tables.SENTIMENT).filter(col("text_hash").equalTo(hash)).select("text_hash"),
        lit(0.1), Instant.parse("2026-12-02T00:00:00Z")).withColumn("language", lit(language));
  }
}
