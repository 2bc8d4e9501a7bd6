package dev.veille.calendar;

import dev.veille.analytics.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The calendar's reader-facing sentences (notes, why a post is planned, exclusions), kept as message
 * keys of the report bundle with their arguments, so the same plan reads in any report language.
 * calendar.json/.csv/.ics keep the English rendering ({@link Messages#EN}); the report's "Next week"
 * section renders them in {@code reports.language}.
 */
public final class CalendarText {
  private CalendarText() {}

  /**
   * One message: {@code key} of the bundle and its arguments. A Double argument is a relative lift
   * (written as a percent), an Integer or Long a count, a {@link Sentence} or {@link Label} is
   * rendered in turn, a List is its elements so rendered and joined with ", ", anything else is written as it is.
   */
  public record Sentence(String key, List<Object> args) {
    public Sentence {
      // Arguments may be null (an alert without an id yet): written as empty text.
      args = java.util.Collections.unmodifiableList(new ArrayList<>(args));
    }

    public static Sentence of(String key, Object... args) {
      return new Sentence(key, java.util.Arrays.asList(args));
    }

    public String render(Messages m) {
      Object[] out = new Object[args.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = arg(args.get(i), m);
      }
      return m.get(key, out);
    }

    /** English, as the calendar files write it. */
    public String english() {
      return render(Messages.EN);
    }
  }

  /** Items rendered in turn and joined with {@code separator}. */
  public record Joined(String separator, List<?> items) {}

  /** A value of an open vocabulary (a post format, a trend) shown through {@code prefix + value}, else as it is. */
  public record Label(String prefix, String value) {}

  private static Object arg(Object a, Messages m) {
    if (a instanceof Double d) {
      return m.pct(d);
    }
    if (a instanceof Integer || a instanceof Long) {
      return m.number(((Number) a).longValue());
    }
    if (a instanceof Sentence s) {
      return s.render(m);
    }
    if (a instanceof List<?> l) {
      return arg(new Joined(", ", l), m);
    }
    if (a instanceof Joined j) {
      List<String> out = new ArrayList<>();
      j.items().forEach(x -> out.add(String.valueOf(arg(x, m))));
      return String.join(j.separator(), out);
    }
    if (a instanceof Label l) {
      return m.getOr(l.prefix() + l.value(), l.value());
    }
    return a == null ? "" : a.toString();
  }

  static String join(List<Sentence> parts, Messages m, String separator) {
    List<String> out = new ArrayList<>();
    parts.forEach(p -> out.add(p.render(m)));
    return String.join(separator, out);
  }

  /** The account's note, or null. */
  public static String note(Calendar.AccountPlan a, Messages m) {
    return a.notes().isEmpty() ? a.note() : join(a.notes(), m, " ");
  }

  /** Why the post is planned (the hover text of the report's grid). */
  public static String rationale(Calendar.SlotPlan s, Messages m) {
    return s.why().isEmpty() ? s.rationale() : join(s.why(), m, "") + ".";
  }

  /** Each theme left out of every plan, with why. */
  public static List<String> excluded(Calendar c, Messages m) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : c.excludedThemes().entrySet()) {
      Sentence s = c.excludedWhy().get(e.getKey());
      out.add(s == null ? e.getValue() : s.render(m));
    }
    return out;
  }
}
