package dev.veille.cli;

import dev.veille.analytics.ReportSettings;
import dev.veille.common.ConfigException;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.sql.ReadOnlySql;
import dev.veille.sql.ResultWriter;
import dev.veille.sql.WarehouseViews;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
    description = {"Runs read-only Spark SQL over the warehouse tables (see `veille tables`).",
        "Every table is a view: posts, engagement, comments, quarantine, sentiment, sentiment_links, themes,"
            + " themes_assigned, alerts, any other table folder, best_time_slots and top_themes of the latest"
            + " report, and post_rates (each post's engagement rate as the report computes it).",
        "Statements that write (INSERT, CREATE, DROP, SET, CACHE, ADD JAR, ...) are refused (exit 2).",
        "Several queries run in one session; with --format csv or json they need --out-dir, which gets"
            + " 1.csv, 2.csv, ... in the order given (the -f files first)."})
public final class SqlCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Parameters(paramLabel = "QUERY", arity = "0..*", description = "SQL statements (quote each).")
  List<String> queries = new ArrayList<>();

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Reads a statement from FILE (repeatable).")
  List<Path> files = new ArrayList<>();

  @Option(names = "--format", paramLabel = "table|csv|json", defaultValue = "table",
      description = "Output: an aligned table (default), CSV with a header, or JSON Lines.")
  String format;

  @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Writes the result to FILE instead of stdout.")
  Path out;

  @Option(names = "--out-dir", paramLabel = "DIR", description = "Writes the result of the n-th query to DIR/n.<csv|jsonl|txt>.")
  Path outDir;

  @Option(names = "--max-width", paramLabel = "N", defaultValue = "40",
      description = "Table format: cells longer than N characters are cut (default 40).")
  int maxWidth;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    ResultWriter.Format f = parseFormat(format);
    ConfigException.check(maxWidth >= 4 && maxWidth <= 10_000, "Invalid --max-width: %d (expected 4 to 10000)",
        maxWidth);
    List<String> statements = new ArrayList<>();
    for (Path p : files) {
      statements.add(readStatement(p));
    }
    statements.addAll(queries);
    ConfigException.check(!statements.isEmpty(), "Missing query (expected a QUERY argument or -f FILE)");
    ConfigException.check(out == null || outDir == null, "Both --out and --out-dir given (expected one)");
    ConfigException.check(statements.size() == 1 || outDir != null || (f == ResultWriter.Format.TABLE && out == null),
        "%d queries need --out-dir (one file per query) with --format %s or --out", statements.size(),
        f.name().toLowerCase(Locale.ROOT));
    VeilleConfig config = options.load();
    ReportSettings settings = ReportSettings.from(options.file().section("reports"));
    SparkSession spark = SparkSessions.getOrCreate("veille sql");
    // Every statement is checked before any runs: a refused third query leaves no half of a batch.
    // Parsing needs no view, so a refused statement costs no look at the warehouse.
    List<org.apache.spark.sql.catalyst.plans.logical.LogicalPlan> parsed = new ArrayList<>();
    for (String s : statements) {
      parsed.add(ReadOnlySql.checkParsed(spark, s));
    }
    WarehouseViews.register(spark, config.warehouse(), settings);
    for (int i = 0; i < statements.size(); i++) {
      ReadOnlySql.checkAnalysed(spark, statements.get(i), parsed.get(i));
    }
    PrintWriter stdout = spec.commandLine().getOut();
    for (int i = 0; i < statements.size(); i++) {
      Path target = outDir != null ? outDir.resolve((i + 1) + "." + f.extension()) : out;
      if (target == null) {
        if (i > 0) {
          stdout.println();
        }
        run(spark, statements.get(i), f, maxWidth, stdout);
      } else {
        runInto(spark, statements.get(i), f, target);
      }
    }
    return 0;
  }

  static ResultWriter.Format parseFormat(String text) {
    for (ResultWriter.Format f : ResultWriter.Format.values()) {
      if (f.name().equalsIgnoreCase(text)) {
        return f;
      }
    }
    throw new ConfigException("Invalid --format: " + text + " (expected table, csv or json)");
  }

  static String readStatement(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("Cannot read -f " + p + " (" + e.getMessage() + ")", e);
    }
  }

  /** Writes into a temporary file renamed into place: a failed query leaves no half-written result. */
  private void runInto(SparkSession spark, String sql, ResultWriter.Format f, Path target) {
    Path abs = target.toAbsolutePath();
    try {
      Files.createDirectories(abs.getParent());
      Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp");
      try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8))) {
        run(spark, sql, f, maxWidth, w);
      } catch (RuntimeException e) {
        Files.deleteIfExists(tmp);
        throw e;
      }
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + abs, e);
    }
  }

  /** Runs one checked statement and streams its rows; Spark's own errors about the query are exit 2. */
  static long run(SparkSession spark, String sql, ResultWriter.Format f, int maxWidth, Writer w) {
    try {
      Dataset<Row> result = spark.sql(sql);
      spark.sparkContext().setJobDescription("veille sql");
      long n = ResultWriter.write(result.schema(), result.toLocalIterator(), f, maxWidth, w);
      w.flush();
      return n;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the query result", e);
    } catch (Exception e) {
      // Spark's AnalysisException is checked for javac (Scala declares it), hence Exception.
      throw ReadOnlySql.userFacing(e, "Query failed: ");
    }
  }
}
