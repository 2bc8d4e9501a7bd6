package dev.veille.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The n-gram buckets hashed from a buffer are the buckets the shipped weights were trained on. */
class CommentFeaturesTest {
  @Test
  void bufferHashIsTheStringHash() {
    Random rnd = new Random(3);
    String alphabet = "abcdeéèçœ xyz0'-_?!😀Ωж";
    for (int i = 0; i < 2_000; i++) {
      StringBuilder sb = new StringBuilder();
      int len = rnd.nextInt(12);
      for (int k = 0; k < len; k++) {
        sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      CommentFeatures.Grams g = new CommentFeatures.Grams();
      g.start('c').append(s).add();
      assertThat(g.indices[0]).as(s).isEqualTo(CommentFeatures.index("c:" + s));
    }
  }
}
