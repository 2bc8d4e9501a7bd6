package dev.veille.nightly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.veille.common.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a source's path holds: a typo must not look like a quiet night, nor a quiet night like a typo. */
class LandingTest {
  @TempDir
  Path tmp;

  private Landing.Status status(String path) {
    return Landing.status(new SourceSpec(tmp.resolve(path).toString(), "preset:meta-business-suite", null, null, null),
        new Configuration());
  }

  @Test
  void missingEmptyAndFilledPathsAndGlobsAreToldApart() throws Exception {
    assertThat(status("landing/facebook")).isEqualTo(Landing.Status.MISSING);
    assertThat(status("landing/*/exports/facebook_posts*.csv")).isEqualTo(Landing.Status.MISSING);

    Files.createDirectories(tmp.resolve("landing/a/exports"));
    Files.writeString(tmp.resolve("landing/a/exports/.partial"), "not an export yet");
    assertThat(status("landing/a/exports")).isEqualTo(Landing.Status.EMPTY);
    // A glob that matches nothing in folders that exist is a quiet night.
    assertThat(status("landing/a/exports/facebook_posts*.csv")).isEqualTo(Landing.Status.EMPTY);
    assertThat(status("landing/*/exports/facebook_posts*.csv")).isEqualTo(Landing.Status.EMPTY);
    // A file named without a glob that is not there is missing, even in a folder that exists.
    assertThat(status("landing/a/exports/facebook_post.csv")).isEqualTo(Landing.Status.MISSING);
    assertThat(status("landing/b/exports/*.csv")).isEqualTo(Landing.Status.MISSING);

    Files.writeString(tmp.resolve("landing/a/exports/facebook_posts-1.csv"), "Post ID\n");
    assertThat(status("landing/a/exports")).isEqualTo(Landing.Status.FILES);
    assertThat(status("landing/*/exports/facebook_posts*.csv")).isEqualTo(Landing.Status.FILES);
    assertThat(status("landing/a/exports/facebook_posts-1.csv")).isEqualTo(Landing.Status.FILES);
  }
}
