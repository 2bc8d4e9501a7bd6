package dev.veille.common;

import java.util.function.Supplier;

/**
 * A value computed on first use, once per JVM when held in a static field: the lexicons and
 * models shipped in the jar are read by the executors that need them, not when a class loads,
 * and never twice. Thread-safe; a loader that throws is tried again on the next call.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> loader;
  private volatile T value;

  private Lazy(Supplier<T> loader) {
    this.loader = loader;
  }

  public static <T> Lazy<T> of(Supplier<T> loader) {
    return new Lazy<>(loader);
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = loader.get();
          value = v;
        }
      }
    }
    return v;
  }
}
