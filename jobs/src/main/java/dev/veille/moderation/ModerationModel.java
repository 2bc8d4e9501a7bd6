package dev.veille.moderation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The shipped moderation model ({@code models/moderation/model.json} and its weight files, in the
 * jar): the word lists, and a logistic regression per learned label ({@code spam}, {@code toxic})
 * with its thresholds, chosen by cross-validation ({@link ModerationTrainer}): a comment gets the
 * label at {@code threshold}, and is hidden at {@code hide} (chosen for a precision of 0.97 or more
 * on every training file). Loaded once per JVM.
 */
public final class ModerationModel implements java.io.Serializable {
  /** One learned label. */
  public record Head(LinearModel model, double threshold, double hide) implements java.io.Serializable {}

  private final String version;
  private final WordLists lists;
  private final Head spam;
  private final Head toxic;

  public ModerationModel(String version, WordLists lists, Head spam, Head toxic) {
    this.version = version;
    this.lists = lists;
    this.spam = spam;
    this.toxic = toxic;
  }

  public String version() {
    return version;
  }

  public WordLists lists() {
    return lists;
  }

  public Head spam() {
    return spam;
  }

  public Head toxic() {
    return toxic;
  }

  private static volatile ModerationModel shipped;

  /** The model in the jar, loaded once per JVM (executors included). */
  public static ModerationModel shipped() {
    ModerationModel m = shipped;
    if (m == null) {
      synchronized (ModerationModel.class) {
        if (shipped == null) {
          shipped = load();
        }
        m = shipped;
      }
    }
    return m;
  }

  private static ModerationModel load() {
    JsonNode root;
    try (InputStream in = resource("model.json")) {
      root = Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read models/moderation/model.json", e);
    }
    return new ModerationModel(root.path("version").asText(), WordLists.shipped(), head(root.path("spam")),
        head(root.path("toxic")));
  }

  private static Head head(JsonNode n) {
    String file = n.path("weights").asText();
    try (InputStream in = resource(file)) {
      return new Head(LinearModel.read(in, file), n.path("threshold").asDouble(), n.path("hide").asDouble());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read models/moderation/" + file, e);
    }
  }

  private static InputStream resource(String file) {
    InputStream in = ModerationModel.class.getResourceAsStream("/models/moderation/" + file);
    if (in == null) {
      throw new IllegalStateException("Missing models/moderation/" + file + " in the jar (train it with"
          + " `veille moderation-train`, then rebuild with mvn package)");
    }
    return in;
  }
}
