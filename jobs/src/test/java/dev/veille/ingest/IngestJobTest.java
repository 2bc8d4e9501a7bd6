package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.Fixtures;
import dev.veille.SparkTestBase;
import dev.veille.common.Account;
import dev.veille.common.ConfigException;
import dev.veille.common.DataQualityException;
import dev.veille.common.Json;
import dev.veille.common.SourceSpec;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.IngestLedger;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest extends SparkTestBase {
  static final Instant OBSERVED = Instant.parse("2026-11-28T06:00:00Z");
  static final String SALT = "test-salt-0123456789";
  static final List<Account> ACCOUNTS = List.of(
      new Account("facebook", "1001", "Maison Lune", ZoneId.of("Europe/Paris"), List.of("maisonlune")),
      new Account("x", "2002", "maisonlune", ZoneId.of("America/New_York"), List.of("maisonlune")));

  @TempDir
  Path tmp;

  private VeilleConfig config(SourceSpec... sources) {
    return new VeilleConfig(tmp.resolve("warehouse").toString(), SALT, ACCOUNTS, ZoneId.of("UTC"), 1.0,
        List.of(sources));
  }

  private Path write(String name, String content) throws IOException {
    Path p = tmp.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
    return p;
  }

  private static SourceSpec meta(Path p) {
    return new SourceSpec(p.toString(), "preset:meta-business-suite", null, ZoneId.of("America/New_York"), OBSERVED);
  }

  private IngestResult ingest(VeilleConfig config, boolean force) {
    IngestJob job = new IngestJob(config, force);
    job.validate();
    return job.run(spark);
  }

  private Dataset<Row> table(Tables.Table t) {
    return Warehouse.of(spark, tmp.resolve("warehouse").toString()).read(spark, t);
  }

  private static Map<String, Row> byKey(Dataset<Row> rows, String key) {
    return rows.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs(key), r -> r));
  }

  @Test
  void metaCsvRecordsAreTypedCleanedAndBadOnesQuarantinedWithTheirReason() throws IOException {
    Path file = write("facebook.csv", Fixtures.metaCsv());
    IngestResult r = ingest(config(meta(file)), false);

    assertThat(r.recordsIn()).isEqualTo(8);
    assertThat(r.recordsOk()).isEqualTo(3);
    assertThat(r.recordsQuarantined()).isEqualTo(5);
    assertThat(r.recordsIn()).isEqualTo(r.recordsOk() + r.recordsQuarantined());
    assertThat(r.rejectReasons()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "bad_timestamp", 1L, "negative_count", 1L, "bad_number", 1L, "missing_value", 1L,
        "malformed_record", 1L));

    Map<String, Row> posts = byKey(table(Tables.POSTS), "post_id");
    assertThat(posts).containsOnlyKeys("1001_1", "1001_2", "1001_8");
    Row first = posts.get("1001_1");
    assertThat(first.<String>getAs("post_key")).isEqualTo("facebook:1001_1");
    // 20:00 in New York (EDT, UTC-4) on 1 July.
    assertThat(first.<Instant>getAs("published_at")).isEqualTo(Instant.parse("2026-07-02T00:00:00Z"));
    assertThat(first.<String>getAs("published_month")).isEqualTo("2026-07");
    assertThat(first.<String>getAs("audience_timezone")).isEqualTo("Europe/Paris");
    assertThat(first.<String>getAs("format")).isEqualTo("video");
    assertThat(first.<Boolean>getAs("paid")).isTrue();
    String text = first.getAs("text");
    assertThat(text).startsWith("New linen, soft as \"clouds\" ✨\nThanks @u_").contains("& team #HomeDecor");
    assertThat(text).doesNotContain("julie_m").doesNotContain("&amp;");
    assertThat(first.getList(first.fieldIndex("hashtags"))).containsExactly("homedecor");
    assertThat(first.getList(first.fieldIndex("mentions"))).singleElement().asString().startsWith("u_");

    Row gap = posts.get("1001_2");
    assertThat(gap.<Instant>getAs("published_at")).isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
    assertThat(gap.<String>getAs("text")).isEqualTo("Sale\n\nUp to 30% off 🔥");
    assertThat(gap.<Boolean>getAs("paid")).isFalse();
    assertThat(gap.<String>getAs("language")).isEqualTo("fr");
    assertThat(posts.get("1001_8").<String>getAs("format")).isEqualTo("carousel");

    Map<String, Row> engagement = byKey(table(Tables.ENGAGEMENT), "post_key");
    Row e1 = engagement.get("facebook:1001_1");
    assertThat(e1.<Long>getAs("reach")).isNull();
    assertThat(e1.<Long>getAs("video_views")).isEqualTo(900L);
    assertThat(e1.<Long>getAs("reactions")).isEqualTo(120L);
    assertThat(e1.<Long>getAs("clicks")).isEqualTo(31L);
    assertThat(e1.<Long>getAs("impressions")).isNull();
    assertThat(e1.<Instant>getAs("observed_at")).isEqualTo(OBSERVED);
    assertThat(engagement.get("facebook:1001_2").<Long>getAs("reactions")).isEqualTo(1234L);

    List<Row> quarantine = table(Tables.QUARANTINE).orderBy("record_number").collectAsList();
    assertThat(quarantine).extracting(q -> q.<Long>getAs("record_number")).containsExactly(3L, 4L, 5L, 6L, 7L);
    assertThat(quarantine).extracting(q -> q.<String>getAs("reason_code")).containsExactly(
        "bad_timestamp", "negative_count", "bad_number", "missing_value", "malformed_record");
    assertThat(quarantine.get(0).<String>getAs("reason")).contains("31/02/2026 25:61");
    assertThat(quarantine.get(3).<String>getAs("reason")).isEqualTo("post_id is empty");
    assertThat(quarantine.get(4).<String>getAs("raw")).contains("too few fields");
    assertThat(quarantine).allSatisfy(q -> assertThat(q.<String>getAs("source_file")).endsWith("facebook.csv"));

    // The manifest holds the counts and, for a slow night, the time of each phase in order.
    JsonNode manifest = manifest(r);
    assertThat(manifest.path("records_in").asLong()).isEqualTo(8);
    assertThat(manifest.path("records_quarantined").asLong()).isEqualTo(5);
    assertThat(r.phaseSeconds()).containsOnlyKeys("plan", "stage", "engagement", "publish", "quarantine", "record");
    List<String> phases = new ArrayList<>();
    manifest.path("phase_seconds").fieldNames().forEachRemaining(phases::add);
    assertThat(phases).containsExactly("plan", "stage", "engagement", "publish", "quarantine", "record");
    assertThat(r.phaseSeconds().values()).allSatisfy(s -> assertThat(s).isNotNegative());
    assertThat(r.phaseSeconds().get("stage")).isPositive();
  }

  private static JsonNode manifest(IngestResult r) throws IOException {
    return Json.MAPPER.readTree(Path.of(r.manifest().replace("file:", "")).toFile());
  }

  @Test
  void ingestingTheSameFileAgainChangesNoTable() throws IOException {
    Path file = write("facebook.csv", Fixtures.metaCsv());
    ingest(config(meta(file)), false);
    List<Row> postsBefore = sorted(table(Tables.POSTS));
    List<Row> engagementBefore = sorted(table(Tables.ENGAGEMENT));
    List<Row> quarantineBefore = sorted(table(Tables.QUARANTINE));

    IngestResult skipped = ingest(config(meta(file)), false);
    assertThat(skipped.files()).singleElement().satisfies(f -> assertThat(f.skipped()).isTrue());
    assertThat(skipped.recordsIn()).isZero();

    IngestResult forced = ingest(config(meta(file)), true);
    assertThat(forced.recordsIn()).isEqualTo(8);
    assertThat(sorted(table(Tables.POSTS))).isEqualTo(postsBefore);
    assertThat(sorted(table(Tables.ENGAGEMENT))).isEqualTo(engagementBefore);
    assertThat(sorted(table(Tables.QUARANTINE))).isEqualTo(quarantineBefore);
  }

  @Test
  void aCopyUnderAnotherNameInTheSameRunIsRecognisedByItsChecksumAndSkipped() throws IOException {
    Path file = write("facebook.csv", Fixtures.metaCsv());
    Path copy = write("facebook-copy.csv", Fixtures.metaCsv());
    Path other = write("facebook-other.csv", Fixtures.metaCsv().replace("Maison Lune", "Maison Lxne"));

    IngestResult result = ingest(config(meta(file), meta(copy), meta(other)), false);

    assertThat(result.files()).extracting(IngestResult.FileCounts::path, IngestResult.FileCounts::skipped)
        .containsExactlyInAnyOrder(tuple("file:" + file, false), tuple("file:" + copy, true),
            tuple("file:" + other, false));
    assertThat(result.files()).filteredOn(f -> !f.path().endsWith("other.csv"))
        .extracting(IngestResult.FileCounts::sha256).containsOnly(sha256(Files.readAllBytes(file)));
    assertThat(result.recordsIn()).isEqualTo(16);
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void duplicatedPostIdsMergeToTheLatestObservationAndKeepEverySnapshot() throws IOException {
    String row = "1001_1,1001,Maison Lune,,caption v%d,07/01/2026 20:00,https://fb.example/1,Photos,en,,,100,%d,0,0,0\n";
    Path early = write("early.csv", Fixtures.META_HEADER + String.format(row, 1, 10) + String.format(row, 1, 11));
    Path late = write("late.csv", Fixtures.META_HEADER + String.format(row, 2, 50));
    SourceSpec a = new SourceSpec(early.toString(), "preset:meta-business-suite", null,
        ZoneId.of("America/New_York"), Instant.parse("2026-07-02T12:00:00Z"));
    SourceSpec b = new SourceSpec(late.toString(), "preset:meta-business-suite", null,
        ZoneId.of("America/New_York"), Instant.parse("2026-07-09T12:00:00Z"));
    // Ingest the later export first: the result must not depend on the order.
    ingest(config(b), false);
    IngestResult r = ingest(config(a), false);
    assertThat(r.duplicatesMerged()).isEqualTo(1);

    List<Row> posts = table(Tables.POSTS).collectAsList();
    assertThat(posts).singleElement().satisfies(p -> assertThat(p.<String>getAs("text")).isEqualTo("caption v2"));
    List<Row> snapshots = table(Tables.ENGAGEMENT).orderBy("observed_at").collectAsList();
    // Two identical observations in one file: the first record is kept.
    assertThat(snapshots).extracting(s -> s.<Long>getAs("reactions")).containsExactly(10L, 50L);
  }

  @Test
  void aFileRewrittenToDropAMergedRowKeepsItsOtherRowsWhole() throws IOException {
    String row = "%s,1001,Maison Lune,,caption %s,07/01/2026 20:00,https://fb.example/1,Photos,en,,,100,%d,0,0,0\n";
    Path first = write("first.csv", META_HEADER_ROWS(String.format(row, "1001_1", "a", 1), String.format(row, "1001_2", "b", 2)));
    Path second = write("second.csv", META_HEADER_ROWS(String.format(row, "1001_1", "a2", 5)));
    ingest(config(new SourceSpec(first.toString(), "preset:meta-business-suite", null,
        ZoneId.of("America/New_York"), Instant.parse("2026-07-02T12:00:00Z"))), false);
    ingest(config(new SourceSpec(second.toString(), "preset:meta-business-suite", null,
        ZoneId.of("America/New_York"), Instant.parse("2026-07-09T12:00:00Z"))), false);

    Map<String, Row> posts = byKey(table(Tables.POSTS), "post_id");
    assertThat(posts).containsOnlyKeys("1001_1", "1001_2");
    assertThat(posts.get("1001_1").<String>getAs("text")).isEqualTo("caption a2");
    Row kept = posts.get("1001_2");
    assertThat(kept.<String>getAs("platform")).isEqualTo("facebook");
    assertThat(kept.<String>getAs("published_month")).isEqualTo("2026-07");
    assertThat(kept.<String>getAs("account_id")).isEqualTo("1001");
    assertThat(tmp.resolve("warehouse/posts/platform=facebook/published_month=2026-07")).isDirectory();
    assertThat(tmp.resolve("warehouse/posts")).isDirectoryNotContaining("glob:**HIVE_DEFAULT**");
  }

  @Test
  void aGzippedExportIsReadThroughItsCodecLikeThePlainFile() throws IOException {
    Path plain = write("facebook.csv", Fixtures.metaCsv());
    Path gzipped = tmp.resolve("in").resolve("facebook-copy.csv.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gzipped))) {
      out.write(Files.readAllBytes(plain));
    }
    IngestResult r = ingest(config(meta(gzipped)), false);
    assertThat(r.recordsIn()).isEqualTo(8);
    assertThat(r.recordsOk()).isEqualTo(3);
    assertThat(table(Tables.POSTS).count()).isEqualTo(3);
  }

  @Test
  void aPublishThatFailsHalfwayKeepsItsCommitsAndTheNextRunIngestsTheFileToTheSameTables() throws IOException {
    String row = "%s,1001,Maison Lune,,caption %s,07/01/2026 20:00,https://fb.example/1,Photos,en,,,100,%d,0,0,0\n";
    Path first = write("first.csv", META_HEADER_ROWS(String.format(row, "1001_1", "a", 1), String.format(row, "1001_2", "b", 2)));
    Path second = write("second.csv", META_HEADER_ROWS(String.format(row, "1001_1", "a2", 5), String.format(row, "1001_3", "c", 3)));
    ingest(config(new SourceSpec(first.toString(), "preset:meta-business-suite", null,
        ZoneId.of("America/New_York"), Instant.parse("2026-07-02T12:00:00Z"))), false);
    Path warehouse = tmp.resolve("warehouse");
    Warehouse w = Warehouse.of(spark, warehouse.toString());
    // Posts publish first (one commit: the newer 1001_1 replaces its live row); then engagement's
    // publish fails, because its live data file is not Parquet any more.
    Path engagementFile;
    try (var files = Files.walk(warehouse.resolve("engagement/platform=facebook/published_month=2026-07"))) {
      engagementFile = files.filter(f -> f.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] saved = Files.readAllBytes(engagementFile);
    Files.writeString(engagementFile, "not parquet");

    SourceSpec later = new SourceSpec(second.toString(), "preset:meta-business-suite", null,
        ZoneId.of("America/New_York"), Instant.parse("2026-07-09T12:00:00Z"));
    assertThatThrownBy(() -> ingest(config(later), false)).hasStackTraceContaining(engagementFile.getFileName().toString());

    // The posts commit stands; the file is not in the ledger, and staging is cleared.
    assertThat(byKey(table(Tables.POSTS), "post_id").get("1001_1").<String>getAs("text")).isEqualTo("caption a2");
    long postsVersion = w.version(spark, Tables.POSTS);
    assertThat(warehouse.resolve("_staging")).isEmptyDirectory();
    assertThat(new IngestLedger(w).entries()).extracting(e -> e.path("path").asText())
        .noneMatch(path -> path.endsWith("second.csv"));

    Files.write(engagementFile, saved);
    IngestResult again = ingest(config(later), false);
    assertThat(again.recordsOk()).isEqualTo(2);
    Map<String, Row> posts = byKey(table(Tables.POSTS), "post_id");
    assertThat(posts).containsOnlyKeys("1001_1", "1001_2", "1001_3");
    assertThat(posts.get("1001_1").<String>getAs("text")).isEqualTo("caption a2");
    assertThat(table(Tables.ENGAGEMENT).count()).isEqualTo(4);
    // The rerun's posts were all live already: ties keep the live rows, so posts got no commit.
    assertThat(w.version(spark, Tables.POSTS)).isEqualTo(postsVersion);
  }

  @Test
  void manyFilesOfOneSourceAreReadTogetherAndEveryRecordKeepsItsOwnFileAndNumber() throws IOException {
    // Each post id names its file and record number; a multi-line caption and a short row (a
    // malformed record) sit among them. The second header orders its columns differently.
    String reordered = "\"Page ID\",\"Post ID\",\"Page name\",Title,Description,"
        + "\"Publish time\",Permalink,\"Post type\",Languages,\"Funded content status\",Views,Reach,"
        + "Reactions,Comments,Shares,\"Total clicks\"\n";
    String row = "%s,1001,Maison Lune,,\"caption\nline two\",07/01/2026 20:00,https://fb.example/1,Photos,en,,,100,3,0,0,0\n";
    String reorderedRow = "1001,%s,Maison Lune,,caption,07/02/2026 20:00,https://fb.example/2,Photos,en,,,100,3,0,0,0\n";
    List<String> names = List.of("a.csv", "b é.csv", "c.csv", "d.csv", "e.csv", "f.csv");
    Map<String, Integer> expectedRecords = new java.util.LinkedHashMap<>();
    for (int f = 0; f < names.size(); f++) {
      boolean other = f % 3 == 2;
      StringBuilder csv = new StringBuilder(other ? reordered : Fixtures.META_HEADER);
      int records = 3 + f;
      for (int r = 1; r <= records; r++) {
        String id = "f" + f + "_r" + r;
        if (r == 2 && f == 1) {
          csv.append(id).append(",1001,Maison Lune\n");
        } else {
          csv.append(String.format(other ? reorderedRow : row, id));
        }
      }
      write("many/" + names.get(f), csv.toString());
      expectedRecords.put(names.get(f), records);
    }
    Path folder = tmp.resolve("in/many");
    // Pack several small files into each partition, as Spark does with larger exports.
    String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
    spark.conf().set("spark.sql.files.openCostInBytes", "0");
    IngestResult r;
    try {
      r = ingest(config(meta(folder)), false);
    } finally {
      spark.conf().set("spark.sql.files.openCostInBytes", openCost);
    }

    assertThat(r.files()).extracting(f -> f.path().substring(f.path().lastIndexOf('/') + 1), IngestResult.FileCounts::recordsIn)
        .containsExactlyInAnyOrderElementsOf(expectedRecords.entrySet().stream()
            .map(e -> tuple(e.getKey(), (long) e.getValue())).toList());
    List<Row> posts = table(Tables.POSTS).collectAsList();
    assertThat(posts).hasSize(expectedRecords.values().stream().mapToInt(Integer::intValue).sum() - 1);
    for (Row p : posts) {
      String[] id = p.<String>getAs("post_id").substring(1).split("_r");
      assertThat(p.<String>getAs("source_file")).as(p.<String>getAs("post_id"))
          .isEqualTo("file:" + folder.resolve(names.get(Integer.parseInt(id[0]))));
      assertThat(p.<Long>getAs("record_number")).as(p.<String>getAs("post_id")).isEqualTo(Long.parseLong(id[1]));
    }
    assertThat(table(Tables.QUARANTINE).collectAsList()).singleElement().satisfies(q -> {
      assertThat(q.<String>getAs("source_file")).isEqualTo("file:" + folder.resolve("b é.csv"));
      assertThat(q.<Long>getAs("record_number")).isEqualTo(2L);
      assertThat(q.<String>getAs("reason_code")).isEqualTo("malformed_record");
    });
  }

  @Test
  void jsonLinesFilesReadTogetherInSplitsKeepEachLineNumber() throws IOException {
    // Pages of tweets whose ids name their file, line and item; a BOM, blank lines and a broken
    // line among them. Tiny splits cut every file into several, packed into shared partitions.
    String page = "{\"data\":[{\"id\":\"f%1$dl%2$di1\",\"text\":\"hello\",\"created_at\":\"2026-11-15T19:08:05.000Z\",\"author_id\":\"2002\"},"
        + "{\"id\":\"f%1$dl%2$di2\",\"text\":\"again\",\"created_at\":\"2026-11-16T10:00:00Z\",\"author_id\":\"2002\"}]}";
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < 3; f++) {
      StringBuilder jsonl = new StringBuilder(f == 0 ? "\uFEFF" : "");
      for (int line = 1; line <= 6 + f; line++) {
        if (line == 3) {
          jsonl.append("\n");
        } else if (line == 5 && f == 1) {
          jsonl.append("{\"data\":[{\"id\":\"cut\n");
        } else {
          jsonl.append(String.format(page, f, line)).append("\n");
        }
      }
      files.add(write("pages/p" + f + ".jsonl", jsonl.toString()));
    }
    SourceSpec x = new SourceSpec(tmp.resolve("in/pages").toString(), "preset:x-api-v2", null, null, OBSERVED);
    String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
    String maxBytes = spark.conf().get("spark.sql.files.maxPartitionBytes");
    spark.conf().set("spark.sql.files.openCostInBytes", "0");
    spark.conf().set("spark.sql.files.maxPartitionBytes", "300");
    IngestResult r;
    try {
      r = ingest(config(x), false);
    } finally {
      spark.conf().set("spark.sql.files.openCostInBytes", openCost);
      spark.conf().set("spark.sql.files.maxPartitionBytes", maxBytes);
    }

    assertThat(r.recordsIn()).isEqualTo(2 * (5 + 6 + 7) - 1);
    assertThat(r.recordsQuarantined()).isEqualTo(1);
    List<Row> posts = table(Tables.POSTS).collectAsList();
    assertThat(posts).hasSize(2 * (5 + 6 + 7) - 2);
    for (Row p : posts) {
      String id = p.getAs("post_id");
      int file = Character.getNumericValue(id.charAt(1));
      assertThat(p.<String>getAs("source_file")).as(id).isEqualTo("file:" + files.get(file));
      assertThat(p.<Long>getAs("record_number")).as(id)
          .isEqualTo(Long.parseLong(id.substring(id.indexOf('l') + 1, id.indexOf('i'))));
      assertThat(p.<Integer>getAs("record_item")).as(id).isEqualTo(id.charAt(id.length() - 1) - '0');
    }
    assertThat(table(Tables.QUARANTINE).collectAsList()).singleElement().satisfies(q -> {
      assertThat(q.<String>getAs("source_file")).isEqualTo("file:" + files.get(1));
      assertThat(q.<Long>getAs("record_number")).isEqualTo(5L);
    });
  }

  @Test
  void aFileWithMoreRejectsThanATaskKeepsHasThemAllQuarantinedOnceByASecondPass() throws IOException {
    String bad = "b%d,1001,Maison Lune,,negative,07/02/2026 10:00,https://fb.example/4,Reels,en,,,100,-5,1,1,1\n";
    String good = "g%d,1001,Maison Lune,,fine,07/02/2026 10:00,https://fb.example/5,Reels,en,,,100,5,1,1,1\n";
    int many = IngestJob.REJECTS_KEPT_PER_TASK + 5;
    StringBuilder overflowing = new StringBuilder(Fixtures.META_HEADER);
    for (int i = 1; i <= many; i++) {
      overflowing.append(String.format(bad, i));
    }
    write("overflow/a-many.csv", overflowing.toString());
    write("overflow/b-few.csv", Fixtures.META_HEADER + String.format(good, 1) + String.format(bad, -1)
        + String.format(good, 2) + String.format(bad, -2));
    // Both files in one task: the second pass reads only the overflowing file's rows.
    String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
    spark.conf().set("spark.sql.files.openCostInBytes", "0");
    IngestResult r;
    try {
      r = ingest(config(meta(tmp.resolve("in/overflow"))), false);
    } finally {
      spark.conf().set("spark.sql.files.openCostInBytes", openCost);
    }

    assertThat(r.recordsQuarantined()).isEqualTo(many + 2);
    List<Row> quarantine = table(Tables.QUARANTINE).collectAsList();
    assertThat(quarantine).hasSize(many + 2);
    assertThat(quarantine).filteredOn(q -> q.<String>getAs("source_file").endsWith("b-few.csv"))
        .extracting(q -> q.<Long>getAs("record_number")).containsExactlyInAnyOrder(2L, 4L);
    assertThat(quarantine).filteredOn(q -> q.<String>getAs("source_file").endsWith("a-many.csv"))
        .extracting(q -> q.<Long>getAs("record_number")).doesNotHaveDuplicates().hasSize(many)
        .allMatch(n -> n >= 1 && n <= many);
    assertThat(table(Tables.POSTS).count()).isEqualTo(2);
  }

  private static String META_HEADER_ROWS(String... rows) {
    return Fixtures.META_HEADER + String.join("", rows);
  }

  @Test
  void aFileOverTheBadRecordRatioFailsWithExitCode3AndPublishesNothing() throws IOException {
    Path file = write("facebook.csv", Fixtures.metaCsv());
    VeilleConfig strict = config(meta(file)).withMaxBadRatio(0.05);
    assertThatThrownBy(() -> ingest(strict, false))
        .isInstanceOf(DataQualityException.class)
        .hasMessageContaining("facebook.csv")
        .hasMessageContaining("5 of 8 records are bad")
        // Nothing is published, so the message itself shows the first bad records and why.
        .hasMessageContaining("First bad records: record 3 (bad_timestamp): ")
        .hasMessageContaining("31/02/2026 25:61")
        .hasMessageContaining("; record 4 (negative_count): ")
        .hasMessageNotContaining("record 6 (")
        .satisfies(e -> assertThat(((DataQualityException) e).exitCode()).isEqualTo(3));
    Warehouse w = Warehouse.of(spark, tmp.resolve("warehouse").toString());
    assertThat(w.hasTable(Tables.POSTS)).isFalse();
    assertThat(w.hasTable(Tables.QUARANTINE)).isFalse();
    // The failed run's manifest says why, and how far it went.
    try (var runs = Files.list(tmp.resolve("warehouse/_runs"))) {
      JsonNode manifest = Json.MAPPER.readTree(runs.findFirst().orElseThrow().resolve("manifest.json").toFile());
      assertThat(manifest.path("status").asText()).isEqualTo("failed_quality_gate");
      assertThat(manifest.path("exit_code").asInt()).isEqualTo(3);
      assertThat(manifest.path("error").asText()).contains("5 of 8 records are bad");
      List<String> phases = new ArrayList<>();
      manifest.path("phase_seconds").fieldNames().forEachRemaining(phases::add);
      assertThat(phases).containsExactly("plan", "stage");
    }
  }

  @Test
  void xApiPagesAreSplitIntoTweetsWithMediaFormatsAndBrokenLinesQuarantined() throws IOException {
    String page1 = "{\"data\":[{\"id\":\"11\",\"text\":\"Hello @someone #Spark &amp; more\",\"created_at\":\"2026-11-15T19:08:05.000Z\","
        + "\"author_id\":\"2002\",\"lang\":\"en\",\"public_metrics\":{\"retweet_count\":7,\"reply_count\":3,\"like_count\":41,"
        + "\"quote_count\":1,\"bookmark_count\":2,\"impression_count\":5012},"
        + "\"entities\":{\"hashtags\":[{\"start\":16,\"end\":22,\"tag\":\"Spark\"}],\"mentions\":[{\"start\":6,\"end\":14,\"username\":\"someone\",\"id\":\"9\"}]},"
        + "\"attachments\":{\"media_keys\":[\"3_1\"]}},"
        + "{\"id\":\"12\",\"text\":\"plain text\",\"created_at\":\"2026-11-16T10:00:00Z\",\"author_id\":\"2002\","
        + "\"public_metrics\":{\"retweet_count\":0,\"reply_count\":0,\"like_count\":1,\"quote_count\":0}}],"
        + "\"includes\":{\"media\":[{\"media_key\":\"3_0\",\"type\":\"video\"},{\"media_key\":\"3_1\",\"type\":\"photo\"}]},\"meta\":{\"result_count\":2}}";
    String broken = "{\"data\":[{\"id\":\"13\",\"text\":\"cut";
    String page3 = "{\"data\":[{\"id\":\"14\",\"text\":\"gif\",\"created_at\":\"yesterday\",\"author_id\":\"2002\"}],\"meta\":{}}";
    Path file = write("x.jsonl", "\uFEFF" + page1 + "\n" + broken + "\n\n" + page3 + "\n");
    IngestResult r = ingest(config(new SourceSpec(file.toString(), "preset:x-api-v2", null, null, OBSERVED)), false);

    assertThat(r.recordsIn()).isEqualTo(4);
    assertThat(r.recordsOk()).isEqualTo(2);
    assertThat(r.rejectReasons()).containsExactlyInAnyOrderEntriesOf(Map.of("malformed_record", 1L, "bad_timestamp", 1L));

    Map<String, Row> posts = byKey(table(Tables.POSTS), "post_id");
    Row t11 = posts.get("11");
    assertThat(t11.<String>getAs("platform")).isEqualTo("x");
    assertThat(t11.<String>getAs("format")).isEqualTo("image");
    assertThat(t11.<String>getAs("audience_timezone")).isEqualTo("America/New_York");
    assertThat(t11.<String>getAs("text")).startsWith("Hello @u_").endsWith("#Spark & more");
    assertThat(t11.getList(t11.fieldIndex("hashtags"))).containsExactly("spark");
    assertThat(t11.getList(t11.fieldIndex("mentions"))).singleElement().asString().startsWith("u_");
    assertThat(t11.<Long>getAs("record_number")).isEqualTo(1L);
    assertThat(t11.<Integer>getAs("record_item")).isEqualTo(1);
    assertThat(posts.get("12").<String>getAs("format")).isEqualTo("text");
    assertThat(posts.get("12").<Integer>getAs("record_item")).isEqualTo(2);

    Row e = byKey(table(Tables.ENGAGEMENT), "post_key").get("x:11");
    assertThat(e.<Long>getAs("shares")).isEqualTo(8L);
    assertThat(e.<Long>getAs("saves")).isEqualTo(2L);
    assertThat(e.<Long>getAs("impressions")).isEqualTo(5012L);

    List<Row> q = table(Tables.QUARANTINE).orderBy("record_number").collectAsList();
    assertThat(q).extracting(x -> x.<Long>getAs("record_number")).containsExactly(2L, 4L);
    assertThat(q.get(0).<String>getAs("raw")).isEqualTo(broken);
    assertThat(q.get(1).<Integer>getAs("record_item")).isEqualTo(1);
  }

  @Test
  void jsonDocumentsWithATopLevelArrayOrARecordsPathAreRead() throws IOException {
    Path mapping = write("youtube.yaml", String.join("\n",
        "platform: youtube", "source: {format: json, records: 'items[]'}", "timestamps: {format: epoch_millis}",
        "fields: {post_id: id, account_id: {value: chan}, published_at: ts, text: snippet.title,",
        "         video_views: stats.views, reactions: stats.likes, format: {value: video}}", ""));
    Path doc = write("youtube.json", "\uFEFF{\"items\": [\n  {\"id\": \"v1\", \"ts\": 1700000000000,"
        + " \"snippet\": {\"title\": \"Première vidéo ✨\"}, \"stats\": {\"views\": \"1200\", \"likes\": 31}},\n"
        + "  {\"id\": \"v2\", \"ts\": \"soon\", \"stats\": {}}\n]}\n");
    IngestResult r = ingest(config(new SourceSpec(doc.toString(), mapping.toString(), null, null, OBSERVED)), false);
    assertThat(r.rejectReasons()).as(r.toString()).containsExactly(Map.entry("bad_timestamp", 1L));
    assertThat(r.recordsIn()).isEqualTo(2);
    Row v1 = table(Tables.POSTS).collectAsList().get(0);
    assertThat(v1.<String>getAs("post_key")).isEqualTo("youtube:v1");
    assertThat(v1.<String>getAs("text")).isEqualTo("Première vidéo ✨");
    assertThat(v1.<Long>getAs("video_views")).isEqualTo(1200L);
    assertThat(v1.<Long>getAs("reactions")).isEqualTo(31L);
    assertThat(v1.<Instant>getAs("published_at")).isEqualTo(Instant.parse("2023-11-14T22:13:20Z"));
    assertThat(v1.<Integer>getAs("record_item")).isEqualTo(1);

    Path arrayMapping = write("array.yaml", String.join("\n",
        "platform: youtube", "source: {format: json}", "timestamps: {format: iso}",
        "fields: {post_id: id, account_id: {value: chan}, published_at: ts}", ""));
    Path array = write("array.json", "[{\"id\": \"a1\", \"ts\": \"2026-01-01T10:00:00Z\"},"
        + " {\"id\": \"a2\", \"ts\": \"2026-01-02T10:00:00Z\"}]");
    IngestResult r2 = ingest(config(new SourceSpec(array.toString(), arrayMapping.toString(), null, null, OBSERVED)), false);
    assertThat(r2.recordsOk()).isEqualTo(2);
    assertThat(table(Tables.POSTS).filter("post_id like 'a%'").orderBy("post_id").collectAsList())
        .extracting(p -> p.<Long>getAs("record_number")).containsExactly(1L, 2L);

    // Two documents files of one source, read together (packed into one partition): each
    // document keeps its number in its own file.
    write("arrays/b.json", "[{\"id\": \"b1\", \"ts\": \"2026-01-01T10:00:00Z\"}, {\"id\": \"b2\", \"ts\": \"2026-01-01T11:00:00Z\"},"
        + " {\"id\": \"b3\", \"ts\": \"2026-01-01T12:00:00Z\"}]");
    write("arrays/c.json", "[{\"id\": \"c1\", \"ts\": \"2026-01-02T10:00:00Z\"}, {\"id\": \"c2\", \"ts\": \"2026-01-02T11:00:00Z\"}]");
    String openCost = spark.conf().get("spark.sql.files.openCostInBytes");
    spark.conf().set("spark.sql.files.openCostInBytes", "0");
    try {
      ingest(config(new SourceSpec(tmp.resolve("in/arrays").toString(), arrayMapping.toString(), null, null, OBSERVED)), false);
    } finally {
      spark.conf().set("spark.sql.files.openCostInBytes", openCost);
    }
    assertThat(table(Tables.POSTS).filter("post_id like 'b%' or post_id like 'c%'").orderBy("post_id").collectAsList())
        .extracting(p -> p.<String>getAs("source_file").replaceAll(".*/", ""), p -> p.<Long>getAs("record_number"))
        .containsExactly(tuple("b.json", 1L), tuple("b.json", 2L), tuple("b.json", 3L),
            tuple("c.json", 1L), tuple("c.json", 2L));
  }

  @Test
  void commentsKeepNoHandleOfThePeopleWhoWroteThem() throws IOException {
    Path mapping = write("comments.yaml", String.join("\n",
        "table: comments", "source: {format: csv}", "timestamps: {format: iso}",
        "fields: {platform: platform, post_id: post, comment_id: id, created_at: at, author: author, text: text}", ""));
    Path file = write("comments.csv", "platform,post,id,at,author,text\n"
        + "facebook,1001_1,c1,2026-07-02T01:00:00Z,@Julie_M84,\"Love it @julie_m84, thanks @MaisonLune\"\n"
        + "facebook,1001_1,c2,2026-07-02T02:00:00+02:00,bob,meh\n"
        + "facebook,1001_1,,2026-07-02T02:00:00Z,bob,no id\n");
    IngestResult r = ingest(config(new SourceSpec(file.toString(), mapping.toString(), null, null, null)), false);
    assertThat(r.recordsOk()).isEqualTo(2);
    assertThat(r.recordsQuarantined()).isEqualTo(1);

    Map<String, Row> comments = byKey(table(Tables.COMMENTS), "comment_id");
    Row c1 = comments.get("c1");
    String pseudonym = c1.getAs("author_pseudonym");
    assertThat(pseudonym).matches("u_[0-9a-f]{16}");
    assertThat(c1.<String>getAs("text")).isEqualTo("Love it @" + pseudonym + ", thanks @maisonlune");
    assertThat(c1.<String>getAs("post_key")).isEqualTo("facebook:1001_1");
    assertThat(comments.get("c2").<Instant>getAs("created_at")).isEqualTo(Instant.parse("2026-07-02T00:00:00Z"));
    assertThat(table(Tables.COMMENTS).toJSON().collectAsList().toString()).doesNotContainIgnoringCase("julie");
  }

  @Test
  void aRequiredColumnMissingFromTheFileIsAConfigErrorNamingIt() throws IOException {
    Path file = write("bad.csv", "\"Page ID\",\"Publish time\"\n1,07/01/2026 20:00\n");
    assertThatThrownBy(() -> ingest(config(meta(file)), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.csv")
        .hasMessageContaining("\"Post ID\"")
        .hasMessageContaining("[Page ID, Publish time]");
  }

  @Test
  void aPatternWithoutOffsetNeedsAZone() throws IOException {
    Path file = write("facebook.csv", Fixtures.metaCsv());
    VeilleConfig noZone = config(new SourceSpec(file.toString(), "preset:meta-business-suite", null, null, OBSERVED));
    assertThatThrownBy(() -> new IngestJob(noZone, false).validate())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.sources[0]")
        .hasMessageContaining("timestamp_zone");
  }

  @Test
  void postsWithNoAccountToTakeAreAConfigErrorBeforeAnyRecordIsRead() throws IOException {
    // No account_id column: each post takes the config's only account on its platform.
    Path mapping = write("linkedin.yaml", String.join("\n", "name: linkedin-export", "table: posts",
        "platform: linkedin", "source: {format: csv}", "timestamps: {format: iso}",
        "fields: {post_id: id, published_at: date}", ""));
    SourceSpec linkedin = new SourceSpec(write("linkedin.csv", "id,date\n1,2026-07-01T10:00:00Z\n").toString(),
        mapping.toString(), null, null, OBSERVED);
    assertThatThrownBy(() -> new IngestJob(config(linkedin), false).validate())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("No account for the posts of ingest.sources[0]")
        .hasMessageContaining("maps no account_id and the config has no linkedin account")
        .hasMessageContaining("{value: \"...\"}");
    // The same source as x, whose one account it takes, is fine.
    SourceSpec asX = new SourceSpec(linkedin.path(), mapping.toString(), "x", null, OBSERVED);
    new IngestJob(config(asX), false).validate();
    assertThat(ingest(config(asX), false).recordsOk()).isEqualTo(1);

    // Every other way a post finds its account passes the check.
    List<Account> twoOnX = List.of(ACCOUNTS.get(1),
        new Account("x", "2003", "maisonlune_fr", ZoneId.of("Europe/Paris"), List.of("maisonlune_fr")));
    VeilleConfig two = new VeilleConfig(tmp.resolve("warehouse").toString(), SALT, twoOnX, ZoneId.of("UTC"), 1.0,
        List.of(asX));
    assertThatThrownBy(() -> new IngestJob(two, false).validate())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the config has more than one x account")
        .hasMessageContaining("or account_name to choose among them");
    for (String fields : List.of("{post_id: id, published_at: date, account_id: {value: \"2002\"}}",
        "{post_id: id, published_at: date, account_name: name}",
        "{post_id: id, published_at: date, platform: network}")) {
      Path other = write("other-" + Integer.toHexString(fields.hashCode()) + ".yaml", String.join("\n",
          "name: other", "table: posts", "platform: x", "source: {format: csv}", "timestamps: {format: iso}",
          "fields: " + fields, ""));
      SourceSpec source = new SourceSpec(linkedin.path(), other.toString(), null, null, OBSERVED);
      new IngestJob(new VeilleConfig(tmp.resolve("warehouse").toString(), SALT, twoOnX, ZoneId.of("UTC"), 1.0,
          List.of(source)), false).validate();
    }
  }

  @Test
  void aMisspeltColumnIsNamedWithTheColumnItMostLikelyMeant() throws IOException {
    Path file = write("sellers.csv", "status_id,status_published,num_reactions\n1,2026-07-01T10:00:00Z,5\n");
    IngestResult r = ingest(config(sellers(file, "post_id: status_id, published_at: status_published,"
        + " reactions: num_reaction")), false);
    // An optional field is left empty, with a note that points at the typo.
    assertThat(r.recordsOk()).isEqualTo(1);
    assertThat(r.notes()).singleElement().asString()
        .endsWith("sellers.csv: no column \"num_reaction\", so reactions is left empty (did you mean \"num_reactions\"?)");
    // A required one is a config error with the same hint (names match exactly, case included);
    // a name too far from every column gets none.
    assertThatThrownBy(() -> ingest(config(sellers(file, "post_id: Status_ID, published_at: status_published")), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no column \"Status_ID\" for required field post_id (mapping ")
        .hasMessageContaining("(did you mean \"status_id\"?). Its columns are: [status_id, status_published, num_reactions]");
    assertThatThrownBy(() -> ingest(config(sellers(file, "post_id: status_id, published_at: published")), true))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no column \"published\" for required field published_at (mapping ")
        .hasMessageNotContaining("did you mean");
    assertThat(RawRecords.closestColumn("Post Id", List.of("Page ID", "Post ID", "Permalink"))).isEqualTo("Post ID");
    assertThat(RawRecords.closestColumn("likes", List.of("Reactions", "Comments"))).isNull();
  }

  @Test
  void aFrenchLocaleExportIsReadWithItsMappingAloneAndItsBadValuesAreQuarantinedByName() throws IOException {
    // As a French-locale spreadsheet saves it: a byte-order mark, ";" between fields, French
    // headers with accents, the timestamp split into Date and Heure, counts grouped by no-break and
    // narrow no-break spaces or abbreviated with a decimal comma.
    Path file = write("export-fr.csv", "\uFEFFIdentifiant de la publication;Date;Heure;Texte;Réactions;Partages;Couverture\n"
        + "p1;17/05/2022;12:29;Nouveau coussin en lin;1\u00a0234;1,2 k;12\u202f345\n"
        + "p2;18/05/2022;09:05;Bougie parfumée;3,4 M;0;1.234\n"
        + "p3;17/05/2022;;sans heure;1;1;1\n"
        + "p4;31/02/2022;10:00;date impossible;1;1;1\n"
        + "p5;19/05/2022;10:00;virgule anglaise;1,234;1;1\n"
        + "p6;19/05/2022;10:00;pas entier;1;1,5;1\n"
        + "p7;;;sans date;1;1;1\n");
    Path mapping = write("export-fr.yaml", String.join("\n", "name: export-fr", "table: posts", "platform: facebook",
        "source: {format: csv, delimiter: ';'}", "numbers: {locale: fr}", "timestamps: {zone: Europe/Paris}",
        "fields:", "  post_id: Identifiant de la publication", "  account_id: {value: \"1001\"}",
        "  published_at: {date: Date, time: Heure, format: \"dd/MM/yyyy HH:mm\"}", "  text: Texte",
        "  reactions: Réactions", "  shares: Partages", "  reach: Couverture", ""));
    IngestResult r = ingest(config(new SourceSpec(file.toString(), mapping.toString(), null, null, OBSERVED)), false);

    assertThat(r.recordsIn()).isEqualTo(7);
    assertThat(r.recordsOk()).isEqualTo(2);
    Map<String, Row> posts = byKey(table(Tables.POSTS), "post_id");
    // 12:29 in Paris (CEST, UTC+2) on 17 May.
    assertThat(posts.get("p1").<Instant>getAs("published_at")).isEqualTo(Instant.parse("2022-05-17T10:29:00Z"));
    assertThat(posts.get("p2").<Instant>getAs("published_at")).isEqualTo(Instant.parse("2022-05-18T07:05:00Z"));
    Map<String, Row> engagement = byKey(table(Tables.ENGAGEMENT), "post_key");
    Row e1 = engagement.get("facebook:p1");
    assertThat(List.of(e1.<Long>getAs("reactions"), e1.<Long>getAs("shares"), e1.<Long>getAs("reach")))
        .containsExactly(1234L, 1200L, 12345L);
    Row e2 = engagement.get("facebook:p2");
    assertThat(List.of(e2.<Long>getAs("reactions"), e2.<Long>getAs("shares"), e2.<Long>getAs("reach")))
        .containsExactly(3_400_000L, 0L, 1234L);

    List<Row> quarantine = table(Tables.QUARANTINE).orderBy("record_number").collectAsList();
    assertThat(quarantine).extracting(q -> q.<String>getAs("reason_code"), q -> q.<String>getAs("reason"))
        .containsExactly(
            tuple("bad_timestamp", "published_at: the time column Heure is empty (date \"17/05/2022\")"),
            tuple("bad_timestamp", "published_at: \"31/02/2022 10:00\" is not a timestamp in format dd/MM/yyyy HH:mm"),
            tuple("bad_number", "reactions: \"1,234\" is not a whole number (counts are read with a decimal comma,"
                + " thousands grouped by space or dot; with numbers.decimal: \".\" it reads 1234)"),
            tuple("bad_number", "shares: \"1,5\" is not a whole number (counts are read with a decimal comma,"
                + " thousands grouped by space or dot)"),
            tuple("missing_value", "published_at is empty"));
    assertThat(quarantine.get(0).<String>getAs("raw"))
        .contains("\"post_id\":\"p3\",\"published_at\":\"17/05/2022 \",\"text\":\"sans heure\"");
  }

  /** {@code file} with a CSV mapping of X posts whose {@code fields} are given (YAML flow map body). */
  private SourceSpec sellers(Path file, String fields) throws IOException {
    Path mapping = write("sellers-" + Integer.toHexString(fields.hashCode()) + ".yaml", String.join("\n",
        "name: sellers", "table: posts", "platform: x", "source: {format: csv}", "timestamps: {format: iso}",
        "fields: {" + fields + "}", ""));
    return new SourceSpec(file.toString(), mapping.toString(), null, null, OBSERVED);
  }

  private static List<Row> sorted(Dataset<Row> rows) {
    List<Row> list = new ArrayList<>(rows.collectAsList());
    list.sort((a, b) -> a.toString().compareTo(b.toString()));
    return list;
  }
}
