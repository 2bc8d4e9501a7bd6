package dev.veille.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.posexplode;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.filter;

import dev.veille.common.ConfigException;
import dev.veille.common.warehouse.InputFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Reads export files into the <em>raw records</em> frame their mapping describes: one row per
 * record, one string column per canonical field (a {@code sum} mapping's count carries every
 * term, separated by {@link #SUM_SEPARATOR}), nothing typed or validated yet, plus lineage:
 * {@code _source_file}, {@code _record_number} (1-based, within its file: CSV data row, JSON
 * Lines line, JSON document), {@code _record_item} (1-based element of the mapping's
 * {@code records} array, else null), {@code _corrupt} (why the reader could not split the record,
 * else null) and {@code _default_observed_at}. Every record of the files is a row, readable or
 * not, so {@code records_in} is a count of this frame.
 *
 * <p>Schemas are explicit: a CSV file's is all strings, one per header column (the header is read
 * first); a JSON schema is built from the paths the mapping reads.
 */
public final class RawRecords {
  static final String CORRUPT = "_corrupt_record";

  private RawRecords() {}

  /** The raw frame's columns for a target table, in order. */
  public static StructType schema(Mapping.Target target) {
    StructType s = new StructType()
        .add("_source_file", DataTypes.StringType, false)
        .add("_record_number", DataTypes.LongType, false)
        .add("_record_item", DataTypes.IntegerType, true)
        .add("_corrupt", DataTypes.StringType, true)
        .add("_raw_text", DataTypes.StringType, true)
        .add("_default_observed_at", DataTypes.TimestampType, true);
    for (String field : fieldOrder(target)) {
      s = s.add(field, rawType(field), true);
    }
    return s;
  }

  static List<String> fieldOrder(Mapping.Target target) {
    return target == Mapping.Target.POSTS
        ? List.of("platform", "account_id", "account_name", "post_id", "published_at", "text", "url",
            "language", "format", "paid", "followers", "observed_at", "hashtags", "mentions",
            "reactions", "comments", "shares", "saves", "clicks", "video_views", "impressions", "reach")
        : List.of("platform", "post_id", "comment_id", "created_at", "author", "text");
  }

  static boolean isCount(String field) {
    return switch (field) {
      case "followers", "reactions", "comments", "shares", "saves", "clicks", "video_views",
          "impressions", "reach" -> true;
      default -> false;
    };
  }

  /**
   * Separates the terms of a count that a {@code sum} mapping adds up. Counts travel as one
   * string (not an array) because arrays cost an allocation and a conversion per row and field.
   */
  static final String SUM_SEPARATOR = "\u001f";

  /**
   * Separates the date from the time of a {@link FieldSpec.DateAndTime} field's raw value, so the
   * parser can tell which of the two is empty. Not white space, unlike {@link #SUM_SEPARATOR}.
   */
  static final String DATE_TIME_SEPARATOR = "\u0000";

  private static DataType rawType(String field) {
    return field.equals("hashtags") || field.equals("mentions")
        ? DataTypes.createArrayType(DataTypes.StringType, true) : DataTypes.StringType;
  }

  /**
   * Reads {@code files} (all of one source, so one mapping) with {@code mapping}; {@code notes}
   * receives what the user should know (mapped columns the files lack). The files are read by
   * one Spark read (CSV files: one per distinct header, which is their schema): a read and a
   * union branch per file made the driver's planning and every task's deserialisation grow with
   * the square of the number of files.
   */
  public static Dataset<Row> read(SparkSession spark, List<InputFile> files, Mapping mapping,
      String platformOverride, List<String> notes) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("No file to read with mapping " + mapping.location());
    }
    List<Dataset<Row>> frames = new ArrayList<>();
    if (mapping.source().format() == Mapping.Format.CSV) {
      Map<List<String>, List<InputFile>> byHeader = new LinkedHashMap<>();
      for (InputFile file : files) {
        byHeader.computeIfAbsent(header(spark, file, mapping.source()), h -> new ArrayList<>()).add(file);
      }
      byHeader.forEach((header, group) -> {
        Dataset<Row> rows = csv(spark, group, header, mapping, notes);
        frames.add(numberedPerFile(withConstants(rows, group.get(0), mapping, platformOverride), group, Map.of()));
      });
    } else {
      frames.add(withConstants(json(spark, files, mapping), files.get(0), mapping, platformOverride));
    }
    return unionAll(frames);
  }

  /**
   * The raw columns in order (and {@code _split_start}, while the read has it), with the values
   * every record of a source shares ({@code file} is any of its files). One select, not a
   * withColumn per column: each new Dataset is analysed again, which cost the driver about a
   * quarter of a second per file.
   */
  private static Dataset<Row> withConstants(Dataset<Row> records, InputFile file, Mapping mapping,
      String platformOverride) {
    Map<String, Column> constants = Map.of(
        "_default_observed_at", lit(Timestamp.from(file.observedAt())),
        "platform", platformOverride != null ? lit(platformOverride)
            : mapping.platform() != null && !mapping.maps("platform") ? lit(mapping.platform())
            : col("platform"));
    List<Column> cols = new ArrayList<>();
    for (StructField f : schema(mapping.table()).fields()) {
      cols.add(constants.getOrDefault(f.name(), col(f.name())).cast(f.dataType()).as(f.name()));
    }
    if (List.of(records.columns()).contains(FileRecordNumbers.SPLIT_START)) {
      cols.add(col(FileRecordNumbers.SPLIT_START));
    }
    return records.select(cols.toArray(new Column[0]));
  }

  /** One union of many frames, halving the list each round so the plan is a balanced tree. */
  private static Dataset<Row> unionAll(List<Dataset<Row>> frames) {
    List<Dataset<Row>> level = frames;
    while (level.size() > 1) {
      List<Dataset<Row>> next = new ArrayList<>();
      for (int i = 0; i < level.size(); i += 2) {
        next.add(i + 1 < level.size() ? level.get(i).union(level.get(i + 1)) : level.get(i));
      }
      level = next;
    }
    return level.get(0);
  }

  // ---- CSV ---------------------------------------------------------------------------------

  /**
   * Reads CSV files that share {@code header} in one Spark read. Lineage comes from the read
   * ({@code _metadata.file_path}, the row's position) and is made each file's own by
   * {@link FileRecordNumbers}.
   */
  private static Dataset<Row> csv(SparkSession spark, List<InputFile> files, List<String> header,
      Mapping mapping, List<String> notes) {
    Mapping.SourceLayout layout = mapping.source();
    Map<String, String> byName = new LinkedHashMap<>();
    StructType schema = new StructType();
    Map<String, Integer> seen = new HashMap<>();
    for (String name : header) {
      int n = seen.merge(name, 1, Integer::sum);
      String unique = n == 1 ? name : name + "__" + n;
      byName.putIfAbsent(name, unique);
      schema = schema.add(unique, DataTypes.StringType, true);
    }
    schema = schema.add(CORRUPT, DataTypes.StringType, true);

    // multiLine keeps quoted line breaks inside a field, and makes each file one split, read
    // whole and in order, which FileRecordNumbers relies on.
    Dataset<Row> rows = spark.read()
        .schema(schema)
        .option("header", "true")
        .option("multiLine", "true")
        .option("sep", layout.delimiter())
        .option("quote", layout.quote())
        .option("escape", layout.escape())
        .option("encoding", layout.encoding())
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT)
        .csv(paths(files));

    String named = files.size() == 1 ? files.get(0).path()
        : String.format("%s (and %d other files with the same header)", files.get(0).path(), files.size() - 1);
    List<Column> fields = new ArrayList<>(List.of(readLineage()));
    fields.addAll(List.of(
        lit(null).cast("int").as("_record_item"),
        when(col(CORRUPT).isNotNull(),
            lit("the row does not have the " + header.size() + " fields of the header")).as("_corrupt"),
        col(CORRUPT).as("_raw_text")));
    for (String field : fieldOrder(mapping.table())) {
      FieldSpec spec = mapping.fields().get(field);
      fields.add(spec == null ? lit(null).as(field)
          : csvField(field, spec, byName, named, mapping, notes).as(field));
    }
    return rows.select(fields.toArray(new Column[0]));
  }

  /**
   * Gives each file's rows their own lineage (see {@link FileRecordNumbers}); {@code rowsBefore}
   * counts the rows before each split of files read in several.
   */
  private static Dataset<Row> numberedPerFile(Dataset<Row> rows, List<InputFile> files,
      Map<String, Map<Long, Long>> rowsBefore) {
    Map<String, String> pathOf = new LinkedHashMap<>();
    for (InputFile f : files) {
      // How Spark names a file it reads (_metadata.file_path): its URI, percent-encoded.
      pathOf.put(new Path(f.path()).toUri().toString(), f.path());
    }
    FileRecordNumbers numbers = new FileRecordNumbers(pathOf, rowsBefore, rows.schema());
    return rows.mapPartitions(numbers, Encoders.row(numbers.outputSchema()));
  }

  /** Spark's reading of {@code files}' lineage: URL, split start and position in the partition. */
  private static Column[] readLineage() {
    return new Column[] {col("_metadata.file_path").as("_source_file"),
        col("_metadata.file_block_start").as(FileRecordNumbers.SPLIT_START),
        monotonically_increasing_id().as("_record_number")};
  }

  private static String[] paths(List<InputFile> files) {
    return files.stream().map(InputFile::path).toArray(String[]::new);
  }

  private static Column csvField(String field, FieldSpec spec, Map<String, String> byName,
      String files, Mapping mapping, List<String> notes) {
    List<Column> sources = new ArrayList<>();
    for (String name : spec.sources()) {
      String actual = byName.get(name);
      if (actual == null) {
        String guess = closestColumn(name, byName.keySet());
        String didYouMean = guess == null ? "" : " (did you mean \"" + guess + "\"?)";
        if (mapping.table().required.contains(field)) {
          throw new ConfigException(String.format(
              "File %s has no column \"%s\" for required field %s (mapping %s)%s. Its columns are: %s",
              files, name, field, mapping.location(), didYouMean, byName.keySet()));
        }
        notes.add(String.format("%s: no column \"%s\", so %s is left empty%s", files, name, field, didYouMean));
        sources.add(lit(null).cast("string"));
      } else {
        sources.add(col("`" + actual + "`"));
      }
    }
    return combine(field, spec, sources, false);
  }

  /**
   * The column a mapping most likely meant by {@code name}, ignoring case, when at most a quarter
   * of its letters differ (at least one); else null. A misspelt optional column only leaves its
   * field empty, so the note must make the typo easy to see.
   */
  static String closestColumn(String name, java.util.Collection<String> columns) {
    LevenshteinDistance distance = new LevenshteinDistance(Math.max(1, name.length() / 4));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String column : columns) {
      int d = distance.apply(name.toLowerCase(Locale.ROOT), column.toLowerCase(Locale.ROOT));
      if (d >= 0 && d < bestDistance) {
        best = column;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Reads the header line, without a byte-order mark, split like the data rows. */
  static List<String> header(SparkSession spark, InputFile file, Mapping.SourceLayout layout) {
    return headerOf(spark, file.path(), layout);
  }

  /** The header of the first file matching {@code location} (a path or glob). */
  public static List<String> headerOf(SparkSession spark, String location, Mapping.SourceLayout layout) {
    Path path = new Path(location);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      org.apache.hadoop.fs.FileStatus[] matches = fs.globStatus(path);
      if (matches == null || matches.length == 0) {
        throw new ConfigException("No file found at " + location);
      }
      path = matches[0].getPath();
      // A compressed export (.gz, .bz2, ...) is read through its codec, as Spark reads the rows.
      org.apache.hadoop.io.compress.CompressionCodec codec =
          new org.apache.hadoop.io.compress.CompressionCodecFactory(spark.sparkContext().hadoopConfiguration())
              .getCodec(path);
      try (InputStream in = codec == null ? fs.open(path) : codec.createInputStream(fs.open(path));
          BufferedReader reader = new BufferedReader(
              new InputStreamReader(in, Charset.forName(layout.encoding())))) {
        String line = reader.readLine();
        if (line == null) {
          throw new ConfigException("File " + path + " is empty (expected a CSV header line)");
        }
        if (line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        return splitHeader(line, layout.delimiter().charAt(0), layout.quote().charAt(0));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the header of " + location, e);
    }
  }

  static List<String> splitHeader(String line, char delimiter, char quote) {
    List<String> names = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == quote && i + 1 < line.length() && line.charAt(i + 1) == quote) {
          current.append(quote);
          i++;
        } else if (c == quote) {
          quoted = false;
        } else {
          current.append(c);
        }
      } else if (c == quote) {
        quoted = true;
      } else if (c == delimiter) {
        names.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    names.add(current.toString().trim());
    return names;
  }

  // ---- JSON and JSON Lines -----------------------------------------------------------------

  private static Dataset<Row> json(SparkSession spark, List<InputFile> files, Mapping mapping) {
    String records = mapping.source().records();
    JsonPaths.Node recordTree = new JsonPaths.Node();
    for (FieldSpec spec : mapping.fields().values()) {
      for (String path : spec.sources()) {
        recordTree.add(JsonPaths.parse(path, null));
      }
    }
    JsonPaths.Node docTree = new JsonPaths.Node();
    if (records != null) {
      List<JsonPaths.Step> steps = JsonPaths.parse(records, null);
      docTree.add(steps);
      JsonPaths.Node at = docTree;
      for (JsonPaths.Step step : steps) {
        at = at.children.get(step.name());
      }
      at.children.putAll(recordTree.children);
    } else {
      docTree.children.putAll(recordTree.children);
    }
    for (FieldSpec spec : mapping.fields().values()) {
      if (spec instanceof FieldSpec.Lookup l) {
        docTree.add(JsonPaths.parse(l.in() + "." + l.key(), null));
        docTree.add(JsonPaths.parse(l.in() + "." + l.value(), null));
      }
    }
    StructType docSchema = docTree.struct().add(CORRUPT, DataTypes.StringType, true);

    Dataset<Row> docs;
    if (mapping.source().format() == Mapping.Format.JSONL) {
      docs = jsonLines(spark, files, docSchema);
    } else {
      // A whole-file document is one split, read in order: see FileRecordNumbers.
      var reader = spark.read().schema(docSchema)
          .option("multiLine", "true")
          .option("mode", "PERMISSIVE")
          .option("columnNameOfCorruptRecord", CORRUPT);
      if (!mapping.source().encoding().equalsIgnoreCase("UTF-8")) {
        // Left to Jackson, UTF-8 input may start with a byte-order mark; a declared charset may not.
        reader = reader.option("encoding", mapping.source().encoding());
      }
      Dataset<Row> read = reader.json(paths(files));
      List<Column> columns = new ArrayList<>(List.of(readLineage()));
      columns.add(org.apache.spark.sql.functions.struct(col("*")).as("doc"));
      docs = numberedPerFile(read.select(columns.toArray(new Column[0])), files, Map.of())
          .select(col("_source_file"), col("_record_number"), col("doc"),
              col("doc").getField(CORRUPT).as("_raw_text"));
    }
    Column corrupt = col("doc").isNull().or(col("doc").getField(CORRUPT).isNotNull());
    DataType recordType = records != null ? recordTree.struct() : docSchema;
    // An unreadable document is one record, whatever it would have held.
    Dataset<Row> bad = docs.filter(corrupt)
        .select(col("_source_file"), col("_record_number"), lit(null).cast("int").as("_record_item"),
            lit("not valid JSON").as("_corrupt"), col("_raw_text"), col("doc"),
            lit(null).cast(recordType).as("rec"));
    Dataset<Row> good = docs.filter(not(corrupt));
    if (records != null) {
      good = good.select(col("_source_file"), col("_record_number"), col("doc"),
              posexplode(JsonPaths.column(col("doc"), stripAll(records))))
          .select(col("_source_file"), col("_record_number"), col("pos").plus(1).cast("int").as("_record_item"),
              lit(null).cast("string").as("_corrupt"), lit(null).cast("string").as("_raw_text"),
              col("doc"), col("col").as("rec"));
    } else {
      good = good.select(col("_source_file"), col("_record_number"), lit(null).cast("int").as("_record_item"),
          lit(null).cast("string").as("_corrupt"), lit(null).cast("string").as("_raw_text"),
          col("doc"), col("doc").as("rec"));
    }
    Dataset<Row> all = good.unionByName(bad);

    List<Column> fields = new ArrayList<>(List.of(col("_source_file"), col("_record_number"),
        col("_record_item"), col("_corrupt"), col("_raw_text")));
    for (String field : fieldOrder(mapping.table())) {
      FieldSpec spec = mapping.fields().get(field);
      fields.add(spec == null ? lit(null).as(field) : jsonField(field, spec).as(field));
    }
    return all.select(fields.toArray(new Column[0]));
  }

  private static String stripAll(String path) {
    return path.endsWith("[]") ? path.substring(0, path.length() - 2) : path;
  }

  /**
   * JSON Lines: each non-blank line is one document, numbered by its line in the file. Text files
   * are read in splits, so when a file may be cut, one job first counts the lines of every split;
   * the lines before a split then number its first line (see {@link FileRecordNumbers}).
   */
  private static Dataset<Row> jsonLines(SparkSession spark, List<InputFile> files, StructType docSchema) {
    List<Column> columns = new ArrayList<>(List.of(readLineage()));
    columns.add(col("value").as("line"));
    Dataset<Row> lines = spark.read().text(paths(files)).select(columns.toArray(new Column[0]));
    Map<String, Map<Long, Long>> rowsBefore = new HashMap<>();
    if (someMayBeSplit(spark, files)) {
      List<Row> splits = new ArrayList<>(
          lines.groupBy("_source_file", FileRecordNumbers.SPLIT_START).count().collectAsList());
      splits.sort(java.util.Comparator.<Row, String>comparing(r -> r.getString(0)).thenComparing(r -> r.getLong(1)));
      Map<String, Long> counted = new HashMap<>();
      for (Row split : splits) {
        long before = counted.getOrDefault(split.getString(0), 0L);
        rowsBefore.computeIfAbsent(split.getString(0), f -> new HashMap<>()).put(split.getLong(1), before);
        counted.put(split.getString(0), before + split.getLong(2));
      }
    }
    Map<String, String> options = Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT);
    // A UTF-8 byte-order mark can only start the first line; JSON does not allow it there.
    Column line = when(col("_record_number").equalTo(1).and(col("line").startsWith("\uFEFF")),
        functions.substring(col("line"), 2, Integer.MAX_VALUE)).otherwise(col("line"));
    return numberedPerFile(lines, files, rowsBefore)
        .filter(not(col("line").rlike("^\\s*$")))
        .select(col("_source_file"), col("_record_number"), line.as("line"))
        .select(col("_source_file"), from_json(col("line"), docSchema, options).as("doc"),
            col("_record_number"), col("line").as("_raw_text"));
  }

  /**
   * Whether Spark may cut one of {@code files} into several splits. It cuts at
   * {@code min(maxPartitionBytes, max(openCostInBytes, bytes per core))}, never below the smaller
   * of the two settings, so files no larger than that are read whole and need no counting pass
   * (the usual nightly: small API pages).
   */
  private static boolean someMayBeSplit(SparkSession spark, List<InputFile> files) {
    long wholeUpTo = Math.min(
        JavaUtils.byteStringAsBytes(spark.conf().get("spark.sql.files.maxPartitionBytes")),
        JavaUtils.byteStringAsBytes(spark.conf().get("spark.sql.files.openCostInBytes")));
    return files.stream().anyMatch(f -> f.size() > wholeUpTo);
  }

  private static Column jsonField(String field, FieldSpec spec) {
    if (spec instanceof FieldSpec.Lookup l) {
      Column key = JsonPaths.column(col("rec"), l.path());
      Column candidates = JsonPaths.column(col("doc"), stripAll(l.in()));
      Column match = filter(candidates, e -> e.getField(l.key()).equalTo(key));
      return combine(field, spec, List.of(functions.get(match, lit(0)).getField(l.value())), true);
    }
    List<Column> sources = new ArrayList<>();
    for (String path : spec.sources()) {
      sources.add(JsonPaths.column(col("rec"), path));
    }
    return combine(field, spec, sources, true);
  }

  /** Builds the raw column of {@code field} from its source columns, by the spec's kind. */
  private static Column combine(String field, FieldSpec spec, List<Column> sources, boolean json) {
    Column value;
    if (spec instanceof FieldSpec.Constant c) {
      value = lit(c.value());
    } else if (spec instanceof FieldSpec.Joined) {
      value = concat_ws("\n\n", sources.stream()
          .map(s -> when(trim(s).notEqual(""), s)).toArray(Column[]::new));
    } else if (spec instanceof FieldSpec.Sum) {
      return concat_ws(SUM_SEPARATOR, sources.toArray(new Column[0]));
    } else if (spec instanceof FieldSpec.DateAndTime) {
      Column date = sources.get(0).cast("string");
      Column time = sources.get(1).cast("string");
      return when(date.isNull().and(time.isNull()), lit(null).cast("string"))
          .otherwise(functions.concat(coalesce(date, lit("")), lit(DATE_TIME_SEPARATOR), coalesce(time, lit(""))));
    } else {
      value = sources.get(0);
    }
    if (isCount(field)) {
      if (!json) {
        // A CSV value is already one string: concat_ws would only copy it (null and "" read alike).
        return value;
      }
      // concat_ws reads a string or an array of strings alike, and drops nulls.
      return concat_ws(SUM_SEPARATOR, value);
    }
    boolean list = field.equals("hashtags") || field.equals("mentions");
    boolean alreadyList = json && spec instanceof FieldSpec.Source s && JsonPaths.yieldsArray(s.source());
    return list && !alreadyList ? array(value) : value;
  }
}
