package dev.veille.moderation;

import dev.veille.analytics.ModerationReport;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import java.util.Set;

/**
 * The {@code moderation:} section of veille.yaml. Every key is optional; the defaults below are the
 * documented ones (docs/moderation.md).
 *
 * <pre>
 * moderation:
 *   lookback_days: 7      # comments created in the 7 days before the night's cutoff and not moderated yet
 *   fresh_hours: 48       # in the queue, comments under posts younger than this come first (per kind)
 *   queue_days: 7         # moderation.csv and the report's queue: comments of these days still to act on
 *   queue_top: 20         # rows of the queue shown in report.html (moderation.csv holds them all)
 *   kpi_days: 28          # response KPIs over the questions of these days
 *   waves: {min_tokens: 5, min_posts: 5, min_authors: 5, max_distance: 0.3}
 * </pre>
 */
public record ModerationSettings(int lookbackDays, int freshHours, int queueDays, int queueTop, int kpiDays,
    SpamWaves.Rules waves) implements ModerationReport.Settings, java.io.Serializable {

  /** The queue's and KPIs' defaults are the report's ({@link ModerationReport#DEFAULTS}): one place says them. */
  public static final ModerationSettings DEFAULTS = new ModerationSettings(7, ModerationReport.DEFAULTS.freshHours(),
      ModerationReport.DEFAULTS.queueDays(), ModerationReport.DEFAULTS.queueTop(), ModerationReport.DEFAULTS.kpiDays(),
      new SpamWaves.Rules(5, 5, 5, 0.3));

  /** The {@code moderation:} section of veille.yaml; defaults for what it does not say. */
  public static ModerationSettings from(ConfigNode n) {
    ModerationSettings d = DEFAULTS;
    if (!n.isPresent()) {
      return d;
    }
    Set<String> keys = Set.of("lookback_days", "fresh_hours", "queue_days", "queue_top", "kpi_days", "waves");
    if (!n.isObject()) {
      throw n.error("a mapping with keys among " + new java.util.TreeSet<>(keys));
    }
    n.allowOnly(keys);
    ConfigNode w = n.get("waves");
    Set<String> waveKeys = Set.of("min_tokens", "min_posts", "min_authors", "max_distance");
    if (w.isPresent() && !w.isObject()) {
      throw w.error("a mapping with keys among " + new java.util.TreeSet<>(waveKeys));
    }
    w.allowOnly(waveKeys);
    SpamWaves.Rules dw = d.waves();
    return new ModerationSettings(
        whole(n.get("lookback_days"), d.lookbackDays(), 1, 366),
        whole(n.get("fresh_hours"), d.freshHours(), 1, 24 * 30),
        whole(n.get("queue_days"), d.queueDays(), 1, 366),
        whole(n.get("queue_top"), d.queueTop(), 1, 1000),
        whole(n.get("kpi_days"), d.kpiDays(), 1, 366),
        new SpamWaves.Rules(whole(w.get("min_tokens"), dw.minTokens(), 2, 100),
            whole(w.get("min_posts"), dw.minPosts(), 2, 100_000),
            whole(w.get("min_authors"), dw.minAuthors(), 2, 100_000),
            w.get("max_distance").number(dw.maxDistance(), 0, 0.9)));
  }

  private static int whole(ConfigNode node, int fallback, int min, int max) {
    double v = node.number(fallback, min, max);
    if (v != Math.rint(v)) {
      throw node.error("a whole number from " + min + " to " + max);
    }
    return (int) v;
  }
}
