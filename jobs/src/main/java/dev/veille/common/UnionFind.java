package dev.veille.common;

import java.util.HashMap;
import java.util.Map;

/**
 * Groups of strings joined pair by pair (union-find with path compression). A group is named by
 * its smallest member, so the groups and their names do not depend on the order of the pairs.
 */
public final class UnionFind {
  private final Map<String, String> parent = new HashMap<>();

  /** Adds {@code x} as a group of its own, if it is not in one yet. */
  public void add(String x) {
    parent.putIfAbsent(x, x);
  }

  /** Every string added or joined so far (a copy). */
  public java.util.Set<String> members() {
    return new java.util.HashSet<>(parent.keySet());
  }

  /** The name of {@code x}'s group (adding {@code x} alone when it is new). */
  public String find(String x) {
    add(x);
    String root = x;
    while (!parent.get(root).equals(root)) {
      root = parent.get(root);
    }
    while (!parent.get(x).equals(root)) {
      String next = parent.get(x);
      parent.put(x, root);
      x = next;
    }
    return root;
  }

  /** Joins the groups of {@code a} and {@code b}. */
  public void union(String a, String b) {
    String ra = find(a);
    String rb = find(b);
    if (!ra.equals(rb)) {
      if (ra.compareTo(rb) < 0) {
        parent.put(rb, ra);
      } else {
        parent.put(ra, rb);
      }
    }
  }
}
