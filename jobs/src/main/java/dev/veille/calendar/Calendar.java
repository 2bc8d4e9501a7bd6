package dev.veille.calendar;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

/**
 * The editorial calendar of one report date: per account, the planned posts (slot plans) of the
 * weeks from {@code weekStart} to {@code weekEnd} (both included, local dates).
 *
 * @param stampedAt the night's instant (the .ics DTSTAMP): never the wall clock, so reruns write the same bytes
 * @param excludedThemes theme id -> why it is left out of every plan (an open crisis alert)
 */
public record Calendar(LocalDate date, LocalDate weekStart, LocalDate weekEnd, int weeks, Instant stampedAt,
    List<AccountPlan> accounts, Map<String, String> excludedThemes) {

  /**
   * One account's plan.
   *
   * @param postsPerWeek the posts per week aimed at (cadence or override); {@code slots} may hold fewer, the note says why
   * @param note what the plan rests on and anything the reader must know (fallback, caps, exclusions); null when nothing
   */
  public record AccountPlan(String account, String accountId, String platform, String timezone, int postsPerWeek,
      String note, List<SlotPlan> slots) {}

  /**
   * One planned post. {@code expectedLift}, {@code low}, {@code high}: the slot's estimate against the
   * account's typical post (0.38 = +38%), with its 90% interval.
   *
   * @param exploration a "worth testing" slot, planned to learn rather than on proven evidence
   */
  public record SlotPlan(LocalDateTime localStart, Instant utcStart, int weekday, int hour, String themeId,
      String themeLabel, String format, double expectedLift, double low, double high, boolean exploration,
      List<Reuse> reuse, String rationale) {

    SlotPlan withReuse(List<Reuse> other) {
      return new SlotPlan(localStart, utcStart, weekday, hour, themeId, themeLabel, format, expectedLift, low, high,
          exploration, other, rationale);
    }
  }

  /** A past post to repost or adapt, with its lift against the account's typical post. */
  public record Reuse(String postKey, String url, String text, double lift) {}

  /** Every post key suggested for reuse (so their texts and links can be read once). */
  public List<String> reuseKeys() {
    return accounts.stream().flatMap(a -> a.slots().stream()).flatMap(s -> s.reuse().stream()).map(Reuse::postKey)
        .distinct().sorted().toList();
  }

  /** The same calendar with the reuse suggestions' url and text from {@code texts} (post_key -> {url, text}). */
  public Calendar withReuseTexts(Map<String, String[]> texts) {
    List<AccountPlan> out = accounts.stream().map(a -> new AccountPlan(a.account(), a.accountId(), a.platform(),
        a.timezone(), a.postsPerWeek(), a.note(), a.slots().stream().map(s -> s.withReuse(s.reuse().stream().map(r -> {
          String[] ut = texts.get(r.postKey());
          return ut == null ? r : new Reuse(r.postKey(), ut[0], CalendarPlanner.excerpt(ut[1]), r.lift());
        }).toList())).toList())).toList();
    return new Calendar(date, weekStart, weekEnd, weeks, stampedAt, out, excludedThemes);
  }

  /** Planned posts over every account. */
  public int slotCount() {
    return accounts.stream().mapToInt(a -> a.slots().size()).sum();
  }
}
