package dev.veille.analytics;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import dev.veille.common.Handles;
import dev.veille.common.ModerationVocabulary;
import dev.veille.common.Tables;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the report shows of moderation for a night: the queue (comments of the last
 * {@code queue_days} whose action is not {@code keep}, most urgent first), the counts per account and
 * action, and the response KPIs per account. A pure function of the warehouse tables, so
 * {@code veille moderate} and the report write the same moderation.csv.
 *
 * <p>Queue order: toxic comments first, then complaints, questions, spam; within a kind, comments
 * under fresh posts (published less than {@code fresh_hours} before the cutoff) first, then the
 * newest post, then the comment waiting longest.
 *
 * <p>Response KPIs count the questions of the last {@code kpi_days} and the brand's replies (comments
 * by the brand's handles) under the same post after them: the share answered, the median time to
 * the first answer, and the questions older than 24 hours with no answer yet. The export links no
 * reply to its question, so the first brand comment under the post after a question is taken as its
 * answer. An account whose export holds no brand reply at all gets no KPI (a note says why): zero
 * answers there means the export lacks them, not that nobody answered.
 *
 * <p>Shared by the moderation stage (its moderation.csv) and the report (its moderation section), so
 * it reads the moderation table (written by the moderation stage) through {@link Tables} only.
 */
public final class ModerationReport {

  /**
   * What the queue and the KPIs read of the {@code moderation:} section (the moderation stage's
   * settings implement it): the freshness, queue and KPI windows, and the queue rows report.html shows.
   */
  public interface Settings {
    int freshHours();

    int queueDays();

    int queueTop();

    int kpiDays();
  }

  /** The documented defaults of those keys (docs/moderation.md). */
  public record Windows(int freshHours, int queueDays, int queueTop, int kpiDays) implements Settings {}

  public static final Settings DEFAULTS = new Windows(48, 7, 20, 28);

  /** One comment of the queue. */
  public record QueueItem(int rank, String action, List<String> labels, String reason, String account,
      String platform, String postUrl, Instant postPublishedAt, String commentKey, Instant createdAt, String author,
      String text, double toxic, double spam, boolean freshPost) {}

  /** Counts and KPIs of one account. */
  public record AccountStats(String account, String platform, Map<String, Long> byAction, long questions,
      Long answered, Double answeredShare, Double medianHoursToAnswer, Long unansweredOver24h, long brandReplies) {}

  public record Report(Instant cutoff, List<QueueItem> queue, List<AccountStats> accounts, boolean ran) {
    public static Report empty(Instant cutoff) {
      return new Report(cutoff, List.of(), List.of(), false);
    }
  }

  public static final String CSV_HEADER = "rank,action,labels,reason,account,platform,post_url,post_published_at,"
      + "comment_key,created_at,author_pseudonym,text,toxic_score,spam_score";

  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);

  private ModerationReport() {}

  public static Report read(SparkSession spark, Warehouse wh, VeilleConfig config, Settings s,
      Instant cutoff) {
    if (!wh.hasTable(Tables.MODERATION) || !wh.hasTable(Tables.COMMENTS)) {
      return Report.empty(cutoff);
    }
    Instant from = cutoff.minus(Duration.ofDays(Math.max(s.queueDays(), s.kpiDays())));
    Instant queueFrom = cutoff.minus(Duration.ofDays(s.queueDays()));
    Column queueWindow = col("created_at").geq(lit(queueFrom));
    // build() uses the rows of the queue's window (counts, queue) and the questions of the KPI
    // window, and shows the text of the queue's rows only: only those rows come to the driver, and
    // only the queue's with their text, rather than every comment of the KPI window with its text,
    // twice a night (the stage and the report).
    Dataset<Row> mod = wh.read(spark, Tables.MODERATION)
        .filter(col("created_month").geq(lit(MONTH.format(from))).and(col("created_month").leq(lit(MONTH.format(cutoff)))))
        .filter(col("created_at").geq(lit(from)).and(col("created_at").lt(lit(cutoff))))
        .filter(queueWindow.or(array_contains(col("labels"), ModerationVocabulary.QUESTION)
            .and(col("created_at").geq(lit(cutoff.minus(Duration.ofDays(s.kpiDays())))))));
    Column queued = queueWindow.and(col("action").notEqual(lit(ModerationVocabulary.KEEP)));
    Dataset<Row> comments = wh.read(spark, Tables.COMMENTS)
        .filter(col("created_month").geq(lit(MONTH.format(from))).and(col("created_month").leq(lit(MONTH.format(cutoff)))))
        .filter(col("created_at").geq(lit(from)).and(col("created_at").lt(lit(cutoff))));
    Dataset<Row> posts = wh.read(spark, Tables.POSTS).select(col("post_key").as("_pk"), col("url"),
        col("published_at"), col("account_id"), col("account_name"), col("platform").as("_platform"));

    // Only the rows of the window, with the post's columns: few on a night. They are collected, so
    // their post keys fit in memory: broadcast, they cut posts as it is read instead of every post
    // being shuffled to meet a month of comments.
    Dataset<Row> windowPosts = posts.join(broadcast(mod.select(col("post_key").as("_wpk")).distinct()),
        col("_pk").equalTo(col("_wpk")), "left_semi");
    // Text and author are shown for the queue's rows, which are all of its window: only that
    // window's comments are read for them.
    Dataset<Row> queueComments = comments.filter(col("created_month").geq(lit(MONTH.format(queueFrom)))
        .and(col("created_at").geq(lit(queueFrom))));
    List<Row> rows = mod.join(queueComments.select(col("comment_key").as("_ck"), col("text"), col("author_pseudonym")),
            col("comment_key").equalTo(col("_ck")), "left")
        .join(windowPosts, col("post_key").equalTo(col("_pk")), "left")
        .select(col("comment_key"), col("post_key"), col("created_at"), col("labels"), col("scores"), col("action"),
            col("reasons"), col("platform"), when(queued, col("text")).as("text"), col("author_pseudonym"), col("url"),
            col("published_at"), col("account_id"), col("account_name"))
        .collectAsList();
    Set<String> brand = Handles.ofAccounts(config.accounts());
    List<Row> brandRows = brand.isEmpty() ? List.of() : comments.filter(col("author_pseudonym").isin(brand.toArray()))
        .select("post_key", "created_at").collectAsList();
    Map<String, List<Instant>> replies = new HashMap<>();
    for (Row r : brandRows) {
      replies.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(instant(r.get(1)));
    }
    Map<String, String> names = new HashMap<>();
    config.accounts().forEach(a -> names.put(a.platform() + "|" + a.id(), a.name()));
    Map<String, Long> brandByAccount = new HashMap<>();
    if (!brandRows.isEmpty()) {
      for (Row r : comments.filter(col("author_pseudonym").isin(brand.toArray()))
          .join(posts, col("post_key").equalTo(col("_pk"))).groupBy("_platform", "account_id").count()
          .collectAsList()) {
        brandByAccount.put(r.getString(0) + "|" + r.getString(1), r.getLong(2));
      }
    }
    return build(rows, replies, brandByAccount, names, cutoff, s);
  }

  /** The report from the joined rows (see {@link #read}); separate so that tests need no warehouse. */
  static Report build(List<Row> rows, Map<String, List<Instant>> replies, Map<String, Long> brandByAccount,
      Map<String, String> names, Instant cutoff, Settings s) {
    Instant queueFrom = cutoff.minus(Duration.ofDays(s.queueDays()));
    Instant kpiFrom = cutoff.minus(Duration.ofDays(s.kpiDays()));
    Instant freshFrom = cutoff.minus(Duration.ofHours(s.freshHours()));
    List<QueueItem> queue = new ArrayList<>();
    Map<String, Map<String, Long>> byAction = new TreeMap<>();
    Map<String, long[]> questions = new TreeMap<>();
    Map<String, List<Double>> delays = new HashMap<>();
    Map<String, String[]> accountOf = new HashMap<>();
    for (Row r : rows) {
      Instant created = instant(r.getAs("created_at"));
      String platform = r.getAs("platform");
      String accountId = r.getAs("account_id");
      String accKey = platform + "|" + (accountId == null ? "?" : accountId);
      String accName = names.getOrDefault(accKey, r.getAs("account_name") == null ? accountId : r.getAs("account_name"));
      accountOf.put(accKey, new String[] {accName == null ? "(unknown account)" : accName, platform});
      List<String> labels = r.getList(r.fieldIndex("labels"));
      String action = r.getAs("action");
      if (!created.isBefore(queueFrom)) {
        byAction.computeIfAbsent(accKey, k -> new TreeMap<>()).merge(action, 1L, Long::sum);
        if (!ModerationVocabulary.KEEP.equals(action)) {
          Instant published = instant(r.getAs("published_at"));
          scala.collection.Map<String, Object> sc = r.getMap(r.fieldIndex("scores"));
          List<String> reasons = r.getList(r.fieldIndex("reasons"));
          queue.add(new QueueItem(0, action, labels, String.join("; ", reasons), accName, platform, r.getAs("url"),
              published, r.getAs("comment_key"), created, r.getAs("author_pseudonym"), r.getAs("text"),
              score(sc, "toxic"), score(sc, "spam"), published != null && !published.isBefore(freshFrom)));
        }
      }
      if (labels.contains(ModerationVocabulary.QUESTION) && !created.isBefore(kpiFrom)) {
        long[] q = questions.computeIfAbsent(accKey, k -> new long[3]);
        q[0]++;
        Instant first = replies.getOrDefault(r.<String>getAs("post_key"), List.of()).stream()
            .filter(t -> t.isAfter(created)).min(Comparator.naturalOrder()).orElse(null);
        if (first != null) {
          q[1]++;
          delays.computeIfAbsent(accKey, k -> new ArrayList<>()).add(Duration.between(created, first).toMinutes() / 60.0);
        } else if (!created.isAfter(cutoff.minus(Duration.ofHours(24)))) {
          q[2]++;
        }
      }
    }
    queue.sort(ORDER);
    List<QueueItem> ranked = new ArrayList<>(queue.size());
    for (int i = 0; i < queue.size(); i++) {
      QueueItem q = queue.get(i);
      ranked.add(new QueueItem(i + 1, q.action(), q.labels(), q.reason(), q.account(), q.platform(), q.postUrl(),
          q.postPublishedAt(), q.commentKey(), q.createdAt(), q.author(), q.text(), q.toxic(), q.spam(), q.freshPost()));
    }
    List<AccountStats> accounts = new ArrayList<>();
    java.util.TreeSet<String> keys = new java.util.TreeSet<>(byAction.keySet());
    keys.addAll(questions.keySet());
    for (String k : keys) {
      String[] an = accountOf.get(k);
      long[] q = questions.getOrDefault(k, new long[3]);
      long brand = brandByAccount.getOrDefault(k, 0L);
      boolean hasReplies = brand > 0;
      List<Double> d = delays.getOrDefault(k, List.of());
      accounts.add(new AccountStats(an[0], an[1], byAction.getOrDefault(k, Map.of()), q[0],
          hasReplies ? q[1] : null, hasReplies && q[0] > 0 ? round(q[1] / (double) q[0]) : null,
          hasReplies && !d.isEmpty() ? Math.round(median(d) * 10) / 10.0 : null, hasReplies ? q[2] : null, brand));
    }
    return new Report(cutoff, ranked, accounts, true);
  }

  /** Four decimals, as the moderation metrics round. */
  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  /** A timestamp cell as an instant, whichever of Spark's Java datetime APIs the session uses. */
  static Instant instant(Object cell) {
    if (cell == null) {
      return null;
    }
    return cell instanceof Timestamp t ? t.toInstant() : (Instant) cell;
  }

  private static double score(scala.collection.Map<String, Object> m, String key) {
    if (m == null) {
      return 0;
    }
    scala.Option<Object> v = m.get(key);
    return v.isDefined() ? ((Number) v.get()).doubleValue() : 0;
  }

  static double median(List<Double> values) {
    List<Double> s = new ArrayList<>(values);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** Urgency of a queue item's kind: toxic, complaint, question, spam. */
  static int kindRank(QueueItem q) {
    if (q.labels().contains(ModerationVocabulary.TOXIC)) {
      return 0;
    }
    if (q.labels().contains(ModerationVocabulary.COMPLAINT)) {
      return 1;
    }
    if (q.labels().contains(ModerationVocabulary.QUESTION) && !q.labels().contains(ModerationVocabulary.SPAM)) {
      return 2;
    }
    return 3;
  }

  static final Comparator<QueueItem> ORDER = Comparator.<QueueItem>comparingInt(ModerationReport::kindRank)
      .thenComparing(q -> !q.freshPost())
      .thenComparing(QueueItem::postPublishedAt, Comparator.nullsLast(Comparator.reverseOrder()))
      .thenComparing(QueueItem::createdAt)
      .thenComparing(QueueItem::commentKey);

  /** {@code moderation.csv}: the queue, most urgent first; RFC 4180, CRLF. */
  public static String csv(List<QueueItem> queue) {
    StringBuilder sb = new StringBuilder();
    try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.split(",")).get())) {
      for (QueueItem q : queue) {
        p.printRecord(q.rank(), q.action(), String.join(" ", q.labels()), q.reason(), q.account(), q.platform(),
            q.postUrl(), q.postPublishedAt(), q.commentKey(), q.createdAt(), q.author(), q.text(), q.toxic(), q.spam());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the moderation queue as CSV", e);
    }
    return sb.toString();
  }
}
