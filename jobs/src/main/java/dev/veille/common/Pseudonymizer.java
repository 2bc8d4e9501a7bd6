package dev.veille.common;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * Replaces the handles of people other than the brand (commenters, mentioned users) with a salted
 * SHA-256 pseudonym before anything is stored: {@code u_} and the first 16 hex digits of
 * SHA-256(salt, NUL, handle in lower case, without @). The same person gets the same pseudonym in
 * every table and run with the same salt, so conversations can still be followed; without the salt
 * the handle cannot be recovered by hashing a list of known handles. The brand's own handles
 * (from the config) are kept.
 */
public final class Pseudonymizer implements Serializable {
  /**
   * An @handle not preceded by a word character (so e-mail addresses are left alone): what
   * {@link #mentionEnd} finds, written as a regular expression. Kept as the specification (tests
   * compare the scanner with it); the scanner does the work because a pattern that starts with a
   * look-behind is tried at every character of every text, which cost about 16% of ingest's CPU.
   */
  static final String MENTION_REGEX =
      "(?<![\\p{L}\\p{N}_.@/])@([\\p{L}\\p{N}_](?:[\\p{L}\\p{N}_.-]{0,48}[\\p{L}\\p{N}_])?)";

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
    StringBuilder out = null;
    int copied = 0;
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int end = mentionEnd(text, at);
      if (end < 0) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 16);
      }
      out.append(text, copied, at).append('@').append(pseudonym(text.substring(at + 1, end)));
      copied = end;
      at = end - 1;
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  /**
   * Where the handle of a mention starting at {@code at} (an {@code @}) ends, or -1 when there is
   * no mention there. Same as {@link #MENTION_REGEX}: not after a letter, digit, {@code _}, {@code .},
   * {@code @} or {@code /}; a letter, digit or {@code _}, then up to 49 more of those or {@code .}
   * and {@code -}, ending on a letter, digit or {@code _}. Like the regex, the character before is
   * one UTF-16 unit and the handle's characters are code points.
   */
  static int mentionEnd(String text, int at) {
    if (at > 0) {
      char before = text.charAt(at - 1);
      if (isWord(before) || before == '.' || before == '@' || before == '/') {
        return -1;
      }
    }
    int i = at + 1;
    if (i >= text.length()) {
      return -1;
    }
    int first = text.codePointAt(i);
    if (!isWord(first)) {
      return -1;
    }
    i += Character.charCount(first);
    int end = i;
    for (int taken = 0; taken < 49 && i < text.length(); taken++) {
      int c = text.codePointAt(i);
      boolean word = isWord(c);
      if (!word && c != '.' && c != '-') {
        break;
      }
      i += Character.charCount(c);
      if (word) {
        end = i;
      }
    }
    return end;
  }

  /** {@code [\p{L}\p{N}_]}: a letter, a number or an underscore. */
  public static boolean isWord(int c) {
    if (c < 128) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER -> true;
      default -> false;
    };
  }

  /** The handles mentioned in a text, in order of appearance, without @. */
  public static java.util.List<String> mentionsIn(String text) {
    java.util.List<String> found = new java.util.ArrayList<>();
    if (text == null) {
      return found;
    }
    for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
      int end = mentionEnd(text, at);
      if (end > 0) {
        found.add(text.substring(at + 1, end));
        at = end - 1;
      }
    }
    return found;
  }
}
