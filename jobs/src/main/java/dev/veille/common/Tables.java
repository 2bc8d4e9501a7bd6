package dev.veille.common;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;

import java.util.List;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse tables every stage meets at: their names, schemas, keys and partition columns.
 * Field meanings and units are documented in docs/data-model.md ("Data model"); this class is the
 * machine-readable half of that contract. Partition columns come last, as Spark reads them back.
 */
public final class Tables {
  private Tables() {}

  /** A table: its folder name under the warehouse, its full schema, and how it is partitioned. */
  public record Table(String name, StructType schema, List<String> key, List<String> partitionBy) {}

  /** Engagement counts, shared by the engagement table and the ingest parser. All nullable, >= 0. */
  public static final List<String> METRICS = List.of(
      "reactions", "comments", "shares", "saves", "clicks", "video_views", "impressions", "reach");

  private static StructField nullable(String name, org.apache.spark.sql.types.DataType type) {
    return createStructField(name, type, true);
  }

  private static StructField required(String name, org.apache.spark.sql.types.DataType type) {
    return createStructField(name, type, false);
  }

  /** Where a record came from: the file, its 1-based record number, and its item in that record. */
  private static final StructField[] LINEAGE = {
      required("source_file", StringType),
      required("record_number", LongType),
      nullable("record_item", IntegerType),
  };

  public static final Table POSTS = new Table("posts", new StructType(concat(new StructField[] {
      required("post_key", StringType),
      required("account_id", StringType),
      nullable("account_name", StringType),
      required("post_id", StringType),
      required("published_at", TimestampType),
      required("audience_timezone", StringType),
      required("format", StringType),
      nullable("text", StringType),
      required("hashtags", createArrayType(StringType, false)),
      required("mentions", createArrayType(StringType, false)),
      nullable("url", StringType),
      nullable("language", StringType),
      nullable("paid", BooleanType),
      nullable("followers", LongType),
      required("observed_at", TimestampType),
  }, metrics(), LINEAGE, new StructField[] {
      required("platform", StringType),
      required("published_month", StringType),
  })), List.of("post_key"), List.of("platform", "published_month"));

  public static final Table ENGAGEMENT = new Table("engagement", new StructType(concat(
      new StructField[] {
          required("post_key", StringType),
          required("observed_at", TimestampType),
      }, metrics(), LINEAGE, new StructField[] {
          required("platform", StringType),
          required("published_month", StringType),
      })), List.of("post_key", "observed_at"), List.of("platform", "published_month"));

  public static final Table COMMENTS = new Table("comments", new StructType(concat(
      new StructField[] {
          required("comment_key", StringType),
          required("post_key", StringType),
          required("comment_id", StringType),
          required("created_at", TimestampType),
          nullable("text", StringType),
          nullable("author_pseudonym", StringType),
      }, LINEAGE, new StructField[] {
          required("platform", StringType),
          required("created_month", StringType),
      })), List.of("comment_key"), List.of("platform", "created_month"));

  public static final Table QUARANTINE = new Table("quarantine", new StructType(concat(
      new StructField[] {
          required("target_table", StringType),
          required("reason_code", StringType),
          required("reason", StringType),
          nullable("raw", StringType),
      }, LINEAGE)), List.of("source_file", "record_number", "record_item"), List.of());

  /** Themes stage: each post's theme under a model version (docs/themes.md). */
  public static final Table THEMES_ASSIGNED = new Table("themes_assigned", new StructType(new StructField[] {
      required("post_key", StringType),
      nullable("theme_id", StringType),
      required("confidence", org.apache.spark.sql.types.DataTypes.DoubleType),
      required("model_version", StringType),
      required("assigned_at", TimestampType),
      required("published_month", StringType),
  }), List.of("post_key"), List.of("published_month"));

  /** Themes stage: the theme catalogue, active and retired themes (docs/themes.md). */
  public static final Table THEMES = new Table("themes", new StructType(new StructField[] {
      required("theme_id", StringType),
      required("label", StringType),
      required("top_terms", createArrayType(StringType, false)),
      required("hashtags", createArrayType(StringType, false)),
      required("size", LongType),
      required("representative_post_keys", createArrayType(StringType, false)),
      required("status", StringType),
      required("first_model_version", StringType),
      required("last_model_version", StringType),
  }), List.of("theme_id"), List.of());

  /**
   * Sentiment stage: one row per distinct normalised text, keyed by its SHA-256 (docs/data-model.md).
   * Partitioned by the month of scoring: a nightly run adds rows to the current month only.
   */
  public static final Table SENTIMENT = new Table("sentiment", new StructType(new StructField[] {
      required("text_hash", StringType),
      nullable("p_very_negative", DoubleType),
      nullable("p_negative", DoubleType),
      nullable("p_neutral", DoubleType),
      nullable("p_positive", DoubleType),
      nullable("p_very_positive", DoubleType),
      nullable("cal_negative", DoubleType),
      nullable("cal_neutral", DoubleType),
      nullable("cal_positive", DoubleType),
      nullable("score", DoubleType),
      nullable("label", StringType),
      required("sentences", IntegerType),
      required("truncated", BooleanType),
      required("language", StringType),
      nullable("reason", StringType),
      required("model_version", StringType),
      required("scored_at", TimestampType),
      required("scored_month", StringType),
  }), List.of("text_hash"), List.of("scored_month"));

  /** Sentiment stage: which text (by hash) each post ({@code source = posts}) and comment has. */
  public static final Table SENTIMENT_LINKS = new Table("sentiment_links", new StructType(new StructField[] {
      required("item_key", StringType),
      required("source", StringType),
      required("text_hash", StringType),
      required("linked_at", TimestampType),
  }), List.of("item_key"), List.of());

  /**
   * Signals stage: one row per alert and night (docs/signals.md). An incident that lasts several
   * nights keeps its {@code alert_id} and {@code first_raised}; {@code status} says whether that
   * night raised it ({@code new}, {@code worsened}) or only saw it again ({@code ongoing}).
   * {@code evidence} is a JSON object; {@code raised_score}/{@code raised_severity} are those of the
   * night it was last raised, which decide when it worsens.
   */
  public static final Table ALERTS = new Table("alerts", new StructType(new StructField[] {
      required("alert_id", StringType),
      required("date", StringType),
      required("kind", StringType),
      required("severity", StringType),
      required("status", StringType),
      nullable("account", StringType),
      required("account_id", StringType),
      required("platform", StringType),
      required("subject", StringType),
      required("window_start", TimestampType),
      required("window_end", TimestampType),
      required("first_raised", StringType),
      required("score", DoubleType),
      required("raised_score", DoubleType),
      required("raised_severity", StringType),
      required("message", StringType),
      required("evidence", StringType),
      nullable("post_key", StringType),
      required("terms", createArrayType(StringType, false)),
      nullable("theme_id", StringType),
      required("raised_at", TimestampType),
      required("date_month", StringType),
  }), List.of("alert_id", "date"), List.of("date_month"));

  /**
   * Moderation stage: one row per moderated comment (docs/moderation.md). {@code labels} among
   * spam, toxic, question, complaint; {@code scores} the learned models' probabilities (spam, toxic);
   * {@code action} one of hide, review, answer, keep; {@code reasons} the evidence that fired. The
   * brand's own replies get no row. Partitioned like {@code comments}, by the comment's month.
   */
  public static final Table MODERATION = new Table("moderation", new StructType(new StructField[] {
      required("comment_key", StringType),
      required("post_key", StringType),
      required("created_at", TimestampType),
      required("labels", createArrayType(StringType, false)),
      required("scores", DataTypes.createMapType(StringType, DoubleType, false)),
      required("action", StringType),
      required("reasons", createArrayType(StringType, false)),
      required("model_version", StringType),
      required("moderated_at", TimestampType),
      required("platform", StringType),
      required("created_month", StringType),
  }), List.of("comment_key"), List.of("platform", "created_month"));

  /**
   * Report stage: one row per post as the report reads it (docs/data-model.md): the post's columns
   * the report uses (no text), its counts at the maturity age, its theme id, and its own and its
   * comments' sentiment. Derived from the tables above and kept up to date from what changed in
   * them since it was last brought up to date ({@code _ledger/post_facts.json}); deleting it
   * loses nothing (the next report rebuilds it). Not in {@link #ALL}: a report's manifest records
   * the versions of the tables it is derived from, which reproduce it.
   */
  public static final Table POST_FACTS = new Table("post_facts", new StructType(concat(new StructField[] {
      required("post_key", StringType),
      required("platform", StringType),
      required("account_id", StringType),
      nullable("account_name", StringType),
      required("audience_timezone", StringType),
      required("published_at", TimestampType),
      required("published_month", StringType),
      required("format", StringType),
      nullable("paid", BooleanType),
      required("hashtags", createArrayType(StringType, false)),
      nullable("language", StringType),
      nullable("followers", LongType),
  }, metrics(), new StructField[] {
      required("assigned", BooleanType),
      nullable("theme_id", StringType),
      nullable("post_score", DoubleType),
      nullable("post_negative", BooleanType),
      required("comment_scores", createArrayType(new StructType(new StructField[] {
          required("score", DoubleType), required("negative", BooleanType)}), false)),
      required("scored_languages", createArrayType(StringType, false)),
  })), List.of("post_key"), List.of());

  /** The tables an ingest run writes. */
  public static final List<Table> INGESTED = List.of(POSTS, ENGAGEMENT, COMMENTS, QUARANTINE);

  /** Every declared table, in the order the nightly's stages first write them. */
  public static final List<Table> ALL = List.of(POSTS, ENGAGEMENT, COMMENTS, QUARANTINE, SENTIMENT, SENTIMENT_LINKS,
      MODERATION, THEMES_ASSIGNED, THEMES, ALERTS);

  private static StructField[] metrics() {
    return METRICS.stream().map(m -> nullable(m, LongType)).toArray(StructField[]::new);
  }

  private static StructField[] concat(StructField[]... parts) {
    int n = 0;
    for (StructField[] p : parts) {
      n += p.length;
    }
    StructField[] all = new StructField[n];
    int i = 0;
    for (StructField[] p : parts) {
      System.arraycopy(p, 0, all, i, p.length);
      i += p.length;
    }
    return all;
  }
}
