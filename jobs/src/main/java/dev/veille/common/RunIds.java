package dev.veille.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids: the command, the UTC start time and a random suffix, e.g. {@code ingest-20261129T150102Z-3fa2}. */
public final class RunIds {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private RunIds() {}

  public static String next(String command, Instant start) {
    byte[] suffix = new byte[2];
    ThreadLocalRandom.current().nextBytes(suffix);
    return command + "-" + STAMP.format(start) + "-" + HexFormat.of().formatHex(suffix);
  }
}
