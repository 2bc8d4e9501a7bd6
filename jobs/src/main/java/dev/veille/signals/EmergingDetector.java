package dev.veille.signals;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_timestamp;
import static org.apache.spark.sql.functions.when;

import dev.veille.common.alerts.Alert;
import dev.veille.common.alerts.Severity;
import dev.veille.text.TopicTokenizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.AlternativeHypothesis;
import org.apache.commons.math3.stat.inference.BinomialTest;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Emerging theme: terms, hashtags and themes whose share of an account's posts bursts in the last
 * {@code emerging.window_days} against the {@code emerging.baseline_days} before, including terms never
 * seen before.
 *
 * <p>Needs {@link SignalInputs#posts()} and {@link SignalInputs#themes()}. Candidates are each post's
 * distinct words and hashtags (the themes' tokenizer: stop words out) and its theme. Shares, not volumes,
 * are compared, so an account that posts more (or whose collection resumes after a gap) does not make every
 * term emerge: for a candidate in {@code n} of the window's {@code N} posts and {@code b} of the baseline's
 * {@code B}, the baseline share is {@code (b + 0.5) / (B + 1)} (a never-seen term gets half a post), and it
 * alerts when {@code n >= emerging.min_count}, {@code n/N >= emerging.min_ratio} x that share, and the
 * one-sided binomial p-value is under {@code emerging.alpha} divided by the number of candidates tested
 * (Bonferroni). A window of whole weeks makes weekly rhythms cancel. An account whose baseline has posts in
 * fewer than {@code emerging.min_coverage} of its weeks has no baseline (a collection gap): nothing emerges.
 * Candidates carried by the same posts (half or more of the smaller set) are one alert. Severity:
 * {@code warning} from 3 x min_count posts and 2 x min_ratio, else {@code info}.
 */
public final class EmergingDetector {
  private EmergingDetector() {}

  static final String THEME_PREFIX = "theme:";

  /** One candidate's counts. */
  public record Candidate(String platform, String accountId, String term, long window, long baseline,
      Instant firstSeen, List<String> windowPosts, String themeLabel) {}

  /** An account's totals: posts in the window and the baseline, baseline weeks with posts, candidates tested. */
  public record AccountTotals(String platform, String accountId, String accountName, long windowPosts,
      long baselinePosts, long baselineWeeksCovered, long tested) {}

  public record Counts(List<Candidate> candidates, List<AccountTotals> accounts) {}

  /** Counts per account and candidate, in Spark; only candidates with at least {@code min_count} window posts come back. */
  public static Counts count(SignalInputs in, Instant historyStart, Instant windowStart, int minCount) {
    UserDefinedFunction terms = org.apache.spark.sql.functions.udf((UDF2<String, scala.collection.Seq<String>,
        String[]>) (text, tags) -> {
          List<String> tagList = tags == null ? List.of() : scala.jdk.javaapi.CollectionConverters.asJava(tags);
          return new java.util.LinkedHashSet<>(Holder.TOKENIZER.tokens(text, tagList)).toArray(String[]::new);
        }, DataTypes.createArrayType(DataTypes.StringType));
    Dataset<Row> themes = in.themes().select(col("post_key").as("_tk"), col("theme_id"), col("theme_label"));
    Dataset<Row> posts = in.posts().filter(col("published_at").geq(lit(historyStart)))
        .join(themes, col("post_key").equalTo(col("_tk")), "left")
        .withColumn("_win", col("published_at").geq(lit(windowStart)));
    // Each post lists a term once (a set, and its theme once), so sums count posts.
    Dataset<Row> exploded = posts.select(col("platform"), col("account_id"), col("post_key"), col("published_at"),
        col("_win").cast("int").as("_w"), col("theme_label"),
        explode(org.apache.spark.sql.functions.array_union(terms.apply(col("text"), col("hashtags")),
            when(col("theme_id").isNotNull(),
                org.apache.spark.sql.functions.array(concat(lit(THEME_PREFIX), col("theme_id"))))
                .otherwise(org.apache.spark.sql.functions.array().cast("array<string>")))).as("term"));
    // The counts alone, in a hash aggregation over every (account, term) row. The window's posts and
    // the theme's label are gathered afterwards for the candidate terms only: an aggregation holding
    // a list or a string sorts its rows, and on a year of a million posts sorting the ~3 million
    // rows of the 63 days took most of the detector's time.
    List<Row> counted = exploded.groupBy("platform", "account_id", "term").agg(
            sum(col("_w")).as("n"),
            sum(lit(1).minus(col("_w"))).as("b"),
            min("published_at").as("first_seen"))
        .filter(col("n").geq(minCount)).collectAsList();
    Map<List<String>, Row> windowOf = new HashMap<>();
    if (!counted.isEmpty()) {
      StructType keySchema = new StructType()
          .add("_cp", DataTypes.StringType).add("_ca", DataTypes.StringType).add("_ct", DataTypes.StringType);
      List<Row> keys = new ArrayList<>();
      counted.forEach(r -> keys.add(RowFactory.create(r.getString(0), r.getString(1), r.getString(2))));
      Dataset<Row> wanted = broadcast(exploded.sparkSession().createDataFrame(keys, keySchema));
      Dataset<Row> inWindow = exploded.filter(col("_w").equalTo(1))
          .join(wanted, col("platform").eqNullSafe(col("_cp")).and(col("account_id").eqNullSafe(col("_ca")))
              .and(col("term").equalTo(col("_ct"))), "left_semi")
          .groupBy("platform", "account_id", "term").agg(
              collect_list(col("post_key")).as("posts"),
              first(when(col("term").startsWith(THEME_PREFIX), col("theme_label")), true).as("label"));
      for (Row r : inWindow.collectAsList()) {
        windowOf.put(List.of(r.getString(0), r.getString(1), r.getString(2)), r);
      }
    }
    List<Candidate> candidates = new ArrayList<>();
    Map<String, Long> tested = new TreeMap<>();
    for (Row r : counted) {
      Row w = windowOf.get(List.of(r.getString(0), r.getString(1), r.getString(2)));
      List<String> keys = w == null ? new ArrayList<>() : new ArrayList<>(w.getList(w.fieldIndex("posts")));
      keys.sort(null);
      candidates.add(new Candidate(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getLong(4),
          r.getAs(5), keys, w == null ? null : w.getString(w.fieldIndex("label"))));
      tested.merge(r.getString(0) + "|" + r.getString(1), 1L, Long::sum);
    }
    candidates.sort(Comparator.comparing(Candidate::platform).thenComparing(Candidate::accountId)
        .thenComparing(Candidate::term));
    long windowSeconds = windowStart.getEpochSecond();
    Dataset<Row> perAccount = posts.groupBy("platform", "account_id").agg(
        sum(col("_win").cast("int")).as("nw"),
        sum(lit(1).minus(col("_win").cast("int"))).as("nb"),
        countDistinct(when(col("_win").equalTo(false),
            floor(lit(windowSeconds).minus(unix_timestamp(col("published_at"))).divide(7 * 86_400)))).as("weeks"));
    // From the posts alone: the theme join above adds nothing to a name.
    Map<String, String> names = SignalInputs.latestNames(
        in.posts().filter(col("published_at").geq(lit(historyStart))), "published_at");
    List<AccountTotals> accounts = new ArrayList<>();
    for (Row r : perAccount.select("platform", "account_id", "nw", "nb", "weeks").collectAsList()) {
      String key = r.getString(0) + "|" + r.getString(1);
      accounts.add(new AccountTotals(r.getString(0), r.getString(1), names.get(key), r.getLong(2), r.getLong(3),
          r.getLong(4), tested.getOrDefault(key, 0L)));
    }
    return new Counts(candidates, accounts);
  }

  /** The emerging-theme alerts of a night, before incidents (pure). */
  public static List<Alert> detect(Counts counts, Map<String, String[]> postInfo, Instant windowStart,
      Instant cutoff, LocalDate date, SignalsSettings.Emerging s, Map<String, String> accountNames) {
    Map<String, AccountTotals> totals = new TreeMap<>();
    counts.accounts().forEach(a -> totals.put(a.platform() + "|" + a.accountId(), a));
    int baselineWeeks = (s.baselineDays() + 6) / 7;
    Map<String, List<Scored>> passing = new TreeMap<>();
    for (Candidate c : counts.candidates()) {
      AccountTotals a = totals.get(c.platform() + "|" + c.accountId());
      if (a == null || a.windowPosts() == 0 || a.tested() == 0
          || a.baselineWeeksCovered() < s.minCoverage() * baselineWeeks) {
        continue;
      }
      double base = (c.baseline() + 0.5) / (a.baselinePosts() + 1.0);
      double share = c.window() / (double) a.windowPosts();
      double ratio = share / base;
      if (c.window() < s.minCount() || ratio < s.minRatio()) {
        continue;
      }
      double p = new BinomialTest().binomialTest((int) a.windowPosts(), (int) c.window(), Math.min(base, 1.0),
          AlternativeHypothesis.GREATER_THAN);
      if (p >= s.alpha() / a.tested()) {
        continue;
      }
      passing.computeIfAbsent(c.platform() + "|" + c.accountId(), k -> new ArrayList<>())
          .add(new Scored(c, share, base, ratio, p));
    }
    List<Alert> out = new ArrayList<>();
    for (Map.Entry<String, List<Scored>> e : passing.entrySet()) {
      AccountTotals a = totals.get(e.getKey());
      List<Scored> list = e.getValue();
      // Themes lead their words; then the most significant, then the strongest, then by name.
      list.sort(Comparator.comparing((Scored x) -> !x.c().term().startsWith(THEME_PREFIX))
          .thenComparingDouble(Scored::p).thenComparing(Comparator.comparingDouble(Scored::ratio).reversed())
          .thenComparing(x -> x.c().term()));
      List<List<Scored>> groups = new ArrayList<>();
      for (Scored x : list) {
        List<Scored> home = null;
        for (List<Scored> g : groups) {
          if (overlap(g.get(0).c().windowPosts(), x.c().windowPosts()) >= 0.5) {
            home = g;
            break;
          }
        }
        if (home == null) {
          groups.add(new ArrayList<>(List.of(x)));
        } else {
          home.add(x);
        }
      }
      for (List<Scored> g : groups) {
        out.add(alert(g, a, postInfo, windowStart, cutoff, date, s, accountNames));
      }
    }
    return out;
  }

  private record Scored(Candidate c, double share, double base, double ratio, double p) {}

  private static double overlap(List<String> a, List<String> b) {
    Set<String> small = new HashSet<>(a.size() <= b.size() ? a : b);
    List<String> large = a.size() <= b.size() ? b : a;
    if (small.isEmpty()) {
      return 0;
    }
    long common = large.stream().filter(small::contains).count();
    return common / (double) small.size();
  }

  private static Alert alert(List<Scored> g, AccountTotals a, Map<String, String[]> postInfo, Instant windowStart,
      Instant cutoff, LocalDate date, SignalsSettings.Emerging s, Map<String, String> accountNames) {
    Scored lead = g.get(0);
    String themeId = null;
    String themeLabel = null;
    List<String> terms = new ArrayList<>();
    for (Scored x : g) {
      if (x.c().term().startsWith(THEME_PREFIX)) {
        if (themeId == null) {
          themeId = x.c().term().substring(THEME_PREFIX.length());
          themeLabel = x.c().themeLabel() != null ? x.c().themeLabel() : themeId;
        }
      } else if (terms.size() < 8) {
        terms.add(x.c().term());
      }
    }
    String configured = accountNames.get(a.platform() + "|" + a.accountId());
    String account = configured != null ? configured : a.accountName() != null ? a.accountName() : a.accountId();
    Candidate c = lead.c();
    LocalDate firstSeen = g.stream().map(x -> x.c().firstSeen()).min(Comparator.naturalOrder()).orElse(c.firstSeen())
        .atZone(ZoneOffset.UTC).toLocalDate();
    boolean neverSeen = g.stream().anyMatch(x -> x.c().baseline() == 0 && !x.c().term().startsWith(THEME_PREFIX));
    List<Object> examples = new ArrayList<>();
    for (String key : c.windowPosts().stream().limit(3).toList()) {
      String[] info = postInfo.getOrDefault(key, new String[2]);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("post_key", key);
      m.put("url", info[0]);
      m.put("text", Texts.excerpt(info[1], 140));
      examples.add(m);
    }
    List<Object> details = new ArrayList<>();
    for (Scored x : g) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("term", x.c().term());
      m.put("posts", x.c().window());
      m.put("baseline_posts", x.c().baseline());
      m.put("share", BuzzDetector.round(x.share(), 4));
      m.put("baseline_share", BuzzDetector.round(x.base(), 4));
      m.put("ratio", BuzzDetector.round(x.ratio(), 2));
      m.put("p_value", x.p());
      m.put("first_seen", x.c().firstSeen().atZone(ZoneOffset.UTC).toLocalDate().toString());
      details.add(m);
    }
    Map<String, Object> ev = new LinkedHashMap<>();
    ev.put("posts", c.window());
    ev.put("window_posts", a.windowPosts());
    ev.put("baseline_posts", a.baselinePosts());
    ev.put("share", BuzzDetector.round(lead.share(), 4));
    ev.put("baseline_share", BuzzDetector.round(lead.base(), 4));
    ev.put("p_value", lead.p());
    ev.put("tested", a.tested());
    ev.put("never_seen_before", neverSeen);
    ev.put("first_seen", firstSeen.toString());
    ev.put("terms", details);
    ev.put("examples", examples);
    String what = themeId != null
        ? "the theme \"" + themeLabel + "\"" + (terms.isEmpty() ? "" : " (" + String.join(", ", terms.subList(0,
            Math.min(3, terms.size()))) + ")")
        : "\"" + String.join(", ", terms.subList(0, Math.min(3, terms.size()))) + "\"";
    String msg = String.format(java.util.Locale.ROOT,
        "%s on %s: %s is emerging: %d of the last %d days' %d posts (%s) against %s in the %d weeks before%s."
            + " Plan a follow-up while it is fresh.",
        account, Texts.platform(a.platform()), what, c.window(), s.windowDays(), a.windowPosts(),
        Texts.percent(lead.share()), c.baseline() == 0 ? "none" : Texts.percent(c.baseline() / (double) Math.max(1,
            a.baselinePosts())), (s.baselineDays() + 6) / 7, neverSeen ? ", first seen " + firstSeen : "");
    Severity sev = c.window() >= 3L * s.minCount() && lead.ratio() >= 2 * s.minRatio() ? Severity.WARNING
        : Severity.INFO;
    String subject = themeId != null ? THEME_PREFIX + themeId : c.term();
    List<String> allTerms = new ArrayList<>();
    if (themeLabel != null) {
      allTerms.add(themeLabel);
    }
    allTerms.addAll(terms);
    return Alert.found(date, Alert.EMERGING_THEME, sev, account, a.accountId(), a.platform(), subject,
        windowStart, cutoff, BuzzDetector.round(lead.ratio(), 2), msg, ev, null, allTerms, themeId);
  }

  /** One tokenizer per executor JVM (the stop lists are read once). */
  private static final class Holder {
    static final TopicTokenizer TOKENIZER = new TopicTokenizer(false, false);
  }
}
