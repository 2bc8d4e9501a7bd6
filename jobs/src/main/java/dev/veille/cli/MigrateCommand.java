package dev.veille.cli;

import dev.veille.common.SparkSessions;
import dev.veille.common.VeilleConfig;
import dev.veille.common.warehouse.Warehouse;
import dev.veille.common.warehouse.WarehouseLock;
import dev.veille.common.warehouse.WarehouseMigration;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Converts a warehouse written before Delta Lake (plain Parquet tables) into Delta tables, in place.",
        "Moves no data file; tables already converted are left alone. See docs/adr/0001-delta-lake.md."})
public final class MigrateCommand implements Callable<Integer> {
  @Mixin
  ConfigOptions options;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    VeilleConfig config = options.load();
    SparkSession spark = SparkSessions.getOrCreate("veille migrate");
    Warehouse wh = Warehouse.of(spark, config.warehouse());
    // Not WarehouseWrites: its recovery would delete an old release's _staging, which may hold
    // live files a killed run set aside; the migration refuses such a warehouse instead.
    List<WarehouseMigration.Outcome> outcomes;
    try (WarehouseLock lock = WarehouseLock.acquire(wh, "migrate")) {
      outcomes = WarehouseMigration.run(spark, wh);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (WarehouseMigration.Outcome o : outcomes) {
      switch (o.action()) {
        case "converted" -> out.printf(Locale.ROOT, "%-16s converted: %,d files, Delta version %d%n", o.table(),
            o.files(), o.version());
        case "already_delta" -> out.printf(Locale.ROOT, "%-16s already a Delta table (version %d)%n", o.table(),
            o.version());
        default -> out.printf(Locale.ROOT, "%-16s not written yet%n", o.table());
      }
    }
    out.flush();
    return 0;
  }
}
