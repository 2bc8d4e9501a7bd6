package dev.veille.sentiment;

import dev.veille.common.Versions;
import dev.veille.text.FrenchLexicon;
import dev.veille.text.LanguageDetector;
import dev.veille.text.SocialText;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import java.io.Serializable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Scores one text at a time: normalise ({@link SocialText}), detect the language, cut to
 * {@code max_chars}, then by language ({@link #route}): English through CoreNLP under a time limit
 * and its calibration; French through the French calibration ({@link FrenchFeatures}: lexical, no
 * parse, microseconds); other languages get a null sentiment ({@code unsupported_language:<code>}). Serialisable so Spark ships it to
 * executors; the pipeline and the calibration are transient and built on first use in each JVM
 * (the pipeline is shared by every task of the JVM through {@link CoreNlpSentiment#pipeline}).
 *
 * <p>Truncation rule: a normalised text longer than {@code max_chars} is cut at the last space
 * before the limit (the opening of a long post sets its tone; the row says {@code truncated}).
 * Sentences longer than {@code max_sentence_tokens} are not parsed but still scored on a flat
 * tree. With both, a text's cost is bounded; the time limit is the last guard: a text that takes
 * longer gets a null sentiment with reason {@code timeout}, and the partition goes on.
 */
public final class SentimentScorer implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * What the scorer says about one text. Probabilities are null when {@code reason} is set;
   * {@code corenlp} (CoreNLP's five classes) is null for French texts. {@code modelVersion} is the
   * model that scored it (English or French), null when none did.
   */
  public record Scored(String textHash, String language, double[] corenlp, double[] probabilities,
      Double score, String label, int sentences, boolean truncated, String reason, String modelVersion) {}

  private final SentimentSettings settings;
  private transient volatile StanfordCoreNLP pipeline;
  private transient volatile Calibration calibration;
  private transient ExecutorService worker;
  private transient volatile String modelVersion;
  private transient volatile String frenchModelVersion;

  public SentimentScorer(SentimentSettings settings) {
    this.settings = settings;
  }

  public SentimentSettings settings() {
    return settings;
  }

  /** The key of the sentiment table: SHA-256 (hex) of the normalised text. */
  public static String hash(String normalised) {
    return Versions.sha256(normalised);
  }

  /**
   * What the model_version column says of English texts: CoreNLP, the parser, the calibration's
   * fingerprint; for the lexical tier {@code corenlp-4.5.10/lexical/cal-<fingerprint>-lex} (CoreNLP's
   * tokenizer, the lexical calibration), so a row scored by one tier is never read as the other's.
   */
  public String modelVersion() {
    // Computed once: the fingerprint hashes the calibration's JSON (70 KB), about as long as the
    // lexical tier's whole reading of a text, and it used to be recomputed for every text.
    String v = modelVersion;
    if (v == null) {
      v = computeModelVersion();
      modelVersion = v;
    }
    return v;
  }

  private String computeModelVersion() {
    if (lexical()) {
      return "corenlp-4.5.10/lexical/cal-" + calibration().fingerprint() + "-lex";
    }
    return "corenlp-4.5.10/" + settings.parser().name().toLowerCase(java.util.Locale.ROOT) + "/"
        + (settings.calibrate() ? "cal-" + calibration().fingerprint() : "uncalibrated");
  }

  private boolean lexical() {
    return settings.tier() == SentimentSettings.Tier.LEXICAL;
  }

  /**
   * What the model_version column says of French texts: the French lexical model and its
   * calibration's fingerprint (always calibrated: there is no uncalibrated French answer).
   */
  public String frenchModelVersion() {
    String v = frenchModelVersion;
    if (v == null) {
      v = "fr-lexical/cal-" + Calibration.shippedFrench().fingerprint();
      frenchModelVersion = v;
    }
    return v;
  }

  /** Both model versions, as run summaries print them ({@code en=...,fr=...}). */
  public String modelVersions() {
    return "en=" + modelVersion() + ",fr=" + frenchModelVersion();
  }

  /**
   * The model that reads a text of a detected language: {@code en} or {@code fr}, or null (no
   * sentiment). An undetermined text ({@code und}: no function word of any language, "Wow!!",
   * "Génial 😍", emoji only) goes to the model whose lexicon knows more of its words, English on
   * a tie (docs/sentiment.md, language routing); with {@code score_undetermined: false} it gets
   * no sentiment.
   */
  public String route(String language, String raw) {
    if (SentimentSettings.LANGUAGES.contains(language)) {
      return language;
    }
    if (!language.equals(LanguageDetector.UNDETERMINED) || !settings.scoreUndetermined()) {
      return null;
    }
    return LexiconVote.frenchWins(raw) ? "fr" : "en";
  }

  /** Loads the models now (otherwise the first text pays for it). */
  public SentimentScorer warm() {
    pipeline();
    if (settings.calibrate()) {
      calibration();
    }
    Calibration.shippedFrench();
    FrenchLexicon.get();
    return this;
  }

  /** The full tier's pipeline (tokenizer to sentiment), or the lexical tier's tokenizer alone. */
  StanfordCoreNLP pipeline() {
    StanfordCoreNLP p = pipeline;
    if (p == null) {
      p = lexical() ? CoreNlpSentiment.tokenizer()
          : CoreNlpSentiment.pipeline(settings.parser(), settings.maxSentenceTokens());
      pipeline = p;
    }
    return p;
  }

  private Calibration calibration() {
    Calibration c = calibration;
    if (c == null) {
      c = lexical() ? Calibration.shippedLexical() : Calibration.shipped();
      calibration = c;
    }
    return c;
  }

  /** Cuts a text to at most {@code maxChars} characters, at the last space before the limit. */
  public static String truncate(String text, int maxChars) {
    if (text.length() <= maxChars) {
      return text;
    }
    int cut = text.lastIndexOf(' ', maxChars);
    if (cut < maxChars / 2) {
      cut = maxChars;
      if (Character.isLowSurrogate(text.charAt(cut))) {
        cut--;
      }
    }
    return text.substring(0, cut);
  }

  /**
   * The language of a raw text, read without emoji turned into English words (so "Trop bien 😍😍"
   * is not read as "trop bien love love", English).
   */
  public static String detectLanguage(String raw) {
    return LanguageDetector.detect(SocialText.normalise(raw == null ? "" : raw, FrenchFeatures.STEPS));
  }

  public Scored score(String raw) {
    raw = raw == null ? "" : raw;
    String normalised = SocialText.normalise(raw);
    String hash = hash(normalised);
    String language = detectLanguage(raw);
    if (normalised.isEmpty() || normalised.codePoints().noneMatch(Character::isLetterOrDigit)) {
      return failed(hash, language, false, "empty_text");
    }
    String model = route(language, raw);
    if (model == null) {
      return failed(hash, language, false, "unsupported_language:" + language);
    }
    String text = truncate(normalised, settings.maxChars());
    boolean truncated = text.length() < normalised.length();
    if (model.equals("fr")) {
      return scoreFrench(hash, language, truncated ? truncate(raw, settings.maxChars()) : raw, truncated);
    }
    if (lexical()) {
      return scoreLexical(hash, language, raw, text, truncated);
    }
    CoreNlpSentiment.Analysis a;
    try {
      a = analyse(text);
    } catch (TimeoutException e) {
      return failed(hash, language, truncated, "timeout");
    } catch (RuntimeException e) {
      return failed(hash, language, truncated, "failed:" + e.getClass().getSimpleName());
    }
    if (a == null) {
      return failed(hash, language, truncated, "no_sentence");
    }
    double[] p;
    if (settings.calibrate()) {
      p = calibration().predict(raw, a);
    } else {
      double[] d = a.distribution();
      p = new double[] {d[0] + d[1], d[2], d[3] + d[4]};
    }
    int best = 0;
    for (int k = 1; k < 3; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return new Scored(hash, language, a.distribution(), p, p[2] - p[0], Calibration.LABELS[best],
        a.sentences(), truncated, null, modelVersion());
  }

  /**
   * The English lexical tier: CoreNLP's tokens and the lexical calibration. Tokenising is linear in
   * the (truncated) text, so there is no worker thread and no time limit to pay for.
   */
  private Scored scoreLexical(String hash, String language, String raw, String text, boolean truncated) {
    CoreNlpSentiment.Analysis a;
    try {
      a = CoreNlpSentiment.analyseLexical(pipeline(), text);
    } catch (RuntimeException e) {
      return failed(hash, language, truncated, "failed:" + e.getClass().getSimpleName());
    }
    if (a == null) {
      return failed(hash, language, truncated, "no_sentence");
    }
    double[] p = calibration().predict(raw, a);
    return new Scored(hash, language, null, p, p[2] - p[0], Calibration.LABELS[Calibration.argmax(p)],
        a.sentences(), truncated, null, modelVersion());
  }

  /** The French model: lexical features and the French calibration (linear in the text: no time limit needed). */
  private Scored scoreFrench(String hash, String language, String raw, boolean truncated) {
    Calibration c = Calibration.shippedFrench();
    FrenchFeatures.Text t = FrenchFeatures.of(raw, c.domainWords());
    double[] p = c.predict(t.features());
    return new Scored(hash, language, null, p, p[2] - p[0], Calibration.LABELS[Calibration.argmax(p)],
        t.sentences(), truncated, null, frenchModelVersion());
  }

  private static Scored failed(String hash, String language, boolean truncated, String reason) {
    return new Scored(hash, language, null, null, null, null, 0, truncated, reason, null);
  }

  /** Runs CoreNLP on a worker thread and gives up after the time limit (interrupting it). */
  private CoreNlpSentiment.Analysis analyse(String text) throws TimeoutException {
    StanfordCoreNLP p = pipeline();
    ExecutorService w = worker();
    Future<CoreNlpSentiment.Analysis> f = w.submit(() -> CoreNlpSentiment.analyse(p, text));
    try {
      return f.get(settings.timeLimitMs(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      // The stuck thread may not stop at once: leave it to finish on its own, use a new one.
      w.shutdownNow();
      worker = null;
      throw e;
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while scoring", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
    }
  }

  /** Releases the worker thread (the end of a partition); the scorer can still be used after. */
  public synchronized void close() {
    if (worker != null) {
      worker.shutdown();
      worker = null;
    }
  }

  private synchronized ExecutorService worker() {
    if (worker == null) {
      worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "veille-corenlp");
        t.setDaemon(true);
        return t;
      });
    }
    return worker;
  }

  /** A row-to-row function a Spark task can carry. */
  public interface RowFunction extends java.io.Serializable {
    org.apache.spark.sql.Row apply(org.apache.spark.sql.Row in);
  }

  /**
   * Rows in, {@code f}'s rows out, one at a time: the iterator is lazy, so a partition is never
   * held in memory, and the scorer's worker thread is released when the partition ends.
   */
  public static org.apache.spark.api.java.function.MapPartitionsFunction<org.apache.spark.sql.Row,
      org.apache.spark.sql.Row> perRow(SentimentScorer scorer, RowFunction f) {
    return rows -> new java.util.Iterator<org.apache.spark.sql.Row>() {
      @Override
      public boolean hasNext() {
        boolean more = rows.hasNext();
        if (!more) {
          scorer.close();
        }
        return more;
      }

      @Override
      public org.apache.spark.sql.Row next() {
        return f.apply(rows.next());
      }
    };
  }
}
