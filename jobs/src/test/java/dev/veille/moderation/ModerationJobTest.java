package dev.veille.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.SparkTestBase;
import dev.veille.analytics.ModerationReport;
import dev.veille.common.Account;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage on a tiny warehouse: a spam wave across 20 posts, the brand's replies, HTML, reruns, the queue. */
class ModerationJobTest extends SparkTestBase {
  @TempDir
  static Path dir;
  static VeilleConfig config;
  static ModerationJob.Result first;
  static ModerationJob.Result second;
  static ModerationJob.Result third;
  static Map<String, Row> rows = new HashMap<>();
  static final LocalDate DATE = LocalDate.of(2026, 11, 28);
  static final Instant CUTOFF = Instant.parse("2026-11-29T00:00:00Z");

  @BeforeAll
  static void run() throws Exception {
    config = new VeilleConfig(dir.resolve("wh").toString(), "salt",
        List.of(new Account("facebook", "42", "Maison Lune", ZoneId.of("Europe/Paris"), List.of("@MaisonLune"))),
        ZoneId.of("UTC"), 0.05, List.of());
    List<Map<String, Object>> posts = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      posts.add(Map.of("post_key", "facebook:p" + i, "account_id", "42", "account_name", "Maison Lune",
          "published_at", ts("2026-11-" + (i < 2 ? "28T08" : "20T08") + ":00:00Z"),
          "url", "https://facebook.example/p" + i, "platform", "facebook", "published_month", "2026-11"));
    }
    write(Tables.POSTS, posts);
    List<Map<String, Object>> comments = new ArrayList<>();
    // The same pasted text (give or take a word) under 20 posts, by 20 authors.
    for (int i = 0; i < 20; i++) {
      comments.add(comment("w" + i, "p" + (i + 2), "2026-11-27T1" + (i % 10) + ":00:00Z", "u_spam" + i,
          "I made 500 dollars a day working from home, it changed my life, look at my profile "
              + (i % 2 == 0 ? "now" : "today")));
    }
    comments.add(comment("q1", "p0", "2026-11-28T09:00:00Z", "u_a", "Do you ship to Belgium?"));
    comments.add(comment("q2", "p1", "2026-11-27T09:00:00Z", "u_b", "Livrez-vous en Suisse ?"));
    comments.add(comment("b1", "p0", "2026-11-28T11:30:00Z", "maisonlune", "Yes we do! Shipping takes 3 days."));
    comments.add(comment("b2", "p1", "2026-11-20T09:00:00Z", "maisonlune", "Hello, what do you think of it?"));
    comments.add(comment("t1", "p0", "2026-11-28T10:00:00Z", "u_c", "t'es qu'un gros c0nnard"));
    comments.add(comment("h1", "p1", "2026-11-28T10:00:00Z", "u_d",
        "Love it &lt;3<br />Where can I find the <b>lifecycle</b> page?\uFEFF"));
    comments.add(comment("k1", "p1", "2026-11-28T10:00:00Z", "u_e", "Love this candle"));
    comments.add(comment("late", "p1", "2026-11-29T10:00:00Z", "u_f", "After the cutoff: not read"));
    write(Tables.COMMENTS, comments);

    ModerationJob job = new ModerationJob(config, ModerationSettings.DEFAULTS, DATE, CUTOFF, true);
    job.validate();
    first = job.run(spark);
    second = new ModerationJob(config, ModerationSettings.DEFAULTS, DATE, CUTOFF, true).run(spark);
    for (Row r : Warehouse.of(spark, config.warehouse()).read(spark, Tables.MODERATION).collectAsList()) {
      rows.put(r.getAs("comment_key"), r);
    }
    // Later the same night, one more comment: the table holds the others, so only it is moderated.
    write(Tables.COMMENTS, List.of(comment("n1", "p5", "2026-11-28T12:00:00Z", "u_g", "Love this candle too")));
    third = new ModerationJob(config, ModerationSettings.DEFAULTS, DATE, CUTOFF, true).run(spark);
  }

  @Test
  void everyNewCommentOnceAndTheBrandsRepliesNever() {
    // b2 is older than the 7-day lookback: only b1 is in the window.
    assertThat(first.brandReplies()).isEqualTo(1);
    assertThat(first.moderated()).isEqualTo(25);
    assertThat(rows).hasSize(25).doesNotContainKeys("facebook:b1", "facebook:b2", "facebook:late");
    // A rerun finds nothing new and changes nothing.
    assertThat(second.moderated()).isZero();
    assertThat(second.looked()).isEqualTo(25);
    assertThat(second.brandReplies()).isEqualTo(1);
    // A night with new comments on a table moderated before counts the window and the brand's replies too.
    assertThat(third.moderated()).isEqualTo(1);
    assertThat(third.looked()).isEqualTo(26);
    assertThat(third.brandReplies()).isEqualTo(1);
  }

  @Test
  void aPastedWaveAcrossTwentyPostsIsOneCluster() {
    assertThat(first.inWaves()).isEqualTo(20);
    for (int i = 0; i < 20; i++) {
      Row r = rows.get("facebook:w" + i);
      assertThat(r.<String>getList(r.fieldIndex("labels"))).contains("spam");
      assertThat(r.<String>getList(r.fieldIndex("reasons"))).contains("same text 20 times under 20 posts by 20 authors");
    }
    assertThat(rows.get("facebook:q1").<String>getList(rows.get("facebook:q1").fieldIndex("labels")))
        .doesNotContain("spam");
  }

  @Test
  void labelsAndActions() {
    assertThat(action("q1")).isEqualTo("answer");
    assertThat(action("q2")).isEqualTo("answer");
    assertThat(action("h1")).isEqualTo("answer");
    assertThat(action("t1")).isIn("hide", "review");
    assertThat(action("k1")).isEqualTo("keep");
    assertThat(rows.get("facebook:k1").<String>getAs("model_version")).isEqualTo(first.modelVersion());
  }

  @Test
  void theQueueIsMostUrgentFirstWithResponseKpis() throws Exception {
    Path csv = Path.of(first.file());
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo(ModerationReport.CSV_HEADER);
    assertThat(lines.get(1)).contains("facebook:t1").contains("https://facebook.example/p0");
    assertThat(lines).noneMatch(l -> l.contains("facebook:k1") || l.contains("facebook:b1"));
    ModerationReport.Report r = ModerationReport.read(spark, Warehouse.of(spark, config.warehouse()), config,
        ModerationSettings.DEFAULTS, CUTOFF);
    ModerationReport.AccountStats a = r.accounts().get(0);
    assertThat(a.account()).isEqualTo("Maison Lune");
    // q1 and h1 (p0, p1 on the 28th) and q2 (the 27th): q1 answered after 2.5 h; q2 older than 24 h and unanswered.
    assertThat(a.questions()).isEqualTo(3);
    assertThat(a.answered()).isEqualTo(1);
    assertThat(a.medianHoursToAnswer()).isEqualTo(2.5);
    assertThat(a.unansweredOver24h()).isEqualTo(1);
    assertThat(a.brandReplies()).isEqualTo(2);
  }

  @Test
  void aQueueOfOneDayStillCountsTheQuestionsOfTheKpiWindow() {
    // Queue and counts from the 28th only; the KPIs' 28 days still hold q2 (the 27th).
    ModerationReport.Report r = ModerationReport.read(spark, Warehouse.of(spark, config.warehouse()), config,
        new ModerationReport.Windows(48, 1, 20, 28), CUTOFF);
    assertThat(r.queue()).isNotEmpty().allSatisfy(q -> {
      assertThat(q.createdAt()).isAfterOrEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
      assertThat(q.text()).isNotBlank();
      assertThat(q.author()).isNotBlank();
    });
    assertThat(r.queue()).extracting(ModerationReport.QueueItem::commentKey).contains("facebook:t1", "facebook:q1")
        .doesNotContain("facebook:q2", "facebook:w0");
    ModerationReport.AccountStats a = r.accounts().get(0);
    // q1, t1, h1, k1 and n1 are the 28th's comments.
    assertThat(a.byAction().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5);
    assertThat(a.questions()).isEqualTo(3);
    assertThat(a.answered()).isEqualTo(1);
    assertThat(a.unansweredOver24h()).isEqualTo(1);
  }

  private static String action(String key) {
    return rows.get("facebook:" + key).getAs("action");
  }

  private static Map<String, Object> comment(String id, String post, String at, String author, String text) {
    Map<String, Object> m = new HashMap<>();
    m.put("comment_key", "facebook:" + id);
    m.put("post_key", "facebook:" + post);
    m.put("comment_id", id);
    m.put("created_at", ts(at));
    m.put("text", text);
    m.put("author_pseudonym", author);
    m.put("platform", "facebook");
    m.put("created_month", at.substring(0, 7));
    return m;
  }

  private static Timestamp ts(String at) {
    return Timestamp.from(Instant.parse(at));
  }

  /** Rows with the table's schema: given values, else a placeholder for required columns, else null. */
  static void write(Tables.Table table, List<Map<String, Object>> values) {
    StructType schema = table.schema();
    List<Row> out = new ArrayList<>();
    for (Map<String, Object> v : values) {
      Object[] cells = new Object[schema.size()];
      for (int i = 0; i < schema.size(); i++) {
        StructField f = schema.fields()[i];
        Object x = v.get(f.name());
        if (x == null && !f.nullable()) {
          x = f.dataType() instanceof ArrayType ? scala.jdk.javaapi.CollectionConverters.asScala(List.of()).toSeq()
              : f.dataType().equals(DataTypes.TimestampType) ? ts("2026-11-28T06:00:00Z")
              : f.dataType().equals(DataTypes.LongType) ? 1L : "x";
        }
        cells[i] = x;
      }
      out.add(RowFactory.create(cells));
    }
    spark.createDataFrame(out, schema).write().format("delta").mode("append")
        .partitionBy(table.partitionBy().toArray(String[]::new))
        .save(dir.resolve("wh").resolve(table.name()).toString());
  }
}
