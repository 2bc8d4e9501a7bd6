package dev.veille.samples;

import dev.veille.samples.SampleCatalog.Platform;
import dev.veille.samples.SampleCatalog.Theme;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Post captions, comments and handles, built from each theme's vocabulary. Pure functions of the RNG. */
final class SampleText {

    private SampleText() {
    }

    static final int X_MAX_CHARS = 280;

    static final String[] EMOJI = {"✨", "🌿", "😍", "🙏", "🔥", "🏡", "💛", "📦", "🎉", "🌙", "❤️"};

    /** Other accounts that posts mention (X-compatible: at most 15 characters, [A-Za-z0-9_]). */
    static final String[] MENTIONS = {"atelier_rivet", "studionordlys", "greenhome_mag", "claireinteriors",
        "lyon_makers", "theslowedit", "artisans_lyon", "decoetmoi", "hellobrocante", "sauvage_co"};

    private static final String[] PRODUCTS = {"Lune", "Astre", "Marée", "Sillage", "Opaline"};
    private static final String[] LEADS = {"New in", "Just dropped", "Weekend mood", "Good news", "Psst"};
    private static final String[] FR_LEADS = {"Nouveau", "Enfin là", "Bonne nouvelle", "Psst"};
    private static final String[] CTAS = {"Link in bio.", "Shop the look on our site.", "Tell us in the comments 👇",
        "Save this for later!", "Tag someone who needs this."};
    private static final String[] LINKEDIN_CTAS = {"Read the full story; the link is in the comments.",
        "We're hiring; see our careers page.", "What do you think? Tell us below."};
    private static final String[] FR_CTAS = {"Lien en bio.", "Dites-nous tout en commentaire 👇",
        "Enregistrez ce post !", "Identifiez quelqu'un qui en a besoin."};

    private static final String[] FIRST_NAMES = {"julie", "thomas", "camille", "lea", "hugo", "sarah", "lucas",
        "emma", "chloe", "nathan", "ines", "louis", "manon", "jade", "arthur", "zoe", "adam", "lina", "paul",
        "alice", "emily", "jack", "olivia", "noah", "ava", "liam", "mia", "ethan", "sofia", "james", "grace", "leo",
        "margaux", "antoine", "clara", "maxime"};

    private static final String[][] COMMENTS_EN = {
        {"Love this {0} 😍", "So beautiful! Where can I find the {0}?", "Ordered the {0} last week, it's perfect ✨",
            "Obsessed with this {0}", "This {0} is everything 🙌", "Finally some {0} inspiration, thank you!",
            "Great idea, the {0} looks amazing"},
        {"Is the {0} available in other colours?", "Do you ship to Belgium?", "How long does the {0} take to arrive?",
            "What are the dimensions of the {0}?", "Will there be more {0} soon?", "Saw the {0} in store today"},
        {"My {0} arrived damaged, not impressed.", "Still waiting for an answer about my {0}…",
            "Too expensive for a {0}, sorry.", "Quality of the {0} went down, disappointed 😕",
            "Customer service never replied about my {0}.", "The {0}, seriously? \"Premium\" my foot."}};
    private static final String[][] COMMENTS_FR = {
        {"J'adore ce {0} 😍", "Trop beau ! Où trouver le {0} ?", "Reçu mon {0}, parfait ✨", "Sublime, ce {0}"},
        {"Le {0} existe en d'autres couleurs ?", "Vous livrez en Belgique ?", "Quelles sont les dimensions du {0} ?"},
        {"Mon {0} est arrivé cassé, déçue.", "Toujours pas de réponse pour mon {0}…", "Trop cher pour un {0}."}};

    static final String[] CRISIS_KEYWORDS = {"delivery", "parcel", "order", "refund", "livraison", "colis",
        "commande", "remboursement"};
    private static final String[] CRISIS_EN = {
        "Order #{n} still not delivered after 3 weeks. Where is my parcel?? 😡",
        "No delivery, no reply, no refund. Never again.",
        "Tracking says delivered, but nothing arrived. Please answer my DMs!",
        "Third time asking: where is my order #{n}? Your carrier lost it.",
        "Delivery delayed AGAIN. I want a refund.",
        "Your hotline hangs up on me, this delivery mess is unacceptable.",
        "Paid for express delivery, parcel stuck in the warehouse for 10 days 😤",
        "Still no refund for order #{n}, and no answer from support."};
    private static final String[] CRISIS_FR = {
        "Commande #{n} toujours pas livrée au bout de 3 semaines, où est mon colis ?? 😡",
        "Pas de livraison, pas de réponse, pas de remboursement. Plus jamais.",
        "Le suivi indique livré mais je n'ai rien reçu !",
        "Livraison encore reportée, je veux être remboursée."};

    static String pick(SplittableRandom r, String[] a) {
        return a[r.nextInt(a.length)];
    }

    /** Replaces {0}, {1}, {2} with distinct words of the list; capitalises the first letter. */
    static String fill(SplittableRandom r, String template, String[] words) {
        int a = r.nextInt(words.length);
        int b = (a + 1 + r.nextInt(words.length - 1)) % words.length;
        int c;
        do {
            c = r.nextInt(words.length);
        } while (c == a || c == b);
        StringBuilder sb = new StringBuilder(template.length() + 40);
        for (int i = 0; i < template.length(); i++) {
            char ch = template.charAt(i);
            if (ch == '{' && i + 2 < template.length() && template.charAt(i + 2) == '}') {
                char d = template.charAt(i + 1);
                sb.append(d == '0' ? words[a] : d == '1' ? words[b] : words[c]);
                i += 2;
            } else {
                sb.append(ch);
            }
        }
        sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        return sb.toString();
    }

    /** Mathematical bold letters and digits (U+1D400...), the "fancy text" people paste into posts. */
    static String mathBold(String s) {
        StringBuilder sb = new StringBuilder(s.length() * 2);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch >= 'A' && ch <= 'Z') {
                sb.appendCodePoint(0x1D400 + (ch - 'A'));
            } else if (ch >= 'a' && ch <= 'z') {
                sb.appendCodePoint(0x1D41A + (ch - 'a'));
            } else if (ch >= '0' && ch <= '9') {
                sb.appendCodePoint(0x1D7CE + (ch - '0'));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }

    /**
     * A post's text. {@code link} is the URL to show (a t.co link on X) or null. On X the result
     * has at most {@value #X_MAX_CHARS} UTF-16 chars (hence code points too) and no line break.
     */
    static String postText(SplittableRandom r, Platform pf, Theme th, boolean fr, String link) {
        return postText(r, pf, th, fr, link, null);
    }

    /** As above, with {@code extraTag} (a launch hashtag) first among the hashtags; it draws nothing. */
    static String postText(SplittableRandom r, Platform pf, Theme th, boolean fr, String link, String extraTag) {
        boolean x = pf == Platform.X;
        boolean multiLineAllowed = pf != Platform.X && pf != Platform.TIKTOK;
        String[] words = fr ? th.frWords() : th.words();
        String[] templates = fr ? th.frTemplates() : th.templates();

        String lead = r.nextDouble() < 0.06 ? mathBold(pick(r, fr ? FR_LEADS : LEADS)) + (fr ? " :" : ":") : null;
        String first = fill(r, pick(r, templates), words);
        if (pf == Platform.TIKTOK && r.nextDouble() < 0.2) {
            first = "POV: " + Character.toLowerCase(first.charAt(0)) + first.substring(1);
        }
        List<String> optional = new ArrayList<>();
        if (!x && r.nextDouble() < 0.45) {
            optional.add(fill(r, pick(r, templates), words));
        }
        if (r.nextDouble() < 0.12) {
            String product = pick(r, PRODUCTS);
            String word = pick(r, words);
            optional.add(fr ? "Voici notre " + word + " \"" + product + "\", fini à la main à Lyon."
                    : "Say hello to our \"" + product + "\" " + word + ", hand-finished in Lyon.");
        }
        if (r.nextDouble() < 0.05) {
            String s = pick(r, words) + " &amp; " + pick(r, words) + (fr ? ", toujours." : ", always.");
            optional.add(Character.toUpperCase(s.charAt(0)) + s.substring(1));
        }
        if (r.nextDouble() < 0.2) {
            String h = pick(r, MENTIONS);
            int k = r.nextInt(3);
            optional.add(fr ? (k == 0 ? "Merci @" + h + " pour la photo !" : "📸 @" + h)
                    : (k == 0 ? "Styled by @" + h + "." : k == 1 ? "📸 @" + h : "Thanks @" + h + " for this shot!"));
        }
        String tail = null;
        if (link != null) {
            tail = (fr ? "À lire : " : "Read more: ") + link;
        } else if (!x && r.nextDouble() < 0.3) {
            tail = pick(r, fr ? FR_CTAS : pf == Platform.LINKEDIN ? LINKEDIN_CTAS : CTAS);
        }
        StringBuilder emoji = new StringBuilder();
        int emojiCount = r.nextInt(3);
        for (int i = 0; i < emojiCount; i++) {
            emoji.append(pick(r, EMOJI));
        }
        String[] tags = th.hashtags();
        int tagCount = 1 + r.nextInt(Math.min(3, tags.length));
        int start = r.nextInt(tags.length);
        List<String> hashtags = new ArrayList<>();
        for (int i = 0; i < tagCount; i++) {
            hashtags.add(tags[(start + i) % tags.length]);
        }
        if (pf == Platform.TIKTOK && r.nextDouble() < 0.4) {
            hashtags.add("#fyp");
        }
        if (extraTag != null) {
            hashtags.add(0, extraTag);
        }
        boolean multiLine = multiLineAllowed && r.nextDouble() < 0.3;
        boolean dots = multiLine && pf == Platform.INSTAGRAM && r.nextDouble() < 0.3;

        // On X, drop optional parts until the tweet fits.
        while (true) {
            String text = assemble(lead, first, optional, tail, emoji.toString(), hashtags, multiLine, dots);
            if (!x || text.length() <= X_MAX_CHARS) {
                return text;
            }
            if (!optional.isEmpty()) {
                optional.remove(optional.size() - 1);
            } else if (lead != null) {
                lead = null;
            } else if (hashtags.size() > 1) {
                hashtags.remove(hashtags.size() - 1);
            } else {
                first = first.substring(0, 200);
            }
        }
    }

    private static String assemble(String lead, String first, List<String> optional, String tail, String emoji,
                                   List<String> hashtags, boolean multiLine, boolean dots) {
        String sep = multiLine ? "\n" : " ";
        StringBuilder sb = new StringBuilder(256);
        if (lead != null) {
            sb.append(lead).append(sep);
        }
        sb.append(first);
        for (String s : optional) {
            sb.append(sep).append(s);
        }
        if (!emoji.isEmpty()) {
            sb.append(' ').append(emoji);
        }
        if (tail != null) {
            sb.append(sep).append(tail);
        }
        sb.append(multiLine ? (dots ? "\n.\n.\n.\n" : "\n\n") : " ");
        for (int i = 0; i < hashtags.size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(hashtags.get(i));
        }
        return sb.toString();
    }

    /** A Facebook title: set for most links, some videos, else empty. */
    static String facebookTitle(SplittableRandom r, Theme th, boolean fr, String nativeFormat) {
        if ("Links".equals(nativeFormat) && r.nextDouble() < 0.8) {
            String w = pick(r, fr ? th.frWords() : th.words());
            return fr ? "Journal : le guide " + w : "Journal: the " + w + " guide";
        }
        if (("Videos".equals(nativeFormat) || "Reels".equals(nativeFormat)) && r.nextDouble() < 0.4) {
            return "Maison Lune | " + pick(r, th.words()) + " film";
        }
        return "";
    }

    /** 0 positive, 1 neutral, 2 negative, drawn from the theme's profile. */
    static int sentiment(SplittableRandom r, Theme th) {
        double u = r.nextDouble();
        return u < th.positive() ? 0 : u < th.positive() + th.neutral() ? 1 : 2;
    }

    static String comment(SplittableRandom r, Theme th, int sentiment, boolean fr) {
        String template = pick(r, (fr ? COMMENTS_FR : COMMENTS_EN)[sentiment]);
        String s = template.replace("{0}", pick(r, fr ? th.frWords() : th.words()));
        double u = r.nextDouble();
        if (u < 0.03) {
            s = s + "\n" + (fr ? "Merci d'avance, bonne journée" : "Thanks in advance, have a nice day");
        } else if (u < 0.15) {
            s = s + " " + pick(r, EMOJI);
        }
        return s;
    }

    static String crisisComment(SplittableRandom r, boolean fr) {
        String s = pick(r, fr ? CRISIS_FR : CRISIS_EN);
        return s.replace("{n}", Integer.toString(40_000 + r.nextInt(60_000)));
    }

    /** A person's handle, e.g. julie_m84, lea.b, deco_hugo. */
    static String author(SplittableRandom r) {
        String name = pick(r, FIRST_NAMES);
        switch (r.nextInt(5)) {
            case 0:
                return name + "_" + (char) ('a' + r.nextInt(26)) + (10 + r.nextInt(90));
            case 1:
                return name + "." + (char) ('a' + r.nextInt(26));
            case 2:
                return name + (1970 + r.nextInt(40));
            case 3:
                return "deco_" + name;
            default:
                return name + "_home" + r.nextInt(10);
        }
    }

    // ---------------------------------------------------------------- X entities

    /** One entity found in a tweet: code point offsets [start, end) into the text as written. */
    record Entity(char kind, int start, int end, String value) {
    }

    /** Hashtags ('#'), mentions ('@') and URLs ('u') of a text, offsets in Unicode code points. */
    static List<Entity> entities(String text) {
        List<Entity> out = new ArrayList<>();
        int cp = 0;
        int prev = ' ';
        int i = 0;
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if ((c == '#' || c == '@') && !isWordChar(prev)) {
                int j = i + 1;
                int len = 0;
                boolean letter = false;
                while (j < text.length()) {
                    int d = text.codePointAt(j);
                    boolean ok = c == '#' ? isWordChar(d) : (d < 128 && (Character.isLetterOrDigit(d) || d == '_'));
                    if (!ok) {
                        break;
                    }
                    letter |= Character.isLetter(d);
                    j += Character.charCount(d);
                    len++;
                }
                if (len > 0 && (c == '@' || letter)) {
                    out.add(new Entity((char) c, cp, cp + 1 + len, text.substring(i + 1, j)));
                    cp += 1 + len;
                    prev = text.codePointBefore(j);
                    i = j;
                    continue;
                }
            } else if (c == 'h' && !isWordChar(prev) && text.startsWith("https://", i)) {
                int j = i;
                int len = 0;
                while (j < text.length() && !Character.isWhitespace(text.codePointAt(j))) {
                    j += Character.charCount(text.codePointAt(j));
                    len++;
                }
                out.add(new Entity('u', cp, cp + len, text.substring(i, j)));
                cp += len;
                prev = text.codePointBefore(j);
                i = j;
                continue;
            }
            prev = c;
            cp++;
            i += Character.charCount(c);
        }
        return out;
    }

    private static boolean isWordChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }
}
