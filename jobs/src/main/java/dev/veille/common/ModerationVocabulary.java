package dev.veille.common;

/**
 * The values of the {@link Tables#MODERATION} table's {@code labels} and {@code action} columns: what
 * the moderation stage writes and what readers of the table (the report's queue) test for.
 */
public final class ModerationVocabulary {
  private ModerationVocabulary() {}

  public static final String SPAM = "spam";
  public static final String TOXIC = "toxic";
  public static final String QUESTION = "question";
  public static final String COMPLAINT = "complaint";

  public static final String HIDE = "hide";
  public static final String REVIEW = "review";
  public static final String ANSWER = "answer";
  public static final String KEEP = "keep";
}
