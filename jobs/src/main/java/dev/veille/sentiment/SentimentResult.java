package dev.veille.sentiment;

import java.util.Map;

/**
 * What a sentiment run did. {@code coverage} is per detected language: texts newly seen and how
 * many got a sentiment; {@code reasons} counts null sentiments by reason.
 *
 * @param texts distinct normalised texts in posts and comments
 * @param already_scored of those, texts the sentiment table had before this run
 * @param scored texts scored in this run (with a sentiment or with a reason)
 * @param prior_correction with {@code sentiment.prior_correction: em}, the run's estimated class
 *     priors per model version (empty otherwise)
 */
public record SentimentResult(String run_id, long texts, long already_scored, long scored,
    long links_written, Map<String, Coverage> coverage, Map<String, Long> reasons, String model_version,
    Map<String, PriorShift.Estimate> prior_correction, double seconds, String warehouse) {

  public record Coverage(long texts, long with_sentiment, double ratio) {}
}
