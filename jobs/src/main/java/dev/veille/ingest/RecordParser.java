package dev.veille.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Account;
import dev.veille.common.Json;
import dev.veille.common.Pseudonymizer;
import dev.veille.common.Tables;
import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Types and validates raw records (see {@link RawRecords}) into canonical rows of the target
 * table. Every record is reported to an {@link IngestStats} accumulator, rejected ones with their
 * reason code, reason and raw content, so nothing is dropped silently and the counts add up; the
 * valid rows flow on to the writer in the same pass.
 *
 * <p>Reject codes: {@code malformed_record} (the reader could not split it: wrong number of CSV
 * fields, invalid JSON), {@code missing_value} (a required field is empty), {@code bad_timestamp},
 * {@code bad_number}, {@code negative_count}, {@code unknown_account}.
 *
 * <p>Cleaning applied to valid rows: HTML entities decoded ({@code &amp;} to {@code &}), line
 * breaks normalised to {@code \n}, blank values and the mapping's null values (such as
 * {@code N/A}) read as null, counts read in the mapping's {@link CountFormat} ({@code 1,234},
 * {@code 1 234}, {@code 1,2 k}), timestamps split across a date and a time column joined, hashtags
 * lower-cased without {@code #}, and every non-brand {@code @handle} pseudonymised in the text and
 * the mentions (see {@link Pseudonymizer}).
 */
public abstract class RecordParser implements MapPartitionsFunction<Row, Row>, Serializable {
  /**
   * A hashtag in a text, as a regular expression: what {@link #hashtagEnd} finds. Kept as the
   * specification (tests compare the scanner with it); a pattern that starts with a look-behind is
   * tried at every character of every text, which made it about 14% of ingest's CPU.
   */
  static final String HASHTAG_REGEX = "(?<![\\p{L}\\p{N}_&/])#([\\p{L}\\p{N}_]+)";
  private static final DateTimeFormatter MONTH =
      DateTimeFormatter.ofPattern("yyyy-MM", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final int RAW_LIMIT = 2000;

  protected final Mapping mapping;
  protected final TimestampParser timestamps;
  protected final Pseudonymizer pseudonymizer;
  private final Set<String> nullValues;
  /** The longest null value: longer values need no set lookup (and no string hashing). */
  private final int nullValueMaxLength;

  protected RecordParser(Mapping mapping, TimestampParser timestamps, Pseudonymizer pseudonymizer) {
    this.mapping = mapping;
    this.timestamps = timestamps;
    this.pseudonymizer = pseudonymizer;
    this.nullValues = Set.copyOf(mapping.source().nullValues());
    this.nullValueMaxLength = nullValues.stream().mapToInt(String::length).max().orElse(-1);
  }

  private boolean isNullValue(String stripped) {
    return stripped.length() <= nullValueMaxLength && nullValues.contains(stripped);
  }

  /** The schema of the parser's output. */
  public abstract StructType schema();

  /** Thrown inside the parser to reject the current record. */
  protected static final class Reject extends Exception {
    final String code;

    Reject(String code, String reason) {
      super(reason, null, false, false);
      this.code = code;
    }
  }

  /** What the parser emits. */
  public enum Emit {
    /** Valid rows with the table's schema; rejects go to the {@link IngestStats} accumulator. */
    VALID,
    /** Only the rejected records, as quarantine rows (for files whose rejects overflowed). */
    REJECTS
  }

  private IngestStats stats;
  private Emit emit = Emit.VALID;

  /** Reports every record (and every reject) to {@code stats}. */
  public RecordParser countingInto(IngestStats accumulator) {
    this.stats = accumulator;
    this.emit = Emit.VALID;
    return this;
  }

  /** Emits the rejected records as quarantine rows instead of the valid ones. */
  public RecordParser rejectsOnly() {
    this.stats = null;
    this.emit = Emit.REJECTS;
    return this;
  }

  /** The schema of what {@link #call} emits. */
  public StructType outputSchema() {
    return emit == Emit.VALID ? schema() : Tables.QUARANTINE.schema();
  }

  /** Keys remembered per task to drop exact repeats; past this, the publish step merges them. */
  private static final int SEEN_LIMIT = 2_000_000;
  private transient java.util.Set<Object> seen;
  private transient String currentFile;

  /** What makes two valid records the same observation of the same thing. */
  protected abstract Object identity(Row parsed);

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    seen = new java.util.HashSet<>();
    currentFile = null;
    return new Iterator<>() {
      private Row pending;

      @Override
      public boolean hasNext() {
        while (pending == null && input.hasNext()) {
          pending = process(input.next());
        }
        return pending != null;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Row r = pending;
        pending = null;
        return r;
      }
    };
  }

  private Row process(Row raw) {
    String file = get(raw, "_source_file");
    if (!file.equals(currentFile)) {
      // A task may read several files, one after the other; repeats are dropped within a file.
      currentFile = file;
      seen.clear();
    }
    IngestStats.Reject reject;
    try {
      String corrupt = get(raw, "_corrupt");
      if (corrupt != null) {
        throw new Reject("malformed_record", corrupt);
      }
      Row row = parse(raw);
      // An exact repeat of an earlier record of this file (same key, same observation) adds
      // nothing: dropping it here spares the publish step a rewrite. The first record is kept.
      boolean repeat = seen.size() < SEEN_LIMIT && !seen.add(identity(row));
      if (stats != null) {
        stats.add(new IngestStats.Event(file, null, repeat));
      }
      return emit == Emit.VALID && !repeat ? row : null;
    } catch (Reject r) {
      String rawText = get(raw, "_raw_text");
      reject = new IngestStats.Reject(targetTable(), file, this.<Long>get(raw, "_record_number"),
          this.<Integer>get(raw, "_record_item"), r.code, r.getMessage(),
          rawText != null ? truncate(rawText) : rawJson(raw));
    }
    if (stats != null) {
      stats.add(new IngestStats.Event(file, reject, false));
    }
    return emit == Emit.REJECTS ? RowFactory.create(reject.table(), reject.code(), reject.reason(),
        reject.raw(), reject.sourceFile(), reject.recordNumber(), reject.recordItem()) : null;
  }

  /** {@code posts} or {@code comments}. */
  protected abstract String targetTable();

  /**
   * Field positions of the raw rows, found once per task. Keyed by identity: callers name fields
   * with string literals, which are one instance each, so a lookup costs no string hashing.
   */
  private transient java.util.IdentityHashMap<String, Integer> positions;

  /** The raw row's value of {@code field}. */
  @SuppressWarnings("unchecked")
  protected final <T> T get(Row raw, String field) {
    return (T) raw.get(position(raw, field));
  }

  /** Where {@code field} is in the raw rows. */
  protected final int position(Row raw, String field) {
    if (positions == null) {
      positions = new java.util.IdentityHashMap<>();
    }
    Integer i = positions.get(field);
    if (i == null) {
      String[] names = raw.schema().fieldNames();
      i = java.util.Arrays.asList(names).indexOf(field);
      if (i < 0) {
        throw new IllegalArgumentException("No raw field " + field + " in " + raw.schema().simpleString());
      }
      // Bounded, in case a caller ever passes names built at run time (new instances every row).
      if (positions.size() < 4 * names.length) {
        positions.put(field, i);
      }
    }
    return i;
  }

  protected abstract Row parse(Row raw) throws Reject;

  // ---- shared field readers -----------------------------------------------------------------

  /** The trimmed value, or null when blank or one of the mapping's null values. */
  protected String text(Row raw, String field) {
    String v = get(raw, field);
    if (v == null) {
      return null;
    }
    String t = v.strip();
    return t.isEmpty() || isNullValue(t) ? null : t;
  }

  protected String required(Row raw, String field) throws Reject {
    String v = text(raw, field);
    if (v == null) {
      throw new Reject("missing_value", field + " is empty");
    }
    return v;
  }

  /**
   * The timestamp of {@code field}, or null when it is empty. A field with a format of its own
   * ({@code {date: ..., time: ..., format: ...}} or {@code {column: ..., format: ...}}) is read with
   * it; a date-and-time field needs both halves, joined by a space.
   */
  protected Instant timestamp(Row raw, String field) throws Reject {
    FieldSpec spec = mapping.fields().get(field);
    String v;
    if (spec instanceof FieldSpec.DateAndTime dt) {
      String both = get(raw, field);
      if (both == null) {
        return null;
      }
      int cut = both.indexOf(RawRecords.DATE_TIME_SEPARATOR);
      String date = cleanPart(cut < 0 ? both : both.substring(0, cut));
      String time = cut < 0 ? null : cleanPart(both.substring(cut + 1));
      if (date == null && time == null) {
        return null;
      }
      if (date == null || time == null) {
        throw new Reject("bad_timestamp", date == null
            ? String.format("%s: the date column %s is empty (time \"%s\")", field, dt.date(), time)
            : String.format("%s: the time column %s is empty (date \"%s\")", field, dt.time(), date));
      }
      v = date + " " + time;
    } else {
      v = text(raw, field);
      if (v == null) {
        return null;
      }
    }
    try {
      return timestampsOf(field, spec).parse(v);
    } catch (IllegalArgumentException e) {
      throw new Reject("bad_timestamp", field + ": " + e.getMessage());
    }
  }

  private String cleanPart(String part) {
    String t = part.strip();
    return t.isEmpty() || isNullValue(t) ? null : t;
  }

  /** Parsers of fields that have a format of their own, made once per task. */
  private transient java.util.Map<String, TimestampParser> fieldTimestamps;

  private TimestampParser timestampsOf(String field, FieldSpec spec) {
    String format = spec == null ? null : spec.timestampFormat();
    if (format == null) {
      return timestamps;
    }
    if (fieldTimestamps == null) {
      fieldTimestamps = new java.util.HashMap<>();
    }
    return fieldTimestamps.computeIfAbsent(field, f -> new TimestampParser(format, timestamps.zone(), timestamps.locale()));
  }

  /** A count: the sum of its terms (null when all are empty); never negative. */
  protected Long count(Row row, String field) throws Reject {
    String raw = get(row, field);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.indexOf(RawRecords.SUM_SEPARATOR.charAt(0)) < 0) {
      String t = raw.strip();
      return t.isEmpty() || isNullValue(t) ? null : parseCount(field, t);
    }
    Long total = null;
    for (String term : raw.split(RawRecords.SUM_SEPARATOR)) {
      String t = term.strip();
      if (t.isEmpty() || isNullValue(t)) {
        continue;
      }
      long value = parseCount(field, t);
      total = total == null ? value : total + value;
    }
    return total;
  }

  private long parseCount(String field, String t) throws Reject {
    return parseCount(field, t, mapping.numbers());
  }

  /**
   * A count written in {@code format} (see {@link CountFormat}). A rejected value that the other
   * decimal separator would read says so: the usual mistake is a French export read with the
   * default decimal point, or the reverse.
   */
  static long parseCount(String field, String t, CountFormat format) throws Reject {
    long value;
    try {
      value = format.parse(t);
    } catch (IllegalArgumentException e) {
      CountFormat other = format.decimal() == '.' ? CountFormat.COMMA : CountFormat.POINT;
      String hint = "";
      try {
        long read = other.parse(t);
        hint = String.format(Locale.ROOT, "; with numbers.decimal: \"%s\" it reads %d", other.decimal(), read);
      } catch (IllegalArgumentException ignored) {
        // Neither reading fits: the value is simply not a count.
      }
      throw new Reject("bad_number", String.format("%s: \"%s\" is %s (counts are read with a %s%s)",
          field, t, e.getMessage(), format.describe(), hint));
    }
    if (value < 0) {
      throw new Reject("negative_count", field + ": " + t + " is negative");
    }
    return value;
  }

  /** Text as stored: entities decoded, line breaks normalised, people's handles pseudonymised. */
  protected String cleanText(String v) {
    if (v == null) {
      return null;
    }
    String t = v.indexOf('&') >= 0 ? StringEscapeUtils.unescapeHtml4(v) : v;
    t = t.replace("\r\n", "\n").replace('\r', '\n').replace("\uFEFF", "").strip();
    return t.isEmpty() ? null : pseudonymizer.pseudonymiseText(t);
  }

  /**
   * The UTC month of {@code t} ({@code 2026-03}), formatted by hand: a {@code DateTimeFormatter}
   * call per record showed in ingest's CPU profile. Same output (see {@code RecordParserMonthTest}).
   */
  protected static String month(Instant t) {
    java.time.LocalDate day = java.time.LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond(), 86_400L));
    int year = day.getYear();
    int month = day.getMonthValue();
    if (year < 1000 || year > 9999) {
      return MONTH.format(t);
    }
    return new StringBuilder(7).append(year).append(month < 10 ? "-0" : "-").append(month).toString();
  }

  /** What the record held, as JSON, for the quarantine table. */
  protected static String rawJson(Row raw) {
    ObjectNode node = Json.object();
    StructType schema = raw.schema();
    for (StructField f : schema.fields()) {
      if (f.name().startsWith("_") && !f.name().equals("_raw_text")) {
        continue;
      }
      Object v = raw.getAs(f.name());
      if (v instanceof scala.collection.Seq<?> || v instanceof List<?>) {
        List<?> list = v instanceof List<?> l ? l : raw.getList(raw.fieldIndex(f.name()));
        if (list != null && list.stream().anyMatch(java.util.Objects::nonNull)) {
          node.putPOJO(f.name(), list);
        }
      } else if (v != null) {
        // A date-and-time field shows its two halves as they were written, a space between.
        node.put(f.name(), v.toString().replace(RawRecords.DATE_TIME_SEPARATOR, " "));
      }
    }
    return truncate(Json.line(node));
  }

  // ---- posts ----------------------------------------------------------------------------------

  /** Posts and their engagement snapshot, from one record. */
  public static final class Posts extends RecordParser {
    private final List<Account> accounts;
    private final ZoneId defaultZone;

    private final boolean mapsPaid;
    private final boolean mapsHashtags;
    private final boolean mapsMentions;

    public Posts(Mapping mapping, TimestampParser timestamps, Pseudonymizer pseudonymizer,
        List<Account> accounts, ZoneId defaultZone) {
      super(mapping, timestamps, pseudonymizer);
      this.accounts = List.copyOf(accounts);
      this.defaultZone = defaultZone;
      this.mapsPaid = mapping.maps("paid");
      this.mapsHashtags = mapping.maps("hashtags");
      this.mapsMentions = mapping.maps("mentions");
    }

    public static final StructType SCHEMA = Tables.POSTS.schema();
    private static final int OBSERVED_AT = SCHEMA.fieldIndex("observed_at");

    @Override
    public StructType schema() {
      return SCHEMA;
    }

    @Override
    protected String targetTable() {
      return "posts";
    }

    @Override
    protected Object identity(Row parsed) {
      return new PostObservation(parsed.getString(0), (Instant) parsed.get(OBSERVED_AT));
    }

    /** A post key and one observation of it (compared without formatting the instant). */
    private record PostObservation(String postKey, Instant observedAt) {}

    @Override
    protected Row parse(Row raw) throws Reject {
      String platform = required(raw, "platform").toLowerCase(Locale.ROOT);
      String postId = required(raw, "post_id");
      Instant publishedAt = timestamp(raw, "published_at");
      if (publishedAt == null) {
        throw new Reject("missing_value", "published_at is empty");
      }
      Long[] metrics = new Long[Tables.METRICS.size()];
      for (int i = 0; i < metrics.length; i++) {
        metrics[i] = count(raw, Tables.METRICS.get(i));
      }
      Long followers = count(raw, "followers");
      Instant observedAt = timestamp(raw, "observed_at");
      if (observedAt == null) {
        observedAt = get(raw, "_default_observed_at");
      }

      String accountId = text(raw, "account_id");
      String accountName = text(raw, "account_name");
      Account account = account(platform, accountId, accountName);
      if (accountId == null) {
        if (account == null) {
          throw new Reject("unknown_account", "account_id is empty and the config has no single "
              + platform + " account to assign it to");
        }
        accountId = account.id();
      }
      if (accountName == null && account != null) {
        accountName = account.name();
      }
      ZoneId zone = account != null ? account.timezone() : defaultZone;

      String text = cleanText(get(raw, "text"));
      List<String> hashtags = hashtags(raw, text);
      List<String> mentions = mentions(raw, text);

      Object[] values = new Object[SCHEMA.size()];
      int i = 0;
      values[i++] = platform + ":" + postId;
      values[i++] = accountId;
      values[i++] = accountName;
      values[i++] = postId;
      values[i++] = publishedAt;
      values[i++] = zone.getId();
      values[i++] = format(text(raw, "format"));
      values[i++] = text;
      values[i++] = hashtags.toArray(new String[0]);
      values[i++] = mentions.toArray(new String[0]);
      values[i++] = text(raw, "url");
      String language = text(raw, "language");
      values[i++] = language == null ? null : language.toLowerCase(Locale.ROOT);
      values[i++] = mapsPaid ? paid(text(raw, "paid")) : null;
      values[i++] = followers;
      values[i++] = observedAt;
      for (Long m : metrics) {
        values[i++] = m;
      }
      values[i++] = get(raw, "_source_file");
      values[i++] = get(raw, "_record_number");
      values[i++] = get(raw, "_record_item");
      values[i++] = platform;
      values[i++] = month(publishedAt);
      return RowFactory.create(values);
    }


    private Account account(String platform, String id, String name) {
      Account only = null;
      int onPlatform = 0;
      for (Account a : accounts) {
        if (!a.platform().equals(platform)) {
          continue;
        }
        onPlatform++;
        only = a;
        if (id != null && a.id().equals(id)) {
          return a;
        }
      }
      for (Account a : accounts) {
        if (a.platform().equals(platform) && name != null && a.name().equalsIgnoreCase(name)) {
          return a;
        }
      }
      return id == null && onPlatform == 1 ? only : null;
    }

    private String format(String rawFormat) {
      Mapping.FormatRule rule = mapping.formatRule();
      if (rawFormat == null) {
        return rule.missing();
      }
      String key = rawFormat.toLowerCase(Locale.ROOT);
      String mapped = rule.map().get(key);
      if (mapped != null) {
        return mapped;
      }
      return Mapping.FORMATS.contains(key) ? key : rule.unknown();
    }

    private Boolean paid(String rawPaid) {
      return rawPaid != null && mapping.paidTrueValues().contains(rawPaid.toLowerCase(Locale.ROOT));
    }

    private List<String> hashtags(Row raw, String text) {
      Set<String> tags = new LinkedHashSet<>();
      if (mapsHashtags) {
        List<String> mapped = raw.getList(position(raw, "hashtags"));
        if (mapped != null) {
          for (String m : mapped) {
            if (m != null) {
              for (String t : m.split("[\\s,;#]+")) {
                if (!t.isBlank()) {
                  tags.add(t.toLowerCase(Locale.ROOT));
                }
              }
            }
          }
        }
      } else if (text != null) {
        tags.addAll(hashtagsIn(text));
      }
      return new ArrayList<>(tags);
    }

    private List<String> mentions(Row raw, String text) {
      Set<String> handles = new LinkedHashSet<>();
      if (mapsMentions) {
        List<String> mapped = raw.getList(position(raw, "mentions"));
        if (mapped != null) {
          for (String m : mapped) {
            if (m != null) {
              for (String h : m.split("[\\s,;]+")) {
                if (!h.isBlank() && !h.equals("@")) {
                  handles.add(pseudonymizer.pseudonym(h));
                }
              }
            }
          }
        }
      } else if (text != null) {
        // The text is already pseudonymised, so its mentions are pseudonyms or brand handles.
        for (String h : Pseudonymizer.mentionsIn(text)) {
          handles.add(h.toLowerCase(Locale.ROOT));
        }
      }
      return new ArrayList<>(handles);
    }
  }

  // ---- comments -------------------------------------------------------------------------------

  /** Audience comments; the author's handle becomes a pseudonym. */
  public static final class Comments extends RecordParser {
    public static final StructType SCHEMA = Tables.COMMENTS.schema();

    public Comments(Mapping mapping, TimestampParser timestamps, Pseudonymizer pseudonymizer) {
      super(mapping, timestamps, pseudonymizer);
    }

    @Override
    public StructType schema() {
      return SCHEMA;
    }

    @Override
    protected String targetTable() {
      return "comments";
    }

    @Override
    protected Object identity(Row parsed) {
      return parsed.getString(0);
    }

    @Override
    protected Row parse(Row raw) throws Reject {
      String platform = required(raw, "platform").toLowerCase(Locale.ROOT);
      String postId = required(raw, "post_id");
      String commentId = required(raw, "comment_id");
      Instant createdAt = timestamp(raw, "created_at");
      if (createdAt == null) {
        throw new Reject("missing_value", "created_at is empty");
      }
      String author = text(raw, "author");
      return RowFactory.create(
          platform + ":" + commentId,
          platform + ":" + postId,
          commentId,
          createdAt,
          cleanText(get(raw, "text")),
          author == null ? null : pseudonymizer.pseudonym(author),
          get(raw, "_source_file"),
          get(raw, "_record_number"),
          get(raw, "_record_item"),
          platform,
          month(createdAt));
    }

  }

  /** The hashtags of a text in order of appearance, lower case, without {@code #} (repeats kept). */
  static List<String> hashtagsIn(String text) {
    List<String> tags = new ArrayList<>();
    for (int at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
      int end = hashtagEnd(text, at);
      if (end > 0) {
        tags.add(text.substring(at + 1, end).toLowerCase(Locale.ROOT));
        at = end - 1;
      }
    }
    return tags;
  }

  /**
   * Where the tag of a hashtag starting at {@code at} (a {@code #}) ends, or -1 when there is none
   * there. Same as {@link #HASHTAG_REGEX}: not after a letter, digit, {@code _}, {@code &} or
   * {@code /} (one UTF-16 unit, as the regex looks behind), then one or more letters, digits or
   * {@code _} (code points).
   */
  static int hashtagEnd(String text, int at) {
    if (at > 0) {
      char before = text.charAt(at - 1);
      if (Pseudonymizer.isWord(before) || before == '&' || before == '/') {
        return -1;
      }
    }
    int i = at + 1;
    while (i < text.length()) {
      int c = text.codePointAt(i);
      if (!Pseudonymizer.isWord(c)) {
        break;
      }
      i += Character.charCount(c);
    }
    return i > at + 1 ? i : -1;
  }

  static String truncate(String s) {
    return truncate(s, RAW_LIMIT);
  }

  /** {@code s}, cut to {@code limit} characters with an ellipsis when longer. */
  static String truncate(String s, int limit) {
    return s.length() > limit ? s.substring(0, limit) + "…" : s;
  }
}
