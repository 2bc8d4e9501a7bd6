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
 * Turns the lineage of rows that one Spark read took from many files into each file's own:
 * {@code _source_file} from the URL Spark names the file by ({@code _metadata.file_path}) into
 * the file's path as the ledger and the tables name it, and {@code _record_number} from the row's
 * position in its read partition ({@code monotonically_increasing_id()}) into its 1-based number
 * in the file. The input's {@code _split_start} ({@code _metadata.file_block_start}) is dropped.
 *
 * <p>This rests on how Spark reads files: a partition reads each split (a whole file, when the
 * format cannot be split, such as multi-line CSV) from its first row to its last, one split after
 * the other, so positions run on without gaps within a split. The rows before a split of a file
 * that was cut into several are counted beforehand ({@code rowsBefore}); a whole file has none.
 */
final class FileRecordNumbers implements MapPartitionsFunction<Row, Row>, Serializable {
  static final String SPLIT_START = "_split_start";

  private final Map<String, String> pathOf;
  private final Map<String, Map<Long, Long>> rowsBefore;
  private final StructType output;
  private final int fileField;
  private final int numberField;
  private final int splitField;

  /**
   * @param pathOf every file of the read, by the URL Spark names it by
   * @param rowsBefore for files read in several splits: by URL, then by split start, how many
   *     rows the file has before that split (absent: none)
   * @param input the rows' schema: it has {@code _source_file}, {@code _record_number} and
   *     {@code _split_start}
   */
  FileRecordNumbers(Map<String, String> pathOf, Map<String, Map<Long, Long>> rowsBefore, StructType input) {
    this.pathOf = Map.copyOf(pathOf);
    this.rowsBefore = Map.copyOf(rowsBefore);
    this.fileField = input.fieldIndex("_source_file");
    this.numberField = input.fieldIndex("_record_number");
    this.splitField = input.fieldIndex(SPLIT_START);
    StructType out = new StructType();
    for (int i = 0; i < input.fields().length; i++) {
      if (i != splitField) {
        out = out.add(input.fields()[i]);
      }
    }
    this.output = out;
  }

  /** The schema of the rows this emits: the input's without {@code _split_start}. */
  StructType outputSchema() {
    return output;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> input) {
    return new Iterator<>() {
      private String url;
      private String path;
      private long split = -1;
      private long firstPosition;
      private long before;

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
        long rowSplit = row.getLong(splitField);
        long position = row.getLong(numberField);
        if (!rowUrl.equals(url) || rowSplit != split) {
          if (!rowUrl.equals(url)) {
            path = pathOf.get(rowUrl);
            if (path == null) {
              throw new IllegalStateException("Spark read a file that was not asked for: " + rowUrl
                  + " (asked for " + pathOf.keySet() + ")");
            }
          }
          url = rowUrl;
          split = rowSplit;
          firstPosition = position;
          before = rowsBefore.getOrDefault(rowUrl, Map.of()).getOrDefault(rowSplit, 0L);
        }
        Object[] values = new Object[output.size()];
        for (int i = 0, j = 0; i < row.length(); i++) {
          if (i != splitField) {
            values[j++] = i == fileField ? path : i == numberField ? before + position - firstPosition + 1 : row.get(i);
          }
        }
        // With its schema: the next stage of the plan may receive this very object (Spark drops
        // the conversion between two functions over rows) and read fields by name.
        return new GenericRowWithSchema(values, output);
      }
    };
  }
}
