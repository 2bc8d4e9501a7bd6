package dev.veille.sentiment;

import edu.stanford.nlp.ling.CoreAnnotations;
import edu.stanford.nlp.ling.CoreLabel;
import edu.stanford.nlp.neural.rnn.RNNCoreAnnotations;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.sentiment.SentimentCoreAnnotations;
import edu.stanford.nlp.trees.Tree;
import edu.stanford.nlp.util.CoreMap;
import edu.stanford.nlp.util.logging.RedwoodConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.ejml.simple.SimpleMatrix;

/**
 * Stanford CoreNLP's sentence sentiment (the recursive neural tensor network of Socher et al.,
 * trained on the Stanford Sentiment Treebank), run over a whole text.
 *
 * <p>Pipelines are built once per JVM and per configuration ({@link #pipeline}) and shared by
 * every thread: a CoreNLP pipeline is thread-safe, and loading the parser takes seconds and
 * hundreds of megabytes, so a Spark executor must never build one per task or per row.
 */
public final class CoreNlpSentiment {
  /** The parser that builds the trees the sentiment model reads. */
  public enum Parser {
    /** Shift-reduce (Veille's default): several times faster than PCFG; needs part-of-speech tags. */
    SR("edu/stanford/nlp/models/srparser/englishSR.ser.gz"),
    /** The probabilistic context-free grammar: CoreNLP's default, what a first-time user runs. */
    PCFG("edu/stanford/nlp/models/lexparser/englishPCFG.ser.gz");

    final String model;

    Parser(String model) {
      this.model = model;
    }
  }

  /** CoreNLP's five classes, in the order of its predictions. */
  public static final String[] CLASSES = {"very_negative", "negative", "neutral", "positive", "very_positive"};

  /**
   * What CoreNLP said about one text: the five-class distribution averaged over its sentences,
   * each weighted by its number of tokens; the most negative and most positive sentence
   * ({@code -1..1}, the expected value of the five classes mapped to -1, -0.5, 0, 0.5, 1).
   *
   * <p>The model also predicts a distribution at every node of each binarised tree, from single
   * words up to the sentence. The root's answer averages a tweet's one strongly polar phrase
   * away; {@code phrases} keeps every node ({@code [tokens spanned, p0..p4]}, words included,
   * sentences in order) so the calibration can read them. They are computed anyway: keeping them
   * costs no parsing time.
   *
   * @param words the text's tokens as CoreNLP split them, lower-cased (domain and lexicon features)
   */
  public record Analysis(double[] distribution, int sentences, int tokens, double minSentence,
      double maxSentence, List<String> words, double[][] phrases) {

    public Analysis {
      words = words == null ? List.of() : List.copyOf(words);
      phrases = phrases == null ? new double[0][] : phrases;
    }
  }

  private static final Map<String, StanfordCoreNLP> PIPELINES = new ConcurrentHashMap<>();

  private CoreNlpSentiment() {}

  /**
   * The JVM's pipeline for this parser, built on first use.
   *
   * @param maxSentenceTokens sentences longer than this are not parsed (CoreNLP's
   *     {@code parse.maxlen}); they get a flat tree, which the sentiment model still scores
   */
  public static StanfordCoreNLP pipeline(Parser parser, int maxSentenceTokens) {
    return PIPELINES.computeIfAbsent(parser + "/" + maxSentenceTokens, k -> build(parser, maxSentenceTokens));
  }

  static Properties properties(Parser parser, int maxSentenceTokens) {
    Properties p = new Properties();
    p.setProperty("annotators", "tokenize,ssplit,pos,parse,sentiment");
    p.setProperty("parse.model", parser.model);
    // The sentiment model reads binarised trees.
    p.setProperty("parse.binaryTrees", "true");
    p.setProperty("parse.maxlen", Integer.toString(maxSentenceTokens));
    // The parser annotator also converts every tree to dependency graphs (basic, enhanced,
    // enhanced++): half of a tweet's time in a JFR profile (tregex matching), for graphs nothing
    // here reads (the sentiment model reads the binarised tree). Off, the trees and every
    // prediction are the same (checked on 2,000 tweets, docs/benchmarks.md).
    p.setProperty("parse.buildgraphs", "false");
    p.setProperty("pos.maxlen", Integer.toString(maxSentenceTokens));
    // Characters the tokenizer does not know are dropped silently instead of being logged.
    p.setProperty("tokenize.options", "untokenizable=noneDelete,invertible=false");
    // A line break ends a sentence only when it ends a paragraph (two of them).
    p.setProperty("ssplit.newlineIsSentenceBreak", "two");
    return p;
  }

  private static StanfordCoreNLP build(Parser parser, int maxSentenceTokens) {
    // CoreNLP announces each model it loads; Veille's own progress lines say enough.
    RedwoodConfiguration.errorLevel().apply();
    return new StanfordCoreNLP(properties(parser, maxSentenceTokens));
  }

  /**
   * The lexical tier's pipeline: CoreNLP's tokenizer and sentence splitter with the same options as
   * {@link #pipeline}, so the words are the ones the full tier's calibration features read; no
   * tagger, parser or sentiment model is loaded.
   */
  public static StanfordCoreNLP tokenizer() {
    return PIPELINES.computeIfAbsent("tokenizer", k -> {
      RedwoodConfiguration.errorLevel().apply();
      Properties p = properties(Parser.SR, 80);
      // Since CoreNLP 4.5 the tokenizer also splits sentences (ssplit is folded into tokenize).
      p.setProperty("annotators", "tokenize");
      p.remove("parse.model");
      p.remove("parse.binaryTrees");
      p.remove("parse.buildgraphs");
      p.remove("parse.maxlen");
      p.remove("pos.maxlen");
      return new StanfordCoreNLP(p);
    });
  }

  /** A text's five-class distribution when no sentiment model read it (the lexical tier). */
  private static final double[] NO_DISTRIBUTION = new double[5];

  /**
   * The lexical tier's reading of a text (already normalised and truncated): its tokens and
   * sentences, no tree ({@code distribution} all zero, no extremes, no phrases); null when it has no
   * token.
   */
  public static Analysis analyseLexical(StanfordCoreNLP tokenizer, String text) {
    Annotation doc = new Annotation(text);
    tokenizer.annotate(doc);
    List<String> words = new ArrayList<>();
    int tokens = 0;
    int sentences = 0;
    for (CoreMap sentence : doc.get(CoreAnnotations.SentencesAnnotation.class)) {
      List<CoreLabel> sentenceTokens = sentence.get(CoreAnnotations.TokensAnnotation.class);
      if (sentenceTokens.isEmpty()) {
        continue;
      }
      for (CoreLabel t : sentenceTokens) {
        words.add(t.word().toLowerCase(Locale.ROOT));
      }
      tokens += sentenceTokens.size();
      sentences++;
    }
    if (sentences == 0) {
      return null;
    }
    return new Analysis(NO_DISTRIBUTION.clone(), sentences, tokens, 0, 0, words, null);
  }

  /**
   * The parser's limit: a plain shift-reduce pipeline (tokenize, ssplit, pos, parse with
   * {@code englishSR.ser.gz}, sentiment), CoreNLP's defaults otherwise; the benchmark runs it on one
   * thread, one raw text at a time.
   */
  public static StanfordCoreNLP plainSrPipeline() {
    return PIPELINES.computeIfAbsent("plain-sr", k -> {
      RedwoodConfiguration.errorLevel().apply();
      Properties p = new Properties();
      p.setProperty("annotators", "tokenize,ssplit,pos,parse,sentiment");
      p.setProperty("parse.model", Parser.SR.model);
      return new StanfordCoreNLP(p);
    });
  }

  /** The first-time user's pipeline: CoreNLP's defaults (PCFG parser), as its documentation shows. */
  public static StanfordCoreNLP defaultPipeline() {
    return PIPELINES.computeIfAbsent("default", k -> {
      RedwoodConfiguration.errorLevel().apply();
      Properties p = new Properties();
      p.setProperty("annotators", "tokenize,ssplit,pos,parse,sentiment");
      return new StanfordCoreNLP(p);
    });
  }

  /** Analyses a text (already normalised and truncated); null when it has no sentence. */
  public static Analysis analyse(StanfordCoreNLP pipeline, String text) {
    Annotation doc = new Annotation(text);
    pipeline.annotate(doc);
    double[] sum = new double[5];
    int tokens = 0;
    int sentences = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    List<String> words = new ArrayList<>();
    List<double[]> phrases = new ArrayList<>();
    for (CoreMap sentence : doc.get(CoreAnnotations.SentencesAnnotation.class)) {
      Tree tree = sentence.get(SentimentCoreAnnotations.SentimentAnnotatedTree.class);
      if (tree == null) {
        continue;
      }
      SimpleMatrix predictions = RNNCoreAnnotations.getPredictions(tree);
      List<CoreLabel> sentenceTokens = sentence.get(CoreAnnotations.TokensAnnotation.class);
      for (CoreLabel t : sentenceTokens) {
        words.add(t.word().toLowerCase(Locale.ROOT));
      }
      collectPhrases(tree, phrases);
      int n = Math.max(1, sentenceTokens.size());
      double expected = 0;
      for (int c = 0; c < 5; c++) {
        double p = predictions.get(c);
        sum[c] += n * p;
        expected += p * (c - 2) / 2.0;
      }
      min = Math.min(min, expected);
      max = Math.max(max, expected);
      tokens += n;
      sentences++;
    }
    if (sentences == 0) {
      return null;
    }
    for (int c = 0; c < 5; c++) {
      sum[c] /= tokens;
    }
    return new Analysis(sum, sentences, tokens, min, max, words, phrases.toArray(new double[0][]));
  }

  /** Appends {@code [tokens spanned, p0..p4]} for every node under {@code node}; returns its span. */
  private static int collectPhrases(Tree node, List<double[]> out) {
    if (node.isLeaf()) {
      return 1;
    }
    double[] row = new double[6];
    int at = out.size();
    out.add(row);
    int span = 0;
    for (Tree child : node.children()) {
      span += collectPhrases(child, out);
    }
    SimpleMatrix p = RNNCoreAnnotations.getPredictions(node);
    if (p == null) {
      out.remove(at);
      return span;
    }
    row[0] = span;
    for (int c = 0; c < 5; c++) {
      row[c + 1] = p.get(c);
    }
    return span;
  }

  /** CoreNLP's own three-way answer: the most likely of its five classes, folded. */
  public static int threeWay(double[] distribution) {
    int best = 0;
    for (int c = 1; c < 5; c++) {
      if (distribution[c] > distribution[best]) {
        best = c;
      }
    }
    return best < 2 ? 0 : best == 2 ? 1 : 2;
  }
}
