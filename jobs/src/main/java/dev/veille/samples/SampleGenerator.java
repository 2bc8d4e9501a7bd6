package dev.veille.samples;

import static dev.veille.samples.SampleCatalog.ACCOUNTS;
import static dev.veille.samples.SampleCatalog.THEMES;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.veille.samples.SampleCatalog.Account;
import dev.veille.samples.SampleCatalog.Platform;
import dev.veille.samples.SampleCatalog.Theme;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;

/**
 * Writes a realistic, deterministic sample of five social-media exports of the fictional brand
 * Maison Lune (home goods) with planted ground truth, for demos, tests and benchmarks.
 *
 * <h2>Files</h2>
 * {@code exports/facebook_posts.csv} and {@code exports/instagram_posts.csv} (Meta Business Suite,
 * UTF-8 with BOM, RFC 4180), {@code exports/x_tweets.jsonl} (X API v2 pages, one per line),
 * {@code exports/linkedin_posts.csv} (semicolon CSV), {@code exports/tiktok_videos.jsonl} (one video
 * per line), {@code exports/comments.csv}, {@code ground_truth.json}, and {@code veille.yaml} with
 * {@code mappings/*.yaml} copied from this package's resources ({@code {{observed_at}}} replaced by
 * asOf at 06:00Z). With {@code partsPerExport = K > 1} each post export is split into K files
 * ({@code exports/facebook_posts-part-0001.csv}, ...; CSV parts each repeat the BOM and header); the
 * copied {@code veille.yaml} still names the unsplit files, so it is only valid for K = 1.
 *
 * <h2>Engagement model (all parameters are in ground_truth.json)</h2>
 * For a post of account a published at t (audience-local ISO weekday w and hour h):
 * <ul>
 * <li>{@code followers(t) = start * (end/start)^((t - periodStart) / 365 days)} (exponential growth);</li>
 * <li>{@code reach = followers * base_reach_rate(a) * (paid ? 1.8 : 1) * exp(0.3 Z)}, about 8% of
 *     posts are paid; {@code impressions = reach * 1.3 * exp(0.05 Z)} (X impression_count, LinkedIn
 *     Impressions); Meta video views {@code = reach * U(1.1, 1.6)}; TikTok view_count = reach;</li>
 * <li>{@code rate = base_engagement_rate(a) * slot(a, w, h) * format_effect * theme_effect * exp(0.35 Z)}
 *     with {@code slot(a, w, h) = hour_curve[h] * weekday_factors(a)[w] * (best slot of a ? 1.75 : 1)};</li>
 * <li>{@code interactions = round(reach * rate * viral)}, viral = 1 except for about 0.3% of posts
 *     (U(15, 40)) and one planted "lonely" viral post per account (U(20, 40)) alone in a slot where
 *     the account never posts otherwise; interactions are split into reactions / comments / shares /
 *     saves / clicks with per-platform proportions each times exp(0.15 Z), renormalised.</li>
 * </ul>
 * Z are independent standard normal draws. Posting times are drawn in the audience's local time
 * (mostly weekday working hours, plus about 7.5% in the account's best slot) and converted with
 * java.time, so they are DST-correct; nonexistent local times (spring gap) and, for the Meta files,
 * times that are ambiguous in the export zone (autumn overlap) are redrawn, so every exported
 * timestamp maps back to exactly one instant. Each post has one of six themes whose shares follow a
 * trend model (one emerging over the last 28 days, one declining all year), a language (about 8%
 * French) and a format. In the last 5 days a delivery crisis adds bursts of negative comments on
 * customer-service posts. Defects (N/A reach, missing followers, duplicated rows, malformed records)
 * are listed in ground_truth.json.
 *
 * <p>Everything derives from the seed through {@link SplittableRandom} streams and StrictMath, never
 * the clock or hash order: the same settings give byte-identical files. Posts are streamed to disk;
 * only each account's array of publication times is held in memory. Nothing is printed.
 */
public final class SampleGenerator {

    private SampleGenerator() {
    }

    static final String EXPORTS = "exports";
    static final String COMMENTS_FILE = "exports/comments.csv";
    static final String GROUND_TRUTH = "ground_truth.json";
    static final String[] RESOURCES = {"veille.yaml", "mappings/linkedin.yaml", "mappings/tiktok.yaml",
        "mappings/comments.yaml"};

    static final String META_HEADER = "\"Post ID\",\"Page ID\",\"Page name\",Title,Description,\"Duration (sec)\","
            + "\"Publish time\",Permalink,\"Post type\",Languages,\"Funded content status\",Date,Views,Reach,"
            + "\"Reactions, Comments and Shares\",Reactions,Comments,Shares,\"Total clicks\"";
    static final String LINKEDIN_HEADER = "Update ID;Posted at;Content type;Update text;Impressions;Clicks;"
            + "Reactions;Comments;Reposts;Followers;Sponsored";
    static final String COMMENTS_HEADER = "platform,post_id,comment_id,created_at,author,text";
    static final char BOM = '\uFEFF';

    static final String BAD_TIMESTAMP = "bad_timestamp";
    static final String NEGATIVE_COUNT = "negative_count";
    static final String NOT_A_NUMBER = "not_a_number";
    static final String MISSING_POST_ID = "missing_post_id";
    static final String BROKEN_JSON = "broken_json";
    static final String WRONG_COLUMN_COUNT = "wrong_column_count";

    static final DateTimeFormatter META_TIME = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm", Locale.ROOT);
    static final DateTimeFormatter OFFSET_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx", Locale.ROOT);
    static final DateTimeFormatter X_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
    static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);

    private static final long TWITTER_EPOCH_MS = 1_288_834_974_657L;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // RNG stream ids
    private static final int S_SCHEDULE = 1;
    private static final int S_POST = 2;
    private static final int S_COMMENT = 3;
    private static final int S_EXPORT = 4;
    private static final int S_COMMENT_FILE = 5;
    private static final int S_BEST_SLOT = 6;
    private static final int S_BUZZ = 7;
    private static final int S_SURGE = 8;

    /**
     * Writes the sample into {@code outDir} (created if needed; existing files of the same names
     * are overwritten).
     */
    public static GenerationResult generate(GeneratorSettings settings, Path outDir) throws IOException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(outDir, "outDir");
        return new Run(settings, outDir).execute();
    }

    /**
     * The instant of a local date-time in {@code zone}, or null when that local time does not exist
     * there (it falls in a DST gap). In an overlap the earlier offset is taken.
     */
    static ZonedDateTime atLocal(LocalDateTime local, ZoneId zone) {
        ZonedDateTime z = ZonedDateTime.ofLocal(local, zone, null);
        return z.toLocalDateTime().equals(local) ? z : null;
    }

    // ------------------------------------------------------------------------------------------ RNG

    static long mix(long seed, long... keys) {
        long h = splitmix(seed ^ 0x5EEDL);
        for (long k : keys) {
            h = splitmix(h ^ (k * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    private static long splitmix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Standard normal draw (Box-Muller with StrictMath, reproducible on every JVM). */
    static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    static double lognormal(SplittableRandom r, double sigma) {
        return StrictMath.exp(sigma * gaussian(r));
    }

    static int sample(SplittableRandom r, double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double u = r.nextDouble() * sum;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** How many malformed records a file of {@code n} records gets: ~1%, at least one per kind, at most 3%. */
    static int malformedCount(int n, int kinds) {
        return Math.min(Math.max(kinds, (int) Math.round(n * SampleCatalog.MALFORMED_SHARE)),
                (int) Math.floor(n * SampleCatalog.MALFORMED_MAX_SHARE));
    }

    /** A kind per position (null = well formed): malformedCount distinct positions, kinds in turn. */
    static String[] plan(SplittableRandom r, int n, String[] kinds) {
        String[] plan = new String[n];
        int m = malformedCount(n, kinds.length);
        int k = r.nextInt(kinds.length);
        int placed = 0;
        while (placed < m) {
            int pos = r.nextInt(n);
            if (plan[pos] == null) {
                plan[pos] = kinds[k++ % kinds.length];
                placed++;
            }
        }
        return plan;
    }

    /**
     * The CSV exports, written by commons-csv as the platforms write theirs: RFC 4180 quoting in
     * the minimal quote mode (a cell is quoted when it holds the delimiter, a quote or a line break,
     * and also when it is an empty first cell, starts with a space, '!', '"' or '#', or ends with
     * whitespace, so that no reader can mistake it) and "\n" line ends. A missing value is a null: an
     * empty cell without quotes, as the platforms write it. Records are formatted one at a time
     * ({@link CSVFormat#format}, without the line end) because duplicates are re-emitted and some
     * records broken on purpose. The header lines are constants: they are the platforms' own bytes
     * (Meta quotes every name with a space in it, which no quote mode does).
     */
    static final CSVFormat META_CSV = CSVFormat.RFC4180.builder().setRecordSeparator("\n").get();
    static final CSVFormat LINKEDIN_CSV = META_CSV.builder().setDelimiter(';').get();
    static final CSVFormat COMMENTS_CSV = META_CSV;

    /**
     * Appends {@code s} as a JSON string literal, escaped by Jackson. The JSON Lines records around
     * it are built by hand so that some can be broken on purpose.
     */
    static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }

    static double round2(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    // ----------------------------------------------------------------------------------------- Post

    /**
     * Test seam: when set, receives every post as generated (before export defects), so report
     * tests can check planted effects over many seeds without ingesting each one. Null otherwise.
     */
    static volatile java.util.function.Consumer<Post> tap;

    /** One generated post: everything an export needs. */
    static final class Post {
        Account acct;
        int index;
        long t;
        int weekday;
        int hour;
        Theme theme;
        int themeIndex;
        boolean fr;
        String nativeFormat;
        String canonical;
        boolean paid;
        long followers;
        boolean followersMissing;
        long reach;
        boolean reachNa;
        long impressions;
        long views;
        int duration;
        double viral;
        boolean lonely;
        boolean buzz;
        boolean surge;
        boolean bestSlot;
        long interactions;
        long reactions;
        long comments;
        long shares;
        long saves;
        long clicks;
        String id;
        String permalink;
        String text;
        String title;
        String expandedUrl;
        String[] mediaKeys;
        String mediaType;
        long idNumber;
    }

    // ------------------------------------------------------------------------------------------ Run

    private static final class Run {
        final GeneratorSettings settings;
        final Path outDir;
        final long seed;
        final long periodStart;
        final long periodEnd;
        final long observedAt;
        final long crisisStart;
        final GroundTruth gt;
        /** The account whose latest post is the planted buzz, and the one with the happy comment surge. */
        final int buzzAccount;
        final int surgeAccount;
        /** The catalogue's accounts, with their best slot moved when the schedule says so. */
        final List<Account> accounts;
        /** Posts each account puts in its best slot on purpose (LOW_VOLUME_EVENING), else -1. */
        final int[] plantedBestSlotPosts;
        final List<Path> files = new ArrayList<>();
        long postsWritten;
        long malformed;

        Run(GeneratorSettings settings, Path outDir) {
            this.settings = settings;
            this.outDir = outDir;
            this.seed = settings.seed();
            this.periodEnd = settings.asOf().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            this.periodStart = settings.asOf().minusDays(365).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            this.observedAt = periodEnd + 6 * 3600;
            this.crisisStart = periodEnd - SampleCatalog.CRISIS_DAYS * 86_400L;
            this.buzzAccount = (int) Math.floorMod(seed, (long) ACCOUNTS.size());
            this.surgeAccount = (buzzAccount + 2) % ACCOUNTS.size();
            this.plantedBestSlotPosts = new int[ACCOUNTS.size()];
            Arrays.fill(plantedBestSlotPosts, -1);
            if (settings.schedule() == GeneratorSettings.Schedule.LOW_VOLUME_EVENING) {
                List<Account> moved = new ArrayList<>();
                for (int a = 0; a < ACCOUNTS.size(); a++) {
                    // A stream of its own, so the other draws are those of the catalogue schedule.
                    SplittableRandom r = rng(a, S_BEST_SLOT);
                    int wd = 1 + r.nextInt(7);
                    int hr = SampleCatalog.EVENING_FIRST_HOUR
                            + r.nextInt(SampleCatalog.EVENING_LAST_HOUR - SampleCatalog.EVENING_FIRST_HOUR + 1);
                    plantedBestSlotPosts[a] = SampleCatalog.EVENING_MIN_POSTS
                            + r.nextInt(SampleCatalog.EVENING_MAX_POSTS - SampleCatalog.EVENING_MIN_POSTS + 1);
                    moved.add(ACCOUNTS.get(a).withBestSlot(wd, hr));
                }
                this.accounts = List.copyOf(moved);
            } else {
                this.accounts = ACCOUNTS;
            }
            this.gt = new GroundTruth(settings, accounts, periodStart, periodEnd, observedAt, crisisStart);
        }

        SplittableRandom rng(long... keys) {
            return new SplittableRandom(mix(seed, keys));
        }

        GenerationResult execute() throws IOException {
            Files.createDirectories(outDir.resolve(EXPORTS));
            int[] counts = allocate(settings.posts());
            CommentSink comments = new CommentSink(this);
            try (comments) {
                for (int a = 0; a < ACCOUNTS.size(); a++) {
                    runAccount(a, counts[a], comments);
                }
            }
            files.add(outDir.resolve(COMMENTS_FILE));
            gt.fileCount(COMMENTS_FILE, counts(comments.records, comments.malformed, 0));
            for (String res : RESOURCES) {
                copyResource(res);
            }
            Path truth = outDir.resolve(GROUND_TRUTH);
            Files.writeString(truth, CompactPrettyPrinter.write(gt.toJson()), StandardCharsets.UTF_8);
            files.add(truth);
            return new GenerationResult(postsWritten, comments.records, gt.malformedCount(), files);
        }

        private void copyResource(String res) throws IOException {
            String text;
            try (InputStream in = SampleGenerator.class.getResourceAsStream(res)) {
                if (in == null) {
                    throw new IOException("Missing classpath resource /dev/veille/samples/" + res);
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (res.equals("veille.yaml")) {
                text = text.replace("{{observed_at}}", UTC_TIME.format(Instant.ofEpochSecond(observedAt).atOffset(ZoneOffset.UTC)));
            }
            Path p = outDir.resolve(res);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            files.add(p);
        }

        /** Posts per account by share, largest remainder (ties: account order). */
        static int[] allocate(int total) {
            int n = ACCOUNTS.size();
            int[] out = new int[n];
            double[] rem = new double[n];
            int used = 0;
            for (int a = 0; a < n; a++) {
                double exact = total * ACCOUNTS.get(a).postShare();
                out[a] = (int) Math.floor(exact);
                rem[a] = exact - out[a];
                used += out[a];
            }
            while (used < total) {
                int best = 0;
                for (int a = 1; a < n; a++) {
                    if (rem[a] > rem[best]) {
                        best = a;
                    }
                }
                out[best]++;
                rem[best] = -1;
                used++;
            }
            return out;
        }

        // ------------------------------------------------------------------------------ schedule

        /** Ascending publication times (epoch seconds); element 0 before sorting is the lonely post. */
        long[] schedule(int a, Account acct, int n, long[] lonelyOut) {
            SplittableRandom r = rng(a, S_SCHEDULE);
            long[] times = new long[n];
            if (n == 0) {
                lonelyOut[0] = Long.MIN_VALUE;
                return times;
            }
            long lonely;
            do {
                lonely = localTime(r, acct, acct.lonelyWeekday(), acct.lonelyHour());
            } while (lonely == Long.MIN_VALUE);
            times[0] = lonely;
            int planted = plantedBestSlotPosts[a];
            for (int k = 1; k < n; k++) {
                long t = Long.MIN_VALUE;
                while (t == Long.MIN_VALUE) {
                    int wd;
                    int hr;
                    if (planted >= 0 ? k <= planted : r.nextDouble() < SampleCatalog.BEST_SLOT_POSTING_SHARE) {
                        wd = acct.bestWeekday();
                        hr = acct.bestHour();
                    } else {
                        wd = 1 + sample(r, SampleCatalog.POSTING_WEEKDAY_WEIGHTS);
                        hr = sample(r, SampleCatalog.POSTING_HOUR_WEIGHTS);
                        if (planted >= 0 && wd == acct.bestWeekday() && hr == acct.bestHour()) {
                            // The planted count is the slot's whole history: no extra posts by chance.
                            continue;
                        }
                    }
                    if (wd == acct.lonelyWeekday() && hr == acct.lonelyHour()) {
                        continue;
                    }
                    t = localTime(r, acct, wd, hr);
                }
                times[k] = t;
            }
            Arrays.sort(times);
            lonelyOut[0] = lonely;
            return times;
        }

        /** A random time in the period at local weekday/hour in the audience zone, or MIN_VALUE. */
        long localTime(SplittableRandom r, Account acct, int weekday, int hour) {
            LocalDate first = settings.asOf().minusDays(366);
            int offset = Math.floorMod(weekday - first.getDayOfWeek().getValue(), 7);
            int count = (366 - offset) / 7 + 1;
            LocalDate date = first.plusDays(offset + 7L * r.nextInt(count));
            int minute = r.nextInt(60);
            int second = acct.meta() ? 0 : r.nextInt(60);
            ZonedDateTime z = atLocal(date.atTime(hour, minute, second), acct.zone());
            if (z == null) {
                return Long.MIN_VALUE;
            }
            long t = z.toEpochSecond();
            if (t < periodStart || t >= periodEnd) {
                return Long.MIN_VALUE;
            }
            if (acct.meta()) {
                ZoneId ez = exportZone(acct);
                LocalDateTime exported = LocalDateTime.ofInstant(Instant.ofEpochSecond(t), ez);
                if (ez.getRules().getValidOffsets(exported).size() != 1) {
                    return Long.MIN_VALUE;
                }
            }
            return t;
        }

        private final Map<String, ZoneId> zones = new LinkedHashMap<>();

        ZoneId exportZone(Account acct) {
            return zones.computeIfAbsent(acct.exportZone(), ZoneId::of);
        }

        // ------------------------------------------------------------------------------ accounts

        void runAccount(int a, int n, CommentSink comments) throws IOException {
            Account acct = accounts.get(a);
            long[] lonelyOut = new long[1];
            long[] times = schedule(a, acct, n, lonelyOut);
            long buzzTime = a == buzzAccount ? plantBuzz(a, acct, times, lonelyOut[0]) : Long.MIN_VALUE;
            long surgeTime = a == surgeAccount ? surgePost(times, lonelyOut[0], buzzTime) : Long.MIN_VALUE;
            GroundTruth.AccountStats stats = gt.account(a);
            stats.posts = n;
            int k = settings.partsPerExport();
            double[] themeShares = new double[THEMES.size()];
            for (int p = 0; p < k; p++) {
                int from = (int) ((long) p * n / k);
                int to = (int) ((long) (p + 1) * n / k);
                String rel = EXPORTS + "/" + acct.fileStem()
                        + (k == 1 ? "" : String.format(Locale.ROOT, "-part-%04d", p + 1)) + "." + acct.extension();
                stats.files.add(rel);
                SplittableRandom er = rng(a, S_EXPORT, p);
                Exporter ex = switch (acct.platform()) {
                    case FACEBOOK, INSTAGRAM -> new MetaExporter(this, rel, er, to - from, acct);
                    case X -> new XExporter(this, rel, er, to - from);
                    case LINKEDIN -> new LinkedInExporter(this, rel, er, to - from);
                    case TIKTOK -> new TikTokExporter(this, rel, er, to - from);
                };
                try (ex) {
                    for (int w = from; w < to; w++) {
                        int i = n - 1 - w;
                        Post post = createPost(a, acct, i, times[i], times[i] == lonelyOut[0], themeShares,
                                times[i] == buzzTime);
                        post.surge = times[i] == surgeTime;
                        if (post.buzz) {
                            gt.buzz(acct, post, observedAt);
                        }
                        if (post.bestSlot) {
                            stats.postsInBestSlot++;
                        }
                        if (post.lonely) {
                            stats.lonelyPostId = post.id;
                            stats.lonelyTime = post.t;
                        }
                        if (post.viral != 1.0) {
                            gt.viral(acct, post);
                        }
                        if (tap != null) {
                            tap.accept(post);
                        }
                        ex.add(post);
                        comments.add(a, post);
                    }
                }
                files.add(outDir.resolve(rel));
            }
        }

        Post createPost(int a, Account acct, int i, long t, boolean lonely, double[] themeShares, boolean buzz) {
            SplittableRandom r = rng(a, S_POST, i);
            Post p = new Post();
            p.acct = acct;
            p.index = i;
            p.t = t;
            p.lonely = lonely;
            p.buzz = buzz;
            ZonedDateTime local = Instant.ofEpochSecond(t).atZone(acct.zone());
            p.weekday = local.getDayOfWeek().getValue();
            p.hour = local.getHour();
            p.bestSlot = p.weekday == acct.bestWeekday() && p.hour == acct.bestHour();

            SampleCatalog.themeShares(t, periodStart, periodEnd, themeShares);
            p.themeIndex = sample(r, themeShares);
            p.theme = THEMES.get(p.themeIndex);
            p.fr = r.nextDouble() < SampleCatalog.FRENCH_SHARE;
            int f = sample(r, acct.formatWeights());
            p.nativeFormat = acct.nativeFormats()[f];
            p.canonical = acct.canonicalFormats()[f];
            p.paid = r.nextDouble() < SampleCatalog.PAID_SHARE;

            double progress = (t - periodStart) / (double) (periodEnd - periodStart);
            p.followers = Math.round(acct.followersStart()
                    * StrictMath.pow(acct.followersEnd() / (double) acct.followersStart(), progress));
            p.followersMissing = r.nextDouble() < SampleCatalog.FOLLOWERS_MISSING_SHARE;
            p.reach = Math.max(1, Math.round(p.followers * acct.baseReachRate()
                    * (p.paid ? SampleCatalog.PAID_MULTIPLIER : 1.0) * lognormal(r, SampleCatalog.REACH_SIGMA)));
            p.reachNa = r.nextDouble() < SampleCatalog.REACH_NA_SHARE;
            p.impressions = Math.max(p.reach, Math.round(p.reach * SampleCatalog.IMPRESSIONS_PER_REACH
                    * lognormal(r, SampleCatalog.IMPRESSIONS_SIGMA)));
            boolean video = p.canonical.equals("video") || p.canonical.equals("reel");
            double viewFactor = 1.1 + 0.5 * r.nextDouble();
            p.views = acct.platform() == Platform.TIKTOK ? p.reach : video ? Math.round(p.reach * viewFactor) : -1;
            p.duration = !video ? -1 : p.canonical.equals("reel") ? 8 + r.nextInt(83) : 30 + r.nextInt(211);

            double rate = acct.baseEngagementRate() * acct.slotEffect(p.weekday, p.hour)
                    * SampleCatalog.formatEffect(p.canonical) * p.theme.effect()
                    * lognormal(r, SampleCatalog.RATE_SIGMA);
            double u = r.nextDouble();
            double v = r.nextDouble();
            if (lonely) {
                p.viral = round2(SampleCatalog.LONELY_VIRAL_MIN
                        + (SampleCatalog.VIRAL_MAX - SampleCatalog.LONELY_VIRAL_MIN) * v);
            } else if (u < SampleCatalog.VIRAL_SHARE) {
                p.viral = round2(SampleCatalog.VIRAL_MIN + (SampleCatalog.VIRAL_MAX - SampleCatalog.VIRAL_MIN) * v);
            } else {
                p.viral = 1.0;
            }
            if (buzz) {
                SplittableRandom br = rng(a, S_BUZZ, 1);
                p.viral = round2(SampleCatalog.BUZZ_MIN_MULTIPLIER
                        + (SampleCatalog.BUZZ_MAX_MULTIPLIER - SampleCatalog.BUZZ_MIN_MULTIPLIER) * br.nextDouble());
            }
            p.interactions = Math.round(p.reach * rate * p.viral * accrual(acct, observedAt - t));
            long[] parts = split(r, acct.split(), p.interactions);
            p.reactions = parts[0];
            p.comments = parts[1];
            p.shares = parts[2];
            p.saves = parts[3];
            p.clicks = parts[4];

            identify(r, p, i);
            return p;
        }

        /**
         * The share of its eventual interactions a post has {@code ageSeconds} after publication (a Hill
         * curve per platform, see SampleCatalog); posts older than ACCRUAL_DAYS hold their total.
         */
        static double accrual(Account acct, long ageSeconds) {
            if (ageSeconds >= SampleCatalog.ACCRUAL_DAYS * 86_400L) {
                return 1.0;
            }
            double a = StrictMath.pow(Math.max(ageSeconds, 0) / 3600.0, SampleCatalog.ACCRUAL_STEEPNESS);
            return a / (a + StrictMath.pow(SampleCatalog.accrualHalfLifeHours(acct.platform()),
                    SampleCatalog.ACCRUAL_STEEPNESS));
        }

        /**
         * Moves the account's latest post (not its lonely one) to BUZZ_MIN_AGE_HOURS to BUZZ_MAX_AGE_HOURS
         * before the exports are taken, outside its lonely slot; returns its time (the planted buzz), or
         * MIN_VALUE when the account has fewer than two posts. {@code times} stays sorted.
         */
        long plantBuzz(int a, Account acct, long[] times, long lonely) {
            int n = times.length;
            if (n < 2) {
                return Long.MIN_VALUE;
            }
            int k = times[n - 1] == lonely ? n - 2 : n - 1;
            SplittableRandom r = rng(a, S_BUZZ, 0);
            long t;
            while (true) {
                long age = SampleCatalog.BUZZ_MIN_AGE_HOURS * 3600L
                        + r.nextLong((SampleCatalog.BUZZ_MAX_AGE_HOURS - SampleCatalog.BUZZ_MIN_AGE_HOURS) * 3600L);
                t = observedAt - age;
                if (acct.meta()) {
                    t -= Math.floorMod(t, 60);
                    LocalDateTime exported = LocalDateTime.ofInstant(Instant.ofEpochSecond(t), exportZone(acct));
                    if (exportZone(acct).getRules().getValidOffsets(exported).size() != 1) {
                        continue;
                    }
                }
                ZonedDateTime local = Instant.ofEpochSecond(t).atZone(acct.zone());
                boolean lonelySlot = local.getDayOfWeek().getValue() == acct.lonelyWeekday()
                        && local.getHour() == acct.lonelyHour();
                boolean daytime = local.getHour() >= SampleCatalog.BUZZ_FIRST_HOUR
                        && local.getHour() <= SampleCatalog.BUZZ_LAST_HOUR;
                if (!lonelySlot && daytime && t < periodEnd && t != lonely) {
                    break;
                }
            }
            times[k] = t;
            Arrays.sort(times);
            return t;
        }

        /** The first post at least SURGE_DAYS_BEFORE days before asOf that is neither lonely nor the buzz. */
        long surgePost(long[] times, long lonely, long buzz) {
            long from = periodEnd - SampleCatalog.SURGE_DAYS_BEFORE * 86_400L;
            for (int i = times.length - 1; i >= 0; i--) {
                if (times[i] < from && times[i] != lonely && times[i] != buzz) {
                    return times[i];
                }
            }
            return Long.MIN_VALUE;
        }

        /** Splits {@code total} by noisy proportions; exact sum, largest remainder. */
        static long[] split(SplittableRandom r, double[] props, long total) {
            int n = props.length;
            double[] q = new double[n];
            double sum = 0;
            for (int k = 0; k < n; k++) {
                double noise = lognormal(r, SampleCatalog.SPLIT_SIGMA);
                q[k] = props[k] * noise;
                sum += q[k];
            }
            long[] out = new long[n];
            double[] rem = new double[n];
            long used = 0;
            for (int k = 0; k < n; k++) {
                double exact = total * q[k] / sum;
                out[k] = (long) Math.floor(exact);
                rem[k] = exact - out[k];
                used += out[k];
            }
            while (used < total) {
                int best = -1;
                for (int k = 0; k < n; k++) {
                    if (props[k] > 0 && (best < 0 || rem[k] > rem[best])) {
                        best = k;
                    }
                }
                out[best]++;
                rem[best] = -1;
                used++;
            }
            return out;
        }

        /** Ids, permalinks, media and text. */
        void identify(SplittableRandom r, Post p, int i) {
            Account acct = p.acct;
            long ms = p.t * 1000 + r.nextInt(1000);
            String slug = p.theme.id().replace('_', '-') + "-" + (i + 1);
            String journal = "https://maisonlune.example/journal/" + slug;
            String launch = p.t >= periodEnd - SampleCatalog.LAUNCH_DAYS * 86_400L ? SampleCatalog.LAUNCH_TAG : null;
            switch (acct.platform()) {
                case FACEBOOK -> {
                    p.idNumber = 1_000_000_000_000_000L + i * 1_000_003L + r.nextInt(1_000_000);
                    p.id = acct.id() + "_" + p.idNumber;
                    p.permalink = p.nativeFormat.equals("Reels") ? "https://www.facebook.com/reel/" + p.idNumber
                            : "https://www.facebook.com/" + acct.id() + "/posts/" + p.idNumber;
                    p.text = SampleText.postText(r, acct.platform(), p.theme, p.fr,
                            p.canonical.equals("link") ? journal : null, launch);
                    p.title = SampleText.facebookTitle(r, p.theme, p.fr, p.nativeFormat);
                }
                case INSTAGRAM -> {
                    p.idNumber = 17_900_000_000_000_000L + i * 1_000_003L + r.nextInt(1_000_000);
                    p.id = Long.toString(p.idNumber);
                    p.permalink = "https://www.instagram.com/" + (p.nativeFormat.equals("Reels") ? "reel/" : "p/")
                            + shortcode(p.idNumber) + "/";
                    p.text = SampleText.postText(r, acct.platform(), p.theme, p.fr, null, launch);
                    p.title = "";
                }
                case X -> {
                    p.idNumber = ((ms - TWITTER_EPOCH_MS) << 22) | (i & 0x3FFFFFL);
                    p.id = Long.toString(p.idNumber);
                    String tco = null;
                    if (p.nativeFormat.equals("text") && r.nextDouble() < 0.35) {
                        StringBuilder sb = new StringBuilder("https://t.co/");
                        for (int k = 0; k < 10; k++) {
                            sb.append(BASE62.charAt(r.nextInt(62)));
                        }
                        tco = sb.toString();
                        p.expandedUrl = journal;
                    }
                    p.text = SampleText.postText(r, acct.platform(), p.theme, p.fr, tco, launch);
                    int media = switch (p.nativeFormat) {
                        case "photo" -> 1 + (r.nextDouble() < 0.25 ? r.nextInt(4) : 0);
                        case "video", "animated_gif" -> 1;
                        default -> 0;
                    };
                    String prefix = switch (p.nativeFormat) {
                        case "video" -> "7_";
                        case "animated_gif" -> "16_";
                        default -> "3_";
                    };
                    p.mediaType = p.nativeFormat;
                    p.mediaKeys = new String[media];
                    for (int k = 0; k < media; k++) {
                        long mediaId = ((ms - TWITTER_EPOCH_MS - 1500 - 100L * k) << 22) | (i & 0x3FFFFFL);
                        p.mediaKeys[k] = prefix + mediaId;
                    }
                }
                case LINKEDIN -> {
                    p.idNumber = (ms << 22) | (i & 0x3FFFFFL);
                    p.id = "urn:li:share:" + p.idNumber;
                    p.text = SampleText.postText(r, acct.platform(), p.theme, p.fr,
                            p.nativeFormat.equals("Article") ? journal : null, launch);
                }
                case TIKTOK -> {
                    p.idNumber = (p.t << 32) | ((long) r.nextInt(1 << 12) << 20) | (i & 0xFFFFFL);
                    p.id = Long.toString(p.idNumber);
                    p.text = SampleText.postText(r, acct.platform(), p.theme, p.fr, null, launch);
                }
            }
        }

        static String shortcode(long id) {
            StringBuilder sb = new StringBuilder();
            long v = id;
            while (v > 0) {
                sb.append(BASE64URL.charAt((int) (v & 63)));
                v >>>= 6;
            }
            return sb.reverse().toString();
        }

        static Map<String, Object> counts(long records, long malformed, long duplicates) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("records", records);
            m.put("malformed", malformed);
            m.put("duplicates", duplicates);
            return m;
        }
    }

    /** A buffered UTF-8 file writer; String.getBytes is much faster than a CharsetEncoder on emoji. */
    private static final class Utf8Out implements Closeable {
        private final OutputStream out;

        Utf8Out(Path path) throws IOException {
            this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 17);
        }

        void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
        }

        void write(char c) throws IOException {
            if (c >= 0x80) {
                throw new IllegalArgumentException("ASCII only");
            }
            out.write(c);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    // ------------------------------------------------------------------------------------ exporters

    private abstract static class Exporter implements Closeable {
        final Run run;
        final String rel;
        final SplittableRandom r;
        final Utf8Out out;

        Exporter(Run run, String rel, SplittableRandom r, boolean bom, String header) throws IOException {
            this.run = run;
            this.rel = rel;
            this.r = r;
            this.out = new Utf8Out(run.outDir.resolve(rel));
            if (bom) {
                out.write(String.valueOf(BOM));
            }
            if (header != null) {
                out.write(header);
                out.write('\n');
            }
        }

        abstract void add(Post post) throws IOException;

        String badTimestamp() {
            return switch (r.nextInt(4)) {
                case 0 -> "31/02/2026 25:61";
                case 1 -> "yesterday";
                case 2 -> "13/45/2026 09:30";
                default -> "Tuesday 14:00";
            };
        }
    }

    /** One record per post (CSV row or JSON line), with duplicates re-emitted a few records later. */
    private abstract static class RecordExporter extends Exporter {
        final String[] plan;
        final List<Object[]> pending = new ArrayList<>();
        int pos;
        long records;
        long malformed;
        long duplicates;

        RecordExporter(Run run, String rel, SplittableRandom r, int n, boolean bom, String header, String[] kinds)
                throws IOException {
            super(run, rel, r, bom, header);
            this.plan = plan(r, n, kinds);
        }

        abstract String render(Post p, String kind);

        @Override
        void add(Post p) throws IOException {
            String kind = plan[pos];
            if (kind != null && p.lonely) {
                // The planted lonely viral post stays readable: its defect moves to the next record.
                if (pos + 1 < plan.length && plan[pos + 1] == null) {
                    plan[pos + 1] = kind;
                }
                kind = null;
            }
            String rec = render(p, kind);
            if (BROKEN_JSON.equals(kind)) {
                rec = truncate(rec);
            }
            emit(rec);
            if (kind != null) {
                malformed++;
                run.gt.malformed(rel, records, null, kind, null);
            } else if (r.nextDouble() < SampleCatalog.DUPLICATE_SHARE && !p.lonely) {
                pending.add(new Object[] {pos + 1 + r.nextInt(30), rec, p.id, records});
            }
            pos++;
            flushDue(false);
        }

        String truncate(String line) {
            int cut = (int) (line.length() * (0.3 + 0.5 * r.nextDouble()));
            if (Character.isLowSurrogate(line.charAt(cut))) {
                cut--;
            }
            return line.substring(0, cut);
        }

        private void emit(String rec) throws IOException {
            out.write(rec);
            out.write('\n');
            records++;
        }

        private void flushDue(boolean all) throws IOException {
            for (Iterator<Object[]> it = pending.iterator(); it.hasNext(); ) {
                Object[] d = it.next();
                if (all || (int) d[0] <= pos) {
                    emit((String) d[1]);
                    duplicates++;
                    run.gt.duplicate(rel, (String) d[2], (long) d[3], records);
                    it.remove();
                }
            }
        }

        @Override
        public void close() throws IOException {
            flushDue(true);
            out.close();
            run.postsWritten += records;
            run.gt.fileCount(rel, Run.counts(records, malformed, duplicates));
        }
    }

    private static final class MetaExporter extends RecordExporter {
        final ZoneId exportZone;

        MetaExporter(Run run, String rel, SplittableRandom r, int n, Account acct) throws IOException {
            super(run, rel, r, n, true, META_HEADER,
                    new String[] {BAD_TIMESTAMP, NEGATIVE_COUNT, NOT_A_NUMBER, MISSING_POST_ID});
            this.exportZone = ZoneId.of(acct.exportZone());
        }

        @Override
        String render(Post p, String kind) {
            Account acct = p.acct;
            String published = META_TIME.format(Instant.ofEpochSecond(p.t).atZone(exportZone));
            long reactions = NEGATIVE_COUNT.equals(kind) ? -(1 + r.nextInt(50)) : p.reactions;
            String[] f = {
                MISSING_POST_ID.equals(kind) ? null : p.id,
                acct.id(),
                acct.name(),
                p.title,
                p.text,
                p.duration < 0 ? null : Integer.toString(p.duration),
                BAD_TIMESTAMP.equals(kind) ? badTimestamp() : published,
                p.permalink,
                p.nativeFormat,
                p.fr ? "fr" : "en",
                p.paid ? "Boosted" : null,
                "Lifetime",
                p.views < 0 ? null : Long.toString(p.views),
                p.reachNa ? "N/A" : Long.toString(p.reach),
                Long.toString(reactions + p.comments + p.shares),
                Long.toString(reactions),
                NOT_A_NUMBER.equals(kind) ? p.comments + "abc" : Long.toString(p.comments),
                Long.toString(p.shares),
                Long.toString(p.clicks)};
            return META_CSV.format((Object[]) f);
        }
    }

    private static final class LinkedInExporter extends RecordExporter {
        LinkedInExporter(Run run, String rel, SplittableRandom r, int n) throws IOException {
            super(run, rel, r, n, false, LINKEDIN_HEADER,
                    new String[] {BAD_TIMESTAMP, NEGATIVE_COUNT, NOT_A_NUMBER, MISSING_POST_ID, WRONG_COLUMN_COUNT});
        }

        @Override
        String render(Post p, String kind) {
            Account acct = p.acct;
            String posted = OFFSET_TIME.format(Instant.ofEpochSecond(p.t).atZone(acct.zone()));
            String[] f = {
                MISSING_POST_ID.equals(kind) ? null : p.id,
                BAD_TIMESTAMP.equals(kind) ? badTimestamp() : posted,
                p.nativeFormat,
                p.text,
                Long.toString(p.impressions),
                NOT_A_NUMBER.equals(kind) ? p.clicks + "abc" : Long.toString(p.clicks),
                NEGATIVE_COUNT.equals(kind) ? Long.toString(-(1 + r.nextInt(50))) : Long.toString(p.reactions),
                Long.toString(p.comments),
                Long.toString(p.shares),
                p.followersMissing ? null : Long.toString(p.followers),
                p.paid ? "yes" : "no"};
            String row = LINKEDIN_CSV.format((Object[]) f);
            if (WRONG_COLUMN_COUNT.equals(kind)) {
                // Drop the last field, or add one.
                row = r.nextBoolean() ? row.substring(0, row.lastIndexOf(';')) : row + ";" + (p.paid ? "yes" : "no");
            }
            return row;
        }
    }

    private static final class TikTokExporter extends RecordExporter {
        TikTokExporter(Run run, String rel, SplittableRandom r, int n) throws IOException {
            super(run, rel, r, n, false, null,
                    new String[] {BROKEN_JSON, BAD_TIMESTAMP, NEGATIVE_COUNT, NOT_A_NUMBER, MISSING_POST_ID});
        }

        @Override
        String render(Post p, String kind) {
            StringBuilder sb = new StringBuilder(384);
            sb.append('{');
            if (!MISSING_POST_ID.equals(kind)) {
                sb.append("\"video_id\":\"").append(p.id).append("\",");
            }
            sb.append("\"username\":");
            jsonString(sb, p.acct.id());
            sb.append(",\"create_time\":");
            if (BAD_TIMESTAMP.equals(kind)) {
                jsonString(sb, badTimestamp());
            } else {
                sb.append(p.t);
            }
            sb.append(",\"video_description\":");
            jsonString(sb, p.text);
            sb.append(",\"view_count\":");
            if (NOT_A_NUMBER.equals(kind)) {
                jsonString(sb, p.views + "abc");
            } else {
                sb.append(p.views);
            }
            sb.append(",\"like_count\":").append(NEGATIVE_COUNT.equals(kind) ? -(1 + r.nextInt(50)) : p.reactions);
            sb.append(",\"comment_count\":").append(p.comments);
            sb.append(",\"share_count\":").append(p.shares);
            sb.append(",\"collect_count\":").append(p.saves);
            sb.append('}');
            return sb.toString();
        }
    }

    /** X API v2 pages: {"data":[...],"includes":{"media":[...]},"meta":{...}} per line. */
    private static final class XExporter extends Exporter {
        static final String[] ITEM_KINDS = {BAD_TIMESTAMP, NEGATIVE_COUNT, NOT_A_NUMBER, MISSING_POST_ID};

        final int target;
        final BitSet broken = new BitSet();
        final BitSet tainted = new BitSet();
        final int badPerTaintedLine;
        final List<Object[]> pendingDups = new ArrayList<>();
        Page page;
        Page previous;
        int pagesOpened;
        int kindCursor;
        int pos;
        long lines;
        long items;
        long itemsInValidLines;
        long linesWithProblems;
        long malformed;
        long duplicates;

        static final class Page {
            int index;
            boolean broken;
            boolean tainted;
            int capacity;
            int bad;
            final List<String> items = new ArrayList<>();
            final Set<String> media = new LinkedHashSet<>();
        }

        /**
         * About 1% of the lines are truncated (each holding 1-3 tweets) and about 1% hold a few bad
         * tweets (at most a third of their page; together about 1% of all tweets), so both the share of
         * problem lines and the share of bad tweets stay at or under 3%.
         */
        XExporter(Run run, String rel, SplittableRandom r, int n) throws IOException {
            super(run, rel, r, false, null);
            this.target = Math.max(10, Math.min(100, n / 60));
            int estLines = (int) Math.ceil(n / (target * 0.875));
            // lines with a problem: ~2%, never more than 3%; half broken, half with bad tweets
            int problemLines = Math.min(Math.max(2, (int) Math.round(estLines * 0.02)), (int) Math.floor(estLines * 0.03));
            int brokenLines = problemLines / 2;
            int taintedLines = problemLines - brokenLines;
            pick(broken, null, brokenLines, estLines);
            pick(tainted, broken, taintedLines, estLines);
            this.badPerTaintedLine = taintedLines == 0 ? 0
                    : (int) Math.ceil(malformedCount(n, ITEM_KINDS.length) / (double) taintedLines);
            this.kindCursor = r.nextInt(ITEM_KINDS.length);
        }

        private void pick(BitSet into, BitSet avoid, int m, int estLines) {
            int placed = 0;
            while (placed < m && estLines > 10) {
                int line = 1 + r.nextInt(estLines - 2);
                if (!into.get(line) && (avoid == null || !avoid.get(line))) {
                    into.set(line);
                    placed++;
                }
            }
        }

        private void ensurePage() {
            if (page == null) {
                page = new Page();
                page.index = pagesOpened++;
                page.broken = broken.get(page.index);
                page.tainted = tainted.get(page.index);
                page.capacity = page.broken ? 1 + r.nextInt(3) : target - r.nextInt(target / 4 + 1);
            }
        }

        @Override
        void add(Post p) throws IOException {
            ensurePage();
            while (p.lonely && page.broken) {
                // The planted lonely viral post never goes into a line that will be broken.
                if (page.items.isEmpty()) {
                    page.broken = false;
                    page.capacity = target;
                } else {
                    page.capacity = page.items.size();
                    completeIfFull();
                    ensurePage();
                }
            }
            String kind = null;
            if (page.tainted && !p.lonely && page.bad < Math.min(badPerTaintedLine, Math.max(1, page.capacity / 3))) {
                kind = ITEM_KINDS[kindCursor++ % ITEM_KINDS.length];
                if (page.bad++ == 0) {
                    linesWithProblems++;
                }
            }
            String item = render(p, kind);
            int line = page.index + 1;
            int index = page.items.size();
            addItem(item, p.mediaKeys, p.mediaType);
            if (kind != null) {
                malformed++;
                run.gt.malformed(rel, line, index, kind, null);
            } else if (!page.broken && r.nextDouble() < SampleCatalog.DUPLICATE_SHARE && !p.lonely) {
                pendingDups.add(new Object[] {pos + 1 + r.nextInt(30), item, p.id, (long) line, p.mediaKeys, p.mediaType});
            }
            pos++;
            completeIfFull();
            flushDups(false);
        }

        private void addItem(String item, String[] mediaKeys, String mediaType) {
            page.items.add(item);
            for (String k : mediaKeys) {
                page.media.add("{\"media_key\":\"" + k + "\",\"type\":\"" + mediaType + "\"}");
            }
        }

        private void completeIfFull() throws IOException {
            if (page != null && page.items.size() >= page.capacity) {
                if (previous != null) {
                    writePage(previous, false);
                }
                previous = page;
                page = null;
            }
        }

        private void flushDups(boolean all) throws IOException {
            for (Iterator<Object[]> it = pendingDups.iterator(); it.hasNext(); ) {
                Object[] d = it.next();
                if (!all && (int) d[0] > pos) {
                    continue;
                }
                ensurePage();
                if (page.broken) {
                    if (!all) {
                        continue; // a duplicate never goes into a line that will be broken
                    }
                    if (page.items.isEmpty()) {
                        page.broken = false;
                        page.capacity = target;
                    } else {
                        page.capacity = page.items.size();
                        completeIfFull();
                        ensurePage();
                        page.broken = false;
                    }
                }
                addItem((String) d[1], (String[]) d[4], (String) d[5]);
                duplicates++;
                run.gt.duplicate(rel, (String) d[2], (long) d[3], page.index + 1);
                it.remove();
                completeIfFull();
            }
        }

        private void writePage(Page pg, boolean last) throws IOException {
            StringBuilder sb = new StringBuilder(pg.items.size() * 700 + 200);
            sb.append("{\"data\":[");
            for (int k = 0; k < pg.items.size(); k++) {
                if (k > 0) {
                    sb.append(',');
                }
                sb.append(pg.items.get(k));
            }
            sb.append(']');
            if (!pg.media.isEmpty()) {
                sb.append(",\"includes\":{\"media\":[").append(String.join(",", pg.media)).append("]}");
            }
            sb.append(",\"meta\":{\"result_count\":").append(pg.items.size());
            if (!last) {
                sb.append(",\"next_token\":\"");
                for (int k = 0; k < 16; k++) {
                    sb.append(BASE62.charAt(r.nextInt(36)));
                }
                sb.append('"');
            }
            sb.append("}}");
            String line = sb.toString();
            lines++;
            items += pg.items.size();
            if (pg.broken) {
                int cut = (int) (line.length() * (0.3 + 0.5 * r.nextDouble()));
                if (Character.isLowSurrogate(line.charAt(cut))) {
                    cut--;
                }
                line = line.substring(0, cut);
                malformed++;
                linesWithProblems++;
                run.gt.malformed(rel, lines, null, BROKEN_JSON, pg.items.size());
            } else {
                itemsInValidLines += pg.items.size();
            }
            out.write(line);
            out.write('\n');
        }

        String render(Post p, String kind) {
            StringBuilder sb = new StringBuilder(640);
            sb.append('{');
            if (!MISSING_POST_ID.equals(kind)) {
                sb.append("\"id\":\"").append(p.id).append("\",");
            }
            sb.append("\"text\":");
            jsonString(sb, p.text);
            sb.append(",\"created_at\":");
            jsonString(sb, BAD_TIMESTAMP.equals(kind)
                    ? (r.nextBoolean() ? "yesterday" : "2026-02-31T25:61:00.000Z")
                    : X_TIME.format(Instant.ofEpochSecond(p.t).atOffset(ZoneOffset.UTC)));
            sb.append(",\"author_id\":\"").append(p.acct.id()).append('"');
            sb.append(",\"lang\":\"").append(p.fr ? "fr" : "en").append('"');
            long retweets = Math.round(p.shares * 0.75);
            sb.append(",\"public_metrics\":{\"retweet_count\":").append(retweets);
            sb.append(",\"reply_count\":").append(p.comments);
            sb.append(",\"like_count\":");
            if (NEGATIVE_COUNT.equals(kind)) {
                sb.append(-(1 + r.nextInt(50)));
            } else if (NOT_A_NUMBER.equals(kind)) {
                sb.append('"').append(p.reactions).append("abc\"");
            } else {
                sb.append(p.reactions);
            }
            sb.append(",\"quote_count\":").append(p.shares - retweets);
            sb.append(",\"bookmark_count\":").append(p.saves);
            sb.append(",\"impression_count\":").append(p.impressions).append('}');
            List<SampleText.Entity> ents = SampleText.entities(p.text);
            if (!ents.isEmpty()) {
                sb.append(",\"entities\":{");
                boolean firstGroup = true;
                for (char kindChar : new char[] {'#', '@', 'u'}) {
                    boolean open = false;
                    for (SampleText.Entity e : ents) {
                        if (e.kind() != kindChar) {
                            continue;
                        }
                        if (!open) {
                            if (!firstGroup) {
                                sb.append(',');
                            }
                            sb.append(kindChar == '#' ? "\"hashtags\":[" : kindChar == '@' ? "\"mentions\":[" : "\"urls\":[");
                            open = true;
                            firstGroup = false;
                        } else {
                            sb.append(',');
                        }
                        sb.append("{\"start\":").append(e.start()).append(",\"end\":").append(e.end());
                        if (kindChar == '#') {
                            sb.append(",\"tag\":");
                            jsonString(sb, e.value());
                        } else if (kindChar == '@') {
                            sb.append(",\"username\":\"").append(e.value()).append("\",\"id\":\"")
                                    .append(userId(e.value())).append('"');
                        } else {
                            String expanded = p.expandedUrl == null ? e.value() : p.expandedUrl;
                            String display = expanded.replaceFirst("^https?://", "");
                            if (display.length() > 24) {
                                display = display.substring(0, 23) + "…";
                            }
                            sb.append(",\"url\":\"").append(e.value()).append("\",\"expanded_url\":\"")
                                    .append(expanded).append("\",\"display_url\":");
                            jsonString(sb, display);
                        }
                        sb.append('}');
                    }
                    if (open) {
                        sb.append(']');
                    }
                }
                sb.append('}');
            }
            if (p.mediaKeys.length > 0) {
                sb.append(",\"attachments\":{\"media_keys\":[");
                for (int k = 0; k < p.mediaKeys.length; k++) {
                    if (k > 0) {
                        sb.append(',');
                    }
                    sb.append('"').append(p.mediaKeys[k]).append('"');
                }
                sb.append("]}");
            }
            if (!MISSING_POST_ID.equals(kind)) {
                sb.append(",\"edit_history_tweet_ids\":[\"").append(p.id).append("\"]");
            }
            sb.append('}');
            return sb.toString();
        }

        /** A stable numeric user id for a mentioned username (FNV-1a). */
        static String userId(String username) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < username.length(); i++) {
                h ^= username.charAt(i);
                h *= 0x100000001b3L;
            }
            return Long.toString(100_000_000L + Math.floorMod(h, 1_800_000_000_000_000_000L));
        }

        @Override
        public void close() throws IOException {
            flushDups(true);
            if (page != null && !page.items.isEmpty()) {
                page.capacity = page.items.size();
                completeIfFull();
            }
            if (previous != null) {
                writePage(previous, true);
            }
            out.close();
            run.postsWritten += items;
            Map<String, Object> c = Run.counts(lines, malformed, duplicates);
            c.put("data_items", items);
            c.put("data_items_in_valid_lines", itemsInValidLines);
            c.put("lines_with_problems", linesWithProblems);
            run.gt.fileCount(rel, c);
        }
    }

    // ------------------------------------------------------------------------------------- comments

    /** exports/comments.csv: a sample of audience comments, plus the planted crisis. */
    private static final class CommentSink implements Closeable {
        final Run run;
        final Utf8Out out;
        final SplittableRandom fileRng;
        final int[] customerServiceSeen = new int[ACCOUNTS.size()];
        final long[] sequence = new long[ACCOUNTS.size()];
        long records;
        long malformed;

        CommentSink(Run run) throws IOException {
            this.run = run;
            this.fileRng = run.rng(S_COMMENT_FILE);
            this.out = new Utf8Out(run.outDir.resolve(COMMENTS_FILE));
            out.write(COMMENTS_HEADER);
            out.write('\n');
        }

        void add(int a, Post p) throws IOException {
            SplittableRandom r = run.rng(a, S_COMMENT, p.index);
            int n = r.nextDouble() < SampleCatalog.COMMENTED_SHARE ? 1 + r.nextInt(3) : 0;
            for (int k = 0; k < n; k++) {
                double delay = 60 + 3 * 3600 * StrictMath.exp(1.5 * gaussian(r));
                long created = p.t + (long) delay;
                if (created >= run.observedAt) {
                    created = p.t + 1 + r.nextLong(run.observedAt - p.t - 1);
                }
                int sentiment = SampleText.sentiment(r, p.theme);
                boolean fr = p.fr ? r.nextDouble() < 0.8 : r.nextDouble() < 0.05;
                String text = SampleText.comment(r, p.theme, sentiment, fr);
                String bad = fileRng.nextDouble() < SampleCatalog.COMMENT_MALFORMED_SHARE
                        ? (fileRng.nextBoolean() ? "yesterday" : "31/02/2026 25:61") : null;
                write(a, p, r, created, SampleText.author(r), text, bad);
            }
            if (p.surge) {
                // A control: many comments in a day, with the theme's usual share of negative ones.
                SplittableRandom sr = run.rng(a, S_SURGE);
                int m = SampleCatalog.SURGE_MIN_COMMENTS
                        + sr.nextInt(SampleCatalog.SURGE_MAX_COMMENTS - SampleCatalog.SURGE_MIN_COMMENTS + 1);
                for (int k = 0; k < m; k++) {
                    long created = Math.min(run.observedAt - 1,
                            p.t + 600 + sr.nextLong(SampleCatalog.SURGE_SPREAD_HOURS * 3600L));
                    boolean fr = p.fr ? sr.nextDouble() < 0.8 : sr.nextDouble() < 0.05;
                    String text = SampleText.comment(sr, p.theme, SampleText.sentiment(sr, p.theme), fr);
                    write(a, p, sr, created, SampleText.author(sr), text, null);
                }
                run.gt.surge(p, m);
            }
            if (p.themeIndex == SampleCatalog.CUSTOMER_SERVICE
                    && (customerServiceSeen[a] < SampleCatalog.CRISIS_MIN_POSTS_PER_ACCOUNT
                        || p.t >= run.periodEnd - SampleCatalog.CRISIS_POST_LOOKBACK_DAYS * 86_400L)) {
                customerServiceSeen[a]++;
                int m = SampleCatalog.CRISIS_MIN_COMMENTS
                        + r.nextInt(SampleCatalog.CRISIS_MAX_COMMENTS - SampleCatalog.CRISIS_MIN_COMMENTS + 1);
                long from = Math.max(p.t + 60, run.crisisStart);
                for (int k = 0; k < m; k++) {
                    // The crisis spreads: comment density grows linearly to the end of the period.
                    long created = from + (long) ((run.observedAt - from) * Math.sqrt(r.nextDouble()));
                    boolean fr = p.fr ? r.nextDouble() < 0.8 : r.nextDouble() < 0.1;
                    write(a, p, r, created, SampleText.author(r), SampleText.crisisComment(r, fr), null);
                }
                run.gt.crisisPost(m);
            }
        }

        private void write(int a, Post p, SplittableRandom r, long created, String author, String text, String bad)
                throws IOException {
            long seq = sequence[a]++;
            long ms = created * 1000 + r.nextInt(1000);
            String commentId = switch (p.acct.platform()) {
                case FACEBOOK -> p.idNumber + "_" + (100_000_000_000_000L + seq * 7 + r.nextInt(7));
                case INSTAGRAM -> Long.toString(17_800_000_000_000_000L + seq * 13 + r.nextInt(13));
                case X -> Long.toString(((ms - TWITTER_EPOCH_MS) << 22) | (seq & 0x3FFFFFL));
                case LINKEDIN -> "urn:li:comment:(urn:li:activity:" + p.idNumber + "," + ((ms << 22) | (seq & 0x3FFFFFL)) + ")";
                case TIKTOK -> Long.toString((created << 32) | (seq & 0xFFFFFFFFL));
            };
            String[] f = {
                p.acct.platform().id,
                p.id,
                commentId,
                bad != null ? bad : UTC_TIME.format(Instant.ofEpochSecond(created).atOffset(ZoneOffset.UTC)),
                author,
                text};
            out.write(COMMENTS_CSV.format((Object[]) f));
            out.write('\n');
            records++;
            if (bad != null) {
                malformed++;
                run.gt.malformed(COMMENTS_FILE, records, null, BAD_TIMESTAMP, null);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }
}
