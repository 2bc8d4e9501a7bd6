package dev.veille.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@code veille sql --format csv} without Spark: RFC 4180 cells, CRLF, NULL and '' apart in the first column. */
class ResultWriterTest {
  static String csv(StructType schema, Row... rows) {
    StringWriter out = new StringWriter();
    long n = ResultWriter.write(schema, List.of(rows).iterator(), ResultWriter.Format.CSV, 40, out);
    assertThat(n).isEqualTo(rows.length);
    return out.toString();
  }

  @Test
  void quotesOnlyWhatNeedsItAndKeepsNullApartFromEmpty() {
    StructType schema = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType)
        .add("n", DataTypes.LongType);
    assertThat(csv(schema,
        RowFactory.create(null, null, null),
        RowFactory.create("", "", 1L),
        RowFactory.create("plain", "comma, \"quote\"", 2L),
        RowFactory.create("two\nlines", "cr\r\nlf", 3L)))
        .isEqualTo("a,b,n\r\n"
            + ",,\r\n"
            + "\"\",,1\r\n"
            + "plain,\"comma, \"\"quote\"\"\",2\r\n"
            + "\"two\nlines\",\"cr\r\nlf\",3\r\n");
  }
}
