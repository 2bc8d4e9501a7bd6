package dev.veille.calendar;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.analytics.ReportFormat;
import dev.veille.common.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.Categories;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The calendar as {@code calendar.json}, {@code calendar.ics} (RFC 5545, written by ical4j) and
 * {@code calendar.csv} (one row per planned post, for bulk schedulers). Pure functions of a
 * {@link Calendar}: the same calendar gives the same bytes (the .ics DTSTAMP is the night's instant,
 * UIDs hash the date, account and local start).
 */
public final class CalendarFiles {
  private CalendarFiles() {}

  /** How long an event lasts in a planner's view (a post is an instant; a block makes it visible). */
  static final Duration EVENT_LENGTH = Duration.ofMinutes(30);

  public static final String CSV_HEADER = "date,time,timezone,platform,account,theme,format,note,reuse_link,"
      + "reuse_link_2,account_id,exploration,expected_lift,low,high,utc_start";

  public static String json(Calendar c) {
    ObjectNode root = Json.object();
    root.put("date", c.date().toString());
    root.put("week_start", c.weekStart().toString());
    root.put("week_end", c.weekEnd().toString());
    root.put("weeks", c.weeks());
    ObjectNode ex = root.putObject("excluded_themes");
    c.excludedThemes().forEach(ex::put);
    ArrayNode accounts = root.putArray("accounts");
    for (Calendar.AccountPlan a : c.accounts()) {
      ObjectNode x = accounts.addObject();
      x.put("account", a.account());
      x.put("account_id", a.accountId());
      x.put("platform", a.platform());
      x.put("timezone", a.timezone());
      x.put("posts_per_week", a.postsPerWeek());
      x.put("note", a.note());
      ArrayNode slots = x.putArray("slots");
      for (Calendar.SlotPlan s : a.slots()) {
        ObjectNode y = slots.addObject();
        y.put("local_start", s.localStart().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME));
        y.put("utc_start", s.utcStart().toString());
        y.put("weekday", s.weekday());
        y.put("hour", s.hour());
        y.put("theme_id", s.themeId());
        y.put("theme_label", s.themeLabel());
        y.put("format", s.format());
        y.put("expected_lift", s.expectedLift());
        y.put("low", s.low());
        y.put("high", s.high());
        y.put("exploration", s.exploration());
        ArrayNode reuse = y.putArray("reuse");
        for (Calendar.Reuse r : s.reuse()) {
          ObjectNode z = reuse.addObject();
          z.put("post_key", r.postKey());
          z.put("url", r.url());
          z.put("text", r.text());
          z.put("lift", r.lift());
        }
        y.put("rationale", s.rationale());
      }
    }
    return Json.pretty(root);
  }

  public static String csv(Calendar c) {
    StringWriter w = new StringWriter();
    CSVFormat format = CSVFormat.DEFAULT.builder().setHeader(CSV_HEADER.split(",")).setRecordSeparator("\n").get();
    try (CSVPrinter p = new CSVPrinter(w, format)) {
      for (Calendar.AccountPlan a : c.accounts()) {
        for (Calendar.SlotPlan s : a.slots()) {
          List<Calendar.Reuse> r = s.reuse();
          p.printRecord(s.localStart().toLocalDate(), String.format("%02d:%02d", s.localStart().getHour(),
                  s.localStart().getMinute()), a.timezone(), a.platform(), a.account(), s.themeLabel(), s.format(),
              s.rationale(), r.size() > 0 ? link(r.get(0)) : null, r.size() > 1 ? link(r.get(1)) : null,
              a.accountId(), s.exploration(), s.expectedLift(), s.low(), s.high(), s.utcStart());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** The post's link, else its key (so the row still says which post). */
  private static String link(Calendar.Reuse r) {
    return r.url() != null && !r.url().isBlank() ? r.url() : r.postKey();
  }

  public static String ics(Calendar c) {
    TimeZoneRegistry registry = TimeZoneRegistryFactory.getInstance().createRegistry();
    net.fortuna.ical4j.model.Calendar cal = new net.fortuna.ical4j.model.Calendar();
    cal.add(new ProdId("-//Veille//Editorial calendar " + c.date() + "//EN"));
    cal.add(ImmutableVersion.VERSION_2_0);
    cal.add(ImmutableCalScale.GREGORIAN);
    TreeSet<String> zones = new TreeSet<>();
    c.accounts().stream().filter(a -> !a.slots().isEmpty())
        .forEach(a -> zones.add(CalendarPlanner.zone(a.timezone()).getId()));
    for (String z : zones) {
      net.fortuna.ical4j.model.TimeZone tz = registry.getTimeZone(z);
      if (tz == null) {
        throw new IllegalStateException("No VTIMEZONE for " + z + " in ical4j's time zone data");
      }
      VTimeZone vtz = tz.getVTimeZone();
      cal.add(vtz);
    }
    for (Calendar.AccountPlan a : c.accounts()) {
      ZoneId zone = CalendarPlanner.zone(a.timezone());
      for (Calendar.SlotPlan s : a.slots()) {
        VEvent ev = new VEvent(s.localStart().atZone(zone), EVENT_LENGTH, summary(a, s));
        ev.replace(new DtStamp(c.stampedAt()));
        ev.add(new Uid(uid(c, a, s)));
        ev.add(new Description(description(s)));
        ev.add(new Categories(s.exploration() ? "Veille,exploration" : "Veille"));
        cal.add(ev);
      }
    }
    StringWriter w = new StringWriter();
    try {
      new CalendarOutputter(false).output(cal, w);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  /** "Instagram · Home decor · reel" (with "test" for an exploration slot). */
  static String summary(Calendar.AccountPlan a, Calendar.SlotPlan s) {
    StringBuilder b = new StringBuilder(CalendarPlanner.platformName(a.platform()));
    if (s.themeLabel() != null) {
      b.append(" \u00b7 ").append(s.themeLabel());
    }
    if (s.format() != null) {
      b.append(" \u00b7 ").append(s.format());
    }
    if (s.exploration()) {
      b.append(" (test)");
    }
    return b.toString();
  }

  static String description(Calendar.SlotPlan s) {
    StringBuilder b = new StringBuilder(s.rationale());
    for (Calendar.Reuse r : s.reuse()) {
      b.append("\nReuse or adapt (").append(ReportFormat.pct(r.lift())).append("): ").append(link(r));
      if (r.text() != null && !r.text().isBlank()) {
        b.append(" \u2014 ").append(r.text());
      }
    }
    return b.toString();
  }

  /** Stable across reruns of the same date: the date, the account and the post's local start. */
  static String uid(Calendar c, Calendar.AccountPlan a, Calendar.SlotPlan s) {
    String key = c.date() + "|" + a.platform() + "|" + a.accountId() + "|" + s.localStart();
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "veille-" + c.date() + "-" + HexFormat.of().formatHex(h, 0, 8) + "@veille.dev";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
