package dev.veille.nightly;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import java.time.ZoneId;
import java.util.Set;

/**
 * The {@code nightly:} section of veille.yaml. Every key is optional:
 *
 * <pre>
 * nightly:
 *   timezone: Europe/Paris                # the default --date is yesterday here (default: default_timezone)
 *   low_confidence: 0.2                   # a theme assignment below this confidence is "low"
 *   retrain_low_confidence_share: 0.5     # retrain when more of the week's themed posts are low
 *   max_dates: 366                        # longest --from/--to backfill
 * </pre>
 *
 * @param timezone zone of the default run date (yesterday there)
 * @param lowConfidence confidence under which a theme assignment counts as low
 * @param retrainLowConfidenceShare share of low assignments (posts of the 7 days to the run date)
 *     above which the theme model is retrained
 * @param maxDates the most dates one backfill may cover
 */
public record NightlySettings(ZoneId timezone, double lowConfidence, double retrainLowConfidenceShare,
    int maxDates) {

  private static final Set<String> KEYS = Set.of("timezone", "low_confidence", "retrain_low_confidence_share",
      "max_dates");

  public NightlySettings {
    ConfigException.check(timezone != null, "Missing nightly.timezone (expected an IANA zone such as Europe/Paris)");
    ConfigException.check(lowConfidence >= 0 && lowConfidence <= 1,
        "Invalid nightly.low_confidence: %s (expected a number from 0 to 1)", lowConfidence);
    ConfigException.check(retrainLowConfidenceShare >= 0 && retrainLowConfidenceShare <= 1,
        "Invalid nightly.retrain_low_confidence_share: %s (expected a number from 0 to 1)",
        retrainLowConfidenceShare);
    ConfigException.check(maxDates >= 1 && maxDates <= 36_500,
        "Invalid nightly.max_dates: %s (expected a whole number from 1 to 36500)", maxDates);
  }

  public static NightlySettings defaults(ZoneId zone) {
    return new NightlySettings(zone, 0.2, 0.5, 366);
  }

  /** The {@code nightly:} section of veille.yaml; {@code defaultZone} is its default_timezone. */
  public static NightlySettings from(ConfigNode n, ZoneId defaultZone) {
    NightlySettings d = defaults(defaultZone);
    if (!n.isPresent()) {
      return d;
    }
    if (!n.isObject()) {
      throw n.error("a mapping with keys among " + new java.util.TreeSet<>(KEYS));
    }
    n.allowOnly(KEYS);
    int maxDates = d.maxDates();
    if (n.has("max_dates")) {
      double v = n.get("max_dates").number(d.maxDates(), 1, 36_500);
      if (v != Math.rint(v)) {
        throw n.get("max_dates").error("a whole number from 1 to 36500");
      }
      maxDates = (int) v;
    }
    return new NightlySettings(n.has("timezone") ? n.get("timezone").zone() : d.timezone(),
        n.get("low_confidence").number(d.lowConfidence(), 0, 1),
        n.get("retrain_low_confidence_share").number(d.retrainLowConfidenceShare(), 0, 1),
        maxDates);
  }
}
