package dev.veille.sql;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.veille.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes query results as rows arrive (from {@code Dataset.toLocalIterator()}), so a large result
 * never sits whole in the driver:
 * <ul>
 *   <li>{@code csv}: RFC 4180 with a header; instants in ISO-8601 UTC ({@code 2026-11-28T06:00:00Z}),
 *       nulls empty, arrays, structs and maps as JSON;</li>
 *   <li>{@code json}: JSON Lines, one object per row, nested values as JSON arrays and objects;</li>
 *   <li>{@code table}: for a terminal: columns as wide as their widest value among the first
 *       {@value #SAMPLE_ROWS} rows, each cell cut at {@code maxWidth} characters with an ellipsis,
 *       numbers to 6 significant digits and right-aligned, then a row count.</li>
 * </ul>
 */
public final class ResultWriter {
  /** Output formats of {@code veille sql}. */
  public enum Format {
    TABLE("txt"), CSV("csv"), JSON("jsonl");

    private final String extension;

    Format(String extension) {
      this.extension = extension;
    }

    public String extension() {
      return extension;
    }
  }

  static final int SAMPLE_ROWS = 200;

  private ResultWriter() {}

  /** Writes every row of {@code rows}, whose schema is {@code schema}; returns how many. */
  public static long write(StructType schema, Iterator<Row> rows, Format format, int maxWidth, Writer out) {
    try {
      return switch (format) {
        case CSV -> csv(schema, rows, out);
        case JSON -> jsonLines(schema, rows, out);
        case TABLE -> table(schema, rows, maxWidth, out);
      };
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the query result", e);
    }
  }

  static long csv(StructType schema, Iterator<Row> rows, Writer out) throws IOException {
    CSVPrinter csv = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(schema.fieldNames()).get());
    long n = 0;
    List<String> cells = new ArrayList<>(schema.size());
    while (rows.hasNext()) {
      Row r = rows.next();
      cells.clear();
      for (int i = 0; i < schema.size(); i++) {
        // A null stays null: an empty cell without quotes in every column (commons-csv quotes an
        // empty string in the first one, so '' and NULL differ there as they do in SQL).
        cells.add(r.isNullAt(i) ? null : text(schema.fields()[i].dataType(), r.get(i), false));
      }
      csv.printRecord(cells);
      n++;
    }
    csv.flush();
    return n;
  }

  static long jsonLines(StructType schema, Iterator<Row> rows, Writer out) throws IOException {
    JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out);
    g.setRootValueSeparator(null);
    long n = 0;
    while (rows.hasNext()) {
      writeStruct(g, schema, rows.next());
      g.flush();
      out.write('\n');
      n++;
    }
    g.flush();
    return n;
  }

  static long table(StructType schema, Iterator<Row> rows, int maxWidth, Writer out) throws IOException {
    int cols = schema.size();
    boolean[] right = new boolean[cols];
    int[] width = new int[cols];
    for (int i = 0; i < cols; i++) {
      right[i] = schema.fields()[i].dataType() instanceof NumericType;
      width[i] = Math.min(maxWidth, Math.max(1, length(schema.fields()[i].name())));
    }
    List<String[]> sample = new ArrayList<>();
    while (sample.size() < SAMPLE_ROWS && rows.hasNext()) {
      String[] cells = cells(schema, rows.next());
      for (int i = 0; i < cols; i++) {
        width[i] = Math.min(maxWidth, Math.max(width[i], length(cells[i])));
      }
      sample.add(cells);
    }
    line(out, schema.fieldNames(), width, right);
    String[] rule = new String[cols];
    for (int i = 0; i < cols; i++) {
      rule[i] = "-".repeat(width[i]);
    }
    line(out, rule, width, right);
    long n = 0;
    for (String[] cells : sample) {
      line(out, cells, width, right);
      n++;
    }
    while (rows.hasNext()) {
      line(out, cells(schema, rows.next()), width, right);
      n++;
    }
    out.write(String.format(Locale.ROOT, "(%,d row%s)%n", n, n == 1 ? "" : "s"));
    out.flush();
    return n;
  }

  private static String[] cells(StructType schema, Row r) {
    String[] cells = new String[schema.size()];
    for (int i = 0; i < cells.length; i++) {
      String t = r.isNullAt(i) ? "NULL" : text(schema.fields()[i].dataType(), r.get(i), true);
      cells[i] = t.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
    }
    return cells;
  }

  private static void line(Writer out, String[] cells, int[] width, boolean[] right) throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      String c = cut(cells[i], width[i]);
      String pad = " ".repeat(width[i] - length(c));
      if (i > 0) {
        b.append("  ");
      }
      if (right[i]) {
        b.append(pad).append(c);
      } else {
        b.append(c);
        if (i < cells.length - 1) {
          b.append(pad);
        }
      }
    }
    out.write(b.toString());
    out.write(System.lineSeparator());
  }

  private static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  private static String cut(String s, int width) {
    if (length(s) <= width) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
  }

  /** A value as text: nested values as JSON; for a terminal, numbers to 6 significant digits. */
  static String text(DataType type, Object v, boolean terminal) {
    if (v == null) {
      return "";
    }
    if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
      try {
        java.io.StringWriter w = new java.io.StringWriter();
        JsonGenerator g = Json.MAPPER.getFactory().createGenerator(w);
        writeValue(g, type, v);
        g.flush();
        return w.toString();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (type instanceof BinaryType) {
      return Base64.getEncoder().encodeToString((byte[]) v);
    }
    if (terminal && (v instanceof Double || v instanceof Float)) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d) && d != 0 && Math.abs(d) >= 1e-4 && Math.abs(d) < 1e15) {
        return new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString();
      }
    }
    return v.toString();
  }

  private static void writeStruct(JsonGenerator g, StructType schema, Row r) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < schema.size(); i++) {
      StructField f = schema.fields()[i];
      g.writeFieldName(f.name());
      writeValue(g, f.dataType(), r.get(i));
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, DataType type, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (type instanceof StructType s) {
      writeStruct(g, s, (Row) v);
    } else if (type instanceof ArrayType a) {
      g.writeStartArray();
      for (Object e : asList(v)) {
        writeValue(g, a.elementType(), e);
      }
      g.writeEndArray();
    } else if (type instanceof MapType m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : asMap(v).entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, m.valueType(), e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else if (v instanceof byte[] bytes) {
      g.writeString(Base64.getEncoder().encodeToString(bytes));
    } else {
      g.writeString(v.toString());
    }
  }

  private static List<?> asList(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof scala.collection.Seq<?> s) {
      return scala.jdk.javaapi.CollectionConverters.asJava(s);
    }
    if (v instanceof Object[] a) {
      return List.of(a);
    }
    throw new IllegalArgumentException("Not an array value: " + v.getClass());
  }

  private static Map<?, ?> asMap(Object v) {
    if (v instanceof Map<?, ?> m) {
      return m;
    }
    if (v instanceof scala.collection.Map<?, ?> m) {
      return scala.jdk.javaapi.CollectionConverters.asJava(m);
    }
    throw new IllegalArgumentException("Not a map value: " + v.getClass());
  }
}
