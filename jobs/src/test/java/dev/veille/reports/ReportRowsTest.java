package dev.veille.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.veille.SparkTestBase;
import dev.veille.analytics.ReportPost;
import dev.veille.analytics.TopThemes;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The report's posts read from Spark's binary rows ({@link ReportRows}) are those Spark's own
 * conversion to {@code Row} gives ({@link #fromRow}), value for value, with their themes
 * and sentiment: nulls, pre-1970 and sub-second instants, non-ASCII text, posts without a theme.
 */
class ReportRowsTest extends SparkTestBase {
  private static final StructType COMMENT = new StructType().add("score", DoubleType, false)
      .add("negative", BooleanType, false);
  private static final StructType SCHEMA = new StructType()
      .add("post_key", StringType).add("platform", StringType).add("account_id", StringType)
      .add("account_name", StringType).add("audience_timezone", StringType).add("published_at", TimestampType)
      .add("local_date", DateType).add("weekday", IntegerType).add("hour", IntegerType).add("format", StringType)
      .add("paid", BooleanType).add("hashtags", DataTypes.createArrayType(StringType, false))
      .add("url", StringType).add("text", StringType).add("language", StringType).add("denominator", StringType)
      .add("log_rate", DoubleType).add("interactions", LongType).add("assigned", BooleanType)
      .add("theme_id", StringType).add("post_score", DoubleType).add("post_negative", BooleanType)
      .add("comment_scores", DataTypes.createArrayType(COMMENT, false))
      .add("scored_languages", DataTypes.createArrayType(StringType, false)).add("theme_label", StringType);

  private static Row post(String key, Instant at, LocalDate day, Boolean paid, List<String> tags, String text,
      Double logRate, boolean assigned, String themeId, Double score, Boolean negative, List<Row> comments,
      String label) {
    return post(key, at, day, paid, tags, text, logRate, assigned, themeId, score, negative, comments, List.of(),
        label);
  }

  private static Row post(String key, Instant at, LocalDate day, Boolean paid, List<String> tags, String text,
      Double logRate, boolean assigned, String themeId, Double score, Boolean negative, List<Row> comments,
      List<String> languages, String label) {
    return RowFactory.create(key, "instagram", "acct-1", "Café Lumière", "Europe/Paris", at, day, 3, 19, "reel",
        paid, tags, null, text, "fr", "followers", logRate, 42L, assigned, themeId, score, negative, comments,
        languages, label);
  }

  @Test
  void readsWhatSparksRowConversionReads() {
    List<Row> rows = List.of(
        post("p3", Instant.parse("2026-11-27T18:04:05.123456Z"), LocalDate.of(2026, 11, 27), true,
            List.of("rentrée", "café"), "Nouvelle carte « automne » 🍂", -2.5, true, "theme-002", 0.75, false,
            List.of(RowFactory.create(-0.5, true), RowFactory.create(0.25, false)), List.of("en", "fr"),
            "rentrée · café"),
        post("p1", Instant.parse("1969-12-31T23:59:59.999999Z"), LocalDate.of(1969, 12, 31), null, null, null,
            null, false, null, null, null, List.of(), null, null),
        post("p2", Instant.parse("2026-01-02T00:00:00Z"), LocalDate.of(2026, 1, 2), false, List.of("café"),
            "", 0.0, true, null, -0.8, true, List.of(), null),
        post("p4", Instant.parse("2026-03-04T05:06:07Z"), LocalDate.of(2026, 3, 4), false, List.of(), "x",
            1.0, true, "theme-009", null, null, List.of(RowFactory.create(0.0, false)), List.of("de"), null));
    Dataset<Row> frame = spark.createDataFrame(rows, SCHEMA);

    ReportJob.Gathered g = ReportRows.gather(frame, true, true);

    List<ReportPost> expected = frame.collectAsList().stream().map(ReportRowsTest::fromRow)
        .sorted(Comparator.comparing(ReportPost::postKey)).toList();
    assertThat(g.posts()).isEqualTo(expected);
    assertThat(g.posts()).extracting(ReportPost::postKey).containsExactly("p1", "p2", "p3", "p4");
    ReportPost p1 = g.posts().get(0);
    assertThat(p1.publishedAt()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    assertThat(p1.paid()).isFalse();
    assertThat(p1.hashtags()).isEmpty();
    assertThat(p1.logRate()).isNull();
    assertThat(g.posts().get(2).text()).isEqualTo("Nouvelle carte « automne » 🍂");
    // Values that repeat across posts are one String each.
    assertThat(g.posts().get(1).accountName()).isSameAs(g.posts().get(3).accountName());
    assertThat(g.posts().get(1).hashtags().get(0)).isSameAs(g.posts().get(2).hashtags().get(1));

    // p1 is not assigned, p2 has no theme (no usable text): neither joins one; a theme without a
    // catalogue label is named by its id.
    assertThat(g.themeOf()).containsOnlyKeys("p3", "p4");
    assertThat(g.themeOf().get("p3").label()).isEqualTo("rentrée · café");
    assertThat(g.themeOf().get("p4").label()).isEqualTo("theme-009");
    assertThat(g.postSentiment()).containsOnlyKeys("p2", "p3");
    assertThat(g.postSentiment().get("p2")).isEqualTo(new TopThemes.Sentiment(-0.8, true));
    assertThat(g.commentSentiment()).containsOnlyKeys("p3", "p4");
    assertThat(g.commentSentiment().get("p3"))
        .containsExactly(new TopThemes.Sentiment(-0.5, true), new TopThemes.Sentiment(0.25, false));
    // The languages scored among the posts' and their comments' texts, each once, sorted.
    assertThat(g.languagesScored()).containsExactly("de", "en", "fr");
  }

  /** A post from Spark's {@code Row} of it, each field by name: the oracle. */
  private static ReportPost fromRow(Row r) {
    List<String> tags = r.isNullAt(r.fieldIndex("hashtags")) ? List.of() : r.getList(r.fieldIndex("hashtags"));
    return new ReportPost(r.getAs("post_key"), r.getAs("platform"), r.getAs("account_id"), r.getAs("account_name"),
        r.getAs("audience_timezone"), r.getAs("published_at"), r.getAs("local_date"), r.<Integer>getAs("weekday"),
        r.<Integer>getAs("hour"), r.getAs("format"), Boolean.TRUE.equals(r.getAs("paid")), List.copyOf(tags),
        r.getAs("url"), r.getAs("text"), r.getAs("language"), r.getAs("denominator"), r.getAs("log_rate"),
        r.<Long>getAs("interactions"));
  }

  @Test
  void readsOnlyThePostsOfRowsWithoutThemeOrSentimentColumns() {
    Dataset<Row> frame = spark.createDataFrame(List.of(
        post("p2", Instant.EPOCH, LocalDate.EPOCH, true, List.of("a"), "b", 1.0, true, "t", 0.5, false, List.of(), "t"),
        post("p1", Instant.EPOCH, LocalDate.EPOCH, null, null, null, null, false, null, null, null, List.of(), null)),
        SCHEMA).select("post_key", "platform", "account_id", "account_name", "audience_timezone", "published_at",
        "local_date", "weekday", "hour", "format", "paid", "hashtags", "url", "text", "language", "denominator",
        "log_rate", "interactions");
    assertThat(ReportRows.posts(frame)).isEqualTo(frame.collectAsList().stream().map(ReportRowsTest::fromRow)
        .sorted(Comparator.comparing(ReportPost::postKey)).toList());
  }

  @Test
  void withoutThemesOrSentimentTheirMapsAreAbsent() {
    Dataset<Row> frame = spark.createDataFrame(List.of(post("p1", Instant.EPOCH, LocalDate.EPOCH, false,
        List.of(), "a", 1.0, true, "theme-001", 0.5, false, List.of(), "a")), SCHEMA);
    ReportJob.Gathered g = ReportRows.gather(frame, false, false);
    assertThat(g.posts()).hasSize(1);
    assertThat(Arrays.asList(g.themeOf(), g.postSentiment(), g.commentSentiment())).containsOnlyNulls();
    assertThat(ReportRows.gather(frame.drop("scored_languages"), true, true).languagesScored()).isEmpty();
    assertThat(ReportRows.gather(frame.limit(0), true, true).posts()).isEmpty();
  }
}
