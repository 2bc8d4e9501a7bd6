package dev.veille.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.common.ConfigException;
import dev.veille.common.ConfigFile;
import dev.veille.text.TopicTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicsConfigTest {
  @TempDir
  Path dir;

  private TopicsConfig load(String yaml) throws Exception {
    Path p = dir.resolve("veille.yaml");
    Files.writeString(p, "warehouse: wh\n" + yaml);
    return TopicsConfig.from(ConfigFile.read(p).section("topics"));
  }

  @Test
  void defaultsWhenAbsentAndReadsEveryKey() throws Exception {
    assertThat(load("")).isEqualTo(TopicsConfig.DEFAULT);
    TopicsConfig c = load("topics: {model: lda, k: 8, seed: 3, bigrams: true, min_df: 2, retrain_days: 7}\n");
    assertThat(c.model()).isEqualTo(TopicsConfig.Family.LDA);
    assertThat(c.k()).isEqualTo(8);
    assertThat(c.seed()).isEqualTo(3);
    assertThat(c.bigrams()).isTrue();
    assertThat(c.minDf()).isEqualTo(2);
    assertThat(c.retrainDays()).isEqualTo(7);
    assertThat(c.terms()).isEqualTo(TopicTokenizer.Terms.SURFACE);
    assertThat(load("topics: {terms: bilingual}\n").terms()).isEqualTo(TopicTokenizer.Terms.BILINGUAL);
    assertThat(load("topics: {terms: folded}\n").tokenizer().terms()).isEqualTo(TopicTokenizer.Terms.FOLDED);
    TopicsConfig auto = load("topics: {k: auto, k_range: [4, 9]}\n");
    assertThat(auto.automaticK()).isTrue();
    assertThat(auto.kMin()).isEqualTo(4);
    assertThat(auto.kMax()).isEqualTo(9);
  }

  @Test
  void errorsNameTheKeyAndTheValue() {
    assertThatThrownBy(() -> load("topics: {model: bertopic}\n")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("topics.model").hasMessageContaining("bertopic").hasMessageContaining("kmeans-tfidf");
    assertThatThrownBy(() -> load("topics: {k: 1}\n")).hasMessageContaining("topics.k").hasMessageContaining("1");
    assertThatThrownBy(() -> load("topics: {k_range: [9, 4]}\n")).hasMessageContaining("topics.k_range");
    assertThatThrownBy(() -> load("topics: {kk: 3}\n")).hasMessageContaining("topics.kk");
    assertThatThrownBy(() -> load("topics: {bigrams: maybe}\n")).hasMessageContaining("topics.bigrams")
        .hasMessageContaining("maybe");
    assertThatThrownBy(() -> load("topics: {terms: stemmed}\n")).hasMessageContaining("topics.terms")
        .hasMessageContaining("stemmed").hasMessageContaining("bilingual");
  }
}
