package dev.veille.topics;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.common.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code veille eval topics} checks its TSV's header before Spark starts (no Spark here). */
class TopicsEvalTest {
  @TempDir
  Path dir;

  TopicsEval eval(String content) throws Exception {
    Path f = dir.resolve("labelled.tsv");
    Files.writeString(f, content);
    return new TopicsEval(f, TopicsConfig.DEFAULT, null, false);
  }

  @Test
  void theHeaderNeedsLabelAndTextTabSeparated() throws Exception {
    assertThatCode(() -> eval("label\ttext\napple\t\"quoted\" as it comes\n").validate()).doesNotThrowAnyException();
    assertThatCode(() -> eval("id\tlabel\ttext\r\n1\tapple\tx\r\n").validate()).doesNotThrowAnyException();
    assertThatThrownBy(() -> eval("label,text\napple,x\n").validate()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("has columns [label,text]").hasMessageContaining("tab-separated");
    assertThatThrownBy(() -> eval("").validate()).isInstanceOf(ConfigException.class)
        .hasMessageContaining("has columns []");
  }
}
