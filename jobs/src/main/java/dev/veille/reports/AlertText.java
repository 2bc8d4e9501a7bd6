package dev.veille.reports;

import dev.veille.analytics.Messages;
import dev.veille.common.alerts.Alert;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An alert's sentence in the report's language. The detectors write one English sentence (the
 * {@code message} of alerts.json and of the alerts table, unchanged); the English page shows it as
 * it is, and other languages say the same thing from the alert's fields and evidence through the
 * {@code alert_*} messages. An alert whose evidence lacks a number the sentence needs (one written
 * by an older version) keeps its English sentence rather than show a made-up one.
 */
final class AlertText {
  private AlertText() {}

  static String of(Alert a, Messages m) {
    if (m.english() || a.evidence() == null) {
      return a.message();
    }
    try {
      return switch (a.kind()) {
        case Alert.BUZZ -> buzz(a, m);
        case Alert.CRISIS -> crisis(a, m);
        case Alert.EMERGING_THEME -> emerging(a, m);
        default -> a.message();
      };
    } catch (MissingField e) {
      return a.message();
    }
  }

  private static String buzz(Alert a, Messages m) {
    Map<String, Object> ev = a.evidence();
    String excerpt = excerpt(text(ev.get("text")), 60);
    long hours = Math.round(number(ev, "age_hours"));
    return m.get("alert_buzz", a.account(), platform(a.platform()),
        excerpt.isEmpty() ? a.postKey() : m.get("alert_quoted", excerpt), times(number(ev, "ratio"), m), hours,
        m.number((long) number(ev, "interactions")), m.number((long) number(ev, "expected_interactions")));
  }

  private static String crisis(Alert a, Messages m) {
    Map<String, Object> ev = a.evidence();
    long windowHours = Duration.between(a.windowStart(), a.windowEnd()).toHours();
    String lead = "";
    if (ev.get("posts") instanceof List<?> posts && !posts.isEmpty() && posts.get(0) instanceof Map<?, ?> p) {
      // The detector cuts its ", mostly under "…"" part at 90 characters: about 72 of the post's.
      lead = m.get("alert_crisis_under", excerpt(text(p.get("text")), 72));
    }
    List<String> terms = a.terms();
    String words = terms.isEmpty() ? "" : m.get("alert_crisis_words",
        String.join(", ", terms.subList(0, Math.min(5, terms.size()))));
    return m.get("alert_crisis", a.account(), platform(a.platform()), m.number((long) number(ev, "negative")),
        m.number(windowHours), m.percent(number(ev, "negative_share")), m.percent(number(ev, "baseline_share")),
        lead, words);
  }

  private static String emerging(Alert a, Messages m) {
    Map<String, Object> ev = a.evidence();
    List<String> terms = a.terms();
    String what;
    if (a.themeId() != null && !terms.isEmpty()) {
      List<String> rest = terms.subList(1, Math.min(4, terms.size()));
      what = rest.isEmpty() ? m.get("alert_emerging_theme", terms.get(0))
          : m.get("alert_emerging_theme_terms", terms.get(0), String.join(", ", rest));
    } else {
      what = m.get("alert_emerging_terms", String.join(", ", terms.subList(0, Math.min(3, terms.size()))));
    }
    long posts = (long) number(ev, "posts");
    double share = number(ev, "share");
    // The lead term's own counts (the one the alert's posts and share are about).
    long baseline = -1;
    if (ev.get("terms") instanceof List<?> details) {
      for (Object o : details) {
        if (o instanceof Map<?, ?> d && d.get("posts") instanceof Number n && n.longValue() == posts
            && d.get("share") instanceof Number s && s.doubleValue() == share
            && d.get("baseline_posts") instanceof Number b) {
          baseline = b.longValue();
          break;
        }
      }
    }
    if (baseline < 0) {
      throw new MissingField();
    }
    double baselinePosts = number(ev, "baseline_posts");
    String before = baseline == 0 ? m.get("alert_emerging_none") : m.percent(baseline / Math.max(1, baselinePosts));
    boolean neverSeen = Boolean.TRUE.equals(ev.get("never_seen_before"));
    Object firstSeen = ev.get("first_seen");
    String first = neverSeen && firstSeen != null
        ? m.get("alert_emerging_first_seen", m.date(java.time.LocalDate.parse(firstSeen.toString()))) : "";
    long windowDays = Math.round(Duration.between(a.windowStart(), a.windowEnd()).toHours() / 24.0);
    return m.get("alert_emerging", a.account(), platform(a.platform()), what, m.number(posts), m.number(windowDays),
        m.number((long) number(ev, "window_posts")), m.percent(share), before, first);
  }

  /** "9x" / "9 fois", "3.5x" / "3,5 fois". */
  private static String times(double ratio, Messages m) {
    String n = ratio >= 10 ? m.number(Math.round(ratio))
        : String.format(m.locale(), "%.1f", ratio).replaceAll("[.,]0$", "");
    return m.get("alert_times", n);
  }

  private static final Map<String, String> PLATFORMS = Map.of("facebook", "Facebook", "instagram", "Instagram",
      "x", "X", "linkedin", "LinkedIn", "tiktok", "TikTok", "youtube", "YouTube");

  private static String platform(String id) {
    return id == null ? "" : PLATFORMS.getOrDefault(id.toLowerCase(Locale.ROOT), id);
  }

  private static String text(Object o) {
    return o == null ? "" : o.toString();
  }

  /** The text on one line, cut at a word boundary to about {@code max} characters (as the detectors do). */
  static String excerpt(String text, int max) {
    String t = text.replaceAll("\\s+", " ").strip();
    if (t.length() <= max) {
      return t;
    }
    int cut = t.lastIndexOf(' ', max);
    return (cut > max / 2 ? t.substring(0, cut) : t.substring(0, max)) + "\u2026";
  }

  private static double number(Map<String, Object> ev, String key) {
    if (ev.get(key) instanceof Number n) {
      return n.doubleValue();
    }
    throw new MissingField();
  }

  /** The evidence lacks a number the sentence needs. */
  private static final class MissingField extends RuntimeException {
    MissingField() {
      super(null, null, false, false);
    }
  }
}
