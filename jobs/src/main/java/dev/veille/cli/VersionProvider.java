package dev.veille.cli;

import dev.veille.common.Versions;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"veille " + Versions.veille(),
        "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
        "Java " + System.getProperty("java.version")};
  }
}
