package dev.veille.analytics;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import java.util.Set;

/**
 * The {@code reports:} section of veille.yaml (all keys optional).
 *
 * @param maturityDays only posts published at least this many days before the report date count
 * @param minPosts a slot (or theme) with fewer posts is {@code thin}: never recommended
 * @param topN how many slots are recommended per account, format and theme
 * @param baselineDays half-width of the rolling window of the account baseline (median log rate)
 * @param language what report.html is written in: {@code en} or {@code fr} (see {@link Messages}); JSON
 *     and CSV files are the same in every language
 */
public record ReportSettings(int maturityDays, int minPosts, int topN, int baselineDays, String language) {
  public static final ReportSettings DEFAULTS = new ReportSettings(7, 5, 3, 14, "en");

  public ReportSettings(int maturityDays, int minPosts, int topN, int baselineDays) {
    this(maturityDays, minPosts, topN, baselineDays, DEFAULTS.language);
  }

  public ReportSettings {
    ConfigException.check(maturityDays >= 0 && maturityDays <= 365,
        "Invalid reports.maturity_days: %s (expected 0 to 365)", maturityDays);
    ConfigException.check(minPosts >= 2 && minPosts <= 1000,
        "Invalid reports.min_posts: %s (expected 2 to 1000)", minPosts);
    ConfigException.check(topN >= 1 && topN <= 20, "Invalid reports.top_n: %s (expected 1 to 20)", topN);
    ConfigException.check(baselineDays >= 3 && baselineDays <= 180,
        "Invalid reports.baseline_days: %s (expected 3 to 180)", baselineDays);
    ConfigException.check(Messages.LANGUAGES.contains(language),
        "Invalid reports.language: %s (expected one of %s)", language, String.join(", ", Messages.LANGUAGES));
  }

  /** The report's messages and number formats. */
  public Messages messages() {
    return Messages.of(language);
  }

  /** The {@code reports:} section of veille.yaml; defaults for what it does not say. */
  public static ReportSettings from(ConfigNode reports) {
    if (!reports.isPresent()) {
      return DEFAULTS;
    }
    reports.allowOnly(Set.of("maturity_days", "min_posts", "top_n", "baseline_days", "language"));
    return new ReportSettings(
        integer(reports.get("maturity_days"), DEFAULTS.maturityDays, 0, 365),
        integer(reports.get("min_posts"), DEFAULTS.minPosts, 2, 1000),
        integer(reports.get("top_n"), DEFAULTS.topN, 1, 20),
        integer(reports.get("baseline_days"), DEFAULTS.baselineDays, 3, 180),
        language(reports.get("language")));
  }

  private static String language(ConfigNode node) {
    String v = node.textOr(DEFAULTS.language, "one of " + String.join(", ", Messages.LANGUAGES));
    if (!Messages.LANGUAGES.contains(v)) {
      throw node.error("one of " + String.join(", ", Messages.LANGUAGES));
    }
    return v;
  }

  private static int integer(ConfigNode node, int fallback, int min, int max) {
    double v = node.number(fallback, min, max);
    if (v != Math.rint(v)) {
      throw node.error("a whole number from " + min + " to " + max);
    }
    return (int) v;
  }
}
