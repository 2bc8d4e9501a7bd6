package dev.veille.common.warehouse;

import java.util.Arrays;
import org.apache.spark.util.AccumulatorV2;

/**
 * 64-bit hashes of the keys of the rows a Spark job went through, and how many rows that was,
 * gathered per task and merged on the driver. Spark applies a task's accumulator updates once,
 * even when the task is retried, so {@link #rows()} is exact and every row's hash is there once.
 * {@link TableWriter} compares these hashes first, and only the keys whose hash repeats the exact
 * way.
 *
 * <p>Holds at most {@code limit} hashes (8 bytes each), in any one task and once merged; past that
 * it only counts rows and {@link #overflowed()} tells the caller to compare keys the exact way.
 */
final class KeyHashes extends AccumulatorV2<Long, KeyHashes> {
  private static final long[] NONE = new long[0];

  private final int limit;
  private long rows;
  private long[] hashes = NONE;
  private int size;
  private boolean overflowed;

  KeyHashes(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("Invalid key hash limit: " + limit + " (expected >= 0)");
    }
    this.limit = limit;
  }

  /** Rows seen, whether their hashes were kept or not. */
  long rows() {
    return rows;
  }

  /** True when there were more rows than the limit: the hashes are incomplete and dropped. */
  boolean overflowed() {
    return overflowed;
  }

  /** The hashes gathered, sorted (a copy). */
  long[] sorted() {
    if (overflowed) {
      throw new IllegalStateException("Key hashes overflowed their limit of " + limit + "; none are kept");
    }
    long[] out = Arrays.copyOf(hashes, size);
    Arrays.sort(out);
    return out;
  }

  /**
   * The hashes found at least twice among {@code a} and {@code b} together (both sorted), sorted
   * and each once: the only hashes whose keys can be held by more than one row.
   */
  static long[] repeated(long[] a, long[] b) {
    long[] out = new long[16];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < a.length || j < b.length) {
      long h = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      int times = 0;
      while (i < a.length && a[i] == h) {
        i++;
        times++;
      }
      while (j < b.length && b[j] == h) {
        j++;
        times++;
      }
      if (times > 1) {
        if (n == out.length) {
          out = Arrays.copyOf(out, 2 * n);
        }
        out[n++] = h;
      }
    }
    return Arrays.copyOf(out, n);
  }

  void add(long hash) {
    rows++;
    if (overflowed) {
      return;
    }
    if (size == limit) {
      overflow();
      return;
    }
    if (size == hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.min(limit, Math.max(1024, 2 * size)));
    }
    hashes[size++] = hash;
  }

  private void overflow() {
    overflowed = true;
    hashes = NONE;
    size = 0;
  }

  @Override
  public void add(Long hash) {
    add(hash.longValue());
  }

  @Override
  public void merge(AccumulatorV2<Long, KeyHashes> other) {
    KeyHashes o = (KeyHashes) other;
    rows += o.rows;
    if (overflowed) {
      return;
    }
    if (o.overflowed || (long) size + o.size > limit) {
      overflow();
      return;
    }
    if (size + o.size > hashes.length) {
      hashes = Arrays.copyOf(hashes, Math.min(limit, Math.max(size + o.size, 2 * size)));
    }
    System.arraycopy(o.hashes, 0, hashes, size, o.size);
    size += o.size;
  }

  /** A task sends its hashes to the driver with its result: without the unused room. */
  private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
    if (hashes.length > size) {
      hashes = Arrays.copyOf(hashes, size);
    }
    out.defaultWriteObject();
  }

  @Override
  public boolean isZero() {
    return rows == 0 && !overflowed;
  }

  @Override
  public AccumulatorV2<Long, KeyHashes> copy() {
    KeyHashes c = new KeyHashes(limit);
    c.merge(this);
    return c;
  }

  @Override
  public void reset() {
    rows = 0;
    hashes = NONE;
    size = 0;
    overflowed = false;
  }

  @Override
  public KeyHashes value() {
    return this;
  }

  @Override
  public String toString() {
    return overflowed ? "KeyHashes(" + rows + " rows, over the limit of " + limit + ")"
        : "KeyHashes(" + rows + " rows, " + size + " hashes)";
  }
}
