package dev.veille.sentiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.veille.common.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Labelled TSVs as pandas writes them (TweetEval, UMSAB): quoting, BOM, CRLF, blank lines, errors. */
class LabelledTextsTest {
  @TempDir
  Path dir;

  Path write(String text) throws Exception {
    Path f = dir.resolve("labelled.tsv");
    Files.writeString(f, text, StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void quotedCellsAreUnquotedAndEveryTextStripped() throws Exception {
    Path f = write("label\tsentiment\ttext\n"
        + "2\tpositive\t\"\"\"National hot dog day\"\" , then a dance\"\n"
        + "1\tneutral\tDark Souls 3: embrace the darkness. \n"
        + "\n"
        + "0\tnegative\t\"a tab\tinside, and a line\nbreak \"\n"
        + "1\tneutral\tsays \"hi\" without quoting the cell\n");
    assertThat(LabelledTexts.read(f, 0)).containsExactly(
        new LabelledTexts.Item(2, "\"National hot dog day\" , then a dance"),
        new LabelledTexts.Item(1, "Dark Souls 3: embrace the darkness."),
        new LabelledTexts.Item(0, "a tab\tinside, and a line\nbreak"),
        new LabelledTexts.Item(1, "says \"hi\" without quoting the cell"));
    assertThat(LabelledTexts.read(f, 2)).hasSize(2);
  }

  @Test
  void byteOrderMarkAndCrlfReadLikeTheirAbsence() throws Exception {
    Path f = write("\uFEFFlabel\ttext\r\n0\t\"bad, \"\"really\"\"\"\r\n2\tgood\r\n");
    assertThat(LabelledTexts.read(f, 0)).containsExactly(new LabelledTexts.Item(0, "bad, \"really\""),
        new LabelledTexts.Item(2, "good"));
  }

  @Test
  void textOnlyFilesNeedNoLabel() throws Exception {
    Path f = write("text\none\n\"two, quoted\"\n");
    assertThat(LabelledTexts.read(f, 0, false)).containsExactly(new LabelledTexts.Item(-1, "one"),
        new LabelledTexts.Item(-1, "two, quoted"));
    assertThatThrownBy(() -> LabelledTexts.read(f, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("header [text]").hasMessageContaining("label and text");
  }

  @Test
  void errorsNameTheFileAndTheLine() throws Exception {
    Path fields = write("label\tsentiment\ttext\n1\tneutral\tfine\n\n1\tneutral\n");
    assertThatThrownBy(() -> LabelledTexts.read(fields, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(fields.toString()).hasMessageContaining("line 4 has 2 fields (expected 3)");
    Path label = write("label\ttext\n1\t\"two\nlines\"\n7\tseven\n");
    assertThatThrownBy(() -> LabelledTexts.read(label, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 4 label 7").hasMessageContaining("0 negative, 1 neutral or 2 positive");
    Path quote = write("label\ttext\n1\t\"unclosed\" text after the quote\n");
    assertThatThrownBy(() -> LabelledTexts.read(quote, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("Invalid --input: " + quote);
    Path empty = write("");
    assertThatThrownBy(() -> LabelledTexts.read(empty, 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> LabelledTexts.read(dir.resolve("missing.tsv"), 0)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("file not found");
    assertThat(List.of(fields, label)).allSatisfy(p -> assertThat(p).exists());
  }
}
