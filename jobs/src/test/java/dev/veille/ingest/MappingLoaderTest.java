package dev.veille.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.veille.common.ConfigException;
import org.junit.jupiter.api.Test;

class MappingLoaderTest {
  private static Mapping parse(String yaml) throws Exception {
    return MappingLoader.parse(new YAMLMapper().readTree(yaml), "test.yaml");
  }

  @Test
  void presetsLoadAndDescribeTheirExports() {
    Mapping meta = MappingLoader.load("preset:meta-business-suite");
    assertThat(meta.table()).isEqualTo(Mapping.Target.POSTS);
    assertThat(meta.source().format()).isEqualTo(Mapping.Format.CSV);
    assertThat(meta.fields().get("text")).isEqualTo(new FieldSpec.Joined(java.util.List.of("Title", "Description")));
    assertThat(meta.formatRule().map()).containsEntry("reels", "reel");

    Mapping x = MappingLoader.load("preset:x-api-v2");
    assertThat(x.source().records()).isEqualTo("data[]");
    assertThat(x.fields().get("format")).isInstanceOf(FieldSpec.Lookup.class);
    assertThat(x.fields().get("shares")).isInstanceOf(FieldSpec.Sum.class);
  }

  @Test
  void unknownPresetsAndMissingFilesNameWhatExists() {
    assertThatThrownBy(() -> MappingLoader.load("preset:tiktok"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("tiktok").hasMessageContaining("x-api-v2");
    assertThatThrownBy(() -> MappingLoader.load("/nope/mapping.yaml"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("/nope/mapping.yaml");
  }

  @Test
  void errorsNameTheKeyAndTheBadValue() {
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: xml}\nfields: {post_id: a, published_at: b}"))
        .hasMessage("Invalid source.format in test.yaml: \"xml\" (expected csv, json or jsonl)");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nfields: {post_id: a, published_at: b, likes: c}"))
        .hasMessageContaining("Unknown field fields.likes").hasMessageContaining("reactions");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nfields: {post_id: a}"))
        .hasMessageContaining("Missing fields.published_at");
    assertThatThrownBy(() -> parse("source: {format: csv}\nfields: {post_id: a, published_at: b}"))
        .hasMessageContaining("Missing platform");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv, delimiter: ';;'}\nfields: {post_id: a, published_at: b}"))
        .hasMessageContaining("source.delimiter").hasMessageContaining("\";;\"");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\ntimestamps: {format: 'qqqq-bad'}\nfields: {post_id: a, published_at: b}"))
        .hasMessageContaining("timestamps.format");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\ntimestamps: {zone: Mars/Olympus}\nfields: {post_id: a, published_at: b}"))
        .hasMessageContaining("timestamps.zone").hasMessageContaining("Mars/Olympus");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nfields: {post_id: a, published_at: b}\nderive: {format: {map: {Photos: picture}}}"))
        .hasMessageContaining("derive.format.map.Photos").hasMessageContaining("picture");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nfields: {post_id: a, published_at: b, reach: [a, b]}"))
        .hasMessageContaining("fields.reach").hasMessageContaining("sum");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: json}\nfields: {post_id: 'a[x]', published_at: b}"))
        .hasMessageContaining("fields.post_id").hasMessageContaining("a[x]");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nfields: {post_id: a, published_at: b}\ncolumns: {}"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("Unknown key columns");
  }

  @Test
  void tabDelimiterAndDefaults() throws Exception {
    Mapping m = parse("platform: LinkedIn\nsource: {format: csv, delimiter: tab}\nfields: {post_id: a, published_at: b}");
    assertThat(m.source().delimiter()).isEqualTo("\t");
    assertThat(m.platform()).isEqualTo("linkedin");
    assertThat(m.timestamps().format()).isEqualTo("iso");
    assertThat(m.paidTrueValues()).contains("yes", "boosted");
  }

  @Test
  void frenchExportsDeclareTheirNumbersAndATimestampInTwoColumns() throws Exception {
    Mapping m = parse(String.join("\n", "platform: facebook", "source: {format: csv, delimiter: ';'}",
        "numbers: {locale: fr-FR}", "timestamps: {zone: Europe/Paris}",
        "fields: {post_id: Publication, published_at: {date: Date, time: Heure, format: 'dd/MM/yyyy HH:mm'},",
        "  observed_at: {column: Relevé, format: 'dd/MM/yyyy'}, reactions: Réactions}"));
    assertThat(m.numbers()).isEqualTo(CountFormat.COMMA);
    assertThat(m.timestamps().locale()).isEqualTo(java.util.Locale.ENGLISH);
    assertThat(parse("platform: x\nsource: {format: csv}\ntimestamps: {format: 'd MMMM yyyy', locale: fr}\n"
        + "fields: {post_id: a, published_at: b}").timestamps().locale().getLanguage()).isEqualTo("fr");
    assertThat(m.fields().get("published_at")).isEqualTo(new FieldSpec.DateAndTime("Date", "Heure", "dd/MM/yyyy HH:mm"));
    assertThat(m.fields().get("published_at").sources()).containsExactly("Date", "Heure");
    assertThat(m.fields().get("observed_at")).isEqualTo(new FieldSpec.FormattedSource("Relevé", "dd/MM/yyyy"));
    assertThat(m.fields().get("reactions").timestampFormat()).isNull();
    // Without its own format, the date and time are read with timestamps.format.
    assertThat(parse("platform: x\nsource: {format: csv}\nnumbers: {decimal: ','}\n"
        + "fields: {post_id: a, published_at: {date: d, time: t}}").fields().get("published_at"))
        .isEqualTo(new FieldSpec.DateAndTime("d", "t", null));
    assertThat(parse("platform: x\nsource: {format: csv}\nfields: {post_id: a, published_at: b}").numbers())
        .isEqualTo(CountFormat.POINT);
    assertThat(parse("platform: x\nsource: {format: csv}\nnumbers: {locale: en-US}\nfields: {post_id: a, published_at: b}")
        .numbers()).isEqualTo(CountFormat.POINT);
  }

  @Test
  void numberAndTwoColumnTimestampErrorsNameTheKeyAndTheBadValue() {
    String fields = "\nfields: {post_id: a, published_at: b}";
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nnumbers: {decimal: ';'}" + fields))
        .hasMessageContaining("numbers.decimal").hasMessageContaining("\";\"");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nnumbers: {locale: fr, decimal: ','}" + fields))
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nnumbers: {grouping: ' '}" + fields))
        .hasMessageContaining("Unknown key numbers.grouping");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\n"
        + "fields: {post_id: a, published_at: {date: d, time: t, format: 'dd/bb/yyyy'}}"))
        .hasMessageContaining("fields.published_at.format").hasMessageContaining("dd/bb/yyyy");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\nfields: {post_id: a, published_at: {date: d}}"))
        .hasMessageContaining("Missing fields.published_at.time");
    assertThatThrownBy(() -> parse("platform: x\nsource: {format: csv}\n"
        + "fields: {post_id: a, published_at: b, reach: {date: d, time: t}}"))
        .hasMessageContaining("fields.reach").hasMessageContaining("only for timestamps");
  }

  @Test
  void theFrenchLocaleExampleMappingLoads() {
    java.nio.file.Path example = java.nio.file.Path.of("../data-samples/mappings/real-world/french-locale-export.yaml");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(example), "run from the jobs module");
    Mapping m = MappingLoader.load(example.toString());
    assertThat(m.numbers()).isEqualTo(CountFormat.COMMA);
    assertThat(m.fields().get("published_at")).isEqualTo(new FieldSpec.DateAndTime("Date", "Heure", "dd/MM/yyyy HH:mm"));
    assertThat(m.fields().get("reactions")).isEqualTo(new FieldSpec.Source("Réactions"));
  }
}
