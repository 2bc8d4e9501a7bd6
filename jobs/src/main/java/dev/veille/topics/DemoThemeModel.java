package dev.veille.topics;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.common.Json;
import dev.veille.common.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The demo theme model shipped in {@code models/topics/demo/}: a version that
 * {@code veille topics train} fitted on the bundled sample, copied out of its warehouse with
 * its card and catalogue, and a readable {@code MODEL_CARD.md} rendered from them.
 *
 * <p>The JSON card is the one training wrote, plus a {@code demo} section: the command that made
 * it, the files it was made from (SHA-256 of each) and the machine it ran on. Nothing in it is
 * written by hand, so {@code DemoThemeModelTest} can hold it to the code's default settings
 * ({@link TopicsTrainJob#settings}) and to the sample's files.
 */
public final class DemoThemeModel {
  /** The documented command that rebuilds the demo model (run from the repository's root). */
  public static final String COMMAND =
      "bin/veille topics demo --config data-samples/veille.yaml --out models/topics/demo";
  public static final String CARD = "model_card.json";
  public static final String CATALOGUE = "themes.json";
  public static final String PIPELINE = "pipeline";
  public static final String README = "MODEL_CARD.md";

  private DemoThemeModel() {}

  /**
   * Replaces {@code out}'s demo model with {@code version} of the warehouse's model store:
   * {@code pipeline/}, the card with {@code demo} added, the catalogue, and {@code MODEL_CARD.md}.
   * Only those four entries of {@code out} are replaced; anything else in it is left alone.
   *
   * @return the card as written
   */
  public static ObjectNode export(Warehouse wh, String version, Path out, ObjectNode demo) {
    ModelStore store = new ModelStore(wh);
    ObjectNode card = (ObjectNode) store.card(version).deepCopy();
    card.set("demo", demo);
    List<ThemeIdentity.Theme> catalogue = store.catalogue(version);
    try {
      Files.createDirectories(out);
      deleteRecursively(out.resolve(PIPELINE));
      org.apache.hadoop.fs.Path from = new org.apache.hadoop.fs.Path(store.dir(version), PIPELINE);
      // The raw local file system writes no .crc files next to the copies.
      wh.fs().copyToLocalFile(false, from, new org.apache.hadoop.fs.Path(out.resolve(PIPELINE).toUri()), true);
      Files.writeString(out.resolve(CARD), Json.pretty(card) + "\n", StandardCharsets.UTF_8);
      Files.writeString(out.resolve(CATALOGUE), Json.pretty(catalogue) + "\n", StandardCharsets.UTF_8);
      Files.writeString(out.resolve(README), markdown(card, catalogue), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the demo theme model to " + out, e);
    }
    return card;
  }

  /** The catalogue of a demo model folder. */
  public static List<ThemeIdentity.Theme> readCatalogue(Path dir) throws IOException {
    return Json.MAPPER.readValue(Files.readString(dir.resolve(CATALOGUE), StandardCharsets.UTF_8),
        new TypeReference<List<ThemeIdentity.Theme>>() {});
  }

  /** {@code MODEL_CARD.md}: the card and catalogue as a page people read. */
  public static String markdown(JsonNode card, List<ThemeIdentity.Theme> catalogue) {
    JsonNode demo = card.path("demo");
    JsonNode corpus = demo.path("corpus");
    JsonNode run = demo.path("run");
    JsonNode tok = card.path("tokenizer");
    JsonNode search = card.path("k_search");
    StringBuilder md = new StringBuilder();
    md.append("# Demo theme model card\n\n");
    md.append("Written by `").append(demo.path("command").asText()).append("` (run from the repository's root)\n")
        .append("from `model_card.json` and `themes.json` beside it: do not edit it by hand.\n")
        .append("`DemoThemeModelTest` fails when the card no longer matches the code's default settings or the\n")
        .append("sample's files; rerun the command then. The method is in [Themes](../../../docs/themes.md#themes).\n\n");

    md.append("**What it is.** The theme model `veille topics train` fits on the bundled sample with the\n")
        .append("default settings: `").append(card.path("model").asText()).append("`, ")
        .append(card.path("k").asInt()).append(" themes, version `").append(card.path("version").asText())
        .append("` of a fresh warehouse (so no theme id is carried over from an earlier version). The\n")
        .append("pipeline (`pipeline/`) is an MLlib `PipelineModel` that `veille topics assign` loads.\n\n");

    md.append("**Corpus.** The posts of `").append(corpus.path("config").asText())
        .append("`'s exports (made-up posts of one fictional\n")
        .append("brand written by Veille's generator, see [Sample data](../../../docs/sample-data.md); GPL-3.0-or-later\n")
        .append("like the project), ingested into an empty warehouse: ")
        .append(number(card.path("training_posts").asLong())).append(" posts published from ")
        .append(card.path("training_window").path("from").asText()).append(" to ")
        .append(card.path("training_window").path("to").asText()).append(" (the ")
        .append(card.path("training_window").path("days").asInt()).append(" days before the newest), ")
        .append(number(card.path("posts_with_tokens").asLong())).append(" with a token the model knows; vocabulary ")
        .append(number(card.path("vocabulary_size").asLong())).append(" terms. Files (SHA-256):\n\n");
    md.append("| file | SHA-256 |\n|---|---|\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = corpus.path("files").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      md.append("| `").append(e.getKey()).append("` | `").append(e.getValue().asText()).append("` |\n");
    }
    md.append('\n');

    md.append("**Settings** (the code's defaults, `topics:` in [Configuration](../../../docs/themes.md#configuration-topics)):\n\n");
    md.append("| setting | value |\n|---|---|\n");
    row(md, "model", card.path("model").asText());
    row(md, "k", "auto: " + card.path("k_chosen_by").asText() + " over " + search.path("k_range").toString());
    row(md, "seed", card.path("seed").asText());
    row(md, "max_iter", card.path("max_iter").asText());
    row(md, "k search sample (posts, at most)", number(search.path("sample_posts").asLong()) + " of at most "
        + number(search.path("sample_max").asLong()) + ", " + search.path("kmeans_restarts").asInt()
        + " k-means++ restarts per k");
    row(md, "vocab_size, min_df", number(tok.path("vocab_size_limit").asLong()) + ", " + tok.path("min_df").asInt());
    row(md, "bigrams, keep_mentions", tok.path("bigrams").asBoolean() + ", " + tok.path("keep_mentions").asBoolean());
    row(md, "terms", tok.path("terms").asText());
    List<String> lists = new ArrayList<>();
    tok.path("stop_lists").forEach(n -> lists.add(n.asText()));
    row(md, "stop lists", String.join(", ", lists) + " (SHA-256 of the words: `"
        + tok.path("stop_words_sha256").asText() + "`)");
    row(md, "match_threshold", card.path("identity").path("match_threshold").asText());
    md.append('\n');

    md.append("**Choice of k.** Mean cosine silhouette of each k on the sample; k = ")
        .append(card.path("k").asInt()).append(" wins (")
        .append(card.path("metrics").path("silhouette").asText()).append("):\n\n");
    md.append("| k | silhouette |\n|---|---|\n");
    for (Iterator<Map.Entry<String, JsonNode>> it = card.path("silhouette_by_k").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      boolean chosen = e.getKey().equals(card.path("k").asText());
      String s = String.format(Locale.ROOT, "%.4f", e.getValue().asDouble());
      md.append("| ").append(chosen ? "**" + e.getKey() + "**" : e.getKey()).append(" | ")
          .append(chosen ? "**" + s + "**" : s).append(" |\n");
    }
    md.append('\n');

    md.append("**Themes** (labels and terms by class-based TF-IDF; size in posts):\n\n");
    md.append("| theme | label | size | top terms |\n|---|---|---|---|\n");
    catalogue.stream().filter(ThemeIdentity.Theme::active)
        .sorted(Comparator.comparing(ThemeIdentity.Theme::theme_id))
        .forEach(t -> md.append("| ").append(t.theme_id()).append(" | ").append(cell(t.label())).append(" | ")
            .append(number(t.size())).append(" | ").append(cell(String.join(", ", t.top_terms()))).append(" |\n"));
    md.append('\n');

    md.append("**Training time.** ").append(card.path("metrics").path("train_seconds").asText())
        .append(" s to fit, label and match the themes (`metrics.train_seconds`); ")
        .append(run.path("total_seconds").asText()).append(" s to ingest the sample and train, on ")
        .append(run.path("cores").asInt()).append(" cores (`").append(run.path("spark_master").asText())
        .append("`), load average ").append(run.path("load_average_start").asText()).append(" at the start and ")
        .append(run.path("load_average_end").asText()).append(" at the end; Spark ")
        .append(card.path("spark_version").asText()).append(", made ").append(card.path("created_at").asText())
        .append(".\n");
    return md.toString();
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(cell(value)).append(" |\n");
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }

  private static String number(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Deletes a folder and everything under it (nothing when it does not exist). */
  public static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }
}
