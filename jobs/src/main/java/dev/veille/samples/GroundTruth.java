package dev.veille.samples;

import static dev.veille.samples.SampleCatalog.ACCOUNTS;
import static dev.veille.samples.SampleCatalog.THEMES;

import dev.veille.samples.SampleCatalog.Account;
import dev.veille.samples.SampleCatalog.Theme;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects what the generator planted and renders {@code ground_truth.json} (stable key order). */
final class GroundTruth {

    /** Per-account facts known only after generation. */
    static final class AccountStats {
        long posts;
        long postsInBestSlot;
        String lonelyPostId;
        long lonelyTime = Long.MIN_VALUE;
        final List<String> files = new ArrayList<>();
    }

    private final GeneratorSettings settings;
    private final List<Account> catalogue;
    private final long periodStart;
    private final long periodEnd;
    private final long observedAt;
    private final long crisisStart;
    private final AccountStats[] accounts = new AccountStats[ACCOUNTS.size()];
    private final List<Object> viral = new ArrayList<>();
    private final List<Object> duplicates = new ArrayList<>();
    private final List<Object> malformed = new ArrayList<>();
    private final Map<String, Object> fileCounts = new LinkedHashMap<>();
    private long crisisPosts;
    private long crisisComments;
    private Map<String, Object> buzz;
    private Map<String, Object> surge;

    GroundTruth(GeneratorSettings settings, List<Account> catalogue, long periodStart, long periodEnd, long observedAt,
                long crisisStart) {
        this.settings = settings;
        this.catalogue = catalogue;
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
        this.observedAt = observedAt;
        this.crisisStart = crisisStart;
        for (int a = 0; a < accounts.length; a++) {
            accounts[a] = new AccountStats();
        }
    }

    AccountStats account(int a) {
        return accounts[a];
    }

    void viral(Account acct, SampleGenerator.Post p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("platform", acct.platform().id);
        m.put("post_id", p.id);
        m.put("multiplier", p.viral);
        m.put("lonely", p.lonely);
        viral.add(m);
    }

    void buzz(Account acct, SampleGenerator.Post p, long observedAt) {
        buzz = new LinkedHashMap<>();
        buzz.put("platform", acct.platform().id);
        buzz.put("post_id", p.id);
        buzz.put("published_at", iso(p.t));
        buzz.put("age_hours_at_export", Math.round((observedAt - p.t) / 360.0) / 10.0);
        buzz.put("multiplier", p.viral);
    }

    void surge(SampleGenerator.Post p, int comments) {
        surge = new LinkedHashMap<>();
        surge.put("platform", p.acct.platform().id);
        surge.put("post_id", p.id);
        surge.put("published_at", iso(p.t));
        surge.put("comments", comments);
        surge.put("hours", SampleCatalog.SURGE_SPREAD_HOURS);
    }

    void malformed(String file, long record, Integer index, String kind, Integer itemsLost) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("record_number", record);
        if (index != null) {
            m.put("index", index);
        }
        m.put("kind", kind);
        if (itemsLost != null) {
            m.put("items_lost", itemsLost);
        }
        malformed.add(m);
    }

    void duplicate(String file, String postId, long firstRecord, long secondRecord) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("post_id", postId);
        m.put("first_record", firstRecord);
        m.put("second_record", secondRecord);
        duplicates.add(m);
    }

    void fileCount(String file, Map<String, Object> counts) {
        fileCounts.put(file, counts);
    }

    void crisisPost(int comments) {
        crisisPosts++;
        crisisComments += comments;
    }

    long malformedCount() {
        return malformed.size();
    }

    private static String iso(long epochSecond) {
        return SampleGenerator.UTC_TIME.format(Instant.ofEpochSecond(epochSecond).atOffset(ZoneOffset.UTC));
    }

    private static List<Object> list(double[] values) {
        List<Object> l = new ArrayList<>();
        for (double v : values) {
            l.add(v);
        }
        return l;
    }

    private static Map<String, Object> slot(int weekday, int hour) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("weekday", weekday);
        m.put("hour", hour);
        return m;
    }

    /** Mean theme shares over [from, to), sampled hourly. */
    private double[] meanShares(long from, long to) {
        double[] sum = new double[THEMES.size()];
        double[] tmp = new double[THEMES.size()];
        long steps = 0;
        for (long t = from + 1800; t < to; t += 3600) {
            SampleCatalog.themeShares(t, periodStart, periodEnd, tmp);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += tmp[i];
            }
            steps++;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = Math.round(sum[i] / steps * 10_000.0) / 10_000.0;
        }
        return sum;
    }

    Map<String, Object> toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> gen = new LinkedHashMap<>();
        gen.put("name", SampleCatalog.GENERATOR_NAME);
        gen.put("version", SampleCatalog.GENERATOR_VERSION);
        root.put("generator", gen);
        root.put("seed", settings.seed());
        root.put("posts", settings.posts());
        root.put("as_of", settings.asOf().toString());
        root.put("observed_at", iso(observedAt));
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("start", iso(periodStart));
        period.put("end", iso(periodEnd));
        root.put("period", period);
        root.put("parts_per_export", settings.partsPerExport());

        Map<String, Object> model = new LinkedHashMap<>();
        model.put("followers", "followers(t) = followers_start * (followers_end / followers_start) ^ "
                + "((t - period.start) / (period.end - period.start))");
        model.put("reach", "reach = max(1, round(followers * base_reach_rate * (paid ? paid_multiplier : 1) "
                + "* exp(reach_noise_sigma * Z)))");
        model.put("impressions", "impressions = max(reach, round(reach * impressions_per_reach "
                + "* exp(impressions_noise_sigma * Z)))");
        model.put("video_views", "meta video/reel views = round(reach * U(1.1, 1.6)); tiktok view_count = reach");
        model.put("slot_effect", "slot(w, h) = hour_curve[h] * weekday_factors[w - 1] "
                + "* (best_slot ? best_slot_multiplier : 1), w = ISO weekday and h = hour in the audience timezone");
        model.put("engagement_rate", "rate = base_engagement_rate * slot(w, h) * format_effects[format] "
                + "* engagement_effect(theme) * exp(rate_noise_sigma * Z)");
        model.put("interactions", "interactions = round(reach * rate * viral_multiplier), split into "
                + "reactions/comments/shares/saves/clicks by interaction_split * exp(split_noise_sigma * Z), "
                + "renormalised (largest remainder)");
        model.put("noise", "Z: independent standard normal draws");
        model.put("reach_noise_sigma", SampleCatalog.REACH_SIGMA);
        model.put("rate_noise_sigma", SampleCatalog.RATE_SIGMA);
        model.put("impressions_per_reach", SampleCatalog.IMPRESSIONS_PER_REACH);
        model.put("impressions_noise_sigma", SampleCatalog.IMPRESSIONS_SIGMA);
        model.put("split_noise_sigma", SampleCatalog.SPLIT_SIGMA);
        model.put("paid_share", SampleCatalog.PAID_SHARE);
        model.put("viral_share", SampleCatalog.VIRAL_SHARE);
        model.put("viral_multiplier_range", List.of(SampleCatalog.VIRAL_MIN, SampleCatalog.VIRAL_MAX));
        model.put("lonely_viral_multiplier_range", List.of(SampleCatalog.LONELY_VIRAL_MIN, SampleCatalog.VIRAL_MAX));
        model.put("best_slot_posting_share", SampleCatalog.BEST_SLOT_POSTING_SHARE);
        model.put("french_share", SampleCatalog.FRENCH_SHARE);
        model.put("reach_na_share_meta", SampleCatalog.REACH_NA_SHARE);
        model.put("followers_missing_share_linkedin", SampleCatalog.FOLLOWERS_MISSING_SHARE);
        model.put("duplicate_share", SampleCatalog.DUPLICATE_SHARE);
        model.put("commented_share", SampleCatalog.COMMENTED_SHARE);
        root.put("model", model);
        root.put("paid_multiplier", SampleCatalog.PAID_MULTIPLIER);
        root.put("best_slot_multiplier", SampleCatalog.BEST_SLOT_MULTIPLIER);
        Map<String, Object> formats = new LinkedHashMap<>();
        for (int i = 0; i < SampleCatalog.FORMATS.length; i++) {
            formats.put(SampleCatalog.FORMATS[i], SampleCatalog.FORMAT_EFFECTS[i]);
        }
        root.put("format_effects", formats);
        root.put("hour_curve", list(SampleCatalog.HOUR_CURVE));
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("description", "posting times are drawn in the audience timezone: weekday and hour "
                + "independently by these weights, except a best_slot_posting_share of posts put in the best slot; "
                + "the lonely slot is excluded; meta posts have whole minutes");
        schedule.put("hour_weights", list(SampleCatalog.POSTING_HOUR_WEIGHTS));
        schedule.put("weekday_weights", list(SampleCatalog.POSTING_WEEKDAY_WEIGHTS));
        if (settings.schedule() == GeneratorSettings.Schedule.LOW_VOLUME_EVENING) {
            // Only this schedule says so: the catalogue's ground truth keeps its bytes.
            schedule.put("best_slot", "low_volume_evening: each account's best slot is drawn from hours "
                    + SampleCatalog.EVENING_FIRST_HOUR + "-" + SampleCatalog.EVENING_LAST_HOUR
                    + " of any weekday and holds " + SampleCatalog.EVENING_MIN_POSTS + "-"
                    + SampleCatalog.EVENING_MAX_POSTS + " of its posts; no other post falls there, and "
                    + "best_slot_posting_share does not apply");
        }
        root.put("posting_schedule", schedule);

        List<Object> accts = new ArrayList<>();
        for (int a = 0; a < catalogue.size(); a++) {
            Account acct = catalogue.get(a);
            AccountStats st = accounts[a];
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("platform", acct.platform().id);
            m.put("account_id", acct.id());
            m.put("name", acct.name());
            m.put("timezone", acct.zone().getId());
            m.put("export_timezone", acct.exportZone());
            m.put("files", new ArrayList<Object>(st.files));
            Map<String, Object> best = slot(acct.bestWeekday(), acct.bestHour());
            best.put("multiplier", SampleCatalog.BEST_SLOT_MULTIPLIER);
            best.put("slot_effect", Math.round(acct.slotEffect(acct.bestWeekday(), acct.bestHour()) * 10_000.0) / 10_000.0);
            m.put("best_slot", best);
            Map<String, Object> lonely = slot(acct.lonelyWeekday(), acct.lonelyHour());
            lonely.put("post_id", st.lonelyPostId);
            lonely.put("published_at", st.lonelyTime == Long.MIN_VALUE ? null : iso(st.lonelyTime));
            m.put("viral_lonely_slot", lonely);
            m.put("followers_start", acct.followersStart());
            m.put("followers_end", acct.followersEnd());
            m.put("base_reach_rate", acct.baseReachRate());
            m.put("base_engagement_rate", acct.baseEngagementRate());
            m.put("weekday_factors", list(acct.weekdayFactors()));
            Map<String, Object> fm = new LinkedHashMap<>();
            for (int f = 0; f < acct.nativeFormats().length; f++) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("format", acct.canonicalFormats()[f]);
                one.put("share", acct.formatWeights()[f]);
                fm.put(acct.nativeFormats()[f], one);
            }
            m.put("formats", fm);
            Map<String, Object> split = new LinkedHashMap<>();
            for (int k = 0; k < SampleCatalog.SPLIT_PARTS.length; k++) {
                split.put(SampleCatalog.SPLIT_PARTS[k], acct.split()[k]);
            }
            m.put("interaction_split", split);
            m.put("posts", st.posts);
            m.put("posts_in_best_slot", st.postsInBestSlot);
            accts.add(m);
        }
        root.put("accounts", accts);

        long windowStart = periodEnd - SampleCatalog.EMERGING_WINDOW_DAYS * 86_400L;
        double[] before = meanShares(periodStart, windowStart);
        double[] last = meanShares(windowStart, periodEnd);
        List<Object> themes = new ArrayList<>();
        for (int i = 0; i < THEMES.size(); i++) {
            Theme th = THEMES.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", th.id());
            m.put("name", th.name());
            m.put("words", new ArrayList<Object>(Arrays.asList(th.words())));
            m.put("words_fr", new ArrayList<Object>(Arrays.asList(th.frWords())));
            m.put("hashtags", new ArrayList<Object>(Arrays.asList(th.hashtags())));
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("label", th.sentimentLabel());
            s.put("positive", th.positive());
            s.put("neutral", th.neutral());
            s.put("negative", th.negative());
            m.put("sentiment", s);
            m.put("engagement_effect", th.effect());
            m.put("trend", th.trend());
            m.put("base_share", th.baseShare());
            Map<String, Object> share = new LinkedHashMap<>();
            share.put("before_last_28_days", before[i]);
            share.put("last_28_days", last[i]);
            m.put("expected_share", share);
            themes.add(m);
        }
        root.put("themes", themes);
        Map<String, Object> trend = new LinkedHashMap<>();
        trend.put("description", "each post's theme is drawn with probability proportional to base_share * m(t)");
        trend.put(SampleCatalog.EMERGING, "m(t) = 1 before the last " + SampleCatalog.EMERGING_WINDOW_DAYS
                + " days, then 1 + " + SampleCatalog.EMERGING_RAMP + " * p with p rising linearly from 0 to 1 "
                + "over those days");
        trend.put(SampleCatalog.DECLINING, "m(t) = " + SampleCatalog.DECLINING_START + " + ("
                + SampleCatalog.DECLINING_END + " - " + SampleCatalog.DECLINING_START
                + ") * p with p rising linearly from 0 to 1 over the period");
        trend.put(SampleCatalog.STABLE, "m(t) = 1");
        root.put("trend_model", trend);

        Map<String, Object> crisis = new LinkedHashMap<>();
        crisis.put("theme", THEMES.get(SampleCatalog.CUSTOMER_SERVICE).id());
        crisis.put("start", iso(crisisStart));
        crisis.put("end", iso(observedAt));
        crisis.put("description", "Delivery crisis: parcels late or lost, no refunds, support unreachable. "
                + "Bursts of negative comments (created between start and end) on customer-service posts: those "
                + "published in the last " + SampleCatalog.CRISIS_POST_LOOKBACK_DAYS + " days and the "
                + SampleCatalog.CRISIS_MIN_POSTS_PER_ACCOUNT + " most recent of each account.");
        crisis.put("keywords", new ArrayList<Object>(Arrays.asList(SampleText.CRISIS_KEYWORDS)));
        crisis.put("posts", crisisPosts);
        crisis.put("comments", crisisComments);
        root.put("crisis", crisis);

        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("description", "Events planted for `veille signals`: a buzz post (its interactions times"
                + " multiplier, observed at age_hours_at_export); a happy comment surge (a control: many comments"
                + " with the theme's usual share of negatives, no crisis); a product launch hashtag never used"
                + " before, on every post of the last days (an emerging term); the delivery crisis (see crisis);"
                + " the emerging theme (see themes). Engagement accrues with age: interactions = total * share(age),"
                + " share(a) = a^k / (a^k + h^k) for posts younger than " + SampleCatalog.ACCRUAL_DAYS + " days.");
        Map<String, Object> accrual = new LinkedHashMap<>();
        for (SampleCatalog.Platform pf : SampleCatalog.Platform.values()) {
            accrual.put(pf.id, SampleCatalog.accrualHalfLifeHours(pf));
        }
        signals.put("accrual_half_life_hours", accrual);
        signals.put("accrual_steepness", SampleCatalog.ACCRUAL_STEEPNESS);
        signals.put("buzz", buzz);
        signals.put("happy_surge", surge);
        Map<String, Object> launch = new LinkedHashMap<>();
        launch.put("hashtag", SampleCatalog.LAUNCH_TAG);
        launch.put("from", iso(periodEnd - SampleCatalog.LAUNCH_DAYS * 86_400L));
        signals.put("launch", launch);
        signals.put("emerging_theme", THEMES.stream().filter(t -> SampleCatalog.EMERGING.equals(t.trend()))
                .map(Theme::id).findFirst().orElse(null));
        root.put("signals", signals);
        root.put("viral_posts", viral);
        root.put("duplicates", duplicates);
        root.put("malformed", malformed);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("note", "records: CSV data rows (a quoted multi-line row is one record) or JSONL lines; "
                + "record_number is 1-based among them. For X, data_items counts tweets, malformed counts broken "
                + "lines plus bad tweets (index = 0-based position in data[]), lines_with_problems the lines "
                + "holding either");
        counts.put("files", fileCounts);
        counts.put("malformed_total", (long) malformed.size());
        counts.put("duplicates_total", (long) duplicates.size());
        root.put("counts", counts);
        return root;
    }
}
