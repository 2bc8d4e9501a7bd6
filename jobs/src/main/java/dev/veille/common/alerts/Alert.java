package dev.veille.common.alerts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * One alert of one night: what a detector found, plus its incident (id, first night, status). The
 * row of {@link dev.veille.common.Tables#ALERTS}, written by the signals stage and read by the report
 * and the calendar (see {@link AlertsFiles}).
 *
 * @param id stable across the nights of one incident ({@code al-} and 12 hex digits)
 * @param kind {@code buzz}, {@code crisis} or {@code emerging_theme}
 * @param status {@code new} (first night of the incident), {@code worsened} (raised again: its severity or
 *     score grew, see the signals stage's {@code Incidents}) or {@code ongoing} (seen again, not raised again)
 * @param subject what the incident is about within the account: the post key (buzz), {@code comments}
 *     (crisis), the leading term or theme (emerging_theme)
 * @param score the detector's strength: engagement ratio (buzz), negative-share ratio (crisis), share
 *     ratio (emerging_theme)
 * @param raisedScore the score when the incident was last raised (new or worsened)
 * @param raisedSeverity the severity when it was last raised
 * @param evidence the numbers behind it, as JSON-friendly values (sorted keys when written)
 * @param postKey the post (buzz), else null
 * @param terms the terms (crisis: of the negative comments; emerging_theme: what bursts), else empty
 * @param themeId the theme, when one applies
 */
public record Alert(String id, LocalDate date, String kind, Severity severity, String status, String account,
    String accountId, String platform, String subject, Instant windowStart, Instant windowEnd,
    LocalDate firstRaised, double score, double raisedScore, Severity raisedSeverity, String message,
    Map<String, Object> evidence, String postKey, List<String> terms, String themeId) {

  public static final String BUZZ = "buzz";
  public static final String CRISIS = "crisis";
  public static final String EMERGING_THEME = "emerging_theme";

  public static final String NEW = "new";
  public static final String WORSENED = "worsened";
  public static final String ONGOING = "ongoing";

  /** Most severe first, then strongest, then by id: the order of every output. */
  public static final Comparator<Alert> ORDER = Comparator.comparing(Alert::severity).reversed()
      .thenComparing(Comparator.comparingDouble(Alert::score).reversed())
      .thenComparing(Alert::id);

  public Alert {
    terms = terms == null ? List.of() : List.copyOf(terms);
  }

  /** A detector's finding, before the signals stage gives it its incident's id and status. */
  public static Alert found(LocalDate date, String kind, Severity severity, String account, String accountId,
      String platform, String subject, Instant windowStart, Instant windowEnd, double score, String message,
      Map<String, Object> evidence, String postKey, List<String> terms, String themeId) {
    return new Alert(null, date, kind, severity, NEW, account, accountId, platform, subject, windowStart,
        windowEnd, date, score, score, severity, message, evidence, postKey, terms, themeId);
  }

  /** Raised tonight: new or worsened (what {@code --fail-on-alert} and notifications act on). */
  public boolean raised() {
    return !ONGOING.equals(status);
  }

  /** The incident key: one account, one kind, one subject. */
  public String incidentKey() {
    return kind + "|" + platform + "|" + accountId + "|" + subject;
  }

  /** This finding as part of an incident: its id, status, first night and what it was last raised with. */
  public Alert withIncident(String newId, String newStatus, LocalDate first, double newRaisedScore,
      Severity newRaisedSeverity) {
    return new Alert(newId, date, kind, severity, newStatus, account, accountId, platform, subject, windowStart,
        windowEnd, first, score, newRaisedScore, newRaisedSeverity, message, evidence, postKey, terms, themeId);
  }
}
