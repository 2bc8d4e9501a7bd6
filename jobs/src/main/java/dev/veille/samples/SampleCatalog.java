package dev.veille.samples;

import java.time.ZoneId;
import java.util.List;

/**
 * The fixed world of the sample: accounts, themes, and every parameter of the engagement model.
 * All of it is written to {@code ground_truth.json}; see {@link SampleGenerator} for the model.
 */
final class SampleCatalog {

    private SampleCatalog() {
    }

    static final String GENERATOR_NAME = "veille-sample-generator";
    static final String GENERATOR_VERSION = "1.0";

    // ---- engagement model ----
    static final double PAID_SHARE = 0.08;
    static final double PAID_MULTIPLIER = 1.8;
    static final double REACH_SIGMA = 0.30;
    static final double RATE_SIGMA = 0.35;
    static final double IMPRESSIONS_PER_REACH = 1.3;
    static final double IMPRESSIONS_SIGMA = 0.05;
    static final double SPLIT_SIGMA = 0.15;
    static final double VIRAL_SHARE = 0.003;
    static final double VIRAL_MIN = 15;
    static final double VIRAL_MAX = 40;
    static final double LONELY_VIRAL_MIN = 20;
    static final double BEST_SLOT_MULTIPLIER = 1.75;
    /** Share of an account's posts that the schedule puts in its best slot on purpose. */
    static final double BEST_SLOT_POSTING_SHARE = 0.075;
    /** The low-volume-evening schedule: the best slot is one of these local hours, any weekday ... */
    static final int EVENING_FIRST_HOUR = 18;
    static final int EVENING_LAST_HOUR = 22;
    /** ... and holds this many of the account's posts over the year, whatever its size. */
    static final int EVENING_MIN_POSTS = 5;
    static final int EVENING_MAX_POSTS = 10;
    static final double FRENCH_SHARE = 0.08;

    // ---- data-quality defects ----
    static final double REACH_NA_SHARE = 0.03;
    static final double FOLLOWERS_MISSING_SHARE = 0.05;
    static final double DUPLICATE_SHARE = 0.005;
    static final double MALFORMED_SHARE = 0.01;
    static final double MALFORMED_MAX_SHARE = 0.03;
    static final double COMMENT_MALFORMED_SHARE = 0.004;

    // ---- comments, trends, crisis ----
    static final double COMMENTED_SHARE = 0.30;
    static final int EMERGING_WINDOW_DAYS = 28;
    static final double EMERGING_RAMP = 4.0;
    static final double DECLINING_START = 1.6;
    static final double DECLINING_END = 0.4;
    static final int CRISIS_DAYS = 5;
    /** Customer-service posts published this many days before asOf or later receive crisis comments. */
    static final int CRISIS_POST_LOOKBACK_DAYS = 12;
    /** ... and so do the most recent ones of each account, so that a small sample shows the crisis too. */
    static final int CRISIS_MIN_POSTS_PER_ACCOUNT = 3;
    static final int CRISIS_MIN_COMMENTS = 6;
    static final int CRISIS_MAX_COMMENTS = 14;

    // ---- early signals (see SampleGenerator: engagement accrual, buzz, happy surge, launch tag) ----
    /** Hill-curve half-life (hours) of engagement accrual per platform: share(a) = a^k / (a^k + h^k). */
    static double accrualHalfLifeHours(Platform p) {
        return switch (p) {
            case X -> 2.0;
            case FACEBOOK, INSTAGRAM -> 6.0;
            case LINKEDIN -> 10.0;
            case TIKTOK -> 18.0;
        };
    }

    static final double ACCRUAL_STEEPNESS = 1.5;
    /** Posts at least this old hold their total (the curve is within 1.2% of it by then). */
    static final int ACCRUAL_DAYS = 14;
    /**
     * The planted buzz post is this many hours old when the exports are taken (asOf 06:00 UTC), so that it
     * is inside the 48 hours before the end of asOf, the window of the night of asOf.
     */
    static final int BUZZ_MIN_AGE_HOURS = 8;
    static final int BUZZ_MAX_AGE_HOURS = 28;
    static final double BUZZ_MIN_MULTIPLIER = 12.0;
    static final double BUZZ_MAX_MULTIPLIER = 18.0;
    /** ... at a local daytime hour (a post at 3 a.m. is not where a brand's buzz starts). */
    static final int BUZZ_FIRST_HOUR = 10;
    static final int BUZZ_LAST_HOUR = 20;
    /** The happy surge (a control): this many days before asOf, on another account. */
    static final int SURGE_DAYS_BEFORE = 9;
    static final int SURGE_MIN_COMMENTS = 50;
    static final int SURGE_MAX_COMMENTS = 70;
    static final int SURGE_SPREAD_HOURS = 30;
    /** A product launch: a hashtag never used before, on every post of the last LAUNCH_DAYS days. */
    static final String LAUNCH_TAG = "#atelierlune";
    static final int LAUNCH_DAYS = 6;

    /** Audience activity by local hour of day (index = hour 0..23). */
    static final double[] HOUR_CURVE = {
        0.55, 0.45, 0.40, 0.38, 0.40, 0.50, 0.65, 0.85, 0.98, 1.00, 1.00, 1.05,
        1.12, 1.10, 0.98, 0.95, 0.97, 1.02, 1.10, 1.18, 1.20, 1.12, 0.90, 0.70};

    /** How the team schedules posts, by local hour (working hours, little at night). */
    static final double[] POSTING_HOUR_WEIGHTS = {
        0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.05, 0.30, 0.80, 1.00, 1.00, 1.00,
        0.80, 0.70, 1.00, 1.00, 0.90, 0.70, 0.35, 0.20, 0.12, 0.08, 0.04, 0.02};

    /** How the team schedules posts, by ISO weekday (index 0 = Monday): mostly weekdays. */
    static final double[] POSTING_WEEKDAY_WEIGHTS = {1.0, 1.0, 1.0, 1.0, 1.0, 0.12, 0.08};

    static final double[] CONSUMER_WEEKDAY_FACTORS = {0.95, 1.00, 1.00, 1.00, 0.95, 1.05, 1.05};
    static final double[] BUSINESS_WEEKDAY_FACTORS = {1.00, 1.05, 1.05, 1.00, 0.90, 0.60, 0.60};

    /** Canonical formats (the ingest's vocabulary) and their engagement effects. */
    static final String[] FORMATS = {"image", "video", "reel", "carousel", "link", "text", "other"};
    static final double[] FORMAT_EFFECTS = {1.00, 1.30, 1.50, 1.15, 0.70, 0.80, 1.00};

    /** Interaction components, in the order of {@link Account#split()}. */
    static final String[] SPLIT_PARTS = {"reactions", "comments", "shares", "saves", "clicks"};

    static double formatEffect(String canonical) {
        for (int i = 0; i < FORMATS.length; i++) {
            if (FORMATS[i].equals(canonical)) {
                return FORMAT_EFFECTS[i];
            }
        }
        throw new IllegalArgumentException(canonical);
    }

    enum Platform {
        FACEBOOK("facebook"), INSTAGRAM("instagram"), X("x"), LINKEDIN("linkedin"), TIKTOK("tiktok");

        final String id;

        Platform(String id) {
            this.id = id;
        }
    }

    /**
     * One account. {@code exportZone} is the zone of the export's timestamps ("UTC" when they are
     * absolute). {@code nativeFormats[i]} is what the export writes, {@code canonicalFormats[i]}
     * what it means, drawn with {@code formatWeights[i]}. {@code split} gives the share of
     * interactions going to reactions, comments, shares, saves and clicks.
     */
    record Account(Platform platform, String id, String name, ZoneId zone, String exportZone,
                   String fileStem, String extension,
                   double postShare, int bestWeekday, int bestHour, int lonelyWeekday, int lonelyHour,
                   long followersStart, long followersEnd, double baseReachRate, double baseEngagementRate,
                   double[] weekdayFactors, String[] nativeFormats, String[] canonicalFormats,
                   double[] formatWeights, double[] split) {

        boolean meta() {
            return platform == Platform.FACEBOOK || platform == Platform.INSTAGRAM;
        }

        /** The same account with its planted best slot elsewhere. */
        Account withBestSlot(int weekday, int hour) {
            return new Account(platform, id, name, zone, exportZone, fileStem, extension, postShare, weekday, hour,
                lonelyWeekday, lonelyHour, followersStart, followersEnd, baseReachRate, baseEngagementRate,
                weekdayFactors, nativeFormats, canonicalFormats, formatWeights, split);
        }

        /** The planted slot effect: hour curve x weekday factor x best-slot multiplier. */
        double slotEffect(int isoWeekday, int hour) {
            double e = HOUR_CURVE[hour] * weekdayFactors[isoWeekday - 1];
            return isoWeekday == bestWeekday && hour == bestHour ? e * BEST_SLOT_MULTIPLIER : e;
        }
    }

    static final List<Account> ACCOUNTS = List.of(
        new Account(Platform.FACEBOOK, "104857600123", "Maison Lune", ZoneId.of("Europe/Paris"),
            "America/New_York", "facebook_posts", "csv", 0.25, 3, 20, 7, 3,
            180_000, 252_000, 0.06, 0.035, CONSUMER_WEEKDAY_FACTORS,
            new String[] {"Photos", "Videos", "Reels", "Links", "Text"},
            new String[] {"image", "video", "reel", "link", "text"},
            new double[] {0.40, 0.15, 0.15, 0.20, 0.10},
            new double[] {0.60, 0.07, 0.08, 0.00, 0.25}),
        new Account(Platform.INSTAGRAM, "178414000456", "maisonlune", ZoneId.of("Europe/Paris"),
            "Europe/Paris", "instagram_posts", "csv", 0.25, 7, 19, 6, 4,
            45_000, 68_000, 0.15, 0.06, CONSUMER_WEEKDAY_FACTORS,
            new String[] {"Photos", "Carousel", "Reels", "Videos"},
            new String[] {"image", "carousel", "reel", "video"},
            new double[] {0.35, 0.25, 0.35, 0.05},
            new double[] {0.78, 0.06, 0.04, 0.08, 0.04}),
        new Account(Platform.X, "1460000000000000001", "maisonlune", ZoneId.of("America/New_York"),
            "UTC", "x_tweets", "jsonl", 0.25, 4, 12, 7, 4,
            12_000, 15_500, 0.05, 0.02, CONSUMER_WEEKDAY_FACTORS,
            new String[] {"text", "photo", "video", "animated_gif"},
            new String[] {"text", "image", "video", "video"},
            new double[] {0.45, 0.38, 0.12, 0.05},
            new double[] {0.58, 0.08, 0.14, 0.20, 0.00}),
        new Account(Platform.LINKEDIN, "urn:li:organization:7654321", "Maison Lune", ZoneId.of("Europe/London"),
            "Europe/London", "linkedin_posts", "csv", 0.12, 2, 9, 6, 3,
            8_000, 11_500, 0.12, 0.04, BUSINESS_WEEKDAY_FACTORS,
            new String[] {"Text", "Image", "Video", "Article", "Document", "Carousel"},
            new String[] {"text", "image", "video", "link", "other", "carousel"},
            new double[] {0.20, 0.35, 0.10, 0.10, 0.10, 0.15},
            new double[] {0.52, 0.06, 0.05, 0.00, 0.37}),
        new Account(Platform.TIKTOK, "maisonlune", "maisonlune", ZoneId.of("America/Los_Angeles"),
            "UTC", "tiktok_videos", "jsonl", 0.13, 5, 21, 1, 4,
            5_000, 60_000, 0.60, 0.08, CONSUMER_WEEKDAY_FACTORS,
            new String[] {"video"},
            new String[] {"video"},
            new double[] {1.0},
            new double[] {0.80, 0.05, 0.06, 0.09, 0.00}));

    /**
     * A theme: its vocabulary (English and French), hashtags, comment sentiment profile
     * (shares of positive / neutral / negative comments), engagement effect and trend.
     */
    record Theme(String id, String name, String[] words, String[] frWords, String[] hashtags,
                 String sentimentLabel, double positive, double neutral, double negative,
                 double effect, String trend, double baseShare, String[] templates, String[] frTemplates) {
    }

    static final String EMERGING = "emerging";
    static final String DECLINING = "declining";
    static final String STABLE = "stable";

    static final List<Theme> THEMES = List.of(
        new Theme("home_decor", "Home decor",
            new String[] {"linen", "cushion", "ceramic", "vase", "candle", "throw", "cosy", "bedroom", "oak",
                "rattan", "lamp", "shelf", "terracotta", "boucle", "moodboard", "texture", "styling",
                "tablescape", "armchair", "rug"},
            new String[] {"lin", "coussin", "céramique", "vase", "bougie", "plaid", "cocooning", "chambre",
                "chêne", "rotin", "lampe", "étagère", "terracotta", "bouclette", "fauteuil", "tapis", "salon",
                "ambiance"},
            new String[] {"#HomeDecor", "#InteriorStyling", "#CosyHome", "#MaisonLuneHome"},
            "positive", 0.75, 0.20, 0.05, 1.15, STABLE, 0.24,
            new String[] {
                "Bring some {0} into your {1}: our {2} pieces are made for slow Sunday mornings.",
                "Three ways to style a {0} with {1} and a touch of {2}.",
                "Soft {0}, warm {1}, one {2}. That's the whole mood.",
                "Your {0} deserves better than beige, so try {1} with {2}.",
                "From our {0} to your {1}, styled with {2}."},
            new String[] {
                "Un peu de {0}, beaucoup de {1} : notre {2} habille votre intérieur.",
                "Trois idées pour associer {0}, {1} et une touche de {2}.",
                "Ambiance {0}, {1} et {2} pour un dimanche tout doux."}),
        new Theme("sustainability", "Sustainability",
            new String[] {"recycled", "organic", "cotton", "refill", "packaging", "plastic-free", "repair",
                "upcycled", "carbon", "footprint", "local", "artisans", "certified", "FSC", "compost", "durable",
                "secondhand", "lifecycle", "hemp", "reuse"},
            new String[] {"recyclé", "bio", "coton", "recharge", "emballage", "réparation", "upcyclé", "carbone",
                "empreinte", "local", "artisans", "certifié", "compost", "durable", "seconde-main", "chanvre",
                "réemploi", "sobriété"},
            new String[] {"#Sustainability", "#ZeroWaste", "#SlowLiving", "#EcoHome"},
            "positive/neutral", 0.55, 0.35, 0.10, 1.05, EMERGING, 0.12,
            new String[] {
                "Our {0} promise: {1} materials, {2} packaging and fewer miles.",
                "Small steps count. This month we switched to {0}, {1} and {2}.",
                "Why {0} matters: a note on {1}, {2} and what comes next.",
                "Made to last: {0}, {1} and a free {2} service."},
            new String[] {
                "Notre engagement {0} : matières {1}, {2} et moins de kilomètres.",
                "Petit à petit : ce mois-ci, on passe au {0}, au {1} et au {2}.",
                "Pourquoi le {0} compte : quelques mots sur {1} et {2}."}),
        new Theme("customer_service", "Customer service",
            new String[] {"delivery", "order", "tracking", "parcel", "refund", "return", "exchange", "support",
                "chat", "hotline", "delay", "carrier", "shipping", "warehouse", "apology", "update",
                "replacement", "invoice", "response", "patience"},
            new String[] {"livraison", "commande", "suivi", "colis", "remboursement", "retour", "échange",
                "assistance", "retard", "transporteur", "expédition", "entrepôt", "excuses", "facture",
                "réponse", "patience", "remplacement"},
            new String[] {"#CustomerCare", "#MaisonLuneHelp", "#DeliveryUpdate"},
            "negative-leaning", 0.15, 0.30, 0.55, 0.75, STABLE, 0.12,
            new String[] {
                "A quick {0} update: some {1} are taking longer than usual. Thank you for your {2}.",
                "Need help with a {0} or a {1}? Our {2} team replies within 24h.",
                "Good to know: {0}, {1} and {2}, everything is in our help centre.",
                "We hear you. Here is what we are doing about {0} and {1} this week."},
            new String[] {
                "Point {0} : certains envois prennent du {1}. Merci pour votre {2}.",
                "Une question sur une {0} ou un {1} ? Notre équipe {2} répond sous 24 h.",
                "On vous entend : voici ce que nous faisons pour le {0} et le {1} cette semaine."}),
        new Theme("product_launch", "Product launch",
            new String[] {"new", "launch", "collection", "limited", "edition", "preorder", "drop", "exclusive",
                "reveal", "designer", "capsule", "waitlist", "restock", "bestseller", "colourway", "teaser",
                "unveil", "numbered", "debut", "premiere"},
            new String[] {"nouveauté", "lancement", "collection", "édition", "limitée", "précommande",
                "exclusif", "dévoilement", "designer", "capsule", "réassort", "best-seller", "coloris", "teaser",
                "numérotée", "avant-première"},
            new String[] {"#NewIn", "#MaisonLuneLaunch", "#LimitedEdition", "#JustDropped"},
            "positive", 0.70, 0.22, 0.08, 1.30, STABLE, 0.16,
            new String[] {
                "It's here: the {0} {1} {2}, available from today.",
                "Meet the {0} {1}. Only a few pieces, so set your alarm.",
                "{0} alert! Our {1} {2} lands this Thursday.",
                "The wait is over: {0}, {1} and a little surprise."},
            new String[] {
                "Ça y est : la {0} {1} est disponible dès aujourd'hui.",
                "Découvrez notre {0} {1}, en quantité limitée.",
                "{0} ! Notre {1} arrive jeudi."}),
        new Theme("behind_the_scenes", "Behind the scenes",
            new String[] {"workshop", "atelier", "team", "studio", "sketch", "craftsmanship", "kiln", "loom",
                "sampling", "photoshoot", "packing", "intern", "meeting", "coffee", "process", "handmade",
                "glaze", "pottery", "weaving", "makers"},
            new String[] {"atelier", "équipe", "studio", "croquis", "savoir-faire", "four", "métier",
                "échantillons", "shooting", "préparation", "stagiaire", "réunion", "café", "fait-main", "émail",
                "poterie", "tissage", "créateurs"},
            new String[] {"#BehindTheScenes", "#MadeWithCare", "#AtelierLife"},
            "neutral/positive", 0.60, 0.35, 0.05, 1.00, STABLE, 0.18,
            new String[] {
                "A day at the {0}: {1}, {2} and a lot of coffee.",
                "Behind every piece: {0}, {1} and hands that care.",
                "Meet the {0} behind our {1}. Today: {2}.",
                "From {0} to {1}, this is how a {2} is born."},
            new String[] {
                "Une journée à l'{0} : {1}, {2} et beaucoup de café.",
                "Derrière chaque pièce : {0}, {1} et des mains passionnées.",
                "De l'{0} au {1}, voici comment naît un {2}."}),
        new Theme("promotions", "Promotions & sales",
            new String[] {"sale", "discount", "code", "offer", "percent", "voucher", "deal", "clearance",
                "bundle", "giveaway", "contest", "winner", "blackfriday", "flash", "midseason", "coupon",
                "savings", "checkout", "newsletter", "freebie"},
            new String[] {"soldes", "remise", "code", "offre", "pourcentage", "bon", "promo", "déstockage", "lot",
                "concours", "gagnant", "flash", "mi-saison", "coupon", "économies", "panier", "newsletter",
                "cadeau"},
            new String[] {"#Sale", "#Giveaway", "#MaisonLuneDeals", "#FlashSale"},
            "neutral", 0.35, 0.50, 0.15, 0.85, DECLINING, 0.18,
            new String[] {
                "{0} time: up to 30% off with {1} at {2}.",
                "Enter our {0}: one {1} to win, {2} closes Sunday.",
                "Last chance for the {0} {1}. Use the {2} before midnight.",
                "{0}, {1} and {2}: this weekend only."},
            new String[] {
                "C'est les {0} : jusqu'à -30 % avec le {1} au {2}.",
                "Participez à notre {0} : un {1} à gagner !",
                "Dernière chance pour l'{0} {1}."}));

    static final int CUSTOMER_SERVICE = 2;

    /** Theme weight multiplier at {@code t}: the trend model (see {@link SampleGenerator}). */
    static double trendMultiplier(Theme theme, long t, long periodStart, long periodEnd) {
        if (EMERGING.equals(theme.trend())) {
            long windowStart = periodEnd - EMERGING_WINDOW_DAYS * 86_400L;
            if (t < windowStart) {
                return 1.0;
            }
            double p = (t - windowStart) / (double) (periodEnd - windowStart);
            return 1.0 + EMERGING_RAMP * p;
        }
        if (DECLINING.equals(theme.trend())) {
            double p = (t - periodStart) / (double) (periodEnd - periodStart);
            return DECLINING_START + (DECLINING_END - DECLINING_START) * p;
        }
        return 1.0;
    }

    /** Fills {@code out} with the theme probabilities at {@code t}. */
    static void themeShares(long t, long periodStart, long periodEnd, double[] out) {
        double sum = 0;
        for (int i = 0; i < THEMES.size(); i++) {
            Theme th = THEMES.get(i);
            out[i] = th.baseShare() * trendMultiplier(th, t, periodStart, periodEnd);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
    }
}
