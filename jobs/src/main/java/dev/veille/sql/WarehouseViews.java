package dev.veille.sql;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import dev.veille.analytics.PostRates;
import dev.veille.analytics.ReportSettings;
import dev.veille.common.SparkSessions;
import dev.veille.common.Tables;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Registers the warehouse as temporary views of a Spark session, for {@code veille sql}, {@code veille
 * tables}, {@code spark-shell} and notebooks: one call, {@code WarehouseViews.register(spark, "/path/to/warehouse")}.
 *
 * <p>The views, in this order:
 * <ul>
 *   <li>every table declared in {@link Tables} (found by reflection, so a table declared later needs no
 *       change here), read with its declared schema; one never written is an empty view, so a query
 *       that names it runs and returns no rows;</li>
 *   <li>every other warehouse folder that holds Parquet files (a stage added later, before it is
 *       declared), read with the schema its files carry; folders starting with {@code _} or {@code .}
 *       and the {@code reports/} and {@code models/} folders are not tables;</li>
 *   <li>{@code best_time_slots} and {@code top_themes}: the Parquet tables of the latest report
 *       ({@code reports/latest} names its date; without it, the newest report folder);</li>
 *   <li>{@code post_rates}: one row per post with its engagement rate as the report computes it
 *       ({@link PostRates#atAge} then {@link PostRates#withRates}: counts at {@code maturity_days} of
 *       age, interactions over the account's denominator, log rate with +0.5), so that analyses use
 *       the report's definition rather than their own.</li>
 * </ul>
 * Views are lazy: registering reads only file listings and Parquet footers.
 */
public final class WarehouseViews {
  private WarehouseViews() {}

  /** Where a view comes from. */
  public enum Source { DECLARED, FOUND, REPORT, DERIVED }

  /** A registered view: its name, origin, partition columns and location (null for a derived view). */
  public record View(String name, Source source, List<String> partitions, String location) {}

  public static final String POST_RATES = "post_rates";
  public static final List<String> REPORT_TABLES = List.of("best_time_slots", "top_themes");
  private static final Set<String> NOT_TABLES = Set.of("reports", "models");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  /** Registers the views with the report's default settings (maturity_days 7). */
  public static List<View> register(SparkSession spark, String warehouse) {
    return register(spark, warehouse, ReportSettings.DEFAULTS);
  }

  /**
   * Registers the views of {@code warehouse} (a folder or URI) in {@code spark}, replacing views of
   * the same names, and returns them. Also applies the session settings Veille's tables are read
   * with ({@link SparkSessions#configure}: UTC, partition values kept as strings).
   */
  public static List<View> register(SparkSession spark, String warehouse, ReportSettings settings) {
    SparkSessions.configure(spark);
    Warehouse wh = Warehouse.of(spark, warehouse);
    Map<String, View> views = new LinkedHashMap<>();
    Map<String, Tables.Table> declared = declared();
    for (Tables.Table t : declared.values()) {
      wh.read(spark, t).createOrReplaceTempView(t.name());
      views.put(t.name(), new View(t.name(), Source.DECLARED, t.partitionBy(), wh.table(t).toString()));
    }
    for (FileStatus dir : list(wh.fs(), wh.path(""))) {
      String name = dir.getPath().getName();
      if (!dir.isDirectory() || declared.containsKey(name) || NOT_TABLES.contains(name)
          || !IDENTIFIER.matcher(name).matches() || !holdsParquet(wh.fs(), dir.getPath())) {
        continue;
      }
      boolean delta = wh.exists(new Path(dir.getPath(), Warehouse.DELTA_LOG));
      (delta ? spark.read().format("delta").load(dir.getPath().toString()) : spark.read().parquet(dir.getPath().toString()))
          .createOrReplaceTempView(name);
      views.put(name, new View(name, Source.FOUND, partitionColumns(wh.fs(), dir.getPath()), dir.getPath().toString()));
    }
    Path report = latestReport(wh);
    if (report != null) {
      for (String name : REPORT_TABLES) {
        Path p = new Path(report, name);
        if (!views.containsKey(name) && wh.exists(p) && holdsParquet(wh.fs(), p)) {
          spark.read().parquet(p.toString()).createOrReplaceTempView(name);
          views.put(name, new View(name, Source.REPORT, List.of(), p.toString()));
        }
      }
    }
    postRates(spark, wh, settings).createOrReplaceTempView(POST_RATES);
    views.put(POST_RATES, new View(POST_RATES, Source.DERIVED, List.of(), null));
    return List.copyOf(views.values());
  }

  /**
   * One row per post, the report's rate columns first: interactions, denominator (which count the
   * account's rates divide by), denominator_value, rate, log_rate, and the audience-local weekday
   * (ISO, 1 = Monday), hour and local_date; counts are those at {@code maturity_days} of age when
   * the engagement table has such a snapshot. {@code mature} says whether the post is old enough
   * for the latest report (published at least maturity_days before its date; before the newest
   * observation without a report).
   */
  static Dataset<Row> postRates(SparkSession spark, Warehouse wh, ReportSettings settings) {
    Dataset<Row> posts = wh.read(spark, Tables.POSTS).drop("text", "source_file", "record_number", "record_item");
    Dataset<Row> atAge = PostRates.atAge(posts, wh.read(spark, Tables.ENGAGEMENT), settings.maturityDays());
    Dataset<Row> rated = PostRates.withRates(atAge);
    LocalDate reportDate = latestReportDate(wh);
    org.apache.spark.sql.Column cutoff;
    if (reportDate != null) {
      cutoff = lit(reportDate.minusDays(settings.maturityDays()).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    } else {
      rated = rated.crossJoin(posts.agg(max(col("observed_at")).as("_newest")));
      cutoff = col("_newest").minus(expr("make_interval(0, 0, 0, " + settings.maturityDays() + ")"));
    }
    org.apache.spark.sql.Column mature = col("published_at").leq(cutoff);
    List<String> first = List.of("post_key", "platform", "account_id", "account_name", "format", "published_at",
        "published_month", "audience_timezone", "local_date", "weekday", "hour", "paid", "language", "hashtags",
        "followers", "interactions", "denominator", "denominator_value", "rate", "log_rate");
    List<org.apache.spark.sql.Column> cols = new ArrayList<>();
    first.forEach(c -> cols.add(col(c)));
    cols.add(mature.as("mature"));
    Tables.METRICS.forEach(m -> cols.add(col(m)));
    cols.add(col("observed_at"));
    return rated.select(cols.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** Every table declared in {@link Tables}, by name, in declaration order. */
  public static Map<String, Tables.Table> declared() {
    Map<String, Tables.Table> out = new LinkedHashMap<>();
    for (Field f : Tables.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == Tables.Table.class) {
        try {
          Tables.Table t = (Tables.Table) f.get(null);
          out.putIfAbsent(t.name(), t);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException("Cannot read Tables." + f.getName(), e);
        }
      }
    }
    return out;
  }

  /** The latest report's folder: the date reports/latest names, else the newest dated folder; or null. */
  static Path latestReport(Warehouse wh) {
    LocalDate d = latestReportDate(wh);
    return d == null ? null : wh.path("reports/" + d);
  }

  static LocalDate latestReportDate(Warehouse wh) {
    Path pointer = wh.path("reports/latest");
    if (wh.exists(pointer)) {
      String named = wh.readText(pointer).strip();
      try {
        LocalDate d = LocalDate.parse(named);
        if (wh.exists(wh.path("reports/" + d))) {
          return d;
        }
      } catch (DateTimeParseException e) {
        // An unreadable pointer: fall back on the folders, as the nightly replaces it with a good one.
      }
    }
    Path reports = wh.path("reports");
    if (!wh.exists(reports)) {
      return null;
    }
    return list(wh.fs(), reports).stream()
        .filter(s -> s.isDirectory() && DATE.matcher(s.getPath().getName()).matches())
        .map(s -> LocalDate.parse(s.getPath().getName()))
        .max(Comparator.naturalOrder()).orElse(null);
  }

  /** True when the folder or one of its partition folders holds a Parquet file. */
  static boolean holdsParquet(FileSystem fs, Path dir) {
    try {
      var it = fs.listFiles(dir, true);
      while (it.hasNext()) {
        String n = it.next().getPath().getName();
        if (n.endsWith(".parquet") && !n.startsWith(".") && !n.startsWith("_")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }

  /** Hive-style partition columns ({@code name=value} folders), outermost first, as Spark reads them. */
  static List<String> partitionColumns(FileSystem fs, Path dir) {
    List<String> out = new ArrayList<>();
    Path level = dir;
    while (true) {
      FileStatus part = list(fs, level).stream()
          .filter(s -> s.isDirectory() && s.getPath().getName().contains("=") && !s.getPath().getName().startsWith("_"))
          .findFirst().orElse(null);
      if (part == null) {
        return out;
      }
      out.add(part.getPath().getName().substring(0, part.getPath().getName().indexOf('=')));
      level = part.getPath();
    }
  }

  private static List<FileStatus> list(FileSystem fs, Path dir) {
    try {
      if (!fs.exists(dir)) {
        return List.of();
      }
      List<FileStatus> out = new ArrayList<>(List.of(fs.listStatus(dir)));
      out.sort(Comparator.comparing(s -> s.getPath().getName()));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + dir, e);
    }
  }
}
