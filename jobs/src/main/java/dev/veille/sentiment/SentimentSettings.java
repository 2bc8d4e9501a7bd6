package dev.veille.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.veille.common.ConfigException;
import dev.veille.common.ConfigNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
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
 * </pre>
 */
public record SentimentSettings(CoreNlpSentiment.Parser parser, boolean calibrate, int maxChars,
    int maxSentenceTokens, long timeLimitMs, boolean scoreUndetermined) implements Serializable {

  /**
   * Languages with a sentiment model: English (CoreNLP and its calibration) and French (the French
   * lexical calibration). Undetermined texts follow {@link SentimentScorer#route}.
   */
  public static final Set<String> LANGUAGES = Set.of("en", "fr");

  public static final SentimentSettings DEFAULTS =
      new SentimentSettings(CoreNlpSentiment.Parser.SR, true, 2000, 80, 10_000, true);

  public SentimentSettings {
    ConfigException.check(parser != null, "Missing sentiment.parser (expected sr or pcfg)");
    ConfigException.check(maxChars >= 20 && maxChars <= 100_000,
        "Invalid sentiment.max_chars: %d (expected 20 to 100000)", maxChars);
    ConfigException.check(maxSentenceTokens >= 5 && maxSentenceTokens <= 500,
        "Invalid sentiment.max_sentence_tokens: %d (expected 5 to 500)", maxSentenceTokens);
    ConfigException.check(timeLimitMs >= 1 && timeLimitMs <= 600_000,
        "Invalid sentiment.time_limit_ms: %d (expected 1 to 600000)", timeLimitMs);
  }

  public SentimentSettings withParser(CoreNlpSentiment.Parser p) {
    return new SentimentSettings(p, calibrate, maxChars, maxSentenceTokens, timeLimitMs, scoreUndetermined);
  }

  public SentimentSettings withCalibrate(boolean c) {
    return new SentimentSettings(parser, c, maxChars, maxSentenceTokens, timeLimitMs, scoreUndetermined);
  }

  public SentimentSettings withTimeLimitMs(long ms) {
    return new SentimentSettings(parser, calibrate, maxChars, maxSentenceTokens, ms, scoreUndetermined);
  }

  /** The settings of a config file's {@code sentiment:} section (defaults when it has none). */
  public static SentimentSettings load(Path configFile) {
    JsonNode tree;
    try {
      tree = new YAMLMapper().readTree(configFile.toFile());
    } catch (IOException e) {
      throw new ConfigException("Cannot parse " + configFile + " as YAML: " + e.getMessage(), e);
    }
    return parse(new ConfigNode(tree, "", configFile.toString()).get("sentiment"));
  }

  static SentimentSettings parse(ConfigNode s) {
    if (!s.isPresent()) {
      return DEFAULTS;
    }
    if (!s.isObject()) {
      throw s.error("a mapping with parser, calibrate, max_chars, max_sentence_tokens, time_limit_ms,"
          + " score_undetermined");
    }
    s.allowOnly(Set.of("parser", "calibrate", "max_chars", "max_sentence_tokens", "time_limit_ms",
        "score_undetermined"));
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
    return new SentimentSettings(parser,
        bool(s.get("calibrate"), d.calibrate()),
        (int) s.get("max_chars").number(d.maxChars(), 20, 100_000),
        (int) s.get("max_sentence_tokens").number(d.maxSentenceTokens(), 5, 500),
        (long) s.get("time_limit_ms").number(d.timeLimitMs(), 1, 600_000),
        bool(s.get("score_undetermined"), d.scoreUndetermined()));
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
