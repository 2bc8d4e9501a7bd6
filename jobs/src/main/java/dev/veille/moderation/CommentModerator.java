package dev.veille.moderation;

import dev.veille.common.ModerationVocabulary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The verdict on one comment: its labels ({@code spam}, {@code toxic}, {@code question},
 * {@code complaint}), their scores, the evidence that fired, and the suggested action.
 *
 * <ul>
 *   <li>{@code spam} and {@code toxic}: the learned models' probabilities ({@link ModerationModel}) at
 *       their cross-validated thresholds; a threat or a slur from the word lists makes a comment
 *       {@code toxic} whatever the model says; a near-duplicate pasted under many posts or by many
 *       authors ({@link SpamWaves}) makes it {@code spam} when it promotes (a link, a contact, a spam
 *       phrase) or the same authors paste it repeatedly: many customers writing the same complaint
 *       is a crisis, not spam.</li>
 *   <li>{@code question}: a question mark outside links, or a sentence opening with a question word
 *       or an inverted verb (English: how, where, can you, do you...; French: comment, où,
 *       est-ce que, pouvez-vous, avez-vous...).</li>
 *   <li>{@code complaint}: negative (the sentiment stage's label, or a word of disappointment) and
 *       about the product or service (an order, delivery, refund, quality, price, customer
 *       service word).</li>
 * </ul>
 *
 * <p>A question or complaint with no insult or obscenity in it is labelled {@code toxic} only at the
 * hide threshold, and {@code spam} only at the hide threshold or when it promotes (a link, a contact,
 * a spam phrase), so a borderline score does not take a customer out of the answer queue.
 *
 * <p>Action: {@code hide} only when sure (spam or toxic at the model's hide threshold, which held a
 * precision of at least 0.97 on every training file out of fold, or a spam wave that also carries a
 * link or contact); {@code review} for other spam and toxic comments; {@code answer} for questions and
 * complaints; {@code keep} for the rest.
 */
public final class CommentModerator implements java.io.Serializable {
  public static final String SPAM = ModerationVocabulary.SPAM;
  public static final String TOXIC = ModerationVocabulary.TOXIC;
  public static final String QUESTION = ModerationVocabulary.QUESTION;
  public static final String COMPLAINT = ModerationVocabulary.COMPLAINT;

  public static final String HIDE = ModerationVocabulary.HIDE;
  public static final String REVIEW = ModerationVocabulary.REVIEW;
  public static final String ANSWER = ModerationVocabulary.ANSWER;
  public static final String KEEP = ModerationVocabulary.KEEP;

  /** What moderation concluded about one comment. */
  public record Verdict(List<String> labels, Map<String, Double> scores, String action, List<String> reasons) {
    public boolean has(String label) {
      return labels.contains(label);
    }
  }

  /** A comment's membership in a wave of near-duplicates (null when it is in none). */
  public record Wave(int posts, int authors, int comments) implements java.io.Serializable {}

  private static final Set<String> EN_AUX = Set.of("is", "are", "was", "were", "do", "does", "did", "can", "could",
      "will", "would", "should", "s", "to", "i", "you", "u", "we", "they", "it", "much", "many", "long", "often",
      "time", "size", "color", "colour", "kind", "type", "about", "else", "have", "has");
  private static final Set<String> PRONOUNS = Set.of("i", "you", "u", "we", "they", "it", "this", "that", "there",
      "these", "those", "he", "she", "anyone", "anybody", "someone", "somebody", "the", "your", "my");
  private static final Set<String> FR_NEXT = Set.of("est", "sont", "on", "faire", "fait", "faut", "vous", "tu",
      "ca", "c", "je", "peut", "puis", "peux", "avoir", "il", "elle", "ils", "elles", "se", "ce", "coute",
      "coutent", "de", "d", "s", "y");
  /**
   * A sentence that opens with one of these is a question when its second word is in the set:
   * "how do", "where can", "is it", "comment on", "pourquoi vous". Exclamations ("how cute", "what a
   * dress", "quelle belle robe") are not questions.
   */
  private static final Map<String, Set<String>> QUESTION_OPENERS = Map.ofEntries(
      Map.entry("how", EN_AUX), Map.entry("what", EN_AUX), Map.entry("when", EN_AUX), Map.entry("where", EN_AUX),
      Map.entry("why", EN_AUX), Map.entry("who", EN_AUX), Map.entry("which", EN_AUX),
      Map.entry("whats", Set.of()), Map.entry("wheres", Set.of()), Map.entry("hows", Set.of()),
      Map.entry("can", PRONOUNS), Map.entry("could", PRONOUNS), Map.entry("do", PRONOUNS),
      Map.entry("does", PRONOUNS), Map.entry("did", PRONOUNS), Map.entry("is", PRONOUNS), Map.entry("are", PRONOUNS),
      Map.entry("will", PRONOUNS), Map.entry("would", PRONOUNS), Map.entry("should", PRONOUNS),
      Map.entry("any", Set.of("news", "update", "updates", "idea", "ideas", "chance", "plans", "way")),
      Map.entry("comment", FR_NEXT), Map.entry("pourquoi", FR_NEXT), Map.entry("quand", Set.of("est", "sera",
          "arrive", "sort", "reviennent", "revient", "aura", "allez", "ouvre")), Map.entry("combien", FR_NEXT),
      Map.entry("ou", Set.of("est", "sont", "peut", "puis", "trouver", "acheter", "en", "se")));

  private static final Set<String> SERVICE = Set.of(
      "order", "ordered", "orders", "delivery", "delivered", "deliver", "shipping", "shipped", "package", "parcel",
      "refund", "refunded", "return", "returned", "exchange", "customer", "service", "support", "broken", "damaged",
      "defective", "faulty", "late", "delayed", "missing", "wrong", "size", "quality", "price", "prices",
      "expensive", "overpriced", "tracking", "warranty", "account", "app", "website", "site", "payment", "charged",
      "invoice", "store", "shop", "staff", "product", "item", "commande", "commandes", "livraison", "livre",
      "livree", "colis", "rembourse", "remboursement", "retour", "echange", "sav", "client", "clients", "casse",
      "cassee", "abime", "abimee", "defectueux", "retard", "taille", "qualite", "prix", "cher", "chere", "paiement",
      "facture", "magasin", "boutique", "vendeur", "vendeuse", "produit", "article", "garantie", "suivi", "recu",
      "recue", "appli", "compte");
  private static final Set<String> DISAPPOINTED = Set.of("disappointed", "disappointing", "worst", "terrible",
      "awful", "horrible", "unacceptable", "scam", "useless", "never", "still", "waiting", "ripoff", "rip",
      "angry", "furious", "complaint", "deceived", "decu", "decue", "decus", "decevant", "inadmissible",
      "inacceptable", "nul", "nulle", "pire", "arnaque", "honteux", "honte", "jamais", "toujours", "attends",
      "attente", "scandaleux", "lamentable", "colere", "plainte", "mecontent", "mecontente");

  private final ModerationModel model;

  public CommentModerator(ModerationModel model) {
    this.model = model;
  }

  public String modelVersion() {
    return model.version();
  }

  /**
   * @param sentimentLabel the sentiment stage's label of the comment ({@code negative}, ...) or null
   * @param wave the near-duplicate wave the comment belongs to, or null
   */
  public Verdict moderate(String text, String sentimentLabel, Wave wave) {
    return moderate(parse(text), sentimentLabel, wave);
  }

  /** What moderation reads of a text (its normalised tokens feed the waves too: parsed once). */
  public CommentFeatures.Parsed parse(String text) {
    return CommentFeatures.parse(text, model.lists());
  }

  /** {@link #moderate(String, String, Wave)} on a text already parsed. */
  public Verdict moderate(CommentFeatures.Parsed p, String sentimentLabel, Wave wave) {
    CommentFeatures.Sparse x = CommentFeatures.vector(p);
    double spam = model.spam().model().probability(x);
    double toxic = model.toxic().model().probability(x);
    Set<String> labels = new LinkedHashSet<>();
    List<String> reasons = new ArrayList<>();

    boolean contact = !p.urls().isEmpty() || !p.emails().isEmpty() || !p.phones().isEmpty();
    boolean threat = p.hasCategory(WordLists.THREAT);
    boolean hate = p.hasCategory(WordLists.HATE);
    boolean toxicSure = toxic >= model.toxic().hide();
    List<String> toks = p.tokens();
    boolean question = isQuestion(p.cleaned(), toks);
    boolean service = toks.stream().anyMatch(SERVICE::contains);
    boolean negative = "negative".equals(sentimentLabel) || toks.stream().anyMatch(DISAPPOINTED::contains);
    boolean offensive = p.hasCategory(WordLists.INSULT) || p.hasCategory(WordLists.OBSCENE);
    // A question or complaint without an offensive word goes to be answered unless the model is sure
    // it is toxic: a customer left unanswered because of a borderline score costs more than a review.
    boolean needsAnswer = question || (service && negative);
    boolean toxicByModel = toxic >= model.toxic().threshold() && (!needsAnswer || offensive || toxicSure);
    if (toxicByModel || threat || hate) {
      labels.add(TOXIC);
      reasons.add(String.format(Locale.ROOT, "toxic %.2f", toxic));
      for (WordLists.Hit h : p.hits()) {
        if (!h.category().equals(WordLists.SPAM)) {
          reasons.add(h.category() + ": " + h.entry());
        }
      }
    }

    boolean spamSure = spam >= model.spam().hide();
    // Many people writing the same complaint in a crisis is no spam: a wave is spam when it promotes
    // (a link, a contact, a spam phrase), when the same authors paste it again and again, or when the
    // model finds it spam anyway.
    boolean waveSpam = wave != null && (contact || p.hasCategory(WordLists.SPAM)
        || wave.comments() >= 2 * wave.authors() || (spam >= model.spam().threshold() && !needsAnswer));
    // Same for spam: the spam head learned YouTube comments, and a customer's question with an order
    // number is not promotion unless it carries a link, a contact or a spam phrase.
    boolean promotes = contact || p.hasCategory(WordLists.SPAM);
    boolean spamByModel = spam >= model.spam().threshold() && (!needsAnswer || promotes || spamSure);
    if (spamByModel || waveSpam) {
      labels.add(SPAM);
      reasons.add(String.format(Locale.ROOT, "spam %.2f", spam));
      if (waveSpam) {
        reasons.add("same text " + wave.comments() + " times under " + wave.posts() + " posts by " + wave.authors()
            + " authors");
        spamSure |= contact;
      }
      for (String u : p.shortened()) {
        reasons.add("shortened link: " + u);
      }
      if (p.shortened().isEmpty() && !p.urls().isEmpty()) {
        reasons.add("link: " + p.urls().get(0));
      }
      if (!p.emails().isEmpty()) {
        reasons.add("e-mail address");
      }
      if (!p.phones().isEmpty()) {
        reasons.add("phone number");
      }
      p.hits().stream().filter(h -> h.category().equals(WordLists.SPAM)).limit(3)
          .forEach(h -> reasons.add("spam phrase: " + h.entry()));
    }

    if (question) {
      labels.add(QUESTION);
      reasons.add("question");
    }
    if (service && negative) {
      labels.add(COMPLAINT);
      reasons.add("complaint: " + toks.stream().filter(SERVICE::contains).findFirst().orElse("")
          + ("negative".equals(sentimentLabel) ? ", negative sentiment" : ", "
              + toks.stream().filter(DISAPPOINTED::contains).findFirst().orElse("")));
    }

    String action;
    if ((labels.contains(TOXIC) && toxicSure) || (labels.contains(SPAM) && spamSure)) {
      action = HIDE;
    } else if (labels.contains(TOXIC) || labels.contains(SPAM)) {
      action = REVIEW;
    } else if (labels.contains(QUESTION) || labels.contains(COMPLAINT)) {
      action = ANSWER;
    } else {
      action = KEEP;
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put(SPAM, ModerationMetrics.round(spam));
    scores.put(TOXIC, ModerationMetrics.round(toxic));
    return new Verdict(List.copyOf(labels), scores, action, reasons);
  }

  private static final java.util.regex.Pattern SCHEME_LINK =
      java.util.regex.Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
  private static final java.util.regex.Pattern INVERSION =
      java.util.regex.Pattern.compile("\\b\\p{L}+-(?:vous|tu|t-il|t-elle|t-on|il|elle|on|ils|elles)\\b");
  private static final java.util.regex.Pattern SENTENCE_END = java.util.regex.Pattern.compile("[.!\\n;]+");

  /** A question: "?" outside links, or a sentence opening like one. */
  static boolean isQuestion(String cleaned, List<String> tokens) {
    // Compiled once: String.replaceAll, matches and split compile their pattern on every call.
    String noLinks = cleaned.indexOf('/') < 0 && cleaned.indexOf('.') < 0 ? cleaned
        : SCHEME_LINK.matcher(cleaned).replaceAll(" ");
    if (noLinks.indexOf('?') >= 0 || noLinks.indexOf('¿') >= 0) {
      return true;
    }
    // French inversion: "livrez-vous", "avez-vous", "y a-t-il", "peut-on".
    String lower = ModerationText.fold(noLinks);
    if (lower.indexOf('-') >= 0 && INVERSION.matcher(lower).find()) {
      return true;
    }
    // Each sentence's first words.
    for (String sentence : SENTENCE_END.split(lower)) {
      List<String> t = ModerationText.tokens(sentence);
      if (t.isEmpty()) {
        continue;
      }
      if (t.size() >= 2 && t.get(0).equals("est") && t.get(1).equals("ce")) {
        return true;
      }
      Set<String> next = QUESTION_OPENERS.get(t.get(0));
      if (next != null && (next.isEmpty() ? t.size() >= 2 : t.size() >= 2 && next.contains(t.get(1)))) {
        return true;
      }
    }
    return false;
  }
}
