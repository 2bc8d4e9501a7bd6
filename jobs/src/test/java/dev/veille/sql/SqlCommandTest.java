package dev.veille.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.CliRun;
import dev.veille.SparkTestBase;
import dev.veille.analytics.PostRates;
import dev.veille.common.Tables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code veille sql} and {@code veille tables} on a tiny warehouse: the views (declared tables, a folder
 * no code declares, the latest report's tables, post_rates), the three formats, refused writes, and
 * a bad query's single {@code veille:} line with exit 2.
 */
class SqlCommandTest extends SparkTestBase {
  @TempDir
  static Path dir;
  static String wh;

  @BeforeAll
  static void warehouse() throws Exception {
    wh = dir.resolve("warehouse").toString();
    List<Row> posts = List.of(
        post("fb1", "facebook", "2026-11-02T09:00:00Z", 100L, 10L, "Lune, \"pleine\"\nnouvelle"),
        post("fb2", "facebook", "2026-11-03T18:00:00Z", 200L, 30L, null),
        post("ig1", "instagram", "2026-10-30T12:00:00Z", 400L, 20L, "Bonjour"));
    spark.createDataFrame(posts, Tables.POSTS.schema()).write().partitionBy("platform", "published_month")
        .format("delta").save(wh + "/posts");
    // A table no code declares yet (the moderation table was one before it was declared): its files give the schema.
    StructType triage = new StructType().add("comment_key", DataTypes.StringType).add("action", DataTypes.StringType)
        .add("date_month", DataTypes.StringType);
    spark.createDataFrame(List.of(RowFactory.create("c1", "hide", "2026-11"), RowFactory.create("c2", "keep", "2026-11")),
        triage).write().partitionBy("date_month").parquet(wh + "/triage");
    StructType slots = new StructType().add("account", DataTypes.StringType).add("weekday", DataTypes.IntegerType)
        .add("hour", DataTypes.IntegerType).add("lift", DataTypes.DoubleType);
    spark.createDataFrame(List.of(RowFactory.create("Maison Lune", 2, 18, 1.5)), slots).write()
        .parquet(wh + "/reports/2026-11-27/best_time_slots");
    spark.createDataFrame(List.of(RowFactory.create("Maison Lune", 3, 9, 1.25)), slots).write()
        .parquet(wh + "/reports/2026-11-28/best_time_slots");
    Files.writeString(Path.of(wh, "reports", "latest"), "2026-11-28\n");
  }

  static Row post(String key, String platform, String published, Long reach, Long reactions, String text) {
    List<Object> v = new ArrayList<>();
    for (StructField f : Tables.POSTS.schema().fields()) {
      v.add(switch (f.name()) {
        case "post_key", "post_id" -> key;
        case "account_id" -> platform + "-account";
        case "published_at", "observed_at" -> Instant.parse(published);
        case "audience_timezone" -> "Europe/Paris";
        case "format" -> "image";
        case "text" -> text;
        case "hashtags" -> scala.jdk.javaapi.CollectionConverters.asScala(List.of("lune", "nuit")).toSeq();
        case "mentions" -> scala.jdk.javaapi.CollectionConverters.asScala(List.<String>of()).toSeq();
        case "reactions" -> reactions;
        case "comments" -> 2L;
        case "reach" -> reach;
        case "source_file" -> "f";
        case "record_number" -> 1L;
        case "platform" -> platform;
        case "published_month" -> published.substring(0, 7);
        default -> null;
      });
    }
    return RowFactory.create(v.toArray());
  }

  @Test
  void csvCountsPerPlatform() {
    CliRun r = CliRun.of("sql", "--warehouse", wh, "--format", "csv",
        "SELECT platform, count(*) AS n FROM posts GROUP BY platform ORDER BY platform");
    assertThat(r.err()).isEmpty();
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("platform,n\r\nfacebook,2\r\ninstagram,1\r\n");
  }

  @Test
  void csvQuotesTextAndWritesInstantsAndArrays(@TempDir Path out) throws Exception {
    Path f = out.resolve("posts.csv");
    CliRun r = CliRun.of("sql", "--warehouse", wh, "--format", "csv", "--out", f.toString(),
        "SELECT post_key, published_at, hashtags, text FROM posts WHERE platform = 'facebook' ORDER BY post_key");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEmpty();
    assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("post_key,published_at,hashtags,text\r\n"
        + "fb1,2026-11-02T09:00:00Z,\"[\"\"lune\"\",\"\"nuit\"\"]\",\"Lune, \"\"pleine\"\"\nnouvelle\"\r\n"
        + "fb2,2026-11-03T18:00:00Z,\"[\"\"lune\"\",\"\"nuit\"\"]\",\r\n");
  }

  @Test
  void jsonLinesKeepTypes() {
    CliRun r = CliRun.of("sql", "--warehouse", wh, "--format", "json",
        "SELECT post_key, reach, hashtags, published_at, paid FROM posts WHERE post_key = 'ig1'");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("{\"post_key\":\"ig1\",\"reach\":400,\"hashtags\":[\"lune\",\"nuit\"],"
        + "\"published_at\":\"2026-10-30T12:00:00Z\",\"paid\":null}\n");
  }

  @Test
  void tableIsAlignedCutAndCounted() {
    CliRun r = CliRun.of("sql", "--warehouse", wh, "--max-width", "8",
        "SELECT post_key, text, reach / 3 AS third FROM posts ORDER BY post_key");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).containsExactly(
        "post_key  text        third",
        "--------  --------  -------",
        "fb1       Lune, \"…  33.3333",
        "fb2       NULL      66.6667",
        "ig1       Bonjour   133.333",
        "(3 rows)");
  }

  @Test
  void viewsIncludeUndeclaredTablesTheLatestReportAndPostRates() {
    CliRun r = CliRun.of("sql", "--warehouse", wh, "--format", "csv",
        "SELECT (SELECT count(*) FROM triage) AS triage, (SELECT first(hour) FROM best_time_slots) AS hour,"
            + " (SELECT count(*) FROM alerts) AS alerts, (SELECT count(*) FROM themes) AS themes");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("triage,hour,alerts,themes\r\n2,9,0,0\r\n");

    CliRun tables = CliRun.of("tables", "--warehouse", wh);
    assertThat(tables.code()).as(tables.err()).isZero();
    for (Tables.Table t : List.of(Tables.POSTS, Tables.ENGAGEMENT, Tables.COMMENTS, Tables.QUARANTINE,
        Tables.SENTIMENT, Tables.SENTIMENT_LINKS, Tables.THEMES, Tables.THEMES_ASSIGNED, Tables.ALERTS,
        Tables.MODERATION)) {
      assertThat("\n" + tables.out()).contains("\n" + t.name() + " (table; ");
    }
    assertThat(tables.out()).startsWith("posts (table; 3 rows; partitioned by platform, published_month)\n"
        + "  post_key           string not null\n  account_id         string not null\n  account_name       string\n");
    assertThat(tables.out()).contains("triage (table, schema from its files; 2 rows; partitioned by date_month)\n"
        + "  comment_key  string\n  action       string\n  date_month   string\n");
    assertThat(tables.out()).contains("best_time_slots (latest report; 1 row)");
    assertThat(tables.out()).contains("post_rates (derived: the report's engagement rates; 3 rows)");
  }

  @Test
  void postRatesAreTheReportsRates() {
    List<Row> expected = PostRates.withRates(dev.veille.common.warehouse.Warehouse.of(spark, wh).read(spark, Tables.POSTS))
        .select("post_key", "denominator", "rate", "log_rate").orderBy("post_key").collectAsList();
    CliRun r = CliRun.of("sql", "--warehouse", wh, "--format", "csv",
        "SELECT post_key, denominator, rate, log_rate, mature FROM post_rates ORDER BY post_key");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    for (int i = 0; i < expected.size(); i++) {
      Row e = expected.get(i);
      // Published more than maturity_days (7) before the latest report's date (2026-11-28).
      assertThat(lines.get(i + 1)).isEqualTo(e.getString(0) + "," + e.getString(1) + "," + e.getDouble(2) + ","
          + e.getDouble(3) + ",true");
    }
    assertThat(lines.get(1)).startsWith("fb1,reach,0.12,");
  }

  @Test
  void severalQueriesInOneSessionGoToNumberedFiles(@TempDir Path out) throws Exception {
    Path sql = out.resolve("q.sql");
    Files.writeString(sql, "-- how many posts\nSELECT count(*) AS n FROM posts;\n");
    CliRun r = CliRun.of("sql", "--warehouse", wh, "--format", "csv", "--out-dir", out.resolve("res").toString(),
        "-f", sql.toString(), "SELECT action FROM triage ORDER BY comment_key");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("res/1.csv"))).isEqualTo("n\r\n3\r\n");
    assertThat(Files.readString(out.resolve("res/2.csv"))).isEqualTo("action\r\nhide\r\nkeep\r\n");

    CliRun without = CliRun.of("sql", "--warehouse", wh, "--format", "csv", "SELECT 1", "SELECT 2");
    assertThat(without.code()).isEqualTo(2);
    assertThat(without.err()).isEqualTo("veille: 2 queries need --out-dir (one file per query) with --format csv"
        + " or --out\n");
  }

  @Test
  void oneCallRegistersTheViewsInANotebooksSession() {
    // What a notebook's own session or spark-shell does: one call, then plain Spark SQL.
    List<WarehouseViews.View> views = WarehouseViews.register(spark, wh);
    assertThat(views).extracting(WarehouseViews.View::name).startsWith("posts", "engagement", "comments", "quarantine")
        .contains("alerts", "triage", "best_time_slots", "post_rates").doesNotContain("reports");
    assertThat(spark.sql("SELECT count(*) FROM posts").first().getLong(0)).isEqualTo(3);
  }

  @Test
  void readOnlyStatementsRun() {
    CliRun show = CliRun.of("sql", "--warehouse", wh, "--format", "csv", "SHOW TABLES");
    assertThat(show.code()).as(show.err()).isZero();
    assertThat(show.out()).contains(",posts,true", ",post_rates,true", ",triage,true");
    // The gate itself on the other kinds (one registration, not one CLI run each).
    WarehouseViews.register(spark, wh);
    for (String ok : List.of("DESCRIBE posts", "EXPLAIN SELECT * FROM posts",
        "WITH p AS (SELECT * FROM posts) SELECT count(*) FROM p", "VALUES (1)", "TABLE triage",
        "SELECT * FROM post_rates p JOIN (SELECT 1 AS one) o ON true")) {
      ReadOnlySql.check(spark, ok);
      assertThat(spark.sql(ok).collectAsList()).as(ok).isNotEmpty();
    }
  }

  @Test
  void writesAreRefusedAndNothingChanges() throws Exception {
    List<String> before = listing();
    List<String[]> refused = List.of(
        new String[] {"INSERT INTO posts SELECT * FROM posts", "INSERT"},
        new String[] {"insert overwrite directory '" + dir.resolve("x") + "' SELECT 1", "INSERT"},
        new String[] {"INSERT OVERWRITE DIRECTORY '" + dir.resolve("x") + "' USING parquet SELECT 1 AS a", "INSERT"},
        new String[] {"EXECUTE IMMEDIATE 'DROP VIEW posts'", "EXECUTE"},
        new String[] {"UNCACHE TABLE posts", "UNCACHE"},
        new String[] {"CLEAR CACHE", "CLEAR"},
        new String[] {"REFRESH TABLE posts", "REFRESH"},
        new String[] {"TRUNCATE TABLE posts", "TRUNCATE"},
        new String[] {"DELETE FROM posts WHERE true", "DELETE"},
        new String[] {"USE default", "USE"},
        new String[] {"RESET", "RESET"},
        new String[] {"DECLARE VARIABLE v INT DEFAULT 1", "DECLARE"},
        new String[] {"CREATE TEMPORARY FUNCTION f AS 'x.Y'", "CREATE"},
        new String[] {"CREATE TABLE t USING parquet LOCATION '" + dir.resolve("t") + "' AS SELECT 1 AS a", "CREATE"},
        new String[] {"CREATE OR REPLACE TEMP VIEW posts AS SELECT 1", "CREATE"},
        new String[] {"DROP VIEW posts", "DROP"},
        new String[] {"ALTER VIEW posts RENAME TO p", "ALTER"},
        new String[] {"CACHE TABLE posts", "CACHE"},
        new String[] {"SET spark.sql.ansi.enabled=false", "SET"},
        new String[] {"ADD JAR /tmp/x.jar", "ADD"},
        new String[] {"/* sneaky */ WITH p AS (SELECT 1 AS a) INSERT INTO posts SELECT * FROM p", "WITH"});
    for (String[] s : refused) {
      CliRun r = CliRun.of("sql", "--warehouse", wh, s[0]);
      assertThat(r.code()).as(s[0] + ": " + r.err()).isEqualTo(2);
      assertThat(r.out()).as(s[0]).isEmpty();
      assertThat(r.err().lines().toList()).as(s[0]).singleElement().asString()
          .startsWith("veille: Refused " + s[1] + " statement (parsed as ")
          .endsWith("veille sql only reads (expected SELECT, WITH, VALUES, TABLE, SHOW, DESCRIBE or EXPLAIN)");
    }
    assertThat(listing()).isEqualTo(before);
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
    assertThat(Files.exists(dir.resolve("t"))).isFalse();
  }

  @Test
  void badQueryIsOneLineAndExitTwo() {
    CliRun syntax = CliRun.of("sql", "--warehouse", wh, "SELECT platform FROMM posts");
    assertThat(syntax.code()).as(syntax.err()).isEqualTo(2);
    assertThat(syntax.err().lines().toList()).singleElement().asString()
        .startsWith("veille: Invalid query: [PARSE_SYNTAX_ERROR] Syntax error at or near 'posts'");
    CliRun unknown = CliRun.of("sql", "--warehouse", wh, "SELECT * FROM postz");
    assertThat(unknown.code()).as(unknown.err()).isEqualTo(2);
    assertThat(unknown.err().lines().toList()).singleElement().asString()
        .startsWith("veille: Invalid query: [TABLE_OR_VIEW_NOT_FOUND] The table or view `postz` cannot be found.");
    CliRun runtime = CliRun.of("sql", "--warehouse", wh, "SELECT CAST(post_key AS INT) FROM posts");
    assertThat(runtime.code()).as(runtime.err()).isEqualTo(2);
    assertThat(runtime.err().lines().toList()).singleElement().asString()
        .startsWith("veille: Query failed: [CAST_INVALID_INPUT]");
    CliRun format = CliRun.of("sql", "--warehouse", wh, "--format", "xml", "SELECT 1");
    assertThat(format.code()).as(format.err()).isEqualTo(2);
    assertThat(format.err()).isEqualTo("veille: Invalid --format: xml (expected table, csv or json)\n");
  }

  private static List<String> listing() throws Exception {
    try (var s = Files.walk(dir)) {
      return s.map(Path::toString).sorted().toList();
    }
  }
}
