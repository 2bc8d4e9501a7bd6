package dev.veille.common;

import java.util.Locale;

/** Handles (@names) are compared without their @ and case-insensitively, as platforms do. */
public final class Handles {
  private Handles() {}

  public static String normalise(String handle) {
    String h = handle.trim();
    while (h.startsWith("@")) {
      h = h.substring(1);
    }
    return h.toLowerCase(Locale.ROOT);
  }
}
