package dev.veille.common;

import org.apache.spark.sql.SparkSession;

/**
 * Builds the session every job runs in. The master is never set here: bin/veille passes
 * {@code spark.master=local[*]} for local runs and spark-submit passes the cluster's.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession getOrCreate(String appName) {
    SparkSession spark = withDelta(SparkSession.builder().appName(appName)).getOrCreate();
    configure(spark);
    return spark;
  }

  /**
   * Delta Lake's SQL extension and catalog: warehouse tables are Delta tables (MERGE, time travel,
   * {@code CONVERT TO DELTA}). Static settings, so they go on the builder, before the session exists.
   */
  public static SparkSession.Builder withDelta(SparkSession.Builder builder) {
    builder = builder
        .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    // file:// without a child process per chmod (see NioLocalFileSystem), unless the user chose.
    org.apache.spark.SparkConf given = new org.apache.spark.SparkConf();
    if (!given.contains("spark.hadoop.fs.file.impl")) {
      builder = builder.config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName());
    }
    if (!given.contains("spark.hadoop.fs.AbstractFileSystem.file.impl")) {
      builder = builder.config("spark.hadoop.fs.AbstractFileSystem.file.impl", NioLocalFileSystem.Fs.class.getName());
    }
    return builder;
  }

  /** Settings Veille code relies on; also for sessions made elsewhere (tests, notebooks). */
  public static void configure(SparkSession spark) {
    // Instants are stored and computed in UTC; local time is always explicit (the audience zone).
    spark.conf().set("spark.sql.session.timeZone", "UTC");
    // Rows carry java.time.Instant, never java.sql.Timestamp (which is zone-dependent).
    spark.conf().set("spark.sql.datetime.java8API.enabled", "true");
    // Partition values such as published_month=2026-03 stay strings, as the table schemas say.
    spark.conf().set("spark.sql.sources.partitionColumnTypeInference.enabled", "false");
    // Tables are partitioned by platform and month: a task writes a few partitions at once
    // rather than sorting its rows by partition first.
    spark.conf().set("spark.sql.maxConcurrentOutputFileWriters", "32");
    // Instants as Parquet's INT64 microseconds rather than the legacy INT96 (Spark's default), which
    // costs a 12-byte dictionary lookup per value when writing and is deprecated by Parquet.
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    // Delta rebuilds a table's state from its log in this many tasks (50 by default): our logs
    // are small, and on two local cores 50 tasks per read cost more than the reading.
    if (!spark.conf().contains("spark.databricks.delta.snapshotPartitions")) {
      int cores = spark.sparkContext().defaultParallelism();
      spark.conf().set("spark.databricks.delta.snapshotPartitions", String.valueOf(Math.max(1, Math.min(50, cores))));
    }
    // Mapped exports have wide raw schemas; their plans are worth printing whole when asked.
    spark.conf().set("spark.sql.debug.maxToStringFields", "500");
  }
}
