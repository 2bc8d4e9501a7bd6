package dev.veille.common;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Handles (@names) are compared without their @ and case-insensitively, as platforms do. */
public final class Handles {
  private Handles() {}

  public static String normalise(String handle) {
    String h = handle.trim();
    while (h.startsWith("@")) {
      h = h.substring(1);
    }
    return h.toLowerCase(Locale.ROOT);
  }

  /** The brand's own handles (those of every account), normalised: comments by them are the brand's. */
  public static Set<String> ofAccounts(List<Account> accounts) {
    Set<String> h = new HashSet<>();
    for (Account a : accounts) {
      a.handles().forEach(x -> h.add(normalise(x)));
    }
    return h;
  }
}
