package dev.veille.topics;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.text.TopicTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse's theme model store:
 *
 * <pre>
 *   models/topics/CURRENT                 the current version's name (one line)
 *   models/topics/v0003/pipeline/         the MLlib PipelineModel
 *   models/topics/v0003/model_card.json   version, family, k, training window, vocabulary, metrics,
 *                                         tokeniser settings, theme id of each cluster
 *   models/topics/v0003/themes.json       the theme catalogue after this version (active and retired)
 * </pre>
 *
 * <p>Versions are never overwritten; CURRENT is written last (atomically), so a failed training
 * leaves the previous model current.
 */
public final class ModelStore {
  public static final String ROOT = "models/topics";
  private final Warehouse warehouse;

  public ModelStore(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  public Path root() {
    return warehouse.path(ROOT);
  }

  public Path dir(String version) {
    return new Path(root(), version);
  }

  public Optional<String> current() {
    Path p = new Path(root(), "CURRENT");
    if (!warehouse.exists(p)) {
      return Optional.empty();
    }
    String v = warehouse.readText(p).strip();
    return v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public void setCurrent(String version) {
    warehouse.writeTextAtomically(new Path(root(), "CURRENT"), version + "\n");
  }

  /** The next version name: v0001, v0002, ... */
  public String nextVersion() {
    int max = 0;
    try {
      if (warehouse.exists(root())) {
        for (FileStatus f : warehouse.fs().listStatus(root())) {
          String name = f.getPath().getName();
          if (f.isDirectory() && name.matches("v\\d{4,}")) {
            max = Math.max(max, Integer.parseInt(name.substring(1)));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + root(), e);
    }
    return String.format(Locale.ROOT, "v%04d", max + 1);
  }

  public void save(String version, PipelineModel model, ObjectNode card, List<ThemeIdentity.Theme> catalogue) {
    try {
      model.write().overwrite().save(new Path(dir(version), "pipeline").toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save the theme model " + version, e);
    }
    warehouse.writeTextAtomically(new Path(dir(version), "themes.json"), Json.pretty(catalogue));
    warehouse.writeTextAtomically(new Path(dir(version), "model_card.json"), Json.pretty(card));
  }

  /** Loads a version's pipeline, registering the tokeniser its card describes first. */
  public PipelineModel load(SparkSession spark, String version) {
    TopicModeler.register(spark, tokenizer(card(version)));
    return PipelineModel.load(new Path(dir(version), "pipeline").toString());
  }

  public JsonNode card(String version) {
    try {
      return Json.MAPPER.readTree(warehouse.readText(new Path(dir(version), "model_card.json")));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the model card of " + version, e);
    }
  }

  public List<ThemeIdentity.Theme> catalogue(String version) {
    try {
      return Json.MAPPER.readValue(warehouse.readText(new Path(dir(version), "themes.json")),
          new TypeReference<List<ThemeIdentity.Theme>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the theme catalogue of " + version, e);
    }
  }

  /** The theme id of each cluster index of a version (null: a cluster with no theme). */
  public static List<String> themeIds(JsonNode card) {
    List<String> ids = new ArrayList<>();
    for (JsonNode n : card.path("theme_id_by_index")) {
      ids.add(n.isNull() ? null : n.asText());
    }
    return ids;
  }

  /**
   * The tokeniser a version was trained with, from its card. Cards written before term keys name
   * neither {@code terms} nor a list beyond {@link TopicTokenizer#LEGACY_STOP_LISTS}: their models
   * keep reading words as written, so their vocabulary still matches.
   */
  public static TopicTokenizer tokenizer(JsonNode card) {
    JsonNode t = card.path("tokenizer");
    TopicTokenizer.Terms terms = t.hasNonNull("terms") ? TopicTokenizer.Terms.parse(t.get("terms").asText()) : null;
    if (terms == null) {
      terms = TopicTokenizer.Terms.SURFACE;
    }
    List<String> lists = new ArrayList<>();
    for (JsonNode n : t.path("stop_lists")) {
      lists.add(n.asText());
    }
    if (lists.isEmpty()) {
      lists = TopicTokenizer.LEGACY_STOP_LISTS;
    }
    return new TopicTokenizer(TopicTokenizer.stopWords(lists), t.path("bigrams").asBoolean(false),
        t.path("keep_mentions").asBoolean(true), terms);
  }
}
