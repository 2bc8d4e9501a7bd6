package dev.veille.common;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the handles of people other than the brand (commenters, mentioned users) with a salted
 * SHA-256 pseudonym before anything is stored: {@code u_} and the first 16 hex digits of
 * SHA-256(salt, NUL, handle in lower case, without @). The same person gets the same pseudonym in
 * every table and run with the same salt, so conversations can still be followed; without the salt
 * the handle cannot be recovered by hashing a list of known handles. The brand's own handles
 * (from the config) are kept.
 */
public final class Pseudonymizer implements Serializable {
  /** An @handle not preceded by a word character (so e-mail addresses are left alone). */
  private static final Pattern MENTION =
      Pattern.compile("(?<![\\p{L}\\p{N}_.@/])@([\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.-]{0,48}[\\p{L}\\p{N}_])?)");

  private final byte[] salt;
  private final Set<String> brandHandles;
  private transient MessageDigest digest;

  public Pseudonymizer(String salt, Set<String> brandHandles) {
    this.salt = salt.getBytes(StandardCharsets.UTF_8);
    this.brandHandles = Set.copyOf(brandHandles);
  }

  public boolean isBrand(String handle) {
    return brandHandles.contains(Handles.normalise(handle));
  }

  /** The pseudonym of a person's handle; the brand's handles are returned normalised, as they are. */
  public String pseudonym(String handle) {
    String h = Handles.normalise(handle);
    if (brandHandles.contains(h)) {
      return h;
    }
    if (digest == null) {
      try {
        digest = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
    digest.reset();
    digest.update(salt);
    digest.update((byte) 0);
    byte[] hash = digest.digest(h.getBytes(StandardCharsets.UTF_8));
    return "u_" + HexFormat.of().formatHex(hash, 0, 8);
  }

  /** The text with every non-brand @handle replaced by @pseudonym. */
  public String pseudonymiseText(String text) {
    if (text == null || text.indexOf('@') < 0) {
      return text;
    }
    Matcher m = MENTION.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement("@" + pseudonym(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The handles mentioned in a text, in order of appearance, without @. */
  public static java.util.List<String> mentionsIn(String text) {
    java.util.List<String> found = new java.util.ArrayList<>();
    if (text == null) {
      return found;
    }
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
