package dev.veille.signals;

import java.util.Locale;
import java.util.Map;

/** Small wording helpers for alert messages. */
final class Texts {
  private Texts() {}

  private static final Map<String, String> PLATFORMS = Map.of("facebook", "Facebook", "instagram", "Instagram",
      "x", "X", "linkedin", "LinkedIn", "tiktok", "TikTok", "youtube", "YouTube");

  static String platform(String id) {
    if (id == null) {
      return "";
    }
    String known = PLATFORMS.get(id.toLowerCase(Locale.ROOT));
    return known != null ? known : id;
  }

  /** The text on one line, cut at a word boundary to about {@code max} characters. */
  static String excerpt(String text, int max) {
    if (text == null) {
      return "";
    }
    String t = text.replaceAll("\\s+", " ").strip();
    if (t.length() <= max) {
      return t;
    }
    int cut = t.lastIndexOf(' ', max);
    return (cut > max / 2 ? t.substring(0, cut) : t.substring(0, max)) + "\u2026";
  }

  /** "9x", "3.5x". */
  static String times(double ratio) {
    return ratio >= 10 ? Math.round(ratio) + "x" : String.format(Locale.ROOT, "%.1fx", ratio).replace(".0x", "x");
  }

  static String percent(double share) {
    return Math.round(share * 100) + "%";
  }
}
