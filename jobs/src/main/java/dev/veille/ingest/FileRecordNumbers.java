package dev.veille.ingest;

import java.io.Serializable;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;

/**
 * Turns the lineage of rows read from many files in one Spark read into each file's own:
 * {@code _source_file} from the URL Spark names the file by ({@code _metadata.file_path}) into
 * the file's path as the ledger and the tables name it, and {@code _record_number} from the row's
 * position in its read partition ({@code monotonically_increasing_id()}) into its 1-based number
 * in the file.
 *
 * <p>This rests on how Spark reads files that cannot be split (multi-line CSV): a partition reads
 * whole files one after the other, each from its first record, so the first row seen of a file is
 * its record 1 and positions run on without gaps within it.
 */
final class FileRecordNumbers implements MapPartitionsFunction<Row, Row>, Serializable {
  private final Map<String, String> pathOf;
  private final StructType schema;
  private final int fileField;
  private final int numberField;

  /**
   * @param pathOf every file of the read, by the URL Spark names it by
   * @param schema the rows' schema, which must have {@code _source_file} and {@code _record_number}
   */
  FileRecordNumbers(Map<String, String> pathOf, StructType schema) {
    this.pathOf = Map.copyOf(pathOf);
    this.schema = schema;
    this.fileField = schema.fieldIndex("_source_file");
    this.numberField = schema.fieldIndex("_record_number");
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      private String url;
      private String path;
      private long first;

      @Override
      public boolean hasNext() {
        return input.hasNext();
      }

      @Override
      public Row next() {
        if (!input.hasNext()) {
          throw new NoSuchElementException();
        }
        Row row = input.next();
        String rowUrl = row.getString(fileField);
        long position = row.getLong(numberField);
        if (!rowUrl.equals(url)) {
          url = rowUrl;
          path = pathOf.get(rowUrl);
          if (path == null) {
            throw new IllegalStateException("Spark read a file that was not asked for: " + rowUrl
                + " (asked for " + pathOf.keySet() + ")");
          }
          first = position;
        }
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
          values[i] = row.get(i);
        }
        values[fileField] = path;
        values[numberField] = position - first + 1;
        // With its schema: the next stage of the plan may receive this very object (Spark drops
        // the conversion between two functions over rows) and read fields by name.
        return new GenericRowWithSchema(values, schema);
      }
    };
  }
}
