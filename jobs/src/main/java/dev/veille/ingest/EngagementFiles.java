package dev.veille.ingest;

import dev.veille.common.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.SeekableInputStream;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Stages the {@code engagement} table from the staged {@code posts} without decoding a value.
 *
 * <p>Every engagement column is a posts column, and a snapshot is a post with at least one count.
 * When the row groups of a staged posts file each have a count column without nulls (their
 * statistics say so), every row of the file is a snapshot, and its engagement file is the posts
 * file's engagement columns: their compressed chunks are copied byte for byte, with their
 * indexes, into a file of the same name under the same partition folders. Reading and re-encoding
 * them with Spark cost more than all of publishing.
 *
 * <p>The Spark schema a file carries in its footer is narrowed to the engagement columns, so
 * tools that infer the schema from a file see the engagement table's.
 */
final class EngagementFiles {
  /** Where Spark keeps a Parquet file's schema in its footer (Spark's ParquetReadSupport). */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private EngagementFiles() {}

  /**
   * Copies the engagement columns of every Parquet file under {@code posts} to the same relative
   * path under {@code engagement}. Returns false, having written nothing, when some file may hold
   * a post without counts (or was not written by Spark): the caller derives the table by a query.
   */
  static boolean copyFromPosts(Configuration conf, Path posts, Path engagement) throws IOException {
    FileSystem fs = posts.getFileSystem(conf);
    if (!fs.exists(posts)) {
      return false;
    }
    Set<String> columns = Set.of(dataColumns().fieldNames());
    // Built once: building read options copies the Hadoop configuration.
    ParquetReadOptions options = HadoopReadOptions.builder(conf).build();
    Map<Path, ParquetMetadata> footers = new HashMap<>();
    List<Path> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(posts, true);
    while (it.hasNext()) {
      Path file = it.next().getPath();
      String name = file.getName();
      if (!name.endsWith(".parquet") || name.startsWith(".") || name.startsWith("_")) {
        continue;
      }
      try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf), options)) {
        ParquetMetadata footer = reader.getFooter();
        MessageType schema = footer.getFileMetaData().getSchema();
        if (!everyRowHasACount(footer) || !footer.getFileMetaData().getKeyValueMetaData().containsKey(SPARK_SCHEMA_KEY)
            || !columns.stream().allMatch(schema::containsField)) {
          return false;
        }
        footers.put(file, footer);
        files.add(file);
      }
    }
    String base = posts.toUri().getPath() + "/";
    for (Path file : files) {
      String relative = file.toUri().getPath().substring(base.length());
      copyColumns(conf, options, file, footers.get(file), new Path(engagement, relative), columns);
    }
    return true;
  }

  /** The engagement columns stored in files (its partition columns are folder names). */
  static StructType dataColumns() {
    StructType out = new StructType();
    for (StructField f : Tables.ENGAGEMENT.schema().fields()) {
      if (!Tables.ENGAGEMENT.partitionBy().contains(f.name())) {
        out = out.add(f);
      }
    }
    return out;
  }

  private static boolean everyRowHasACount(ParquetMetadata footer) {
    for (BlockMetaData block : footer.getBlocks()) {
      boolean covered = block.getRowCount() == 0;
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        String column = chunk.getPath().toDotString();
        if (Tables.METRICS.contains(column) && chunk.getStatistics() != null
            && chunk.getStatistics().isNumNullsSet() && chunk.getStatistics().getNumNulls() == 0) {
          covered = true;
        }
      }
      if (!covered) {
        return false;
      }
    }
    return true;
  }

  private static void copyColumns(Configuration conf, ParquetReadOptions options, Path from,
      ParquetMetadata footer, Path to, Set<String> columns) throws IOException {
    MessageType fileSchema = footer.getFileMetaData().getSchema();
    List<Type> kept = new ArrayList<>();
    for (Type field : fileSchema.getFields()) {
      if (columns.contains(field.getName())) {
        kept.add(field);
      }
    }
    MessageType schema = new MessageType(fileSchema.getName(), kept);
    Map<String, String> metadata = new HashMap<>(footer.getFileMetaData().getKeyValueMetaData());
    StructType sparkSchema = (StructType) DataType.fromJson(metadata.get(SPARK_SCHEMA_KEY));
    StructType narrowed = new StructType();
    for (StructField f : sparkSchema.fields()) {
      if (columns.contains(f.name())) {
        narrowed = narrowed.add(f);
      }
    }
    metadata.put(SPARK_SCHEMA_KEY, narrowed.json());
    ParquetFileWriter writer = new ParquetFileWriter(HadoopOutputFile.fromPath(to, conf), schema,
        ParquetFileWriter.Mode.CREATE, org.apache.parquet.hadoop.ParquetWriter.DEFAULT_BLOCK_SIZE,
        org.apache.parquet.hadoop.ParquetWriter.MAX_PADDING_SIZE_DEFAULT);
    HadoopInputFile input = HadoopInputFile.fromPath(from, conf);
    try (SeekableInputStream in = input.newStream();
        ParquetFileReader reader = ParquetFileReader.open(input, footer, options, in)) {
      writer.start();
      for (BlockMetaData block : footer.getBlocks()) {
        writer.startBlock(block.getRowCount());
        for (ColumnChunkMetaData chunk : block.getColumns()) {
          String[] path = chunk.getPath().toArray();
          if (path.length == 1 && columns.contains(path[0])) {
            writer.appendColumnChunk(schema.getColumnDescription(path), in, chunk,
                reader.readBloomFilter(chunk), reader.readColumnIndex(chunk), reader.readOffsetIndex(chunk));
          }
        }
        writer.endBlock();
      }
      writer.end(metadata);
    }
  }
}
