package dev.veille.common.alerts;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.veille.common.Json;
import dev.veille.common.Tables;
import dev.veille.common.warehouse.Warehouse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Alerts as warehouse rows ({@link Tables#ALERTS}: written by the signals stage, read back by the
 * report and the calendar) and as the report's {@code alerts.json} and {@code alerts.csv}. The files
 * are a pure function of a night's rows, so the signals command and the report write the same bytes.
 */
public final class AlertsFiles {
  private AlertsFiles() {}

  public static final String CSV_HEADER = "id,kind,severity,status,account,account_id,platform,window_start,"
      + "window_end,first_raised,score,post_key,theme_id,terms,message";

  public static Row toRow(Alert a, Instant raisedAt) {
    return RowFactory.create(a.id(), a.date().toString(), a.kind(), a.severity().id(), a.status(), a.account(),
        a.accountId(), a.platform(), a.subject(), a.windowStart(), a.windowEnd(), a.firstRaised().toString(),
        a.score(), a.raisedScore(), a.raisedSeverity().id(), a.message(), evidenceJson(a.evidence()), a.postKey(),
        scala.jdk.javaapi.CollectionConverters.asScala(a.terms()).toSeq(), a.themeId(), raisedAt,
        a.date().toString().substring(0, 7));
  }

  public static Dataset<Row> frame(SparkSession spark, List<Alert> alerts, Instant raisedAt) {
    List<Row> rows = new ArrayList<>();
    for (Alert a : alerts) {
      rows.add(toRow(a, raisedAt));
    }
    return spark.createDataFrame(rows, Tables.ALERTS.schema());
  }

  public static Alert fromRow(Row r) {
    List<String> terms = r.isNullAt(r.fieldIndex("terms")) ? List.of() : r.getList(r.fieldIndex("terms"));
    return new Alert(r.getAs("alert_id"), LocalDate.parse(r.getAs("date")), r.getAs("kind"),
        Severity.parse(r.getAs("severity")).orElse(Severity.INFO), r.getAs("status"), r.getAs("account"),
        r.getAs("account_id"), r.getAs("platform"), r.getAs("subject"), r.getAs("window_start"),
        r.getAs("window_end"), LocalDate.parse(r.getAs("first_raised")), r.<Double>getAs("score"),
        r.<Double>getAs("raised_score"), Severity.parse(r.getAs("raised_severity")).orElse(Severity.INFO),
        r.getAs("message"), parseEvidence(r.getAs("evidence")), r.getAs("post_key"), terms, r.getAs("theme_id"));
  }

  /** Alerts of the nights from {@code from} (inclusive) to {@code to} (exclusive). */
  public static List<Alert> history(SparkSession spark, Warehouse wh, LocalDate from, LocalDate to) {
    List<Alert> out = new ArrayList<>();
    if (!wh.hasTable(Tables.ALERTS)) {
      return out;
    }
    Dataset<Row> rows = wh.read(spark, Tables.ALERTS)
        .filter(col("date_month").geq(lit(from.toString().substring(0, 7)))
            .and(col("date_month").leq(lit(to.toString().substring(0, 7)))))
        .filter(col("date").geq(lit(from.toString())).and(col("date").lt(lit(to.toString()))));
    for (Row r : rows.collectAsList()) {
      out.add(fromRow(r));
    }
    return out;
  }

  /** The alerts of one night as published, most severe first. */
  public static List<Alert> ofDate(SparkSession spark, Warehouse wh, LocalDate date) {
    return sorted(history(spark, wh, date, date.plusDays(1)));
  }

  static String evidenceJson(Map<String, Object> evidence) {
    return Json.line(evidence == null ? Map.of() : evidence);
  }

  static Map<String, Object> parseEvidence(String json) {
    try {
      return json == null ? Map.of() : Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable alert evidence in the alerts table: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code alerts.json}: the night's alerts, most severe first. */
  public static String json(LocalDate date, Instant generatedAt, List<Alert> alerts) {
    List<Object> list = new ArrayList<>();
    for (Alert a : sorted(alerts)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", a.id());
      m.put("kind", a.kind());
      m.put("severity", a.severity().id());
      m.put("status", a.status());
      m.put("account", a.account());
      m.put("account_id", a.accountId());
      m.put("platform", a.platform());
      m.put("window_start", a.windowStart().toString());
      m.put("window_end", a.windowEnd().toString());
      m.put("first_raised", a.firstRaised().toString());
      m.put("score", a.score());
      m.put("message", a.message());
      m.put("evidence", a.evidence());
      if (Alert.BUZZ.equals(a.kind())) {
        m.put("post_key", a.postKey());
      } else {
        m.put("terms", a.terms());
      }
      if (a.themeId() != null) {
        m.put("theme_id", a.themeId());
      }
      list.add(m);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", date.toString());
    root.put("generated_at", generatedAt.toString());
    root.put("alerts", list);
    return Json.pretty(root);
  }

  /** {@code alerts.csv}: one row per alert, RFC 4180, CRLF. */
  public static String csv(List<Alert> alerts) {
    StringBuilder sb = new StringBuilder();
    try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.RFC4180.builder().setHeader(CSV_HEADER.split(",")).build())) {
      for (Alert a : sorted(alerts)) {
        p.printRecord(a.id(), a.kind(), a.severity().id(), a.status(), a.account(), a.accountId(), a.platform(),
            a.windowStart(), a.windowEnd(), a.firstRaised(), a.score(), a.postKey(), a.themeId(),
            String.join(" ", a.terms()), a.message());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("Cannot write alerts as CSV", e);
    }
    return sb.toString();
  }

  public static List<Alert> sorted(List<Alert> alerts) {
    List<Alert> s = new ArrayList<>(alerts);
    s.sort(Alert.ORDER);
    return s;
  }
}
