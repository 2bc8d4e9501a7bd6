package dev.veille.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.veille.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shipped demo theme model ({@code models/topics/demo/}) still says what the code does: its
 * card's settings are the code's defaults, it was made from the sample's files as they are, and
 * its card, catalogue, pipeline and {@code MODEL_CARD.md} agree. No training: it reads files.
 * When it fails, rerun {@link DemoThemeModel#COMMAND}.
 */
class DemoThemeModelTest {
  private static final Path ROOT = Files.isDirectory(Path.of("models")) ? Path.of("") : Path.of("..");
  private static final Path DEMO = ROOT.resolve("models/topics/demo");
  private static final String REGENERATE = "\nRegenerate the demo model and its card (from the repository's root): "
      + DemoThemeModel.COMMAND;

  private static JsonNode card() throws IOException {
    return Json.MAPPER.readTree(Files.readString(DEMO.resolve(DemoThemeModel.CARD), StandardCharsets.UTF_8));
  }

  @Test
  void itsSettingsAreTheCodesDefaults() throws IOException {
    JsonNode card = card();
    List<String> mismatches = new ArrayList<>();
    compare("", TopicsTrainJob.settings(TopicsConfig.DEFAULT), card, mismatches);
    if (!mismatches.isEmpty()) {
      fail("models/topics/demo/model_card.json no longer matches the code's default topics settings:\n  "
          + String.join("\n  ", mismatches) + REGENERATE);
    }
  }

  /** Every leaf of {@code expected} must be at the same place, equal, in {@code card}. */
  private static void compare(String at, JsonNode expected, JsonNode card, List<String> mismatches) {
    if (expected.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        compare(at.isEmpty() ? e.getKey() : at + "." + e.getKey(), e.getValue(), card.path(e.getKey()), mismatches);
      }
      return;
    }
    boolean same = expected.isNumber() && card.isNumber()
        ? expected.decimalValue().compareTo(card.decimalValue()) == 0 : expected.equals(card);
    if (!same) {
      mismatches.add(at + ": the card has " + (card.isMissingNode() ? "nothing" : card.toString())
          + ", the code's default is " + expected);
    }
  }

  @Test
  void itWasMadeFromTheSampleAsItIs() throws Exception {
    JsonNode corpus = card().path("demo").path("corpus");
    Path config = ROOT.resolve(corpus.path("config").asText());
    assertThat(config).as("demo.corpus.config of the demo card" + REGENERATE).isRegularFile();
    JsonNode files = corpus.path("files");
    assertThat(files.size()).as("demo.corpus.files of the demo card" + REGENERATE).isGreaterThan(1);
    assertThat(files.has(config.getFileName().toString())).as("the config is among the corpus files").isTrue();
    List<String> changed = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Path f = config.getParent().resolve(e.getKey());
      String now = Files.isRegularFile(f)
          ? HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)))
          : "missing";
      if (!now.equals(e.getValue().asText())) {
        changed.add(e.getKey() + " (SHA-256 " + now + ", the card has " + e.getValue().asText() + ")");
      }
    }
    if (!changed.isEmpty()) {
      fail("The sample changed since the demo theme model was made from it: " + String.join(", ", changed)
          + REGENERATE);
    }
  }

  @Test
  void itsCardCatalogueAndPipelineAgree() throws IOException {
    JsonNode card = card();
    int k = card.path("k").asInt();
    List<ThemeIdentity.Theme> catalogue = DemoThemeModel.readCatalogue(DEMO);
    List<String> ids = ModelStore.themeIds(card);
    assertThat(ids).as("theme_id_by_index has one theme id per cluster").hasSize(k).doesNotContainNull();
    assertThat(catalogue.stream().filter(ThemeIdentity.Theme::active).map(ThemeIdentity.Theme::theme_id).toList())
        .as("themes.json's active themes are the card's").containsExactlyInAnyOrderElementsOf(ids);
    assertThat(catalogue.stream().mapToLong(ThemeIdentity.Theme::size).sum())
        .as("every post with a token is in one theme").isEqualTo(card.path("posts_with_tokens").asLong());

    // The k the card claims is the best silhouette of the k range it claims.
    List<Integer> tried = new ArrayList<>();
    card.path("silhouette_by_k").fieldNames().forEachRemaining(s -> tried.add(Integer.parseInt(s)));
    JsonNode range = card.path("k_search").path("k_range");
    assertThat(tried).as("silhouette_by_k covers k_range").startsWith(range.get(0).asInt()).endsWith(range.get(1).asInt())
        .hasSize(range.get(1).asInt() - range.get(0).asInt() + 1);
    String best = tried.stream().max((a, b) -> Double.compare(card.path("silhouette_by_k").path(a.toString()).asDouble(),
        card.path("silhouette_by_k").path(b.toString()).asDouble())).orElseThrow().toString();
    assertThat(best).as("the chosen k has the best silhouette").isEqualTo(Integer.toString(k));
    assertThat(card.path("metrics").path("silhouette").asDouble())
        .isEqualTo(card.path("silhouette_by_k").path(best).asDouble());

    // The saved MLlib stages carry the k, seed and vocabulary settings the card names.
    JsonNode kmeans = stageParams("kmeans");
    assertThat(kmeans.path("k").asInt()).as("the pipeline's k-means k").isEqualTo(k);
    assertThat(kmeans.path("seed").asLong()).as("the pipeline's k-means seed").isEqualTo(card.path("seed").asLong());
    JsonNode counts = stageParams("cntVec");
    assertThat(counts.path("vocabSize").asInt()).isEqualTo(card.path("tokenizer").path("vocab_size_limit").asInt());
    assertThat(counts.path("minDF").asDouble()).isEqualTo(card.path("tokenizer").path("min_df").asDouble());
  }

  @Test
  void itsModelCardIsRenderedFromTheJsonCard() throws IOException {
    String md = Files.readString(DEMO.resolve(DemoThemeModel.README), StandardCharsets.UTF_8);
    assertThat(md).as("models/topics/demo/MODEL_CARD.md is written by the command, not by hand" + REGENERATE)
        .isEqualTo(DemoThemeModel.markdown(card(), DemoThemeModel.readCatalogue(DEMO)));
  }

  /** The paramMap of the pipeline stage whose folder name contains {@code kind}. */
  private static JsonNode stageParams(String kind) throws IOException {
    TreeSet<Path> metadata = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(DEMO.resolve(DemoThemeModel.PIPELINE).resolve("stages"))) {
      walk.filter(p -> p.getFileName().toString().startsWith("part-")
              && p.getParent().getFileName().toString().equals("metadata")
              && p.getParent().getParent().getFileName().toString().contains("_" + kind + "_"))
          .forEach(metadata::add);
    }
    assertThat(metadata).as("the pipeline's %s stage metadata", kind).hasSize(1);
    return Json.MAPPER.readTree(Files.readString(metadata.first(), StandardCharsets.UTF_8)).path("paramMap");
  }
}
