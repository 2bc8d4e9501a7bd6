package dev.veille;

import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags of the processes end-to-end tests start, as pom.xml sets them for failsafe: one
 * place for them (pom.xml's {@code test.jvm.flags} and {@code light.jvm.flags}), read here.
 */
public final class ChildJvmFlags {
  private ChildJvmFlags() {}

  /** Spark settings of every test JVM ({@code -Dspark.…=…}): interpreted expressions. */
  public static List<String> spark() {
    return split("veille.test.jvm.flags");
  }

  /** The same settings as spark-submit arguments ({@code --conf spark.…=…}). */
  public static List<String> sparkConfs() {
    return spark().stream().flatMap(f -> {
      if (!f.startsWith("-Dspark.")) {
        throw new IllegalStateException("veille.test.jvm.flags holds a flag that is no Spark setting: " + f);
      }
      return java.util.stream.Stream.of("--conf", f.substring(2));
    }).toList();
  }

  /** What Spark needs on Java 17 (the --add-opens list), as pom.xml's {@code spark.java17.opens}. */
  public static List<String> javaOpens() {
    return split("veille.java.opens");
  }

  /** JIT and GC flags of a short JVM that computes little. */
  public static List<String> light() {
    return split("veille.light.jvm.flags");
  }

  private static List<String> split(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("System property " + property + " is not set: run this test through Maven"
          + " (mvn verify), whose failsafe configuration sets it from pom.xml");
    }
    return Arrays.stream(value.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }
}
