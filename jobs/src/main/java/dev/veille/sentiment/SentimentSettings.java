package dev.veille.sentiment;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import java.io.Serializable;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code sentiment:} section of veille.yaml. Every key is optional:
 *
 * <pre>
 * sentiment:
 *   parser: sr                # sr (shift-reduce, default) or pcfg (CoreNLP's default, slower)
 *   calibrate: true           # apply models/sentiment/calibration.json (false: CoreNLP's classes folded)
 *   max_chars: 2000           # longer normalised texts are cut at the last space before this
 *   max_sentence_tokens: 80   # longer sentences get a flat tree instead of a parse
 *   time_limit_ms: 10000      # a text that takes longer gets a null sentiment, reason "timeout"
 *   score_undetermined: true  # score texts too short to tell their language ("Wow!!", emoji only):
 *                             # English or French by the lexicon vote (docs/sentiment.md)
 *   tier: full                # full (CoreNLP's parse and tree, default) or lexical (English read by
 *                             # CoreNLP's tokenizer and the lexical calibration only: ~100x faster)
 *   prior_correction: none    # none (default) or em: re-weight each run's calibrated probabilities
 *                             # by the class priors estimated on that run's texts (PriorShift)
 * </pre>
 */
public record SentimentSettings(CoreNlpSentiment.Parser parser, boolean calibrate, int maxChars,
    int maxSentenceTokens, long timeLimitMs, boolean scoreUndetermined, Tier tier,
    PriorCorrection priorCorrection) implements Serializable {

  /** How English texts are read. */
  public enum Tier {
    /** CoreNLP's tokenizer, tagger, shift-reduce (or PCFG) parser and sentiment tree, then the calibration. */
    FULL,
    /**
     * CoreNLP's tokenizer only (it also splits sentences), then the lexical calibration
     * ({@code calibration_lexical.json}: VADER valences, domain words, emoji, punctuation, length).
     */
    LEXICAL
  }

  /** What is done to the calibrated probabilities of a run's texts (docs/sentiment.md, prior shift). */
  public enum PriorCorrection {
    /** The calibration's probabilities as they are (trained with the three classes weighted equally). */
    NONE,
    /** Saerens-Latinne-Decaestecker EM: the run's class priors estimated, the posteriors re-weighted. */
    EM
  }

  /**
   * Languages with a sentiment model: English (CoreNLP and its calibration) and French (the French
   * lexical calibration). Undetermined texts follow {@link SentimentScorer#route}.
   */
  public static final Set<String> LANGUAGES = Set.of("en", "fr");

  public static final SentimentSettings DEFAULTS =
      new SentimentSettings(CoreNlpSentiment.Parser.SR, true, 2000, 80, 10_000, true, Tier.FULL,
          PriorCorrection.NONE);

  public SentimentSettings {
    ConfigException.check(parser != null, "Missing sentiment.parser (expected sr or pcfg)");
    ConfigException.check(tier != null, "Missing sentiment.tier (expected full or lexical)");
    ConfigException.check(priorCorrection != null, "Missing sentiment.prior_correction (expected none or em)");
    // The lexical tier has no CoreNLP answer to fall back on: it is its calibration.
    ConfigException.check(calibrate || tier == Tier.FULL,
        "Invalid sentiment.calibrate: false with sentiment.tier: lexical (the lexical tier is always"
            + " calibrated; use tier: full for CoreNLP's own classes)");
    ConfigException.check(calibrate || priorCorrection == PriorCorrection.NONE,
        "Invalid sentiment.calibrate: false with sentiment.prior_correction: em (the correction re-weights"
            + " calibrated probabilities)");
    ConfigException.check(maxChars >= 20 && maxChars <= 100_000,
        "Invalid sentiment.max_chars: %d (expected 20 to 100000)", maxChars);
    ConfigException.check(maxSentenceTokens >= 5 && maxSentenceTokens <= 500,
        "Invalid sentiment.max_sentence_tokens: %d (expected 5 to 500)", maxSentenceTokens);
    ConfigException.check(timeLimitMs >= 1 && timeLimitMs <= 600_000,
        "Invalid sentiment.time_limit_ms: %d (expected 1 to 600000)", timeLimitMs);
  }

  /** The full tier without prior correction (the settings of releases before the tiers). */
  public SentimentSettings(CoreNlpSentiment.Parser parser, boolean calibrate, int maxChars,
      int maxSentenceTokens, long timeLimitMs, boolean scoreUndetermined) {
    this(parser, calibrate, maxChars, maxSentenceTokens, timeLimitMs, scoreUndetermined, Tier.FULL,
        PriorCorrection.NONE);
  }

  public SentimentSettings withParser(CoreNlpSentiment.Parser p) {
    return new SentimentSettings(p, calibrate, maxChars, maxSentenceTokens, timeLimitMs, scoreUndetermined,
        tier, priorCorrection);
  }

  public SentimentSettings withCalibrate(boolean c) {
    return new SentimentSettings(parser, c, maxChars, maxSentenceTokens, timeLimitMs, scoreUndetermined,
        tier, priorCorrection);
  }

  public SentimentSettings withTimeLimitMs(long ms) {
    return new SentimentSettings(parser, calibrate, maxChars, maxSentenceTokens, ms, scoreUndetermined,
        tier, priorCorrection);
  }

  public SentimentSettings withTier(Tier t) {
    return new SentimentSettings(parser, calibrate, maxChars, maxSentenceTokens, timeLimitMs, scoreUndetermined,
        t, priorCorrection);
  }

  public SentimentSettings withPriorCorrection(PriorCorrection c) {
    return new SentimentSettings(parser, calibrate, maxChars, maxSentenceTokens, timeLimitMs, scoreUndetermined,
        tier, c);
  }

  /** The {@code sentiment:} section of veille.yaml (defaults when the file has none). */
  public static SentimentSettings from(ConfigNode s) {
    if (!s.isPresent()) {
      return DEFAULTS;
    }
    if (!s.isObject()) {
      throw s.error("a mapping with parser, calibrate, max_chars, max_sentence_tokens, time_limit_ms,"
          + " score_undetermined, tier, prior_correction");
    }
    s.allowOnly(Set.of("parser", "calibrate", "max_chars", "max_sentence_tokens", "time_limit_ms",
        "score_undetermined", "tier", "prior_correction"));
    SentimentSettings d = DEFAULTS;
    CoreNlpSentiment.Parser parser = d.parser();
    if (s.has("parser")) {
      String p = s.get("parser").text("sr or pcfg").trim().toUpperCase(Locale.ROOT);
      try {
        parser = CoreNlpSentiment.Parser.valueOf(p);
      } catch (IllegalArgumentException e) {
        throw s.get("parser").error("sr or pcfg");
      }
    }
    Tier tier = choice(s.get("tier"), Tier.class, d.tier(), "full or lexical");
    PriorCorrection correction = choice(s.get("prior_correction"), PriorCorrection.class, d.priorCorrection(),
        "none or em");
    boolean calibrate = bool(s.get("calibrate"), d.calibrate());
    if (!calibrate && tier == Tier.LEXICAL) {
      throw s.get("calibrate").error("true with tier: lexical (the lexical tier is always calibrated)");
    }
    if (!calibrate && correction == PriorCorrection.EM) {
      throw s.get("calibrate").error("true with prior_correction: em (CoreNLP's own classes were not"
          + " trained with equal priors: there is nothing principled to re-weight)");
    }
    return new SentimentSettings(parser, calibrate,
        (int) s.get("max_chars").number(d.maxChars(), 20, 100_000),
        (int) s.get("max_sentence_tokens").number(d.maxSentenceTokens(), 5, 500),
        (long) s.get("time_limit_ms").number(d.timeLimitMs(), 1, 600_000),
        bool(s.get("score_undetermined"), d.scoreUndetermined()), tier, correction);
  }

  private static <E extends Enum<E>> E choice(ConfigNode n, Class<E> type, E fallback, String expected) {
    if (!n.isPresent()) {
      return fallback;
    }
    String v = n.text(expected).trim().toUpperCase(Locale.ROOT);
    try {
      return Enum.valueOf(type, v);
    } catch (IllegalArgumentException e) {
      throw n.error(expected);
    }
  }

  private static boolean bool(ConfigNode n, boolean fallback) {
    if (!n.isPresent()) {
      return fallback;
    }
    if (!n.raw().isBoolean()) {
      throw n.error("true or false");
    }
    return n.raw().asBoolean();
  }
}
