package dev.veille.ingest;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How an export writes its counts: which character is the decimal separator (a mapping's
 * {@code numbers.decimal}, or the one of its {@code numbers.locale}). Everything else follows:
 *
 * <ul>
 *   <li>thousands are grouped by any of {@code ,} {@code .} {@code '} {@code _}, a space, a no-break
 *       space (U+00A0) or a narrow no-break space (U+202F), except the decimal separator, and only
 *       in groups of three digits ({@code 1 234 567}): with a decimal comma, {@code 1,234} is one
 *       and a bit, not 1,234, so a value that fits neither reading is rejected, never guessed;
 *   <li>a decimal part of zeros is accepted ({@code 12.0}, {@code 12,00});
 *   <li>a suffix {@code k}/{@code K} (thousand), {@code M} (million), {@code Md} or {@code B}
 *       (billion), after the number or a space, scales it and the result is rounded to a whole
 *       count, as exports that abbreviate do ({@code 1,2 k} = 1200, {@code 3.4M} = 3,400,000);
 *   <li>a leading {@code -} (or the minus sign U+2212) makes the count negative, which the caller
 *       rejects as {@code negative_count}.
 * </ul>
 */
public record CountFormat(char decimal) implements Serializable {
  /** Decimal point (English-style exports; the default). */
  public static final CountFormat POINT = new CountFormat('.');
  /** Decimal comma (French and most continental European exports). */
  public static final CountFormat COMMA = new CountFormat(',');

  private static final String SEPARATORS = ",.'_ \u00a0\u202f";

  public CountFormat {
    if (decimal != '.' && decimal != ',') {
      throw new IllegalArgumentException("decimal separator must be . or , (got " + decimal + ")");
    }
  }

  /** The format of exports made in {@code locale} (its decimal separator). */
  public static CountFormat of(Locale locale) {
    char d = DecimalFormatSymbols.getInstance(locale).getDecimalSeparator();
    return d == ',' ? COMMA : POINT;
  }

  /** How this format is described in rejection reasons. */
  public String describe() {
    return decimal == ',' ? "decimal comma, thousands grouped by space or dot"
        : "decimal point, thousands grouped by comma or space";
  }

  /**
   * The count {@code text} (stripped, non-empty) stands for; negative when it is written so.
   *
   * @throws IllegalArgumentException saying why it is not a whole count in this format
   */
  public long parse(String text) {
    String t = text;
    boolean negative = false;
    if (!t.isEmpty() && (t.charAt(0) == '-' || t.charAt(0) == '\u2212' || t.charAt(0) == '+')) {
      negative = t.charAt(0) != '+';
      t = t.substring(1);
    }
    long multiplier = 1;
    int end = t.length();
    if (t.endsWith("Md")) {
      multiplier = 1_000_000_000L;
      end -= 2;
    } else if (end > 0) {
      switch (t.charAt(end - 1)) {
        case 'k', 'K' -> multiplier = 1_000L;
        case 'M' -> multiplier = 1_000_000L;
        case 'B' -> multiplier = 1_000_000_000L;
        default -> { }
      }
      if (multiplier > 1) {
        end--;
      }
    }
    String number = t.substring(0, end);
    if (multiplier > 1) {
      number = number.stripTrailing();
      if (!number.isEmpty() && isSpace(number.charAt(number.length() - 1))) {
        number = number.substring(0, number.length() - 1);
      }
    }
    BigDecimal value = number(number);
    if (value == null) {
      throw new IllegalArgumentException("not a number");
    }
    BigDecimal scaled = value.multiply(BigDecimal.valueOf(multiplier));
    if (multiplier == 1 && scaled.stripTrailingZeros().scale() > 0) {
      throw new IllegalArgumentException("not a whole number");
    }
    long whole;
    try {
      whole = scaled.setScale(0, RoundingMode.HALF_UP).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("too large");
    }
    return negative ? -whole : whole;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\u00a0' || c == '\u202f';
  }

  /**
   * The value of digits with groups of three and at most one decimal separator, or null. A
   * grouped number's groups all use the same separator ({@code 1.234 567} is not one).
   */
  private BigDecimal number(String s) {
    int point = s.indexOf(decimal);
    String integer = point < 0 ? s : s.substring(0, point);
    String fraction = point < 0 ? "" : s.substring(point + 1);
    if (integer.isEmpty() || (point >= 0 && fraction.isEmpty()) || !allDigits(fraction)) {
      return null;
    }
    StringBuilder digits = new StringBuilder(integer.length());
    char group = 0;
    int run = 0;
    boolean grouped = false;
    for (int i = 0; i < integer.length(); i++) {
      char c = integer.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
        run++;
      } else if (c != decimal && SEPARATORS.indexOf(c) >= 0) {
        if ((group != 0 && c != group) || run == 0 || (grouped ? run != 3 : run > 3)) {
          return null;
        }
        group = c;
        grouped = true;
        run = 0;
      } else {
        return null;
      }
    }
    if (grouped && run != 3) {
      return null;
    }
    return new BigDecimal(fraction.isEmpty() ? digits.toString() : digits + "." + fraction);
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
