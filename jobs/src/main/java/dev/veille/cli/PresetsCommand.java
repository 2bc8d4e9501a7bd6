package dev.veille.cli;

import dev.veille.ingest.MappingLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "presets", mixinStandardHelpOptions = true,
    description = {"Lists the built-in mapping presets, or prints one (to copy and adapt:"
        + " `veille presets x-api-v2 > my-mapping.yaml`)."})
public final class PresetsCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "NAME", description = "The preset to print.")
  String name;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (name == null) {
      MappingLoader.PRESETS.forEach(p -> spec.commandLine().getOut().println(p));
    } else {
      spec.commandLine().getOut().print(MappingLoader.presetText(name));
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
