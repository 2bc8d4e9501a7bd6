package dev.veille.sentiment;

import dev.veille.common.Tables;

/**
 * The sentiment stage's tables (docs/data-model.md). {@code sentiment} has one row per distinct
 * normalised text, keyed by its SHA-256, so a text posted twice (or a comment repeated by many
 * people) is scored once. {@code sentiment_links} maps each post and comment to its text's hash:
 * reports join {@code posts.post_key = sentiment_links.item_key} then
 * {@code sentiment_links.text_hash = sentiment.text_hash}.
 */
public final class SentimentTables {
  private SentimentTables() {}

  /** Declared in {@link Tables}, where every stage meets. */
  public static final Tables.Table SENTIMENT = Tables.SENTIMENT;

  public static final Tables.Table LINKS = Tables.SENTIMENT_LINKS;
}
