package dev.veille.calendar;

import dev.veille.reports.Messages;
import java.util.ArrayList;
import java.util.List;

/** The calendar's reader-facing sentences (notes, why a post is planned, exclusions) in a report's language. */
public final class CalendarText {
  private CalendarText() {}

  /** The account's note, or null. */
  public static String note(Calendar.AccountPlan a, Messages m) {
    return a.note();
  }

  /** Why the post is planned (the hover text of the report's grid). */
  public static String rationale(Calendar.SlotPlan s, Messages m) {
    return s.rationale();
  }

  /** Each theme left out of every plan, with why. */
  public static List<String> excluded(Calendar c, Messages m) {
    return new ArrayList<>(c.excludedThemes().values());
  }
}
