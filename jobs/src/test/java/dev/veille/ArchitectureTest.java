package dev.veille;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Stages meet only at warehouse tables ({@code common/Tables}), never in each other's code. Reads the
 * main sources (no Spark, no class loading) and fails naming the file, the line and the reference
 * when a package uses one it may not. A reference is an import (static or not) or a fully qualified
 * name in code; comments and string literals do not count.
 *
 * <ul>
 *   <li><b>Stages</b> ({@link #STAGES}) read tables and write tables or files: each uses its own
 *       package and libraries only, never another stage nor an orchestrator;</li>
 *   <li><b>libraries</b> ({@link #LIBRARIES}) use libraries only;</li>
 *   <li>{@code common} (with its subpackages, such as {@code common.warehouse}) uses {@code common}
 *       only;</li>
 *   <li><b>orchestrators</b> ({@link #ORCHESTRATORS}) run stages and may use anything, except that
 *       {@code bench} does not use {@code cli}, and {@code nightly} uses neither {@code cli} nor
 *       {@code bench} (the commands call the nightly, not the reverse).</li>
 * </ul>
 * A new top-level package must be added to one of the three lists, so that it is checked.
 */
class ArchitectureTest {
  static final Set<String> STAGES = Set.of("ingest", "sentiment", "topics", "signals", "moderation", "reports", "sql");
  static final Set<String> LIBRARIES = Set.of("common", "text", "samples", "analytics", "calendar");
  static final Set<String> ORCHESTRATORS = Set.of("nightly", "cli", "bench");
  /** What an orchestrator may not use, beyond the rules above. */
  static final Map<String, Set<String>> ORCHESTRATOR_BANS = Map.of("bench", Set.of("cli"),
      "nightly", Set.of("cli", "bench"));

  static final Path MAIN = Path.of("src/main/java/dev/veille");

  private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+dev\\.veille\\.([a-z_][a-z0-9_]*)",
      Pattern.MULTILINE);
  /** dev.veille.<area>[.<subpackage>...].<Class or *>: an import or a qualified name. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\s*\\.\\s*veille\\s*\\.\\s*([a-z_][a-z0-9_]*)((?:\\s*\\.\\s*[a-z_][a-z0-9_]*)*)"
          + "\\s*\\.\\s*([A-Z][A-Za-z0-9_]*|\\*)");

  @Test
  void stagesMeetOnlyAtTables() throws IOException {
    assertThat(Files.isDirectory(MAIN)).as("main sources at %s (tests run from jobs/)", MAIN.toAbsolutePath())
        .isTrue();
    List<String> violations = new ArrayList<>();
    Set<String> areas = new TreeSet<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(f);
        areas.add(areaOf(source));
        violations.addAll(violations(MAIN.relativize(f).toString(), source));
      }
    }
    assertThat(areas).as("the checked packages").contains("common", "ingest", "reports", "nightly", "cli");
    assertThat(violations).as("references a package may not make (see ArchitectureTest's Javadoc)").isEmpty();
  }

  @Test
  void findsImportsAndQualifiedNamesButNotCommentsOrStrings() {
    String source = """
        package dev.veille.calendar;

        import dev.veille.common.Tables;
        import dev.veille.reports.BestTimes;
        import static dev.veille.signals.Alert.BUZZ;
        // dev.veille.topics.TopicTokenizer is only named here
        /** See {@link dev.veille.sentiment.SentimentJob}. */
        final class Planner {
          String s = "dev.veille.ingest.IngestJob";
          dev.veille.moderation.ModerationJob job;
          dev.veille.common.warehouse.TableWriter writer;
        }
        """;
    assertThat(violations("calendar/Planner.java", source)).containsExactly(
        "calendar/Planner.java:4: dev.veille.reports.BestTimes (library calendar uses stage reports)",
        "calendar/Planner.java:5: dev.veille.signals.Alert (library calendar uses stage signals)",
        "calendar/Planner.java:10: dev.veille.moderation.ModerationJob (library calendar uses stage moderation)");
  }

  @Test
  void eachRuleNamesWhatItForbids() {
    assertThat(violations("topics/A.java", "package dev.veille.topics;\nimport dev.veille.signals.Alert;\n"))
        .containsExactly("topics/A.java:2: dev.veille.signals.Alert (stage topics uses stage signals)");
    assertThat(violations("sql/A.java", "package dev.veille.sql;\nimport dev.veille.cli.SqlCommand;\n"))
        .containsExactly("sql/A.java:2: dev.veille.cli.SqlCommand (stage sql uses orchestrator cli)");
    assertThat(violations("common/A.java", "package dev.veille.common.warehouse;\nimport dev.veille.text.SocialText;\n"))
        .containsExactly("common/A.java:2: dev.veille.text.SocialText (common uses text: common uses common only)");
    assertThat(violations("bench/A.java", "package dev.veille.bench;\nimport dev.veille.cli.VeilleCommand;\n"
        + "import dev.veille.nightly.NightlyJob;\nimport dev.veille.ingest.IngestJob;\n"))
        .containsExactly("bench/A.java:2: dev.veille.cli.VeilleCommand (orchestrator bench may not use cli)");
    assertThat(violations("x/A.java", "package dev.veille.newthing;\n"))
        .containsExactly("x/A.java: package dev.veille.newthing is neither a stage, a library nor an orchestrator "
            + "(add it to ArchitectureTest's lists)");
    assertThat(violations("reports/A.java", "package dev.veille.reports;\nimport dev.veille.analytics.BestTimes;\n"
        + "import dev.veille.common.warehouse.Warehouse;\nimport dev.veille.reports.ReportJob;\n")).isEmpty();
  }

  /** The references of one source file that its package may not make, one line each. */
  static List<String> violations(String file, String source) {
    String area = areaOf(source);
    List<String> out = new ArrayList<>();
    if (!STAGES.contains(area) && !LIBRARIES.contains(area) && !ORCHESTRATORS.contains(area)) {
      out.add(file + ": package dev.veille." + area + " is neither a stage, a library nor an orchestrator "
          + "(add it to ArchitectureTest's lists)");
      return out;
    }
    String code = withoutCommentsAndStrings(source);
    Matcher m = REFERENCE.matcher(code);
    while (m.find()) {
      String target = m.group(1);
      String why = why(area, target);
      if (why != null) {
        String name = m.group().replaceAll("\\s+", "");
        out.add(file + ":" + lineOf(code, m.start()) + ": " + name + " (" + why + ")");
      }
    }
    return out;
  }

  /** Why package {@code from} may not use {@code to}, or null when it may. */
  static String why(String from, String to) {
    if (from.equals(to)) {
      return null;
    }
    if (from.equals("common")) {
      return "common uses " + to + ": common uses common only";
    }
    String kind = kind(to);
    if (STAGES.contains(from)) {
      return LIBRARIES.contains(to) ? null : "stage " + from + " uses " + kind + " " + to;
    }
    if (LIBRARIES.contains(from)) {
      return LIBRARIES.contains(to) ? null : "library " + from + " uses " + kind + " " + to;
    }
    return ORCHESTRATOR_BANS.getOrDefault(from, Set.of()).contains(to)
        ? "orchestrator " + from + " may not use " + to : null;
  }

  private static String kind(String area) {
    return STAGES.contains(area) ? "stage" : LIBRARIES.contains(area) ? "library"
        : ORCHESTRATORS.contains(area) ? "orchestrator" : "unlisted package";
  }

  static String areaOf(String source) {
    Matcher m = PACKAGE.matcher(source);
    return m.find() ? m.group(1) : "(no dev.veille package)";
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  /**
   * The source with comments, string literals (text blocks too) and char literals blanked, line
   * breaks kept so that line numbers still hold.
   */
  static String withoutCommentsAndStrings(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int end = s.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(s, i, end, out);
        i = end;
      } else if (s.startsWith("\"\"\"", i)) {
        int end = s.indexOf("\"\"\"", i + 3);
        while (end > 0 && s.charAt(end - 1) == '\\') {
          end = s.indexOf("\"\"\"", end + 1);
        }
        end = end < 0 ? n : end + 3;
        blank(s, i, end, out);
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
          j += s.charAt(j) == '\\' ? 2 : 1;
        }
        int end = Math.min(n, j + 1);
        blank(s, i, end, out);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static void blank(String s, int from, int to, StringBuilder out) {
    for (int k = from; k < to; k++) {
      out.append(s.charAt(k) == '\n' ? '\n' : ' ');
    }
  }
}
