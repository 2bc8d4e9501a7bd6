package dev.veille.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.veille.analytics.ReportSettings;
import dev.veille.common.Json;
import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.sql.WarehouseViews;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", mixinStandardHelpOptions = true,
    description = {"Lists the views `veille sql` sees: each table's origin, row count, partitions, columns and types."})
public final class TablesCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @Option(names = "--json", description = "One JSON object per view (JSON Lines).")
  boolean json;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    VeilleConfig config = options.load();
    SparkSession spark = SparkSessions.getOrCreate("veille tables");
    List<WarehouseViews.View> views = WarehouseViews.register(spark, config.warehouse(),
        ReportSettings.from(options.file().section("reports")));
    PrintWriter out = spec.commandLine().getOut();
    java.util.Map<String, dev.veille.common.Tables.Table> declared = WarehouseViews.declared();
    for (WarehouseViews.View v : views) {
      spark.sparkContext().setJobDescription("veille tables: count " + v.name());
      long rows = spark.table(v.name()).count();
      // A declared table shows its contract (which columns are required); Parquet reads every column as nullable.
      StructType schema = v.source() == WarehouseViews.Source.DECLARED ? declared.get(v.name()).schema()
          : spark.table(v.name()).schema();
      if (json) {
        ObjectNode o = Json.object();
        o.put("name", v.name());
        o.put("source", v.source().name().toLowerCase(Locale.ROOT));
        o.put("rows", rows);
        ArrayNode parts = o.putArray("partitions");
        v.partitions().forEach(parts::add);
        o.put("location", v.location());
        ArrayNode cols = o.putArray("columns");
        for (StructField f : schema.fields()) {
          cols.addObject().put("name", f.name()).put("type", f.dataType().simpleString()).put("nullable", f.nullable());
        }
        out.println(Json.line(o));
      } else {
        out.printf(Locale.ROOT, "%s (%s; %,d row%s%s)%n", v.name(), describe(v.source()), rows, rows == 1 ? "" : "s",
            v.partitions().isEmpty() ? "" : "; partitioned by " + String.join(", ", v.partitions()));
        int w = 0;
        for (StructField f : schema.fields()) {
          w = Math.max(w, f.name().length());
        }
        for (StructField f : schema.fields()) {
          out.printf(Locale.ROOT, "  %-" + w + "s  %s%s%n", f.name(), f.dataType().simpleString(),
              f.nullable() ? "" : " not null");
        }
        out.println();
      }
      out.flush();
    }
    return 0;
  }

  private static String describe(WarehouseViews.Source s) {
    return switch (s) {
      case DECLARED -> "table";
      case FOUND -> "table, schema from its files";
      case REPORT -> "latest report";
      case DERIVED -> "derived: the report's engagement rates";
    };
  }
}
