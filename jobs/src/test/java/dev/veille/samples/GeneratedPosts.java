package dev.veille.samples;

import dev.veille.analytics.ReportPost;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's posts as the report sees them, straight from the generator (through its test
 * seam) rather than through ingest, so planted effects can be checked over many seeds quickly.
 * Rates use reach as the denominator, as the report does for these accounts.
 */
public final class GeneratedPosts {
  private GeneratedPosts() {}

  public static List<ReportPost> generate(long seed, int posts, Path dir) throws Exception {
    return generate(GeneratorSettings.of(seed, posts), dir);
  }

  public static synchronized List<ReportPost> generate(GeneratorSettings settings, Path dir) throws Exception {
    List<ReportPost> out = new ArrayList<>();
    SampleGenerator.tap = p -> {
      Instant at = Instant.ofEpochSecond(p.t);
      long interactions = p.reactions + p.comments + p.shares + p.saves;
      Double logRate = p.reachNa || p.reach <= 0 ? null : Math.log((interactions + 0.5) / p.reach);
      out.add(new ReportPost(p.acct.platform().id + ":" + p.id, p.acct.platform().id, p.acct.id(), p.acct.name(),
          p.acct.zone().getId(), at, at.atZone(p.acct.zone()).toLocalDate(), p.weekday, p.hour, p.canonical,
          p.paid, List.of(p.theme.id()), null, null, p.fr ? "fr" : "en", "reach", logRate, interactions));
    };
    try {
      SampleGenerator.generate(settings, dir);
    } finally {
      SampleGenerator.tap = null;
    }
    return out;
  }
}
