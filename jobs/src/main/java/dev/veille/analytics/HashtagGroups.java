package dev.veille.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import dev.veille.common.UnionFind;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Themes until the themes stage exists: groups of hashtags that are used together. Hashtags on
 * more than a quarter of all posts (brand tags, #fyp) are too generic to define a theme and are
 * ignored. Two hashtags join a group when they co-occur in at least 3 posts and at least twice as
 * often as chance (lift >= 2). A post belongs to the group of its most used remaining hashtag.
 */
public final class HashtagGroups {
  private HashtagGroups() {}

  /** A theme assignment: the group id and its label (its top hashtags). */
  public record Theme(String id, String label) {}

  public static Map<String, Theme> assign(List<ReportPost> posts) {
    Map<String, Integer> freq = new HashMap<>();
    for (ReportPost p : posts) {
      for (String t : distinct(p.hashtags())) {
        freq.merge(t, 1, Integer::sum);
      }
    }
    int n = posts.size();
    Map<String, Integer> usable = new TreeMap<>();
    freq.forEach((t, c) -> {
      if (c * 4 <= n && c >= 2) {
        usable.put(t, c);
      }
    });
    Map<String, Integer> pairs = new HashMap<>();
    for (ReportPost p : posts) {
      List<String> tags = distinct(p.hashtags()).stream().filter(usable::containsKey).sorted().toList();
      for (int i = 0; i < tags.size(); i++) {
        for (int j = i + 1; j < tags.size(); j++) {
          pairs.merge(tags.get(i) + "\u0000" + tags.get(j), 1, Integer::sum);
        }
      }
    }
    UnionFind groups = new UnionFind();
    usable.keySet().forEach(groups::add);
    pairs.forEach((k, c) -> {
      String[] ab = k.split("\u0000");
      double expected = (double) usable.get(ab[0]) * usable.get(ab[1]) / n;
      if (c >= 3 && c >= 2 * expected) {
        groups.union(ab[0], ab[1]);
      }
    });
    Map<String, List<String>> members = new TreeMap<>();
    usable.keySet().forEach(t -> members.computeIfAbsent(groups.find(t), r -> new ArrayList<>()).add(t));
    Map<String, Theme> themeOfRoot = new HashMap<>();
    members.forEach((root, tags) -> {
      List<String> top = tags.stream()
          .sorted(Comparator.comparing((String t) -> -usable.get(t)).thenComparing(t -> t)).toList();
      String id = "hashtags:" + top.get(0);
      String label = String.join(" ", top.stream().limit(3).map(t -> "#" + t).toList());
      themeOfRoot.put(root, new Theme(id, label));
    });
    Map<String, Theme> out = new LinkedHashMap<>();
    Theme none = new Theme("hashtags:(none)", "(no specific hashtag)");
    for (ReportPost p : posts) {
      String best = null;
      for (String t : distinct(p.hashtags())) {
        if (usable.containsKey(t) && (best == null || usable.get(t) > usable.get(best)
            || (usable.get(t).equals(usable.get(best)) && t.compareTo(best) < 0))) {
          best = t;
        }
      }
      out.put(p.postKey(), best == null ? none : themeOfRoot.get(groups.find(best)));
    }
    return out;
  }

  private static List<String> distinct(List<String> tags) {
    return tags.stream().distinct().toList();
  }
}
