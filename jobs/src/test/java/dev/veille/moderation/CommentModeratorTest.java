package dev.veille.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommentModeratorTest {
  private static final CommentModerator M = new CommentModerator(ModerationModel.shipped());

  private static CommentModerator.Verdict v(String text) {
    return M.moderate(text, null, null);
  }

  @Test
  void obfuscatedInsultsAreToxic() {
    assertThat(v("t'es qu'un gros c0nnard").labels()).contains("toxic");
    assertThat(v("you are such an i.d.i.o.t, shut up").labels()).contains("toxic");
    assertThat(v("fuuuuck you, bitch").labels()).contains("toxic");
    assertThat(v("fuuuuck you, bitch").reasons()).anyMatch(r -> r.startsWith("obscene: ") || r.startsWith("insult: "));
  }

  @Test
  void threatsAndSlursAreToxicWhateverTheModelSays() {
    CommentModerator.Verdict t = v("je vais te tuer");
    assertThat(t.labels()).contains("toxic");
    assertThat(t.action()).isIn("hide", "review");
    assertThat(t.reasons()).contains("threat: je vais te tuer");
  }

  @Test
  void scunthorpeIsNotToxic() {
    for (String s : new String[] {"Greetings from Scunthorpe, lovely shop!", "Great assessment of the classic range",
        "Je suis content, le concours était génial", "Essex store opening soon, can't wait"}) {
      assertThat(v(s).labels()).as(s).doesNotContain("toxic");
      assertThat(v(s).action()).as(s).isNotEqualTo("hide");
    }
  }

  @Test
  void questionsInEnglishAndFrench() {
    for (String q : new String[] {"Do you ship to Belgium?", "how do I return my order", "Where can I buy this candle",
        "Livrez-vous en Belgique", "Est-ce que la boutique est ouverte dimanche", "C'est combien ?",
        "Pourquoi vous ne livrez pas en Suisse", "Any news about the restock"}) {
      CommentModerator.Verdict x = v(q);
      assertThat(x.labels()).as(q).contains("question");
      assertThat(x.action()).as(q).isEqualTo("answer");
    }
    for (String s : new String[] {"What a beautiful dress!", "Quelle belle robe !", "How cute is this",
        "Love this candle 😍 ✨", "Comment section is on fire"}) {
      assertThat(v(s).labels()).as(s).doesNotContain("question");
    }
  }

  @Test
  void complaintsAreNegativeAndAboutTheService() {
    CommentModerator.Verdict c = v("Still waiting for my order after 3 weeks, very disappointed");
    assertThat(c.labels()).contains("complaint");
    assertThat(c.action()).isEqualTo("answer");
    assertThat(v("Colis reçu cassé, service client injoignable").labels()).doesNotContain("complaint");
    assertThat(M.moderate("Colis reçu cassé, service client injoignable", "negative", null).labels())
        .contains("complaint");
    assertThat(v("Disappointed the show ended, what a season").labels()).doesNotContain("complaint");
  }

  @Test
  void spamWithLinksInHtml() {
    CommentModerator.Verdict s = v("Check out my channel for free gift cards <a href=\"http://bit.ly/3xYz\">"
        + "bit.ly/3xYz</a> subscribe!!\uFEFF");
    assertThat(s.labels()).contains("spam");
    assertThat(s.action()).isIn("hide", "review");
    assertThat(s.reasons()).anyMatch(r -> r.startsWith("shortened link: "));
  }

  @Test
  void aWaveIsSpamAndHiddenWhenItCarriesALink() {
    CommentModerator.Wave w = new CommentModerator.Wave(20, 20, 20);
    CommentModerator.Verdict s = M.moderate("Thanks for sharing, everyone should read the guide at example.org/guide",
        null, w);
    assertThat(s.labels()).contains("spam");
    assertThat(s.action()).isEqualTo("hide");
    assertThat(s.reasons()).contains("same text 20 times under 20 posts by 20 authors");
  }

  @Test
  void ordinaryCommentsAreKept() {
    for (String s : new String[] {"Love this candle 😍 ✨", "Obsessed with this styling", "Trop beau, bravo à l'équipe",
        "So beautiful!"}) {
      assertThat(v(s).action()).as(s).isEqualTo("keep");
    }
  }
}
