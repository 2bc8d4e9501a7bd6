package dev.veille.calendar;

import dev.veille.common.Account;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code calendar:} section of veille.yaml. Every key is optional; the defaults below are the
 * documented ones (docs/calendar.md).
 *
 * <pre>
 * calendar:
 *   weeks: 1                    # weeks planned, starting the day after the report date
 *   posts_per_week:             # default: each account's cadence over the last 8 weeks
 *     default: 5                #   every account without its own line (optional)
 *     "instagram:178414000456": 7   # platform:account_id -> posts per week
 *   max_per_day: 2              # never more posts than this on one local day of an account
 *   min_gap_hours: 3            # ... nor two posts of an account closer than this
 *   exploration_share: 0.2      # share of an account's posts put in "worth testing" slots
 *   reuse_after_days: 90        # a past post is suggested for reuse only when older than this
 * </pre>
 *
 * <p>{@code posts_per_week} may also be a single number (every account) or a list of
 * {@code {account: "platform:account_id", posts: N}}.
 *
 * @param postsPerWeek per-account overrides, keyed {@code platform:account_id}
 * @param defaultPostsPerWeek every other account's posts per week; null: its own cadence
 */
public record CalendarSettings(int weeks, Map<String, Integer> postsPerWeek, Integer defaultPostsPerWeek,
    int maxPerDay, int minGapHours, double explorationShare, int reuseAfterDays) {

  public static final CalendarSettings DEFAULTS = new CalendarSettings(1, Map.of(), null, 2, 3, 0.2, 90);

  public static final int MAX_WEEKS = 8;
  public static final int MAX_POSTS_PER_WEEK = 100;

  public CalendarSettings {
    ConfigException.check(weeks >= 1 && weeks <= MAX_WEEKS, "Invalid calendar.weeks: %s (expected 1 to %s)",
        weeks, MAX_WEEKS);
    postsPerWeek = Map.copyOf(new TreeMap<>(postsPerWeek));
    ConfigException.check(maxPerDay >= 1 && maxPerDay <= 24, "Invalid calendar.max_per_day: %s (expected 1 to 24)",
        maxPerDay);
    ConfigException.check(minGapHours >= 0 && minGapHours <= 24,
        "Invalid calendar.min_gap_hours: %s (expected 0 to 24)", minGapHours);
    ConfigException.check(explorationShare >= 0 && explorationShare <= 1,
        "Invalid calendar.exploration_share: %s (expected 0 to 1)", explorationShare);
    ConfigException.check(reuseAfterDays >= 0 && reuseAfterDays <= 3650,
        "Invalid calendar.reuse_after_days: %s (expected 0 to 3650)", reuseAfterDays);
  }

  /** The same settings planning another number of weeks (the CLI's {@code --weeks}). */
  public CalendarSettings withWeeks(int other) {
    return new CalendarSettings(other, postsPerWeek, defaultPostsPerWeek, maxPerDay, minGapHours, explorationShare,
        reuseAfterDays);
  }

  /** The override for one account ({@code platform:account_id}), else the default, else null (its cadence). */
  public Integer postsPerWeekOf(String platform, String accountId) {
    Integer own = postsPerWeek.get(platform + ":" + accountId);
    return own != null ? own : defaultPostsPerWeek;
  }

  /**
   * Fails when an override names no account of the config (a typo would otherwise be ignored silently).
   * Without accounts in the config there is nothing to check against.
   */
  public void checkAccounts(List<Account> accounts) {
    if (accounts == null || accounts.isEmpty()) {
      return;
    }
    Set<String> known = new java.util.TreeSet<>();
    accounts.forEach(a -> known.add(a.platform() + ":" + a.id()));
    for (String k : postsPerWeek.keySet()) {
      if (!known.contains(k)) {
        throw new ConfigException("Invalid calendar.posts_per_week: " + k + " names no account of the config"
            + " (expected platform:account_id, one of " + known + ")");
      }
    }
  }

  /** The {@code calendar:} section of veille.yaml (absent: defaults). */
  public static CalendarSettings from(ConfigNode n) {
    CalendarSettings d = DEFAULTS;
    if (!n.isPresent()) {
      return d;
    }
    if (!n.isObject()) {
      throw n.error("a mapping with keys among [exploration_share, max_per_day, min_gap_hours, posts_per_week,"
          + " reuse_after_days, weeks]");
    }
    n.allowOnly(Set.of("weeks", "posts_per_week", "max_per_day", "min_gap_hours", "exploration_share",
        "reuse_after_days"));
    Map<String, Integer> perAccount = new TreeMap<>();
    Integer fallback = null;
    ConfigNode ppw = n.get("posts_per_week");
    if (ppw.isPresent()) {
      if (ppw.raw().isNumber() || ppw.isText()) {
        fallback = posts(ppw);
      } else if (ppw.isArray()) {
        for (ConfigNode item : ppw.list()) {
          if (!item.isObject()) {
            throw item.error("a mapping {account: platform:account_id, posts: N}");
          }
          item.allowOnly(Set.of("account", "posts"));
          perAccount.put(accountKey(item.get("account")), posts(item.get("posts")));
        }
      } else {
        for (Map.Entry<String, ConfigNode> e : ppw.entries("a number, or a mapping platform:account_id -> N").entrySet()) {
          if (e.getKey().equals("default")) {
            fallback = posts(e.getValue());
          } else {
            checkKey(e.getValue(), e.getKey());
            perAccount.put(e.getKey(), posts(e.getValue()));
          }
        }
      }
    }
    return new CalendarSettings(
        whole(n.get("weeks"), d.weeks(), 1, MAX_WEEKS),
        perAccount, fallback,
        whole(n.get("max_per_day"), d.maxPerDay(), 1, 24),
        whole(n.get("min_gap_hours"), d.minGapHours(), 0, 24),
        n.get("exploration_share").number(d.explorationShare(), 0, 1),
        whole(n.get("reuse_after_days"), d.reuseAfterDays(), 0, 3650));
  }

  private static String accountKey(ConfigNode node) {
    String k = node.text("platform:account_id such as instagram:178414000456");
    checkKey(node, k);
    return k;
  }

  private static void checkKey(ConfigNode node, String key) {
    int colon = key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1) {
      throw new ConfigException("Invalid account " + key + " under " + node.path().replaceAll("\\.[^.]*$", "")
          + " (expected platform:account_id such as instagram:178414000456)");
    }
  }

  private static int posts(ConfigNode node) {
    return whole(node, 0, 0, MAX_POSTS_PER_WEEK);
  }

  private static int whole(ConfigNode node, int fallback, int min, int max) {
    double v = node.number(fallback, min, max);
    if (v != Math.rint(v)) {
      throw node.error("a whole number from " + min + " to " + max);
    }
    return (int) v;
  }
}
