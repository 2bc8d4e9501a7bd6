package dev.veille.common;

import org.apache.spark.sql.SparkSession;

/**
 * A Veille job: {@link #validate()} checks everything that can be checked before Spark does any
 * work (files exist, mappings parse, values are in range), then {@link #run} loads, transforms
 * and writes. Jobs take one immutable config record and return one immutable result.
 *
 * @param <R> the result, whose fields are what the CLI prints and the run manifest records
 */
public interface Job<R> {
  /** Throws {@link ConfigException} naming the key and the bad value. */
  void validate();

  R run(SparkSession spark);
}
