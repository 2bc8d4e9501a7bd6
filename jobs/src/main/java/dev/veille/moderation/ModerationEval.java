package dev.veille.moderation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code veille eval moderation}: the comments of a labelled file through {@link CommentModerator}
 * (no sentiment, no waves: a file is not a night of comments), compared with their labels. The
 * predicted class is the file's positive label ({@code spam} or {@code toxic}) among the verdict's
 * labels; hidden means the action is {@code hide}.
 */
public final class ModerationEval {
  private ModerationEval() {}

  public static Map<String, Object> run(Path input) {
    List<LabelledComments.Item> items = LabelledComments.read(input);
    CommentModerator m = new CommentModerator(ModerationModel.shipped());
    String positive = items.isEmpty() ? "toxic" : items.get(0).positiveClass();
    boolean[] gold = new boolean[items.size()];
    boolean[] pred = new boolean[items.size()];
    boolean[] hid = new boolean[items.size()];
    long t0 = System.nanoTime();
    for (int i = 0; i < items.size(); i++) {
      CommentModerator.Verdict v = m.moderate(items.get(i).text(), null, null);
      gold[i] = items.get(i).positive();
      pred[i] = v.has(positive);
      hid[i] = CommentModerator.HIDE.equals(v.action());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>(ModerationMetrics.of(positive, gold, pred, hid));
    out.put("docs_per_s", Math.round(items.size() / Math.max(seconds, 1e-9)));
    out.put("model_version", m.modelVersion());
    return out;
  }
}
