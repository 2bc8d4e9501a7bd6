package dev.veille.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleGeneratorTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Override with -Dveille.samples.seed=N to try the checks on another sample. */
    static final long SEED = Long.getLong("veille.samples.seed", 20_261_128L);
    static final int POSTS = 4000;
    static final DateTimeFormatter META_TIME =
            DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm").withResolverStyle(ResolverStyle.STRICT);

    @TempDir
    static Path shared;

    static GenerationResult result;
    static JsonNode truth;
    static Parsed parsed;

    @BeforeAll
    static void generateOnce() throws IOException {
        result = SampleGenerator.generate(GeneratorSettings.of(SEED, POSTS), shared);
        truth = MAPPER.readTree(shared.resolve("ground_truth.json").toFile());
        parsed = parseAll(shared, truth);
    }

    // ------------------------------------------------------------------------------------- tests

    @Test
    void writesTheDocumentedLayout() throws IOException {
        for (String f : List.of("exports/facebook_posts.csv", "exports/instagram_posts.csv", "exports/x_tweets.jsonl",
                "exports/linkedin_posts.csv", "exports/tiktok_videos.jsonl", "exports/comments.csv",
                "ground_truth.json", "veille.yaml", "mappings/linkedin.yaml", "mappings/tiktok.yaml",
                "mappings/comments.yaml")) {
            assertThat(shared.resolve(f)).isRegularFile();
            assertThat(result.files()).contains(shared.resolve(f));
        }
        String yaml = Files.readString(shared.resolve("veille.yaml"));
        assertThat(yaml).contains("observed_at: \"2026-11-28T06:00:00Z\"").doesNotContain("{{");
        assertThat(result.malformedRecords()).isEqualTo(truth.get("malformed").size());
        assertThat(result.commentsWritten())
                .isEqualTo(truth.at("/counts/files/exports~1comments.csv/records").asLong());
        long posts = 0;
        for (JsonNode a : truth.get("accounts")) {
            posts += a.get("posts").asLong();
        }
        assertThat(posts).isEqualTo(POSTS);
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDiffers(@TempDir Path a, @TempDir Path b, @TempDir Path c)
            throws IOException {
        GeneratorSettings s = GeneratorSettings.of(7, 1500);
        GenerationResult ra = SampleGenerator.generate(s, a);
        GenerationResult rb = SampleGenerator.generate(s, b);
        SampleGenerator.generate(GeneratorSettings.of(8, 1500), c);
        assertThat(ra.files()).hasSameSizeAs(rb.files());
        for (Path f : ra.files()) {
            Path rel = a.relativize(f);
            assertThat(Files.mismatch(f, b.resolve(rel))).as(rel.toString()).isEqualTo(-1L);
        }
        assertThat(Files.mismatch(a.resolve("exports/facebook_posts.csv"), c.resolve("exports/facebook_posts.csv")))
                .isNotEqualTo(-1L);
        assertThat(Files.mismatch(a.resolve("ground_truth.json"), c.resolve("ground_truth.json"))).isNotEqualTo(-1L);
    }

    @Test
    void csvFilesParseBackWithTheirHeaderAndColumnCount() throws IOException {
        for (String f : List.of("exports/facebook_posts.csv", "exports/instagram_posts.csv")) {
            byte[] bytes = Files.readAllBytes(shared.resolve(f));
            assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
            Csv csv = Csv.read(shared.resolve(f), ',');
            assertThat(csv.bom).isTrue();
            assertThat(csv.header).containsExactly("Post ID", "Page ID", "Page name", "Title", "Description",
                    "Duration (sec)", "Publish time", "Permalink", "Post type", "Languages", "Funded content status",
                    "Date", "Views", "Reach", "Reactions, Comments and Shares", "Reactions", "Comments", "Shares",
                    "Total clicks");
            assertThat(csv.rows).allSatisfy(r -> assertThat(r).hasSize(19));
        }
        Csv li = Csv.read(shared.resolve("exports/linkedin_posts.csv"), ';');
        assertThat(li.bom).isFalse();
        assertThat(li.header).containsExactly("Update ID", "Posted at", "Content type", "Update text", "Impressions",
                "Clicks", "Reactions", "Comments", "Reposts", "Followers", "Sponsored");
        long wrong = li.rows.stream().filter(r -> r.size() != 11).count();
        long listed = 0;
        for (JsonNode m : truth.get("malformed")) {
            if (m.get("kind").asText().equals("wrong_column_count")) {
                listed++;
            }
        }
        assertThat(wrong).isEqualTo(listed).isPositive();
        Csv comments = Csv.read(shared.resolve("exports/comments.csv"), ',');
        assertThat(comments.header).containsExactly("platform", "post_id", "comment_id", "created_at", "author", "text");
        assertThat(comments.rows).allSatisfy(r -> assertThat(r).hasSize(6));
    }

    /** Cells as the platforms quote them: only where needed; a missing value is an empty cell, never "". */
    @Test
    void exportCellsAreQuotedOnlyWhereNeeded() throws IOException {
        assertThat(SampleGenerator.META_CSV.format(null, "a,b", "say \"hi\"", "two\nlines", null, "Boosted"))
                .isEqualTo(",\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,Boosted");
        assertThat(SampleGenerator.LINKEDIN_CSV.format(null, "a,b", "a;b", "1"))
                .isEqualTo(";a,b;\"a;b\";1");
        for (String f : List.of("exports/facebook_posts.csv", "exports/instagram_posts.csv",
                "exports/linkedin_posts.csv")) {
            String text = Files.readString(shared.resolve(f), StandardCharsets.UTF_8);
            char delimiter = f.contains("linkedin") ? ';' : ',';
            assertThat(text).as(f).doesNotContain("\n\"\"" + delimiter).doesNotContain("\r\n");
            assertThat(Csv.read(shared.resolve(f), delimiter).rows).as(f + ": rows without a post id")
                    .anySatisfy(r -> assertThat(r.get(0)).isEmpty());
        }
    }

    @Test
    void captionsAreMessyLikeRealOnes() throws IOException {
        List<String> texts = new ArrayList<>();
        for (String f : List.of("exports/facebook_posts.csv", "exports/instagram_posts.csv")) {
            for (List<String> r : Csv.read(shared.resolve(f), ',').rows) {
                texts.add(r.get(4));
            }
        }
        assertThat(texts).anyMatch(t -> t.contains("\n"));
        assertThat(texts).anyMatch(t -> t.contains("\"") && t.contains(","));
        assertThat(texts).anyMatch(t -> t.contains("&amp;"));
        assertThat(texts).anyMatch(t -> t.codePoints().anyMatch(cp -> cp >= 0x1D400 && cp <= 0x1D7FF));
        assertThat(texts).anyMatch(t -> t.contains("@"));
        assertThat(texts).anyMatch(t -> t.contains("✨") || t.contains("🌿") || t.contains("😍"));
        assertThat(Csv.read(shared.resolve("exports/linkedin_posts.csv"), ';').rows)
                .anyMatch(r -> r.size() > 3 && r.get(3).contains(";"));
        // Meta and X say the language (LinkedIn and TikTok exports do not)
        long withLang = parsed.posts.values().stream().filter(p -> p.lang.matches("en|fr")).count();
        long fr = parsed.posts.values().stream().filter(p -> p.lang.equals("fr")).count();
        assertThat(fr / (double) withLang).isBetween(0.06, 0.10);
    }

    @Test
    void everyListedMalformedRecordIsMalformedAndNothingElseIs() {
        Set<String> listed = new TreeSet<>();
        for (JsonNode m : truth.get("malformed")) {
            listed.add(key(m.get("file").asText(), m.get("record_number").asLong(),
                    m.has("index") ? m.get("index").asInt() : -1, m.get("kind").asText()));
        }
        assertThat(parsed.malformed).isEqualTo(listed);
        // every kind occurs, and each file stays well under the ingest's 5% threshold
        Set<String> kinds = new HashSet<>();
        truth.get("malformed").forEach(m -> kinds.add(m.get("kind").asText()));
        assertThat(kinds).containsExactlyInAnyOrder("bad_timestamp", "negative_count", "not_a_number",
                "missing_post_id", "broken_json", "wrong_column_count");
        truth.at("/counts/files").properties().forEach(e -> {
            JsonNode c = e.getValue();
            if (c.has("data_items")) {
                assertThat(c.get("malformed").asLong() / c.get("data_items").asDouble()).as(e.getKey()).isLessThan(0.03);
                assertThat(c.get("lines_with_problems").asLong() / c.get("records").asDouble()).as(e.getKey())
                        .isLessThan(0.03);
            } else {
                assertThat(c.get("malformed").asLong() / c.get("records").asDouble()).as(e.getKey()).isLessThan(0.03);
            }
        });
    }

    @Test
    void countsInGroundTruthMatchTheFiles() {
        Map<String, Long> listedPerFile = new TreeMap<>();
        truth.get("malformed").forEach(m -> listedPerFile.merge(m.get("file").asText(), 1L, Long::sum));
        Map<String, Long> dupPerFile = new TreeMap<>();
        truth.get("duplicates").forEach(m -> dupPerFile.merge(m.get("file").asText(), 1L, Long::sum));
        Map<String, Long> fromTruth = new TreeMap<>();
        truth.at("/counts/files").properties().forEach(e -> {
            fromTruth.put(e.getKey(), e.getValue().get("records").asLong());
            assertThat(e.getValue().get("malformed").asLong()).as(e.getKey())
                    .isEqualTo(listedPerFile.getOrDefault(e.getKey(), 0L));
            assertThat(e.getValue().get("duplicates").asLong()).as(e.getKey())
                    .isEqualTo(dupPerFile.getOrDefault(e.getKey(), 0L));
        });
        assertThat(parsed.recordsPerFile).isEqualTo(fromTruth);
        assertThat(parsed.xItems).isEqualTo(truth.at("/counts/files/exports~1x_tweets.jsonl/data_items_in_valid_lines").asLong());
    }

    @Test
    void duplicatedPostsAppearTwiceWithIdenticalContent() {
        assertThat(truth.get("duplicates").size()).isGreaterThanOrEqualTo(10);
        for (JsonNode d : truth.get("duplicates")) {
            String file = d.get("file").asText();
            String id = d.get("post_id").asText();
            List<String> copies = parsed.rawById.get(file + "|" + id);
            assertThat(copies).as(file + " " + id).hasSize(2);
            assertThat(copies.get(0)).isEqualTo(copies.get(1));
            assertThat(d.get("second_record").asLong()).isGreaterThanOrEqualTo(d.get("first_record").asLong());
        }
    }

    @Test
    void plantedBestSlotIsPopulatedAndHasTheHighestMeanRate() {
        Set<String> viral = new HashSet<>();
        truth.get("viral_posts").forEach(v -> viral.add(v.get("post_id").asText()));
        for (JsonNode acct : truth.get("accounts")) {
            String platform = acct.get("platform").asText();
            ZoneId zone = ZoneId.of(acct.get("timezone").asText());
            int bestWd = acct.at("/best_slot/weekday").asInt();
            int bestHour = acct.at("/best_slot/hour").asInt();
            List<PostRow> posts = parsed.posts.values().stream().filter(p -> p.platform.equals(platform)).toList();
            assertThat(posts.size()).isGreaterThan(300);
            Map<Integer, double[]> slots = new TreeMap<>(); // slot -> {count, sum of rates}
            long inBest = 0;
            for (PostRow p : posts) {
                ZonedDateTime local = p.published.atZone(zone);
                int slot = local.getDayOfWeek().getValue() * 100 + local.getHour();
                if (slot == bestWd * 100 + bestHour) {
                    inBest++;
                }
                if (Double.isNaN(p.rate) || viral.contains(p.id)) {
                    continue;
                }
                double[] s = slots.computeIfAbsent(slot, k -> new double[2]);
                s[0]++;
                s[1] += p.rate;
            }
            assertThat(inBest / (double) posts.size()).as(platform + " share in best slot").isGreaterThanOrEqualTo(0.04);
            int minPosts = Math.max(8, posts.size() / 60);
            int bestKey = bestWd * 100 + bestHour;
            double bestMean = slots.get(bestKey)[1] / slots.get(bestKey)[0];
            slots.forEach((slot, s) -> {
                if (slot != bestKey && s[0] >= minPosts) {
                    assertThat(s[1] / s[0]).as(platform + " slot " + slot + " vs best " + bestKey).isLessThan(bestMean);
                }
            });
        }
    }

    @Test
    void viralLonelySlotHoldsExactlyOnePost() {
        Set<String> lonelyViral = new HashSet<>();
        truth.get("viral_posts").forEach(v -> {
            if (v.get("lonely").asBoolean()) {
                lonelyViral.add(v.get("post_id").asText());
            }
        });
        for (JsonNode acct : truth.get("accounts")) {
            String platform = acct.get("platform").asText();
            ZoneId zone = ZoneId.of(acct.get("timezone").asText());
            int wd = acct.at("/viral_lonely_slot/weekday").asInt();
            int hour = acct.at("/viral_lonely_slot/hour").asInt();
            List<PostRow> there = parsed.posts.values().stream()
                    .filter(p -> p.platform.equals(platform))
                    .filter(p -> {
                        ZonedDateTime l = p.published.atZone(zone);
                        return l.getDayOfWeek().getValue() == wd && l.getHour() == hour;
                    }).toList();
            assertThat(there).as(platform).hasSize(1);
            String id = acct.at("/viral_lonely_slot/post_id").asText();
            assertThat(there.get(0).id).isEqualTo(id);
            assertThat(lonelyViral).contains(id);
            assertThat(there.get(0).published).isEqualTo(Instant.parse(acct.at("/viral_lonely_slot/published_at").asText()));
        }
    }

    @Test
    void localTimesConvertCorrectlyAcrossDaylightSavingChanges() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(SampleGenerator.atLocal(LocalDateTime.parse("2026-03-28T20:00"), paris).toInstant())
                .isEqualTo(Instant.parse("2026-03-28T19:00:00Z"));
        assertThat(SampleGenerator.atLocal(LocalDateTime.parse("2026-03-29T20:00"), paris).toInstant())
                .isEqualTo(Instant.parse("2026-03-29T18:00:00Z"));
        assertThat(SampleGenerator.atLocal(LocalDateTime.parse("2026-03-29T02:30"), paris)).isNull();
        assertThat(SampleGenerator.atLocal(LocalDateTime.parse("2026-10-24T20:00"), paris).toInstant())
                .isEqualTo(Instant.parse("2026-10-24T18:00:00Z"));
        assertThat(SampleGenerator.atLocal(LocalDateTime.parse("2026-10-25T20:00"), paris).toInstant())
                .isEqualTo(Instant.parse("2026-10-25T19:00:00Z"));
        assertThat(SampleGenerator.atLocal(LocalDateTime.parse("2026-10-25T02:30"), paris).toInstant())
                .isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));

        // Facebook's audience is in Paris but its export is in New York time: converting back gives the
        // planted Paris best slot (Wednesday 20:00) in summer and in winter, and in the weeks when only
        // one of the two zones has changed its clocks.
        Map<String, Integer> bestBySeason = new TreeMap<>();
        for (PostRow p : parsed.posts.values()) {
            if (!p.platform.equals("facebook")) {
                continue;
            }
            ZonedDateTime local = p.published.atZone(paris);
            if (local.getDayOfWeek() == DayOfWeek.WEDNESDAY && local.getHour() == 20) {
                boolean summer = paris.getRules().isDaylightSavings(p.published);
                bestBySeason.merge(summer ? "summer" : "winter", 1, Integer::sum);
            }
        }
        assertThat(bestBySeason.getOrDefault("summer", 0)).isGreaterThan(10);
        assertThat(bestBySeason.getOrDefault("winter", 0)).isGreaterThan(10);

        // LinkedIn writes offsets: they must be London's offset at that instant.
        for (PostRow p : parsed.posts.values()) {
            if (p.platform.equals("linkedin")) {
                assertThat(p.offsetSeconds).isEqualTo(
                        ZoneId.of("Europe/London").getRules().getOffset(p.published).getTotalSeconds());
            }
        }
        // Every Meta local time maps to exactly one instant in its export zone.
        for (PostRow p : parsed.posts.values()) {
            if (p.exportLocal != null) {
                assertThat(p.exportZone.getRules().getValidOffsets(p.exportLocal)).hasSize(1);
            }
        }
    }

    @Test
    void postsSpanTheYearBeforeAsOf() {
        Instant start = Instant.parse("2025-11-28T00:00:00Z");
        Instant end = Instant.parse("2026-11-28T00:00:00Z");
        assertThat(parsed.posts.values()).allSatisfy(p -> assertThat(p.published).isBetween(start, end.minusSeconds(1)));
    }

    @Test
    void tweetsFitAndTheirEntitiesPointIntoTheText() {
        assertThat(parsed.tweets).isNotEmpty();
        int mentions = 0;
        for (JsonNode t : parsed.tweets) {
            String text = t.get("text").asText();
            assertThat(text.codePointCount(0, text.length())).isLessThanOrEqualTo(280);
            JsonNode ents = t.get("entities");
            if (ents == null) {
                assertThat(text).doesNotContain("#");
                continue;
            }
            for (JsonNode h : ents.path("hashtags")) {
                assertThat(cpSub(text, h.get("start").asInt(), h.get("end").asInt())).isEqualTo("#" + h.get("tag").asText());
            }
            for (JsonNode m : ents.path("mentions")) {
                mentions++;
                assertThat(cpSub(text, m.get("start").asInt(), m.get("end").asInt()))
                        .isEqualTo("@" + m.get("username").asText());
            }
            for (JsonNode u : ents.path("urls")) {
                assertThat(cpSub(text, u.get("start").asInt(), u.get("end").asInt())).isEqualTo(u.get("url").asText());
            }
        }
        assertThat(mentions).isPositive();
    }

    @Test
    void emergingThemeRisesAndDecliningThemeFalls() {
        Map<String, String> tagTheme = new HashMap<>();
        String emerging = null;
        String declining = null;
        for (JsonNode th : truth.get("themes")) {
            th.get("hashtags").forEach(h -> tagTheme.put(h.asText(), th.get("id").asText()));
            if (th.get("trend").asText().equals("emerging")) {
                emerging = th.get("id").asText();
            } else if (th.get("trend").asText().equals("declining")) {
                declining = th.get("id").asText();
            }
        }
        Instant window = Instant.parse("2026-10-31T00:00:00Z");
        Instant firstQuarter = Instant.parse("2026-02-28T00:00:00Z");
        // [0] before the last 28 days, [1] last 28 days, [2] first quarter of the year
        double[] total = new double[3];
        double[] rising = new double[3];
        double[] falling = new double[3];
        for (PostRow p : parsed.posts.values()) {
            String theme = null;
            for (String w : p.text.split("\\s+")) {
                if (tagTheme.containsKey(w)) {
                    theme = tagTheme.get(w);
                    break;
                }
            }
            List<Integer> periods = new ArrayList<>();
            periods.add(p.published.isBefore(window) ? 0 : 1);
            if (p.published.isBefore(firstQuarter)) {
                periods.add(2);
            }
            for (int k : periods) {
                total[k]++;
                if (emerging.equals(theme)) {
                    rising[k]++;
                }
                if (declining.equals(theme)) {
                    falling[k]++;
                }
            }
        }
        assertThat(rising[1] / total[1]).isGreaterThan(2 * rising[0] / total[0]);
        assertThat(falling[1] / total[1]).isLessThan(0.5 * falling[2] / total[2]);
    }

    @Test
    void commentsFollowTheirPostAndTheCrisisIsABurst() throws IOException {
        Csv comments = Csv.read(shared.resolve("exports/comments.csv"), ',');
        Set<String> keywords = new HashSet<>();
        truth.at("/crisis/keywords").forEach(k -> keywords.add(k.asText()));
        Instant crisisStart = Instant.parse(truth.at("/crisis/start").asText());
        Instant baselineStart = crisisStart.minusSeconds(60L * 86_400);
        int checked = 0;
        int inCrisis = 0;
        int baseline = 0;
        for (List<String> r : comments.rows) {
            Instant created;
            try {
                created = Instant.parse(r.get(3));
            } catch (DateTimeParseException e) {
                continue; // listed as malformed, checked elsewhere
            }
            PostRow post = parsed.posts.get(r.get(0) + "|" + r.get(1));
            if (post != null) {
                assertThat(created).isAfter(post.published);
                checked++;
            }
            assertThat(created).isBefore(Instant.parse("2026-11-28T06:00:00Z"));
            String lower = r.get(5).toLowerCase();
            boolean crisisWords = keywords.stream().anyMatch(lower::contains);
            if (crisisWords && !created.isBefore(crisisStart)) {
                inCrisis++;
            } else if (crisisWords && !created.isBefore(baselineStart)) {
                baseline++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
        double crisisPerDay = inCrisis / 5.25;
        double baselinePerDay = baseline / 60.0;
        assertThat(crisisPerDay).isGreaterThan(5 * Math.max(baselinePerDay, 1.0));
        assertThat(truth.at("/crisis/comments").asInt()).isGreaterThan(50);
    }

    @Test
    void partsSplitEachPostExport(@TempDir Path dir) throws IOException {
        GenerationResult r = SampleGenerator.generate(GeneratorSettings.of(3, 900).withPartsPerExport(3), dir);
        JsonNode gt = MAPPER.readTree(dir.resolve("ground_truth.json").toFile());
        for (String stem : List.of("facebook_posts", "instagram_posts", "linkedin_posts")) {
            for (int p = 1; p <= 3; p++) {
                Path f = dir.resolve(String.format("exports/%s-part-%04d.csv", stem, p));
                assertThat(f).isRegularFile();
                Csv csv = Csv.read(f, stem.startsWith("linkedin") ? ';' : ',');
                assertThat(csv.bom).isEqualTo(!stem.startsWith("linkedin"));
                assertThat(csv.rows).isNotEmpty();
                assertThat(gt.at("/counts/files/exports~1" + f.getFileName() + "/records").asLong())
                        .isEqualTo(csv.rows.size());
            }
            assertThat(dir.resolve("exports/" + stem + ".csv")).doesNotExist();
        }
        assertThat(dir.resolve("exports/x_tweets-part-0003.jsonl")).isRegularFile();
        assertThat(dir.resolve("exports/tiktok_videos-part-0002.jsonl")).isRegularFile();
        assertThat(dir.resolve("exports/comments.csv")).isRegularFile();
        assertThat(r.files()).contains(dir.resolve("exports/facebook_posts-part-0002.csv"));
        Parsed p = parseAll(dir, gt);
        Set<String> listed = new TreeSet<>();
        for (JsonNode m : gt.get("malformed")) {
            listed.add(key(m.get("file").asText(), m.get("record_number").asLong(),
                    m.has("index") ? m.get("index").asInt() : -1, m.get("kind").asText()));
        }
        assertThat(p.malformed).isEqualTo(listed);
    }

    @Test
    void tinySamplesWork(@TempDir Path dir) throws IOException {
        for (int n : new int[] {1, 2, 7, 40}) {
            Path d = dir.resolve("n" + n);
            GenerationResult r = SampleGenerator.generate(GeneratorSettings.of(n, n), d);
            assertThat(r.postsWritten()).isGreaterThanOrEqualTo(n - 1); // an X line may be broken
            assertThat(MAPPER.readTree(d.resolve("ground_truth.json").toFile()).get("posts").asInt()).isEqualTo(n);
        }
    }

    @Test
    void settingsAreValidated() {
        assertThatThrownBy(() -> new GeneratorSettings(1, -3, LocalDate.of(2026, 11, 28), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid posts: -3 (expected a whole number >= 1)");
        assertThatThrownBy(() -> GeneratorSettings.of(1, 0)).hasMessage("Invalid posts: 0 (expected a whole number >= 1)");
        assertThatThrownBy(() -> GeneratorSettings.of(1, 10).withPartsPerExport(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid partsPerExport: 0 (expected a whole number between 1 and 9999)");
        assertThatThrownBy(() -> new GeneratorSettings(1, 10, null, 1))
                .hasMessageStartingWith("Invalid asOf: null");
        assertThatThrownBy(() -> new GeneratorSettings(1, 10, LocalDate.of(1999, 1, 1), 1))
                .hasMessageStartingWith("Invalid asOf: 1999-01-01");
        assertThat(GeneratorSettings.of(1, 10).asOf()).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(GeneratorSettings.of(1, 10, null).asOf()).isEqualTo(GeneratorSettings.DEFAULT_AS_OF);
        assertThat(GeneratorSettings.of(1, 10).partsPerExport()).isEqualTo(1);
    }

    // ------------------------------------------------------------------------------------ parsing

    /** A well-formed post read back from an export. {@code rate} is NaN when its denominator is missing. */
    record PostRow(String platform, String id, Instant published, double rate, String text, String lang,
                   int offsetSeconds, LocalDateTime exportLocal, ZoneId exportZone) {
    }

    /** Everything read back from one generated folder. */
    static final class Parsed {
        /** Well-formed posts, first occurrence, keyed by platform|post_id. */
        final Map<String, PostRow> posts = new LinkedHashMap<>();
        /** file#record#index#kind of every malformed record found. */
        final Set<String> malformed = new TreeSet<>();
        final Map<String, Long> recordsPerFile = new TreeMap<>();
        /** file|post_id -> the raw records (CSV row or tweet JSON) with that id. */
        final Map<String, List<String>> rawById = new HashMap<>();
        final List<JsonNode> tweets = new ArrayList<>();
        long xItems;
    }

    static String key(String file, long record, int index, String kind) {
        return file + "#" + record + "#" + index + "#" + kind;
    }

    static Parsed parseAll(Path dir, JsonNode gt) throws IOException {
        Parsed out = new Parsed();
        for (JsonNode acct : gt.get("accounts")) {
            String platform = acct.get("platform").asText();
            for (JsonNode f : acct.get("files")) {
                String file = f.asText();
                Path path = dir.resolve(file);
                switch (platform) {
                    case "facebook", "instagram" -> parseMeta(out, platform, file, path,
                            ZoneId.of(acct.get("export_timezone").asText()));
                    case "linkedin" -> parseLinkedIn(out, file, path);
                    case "x" -> parseX(out, file, path);
                    case "tiktok" -> parseTikTok(out, file, path);
                    default -> throw new AssertionError(platform);
                }
            }
        }
        Csv comments = Csv.read(dir.resolve("exports/comments.csv"), ',');
        out.recordsPerFile.put("exports/comments.csv", (long) comments.rows.size());
        for (int i = 0; i < comments.rows.size(); i++) {
            try {
                Instant.parse(comments.rows.get(i).get(3));
            } catch (DateTimeParseException e) {
                out.malformed.add(key("exports/comments.csv", i + 1, -1, "bad_timestamp"));
            }
        }
        return out;
    }

    /** Kind of a count field: null when fine (or allowed empty), else negative_count / not_a_number. */
    static String countProblem(String v, boolean emptyAllowed) {
        if (v.isEmpty() || v.equals("N/A")) {
            return emptyAllowed ? null : "not_a_number";
        }
        if (v.matches("-\\d+")) {
            return "negative_count";
        }
        return v.matches("\\d+") ? null : "not_a_number";
    }

    static String countProblem(JsonNode v) {
        if (v == null || !v.isIntegralNumber()) {
            return "not_a_number";
        }
        return v.asLong() < 0 ? "negative_count" : null;
    }

    static void addProblems(Parsed out, String file, long record, int index, Set<String> kinds) {
        for (String k : kinds) {
            out.malformed.add(key(file, record, index, k));
        }
    }

    static void remember(Parsed out, String file, String id, String raw) {
        out.rawById.computeIfAbsent(file + "|" + id, k -> new ArrayList<>()).add(raw);
    }

    static void keep(Parsed out, PostRow p) {
        out.posts.putIfAbsent(p.platform + "|" + p.id, p);
    }

    static void parseMeta(Parsed out, String platform, String file, Path path, ZoneId zone) throws IOException {
        Csv csv = Csv.read(path, ',');
        out.recordsPerFile.put(file, (long) csv.rows.size());
        for (int i = 0; i < csv.rows.size(); i++) {
            List<String> r = csv.rows.get(i);
            Set<String> kinds = new TreeSet<>();
            if (r.get(0).isEmpty()) {
                kinds.add("missing_post_id");
            }
            LocalDateTime local = null;
            try {
                local = LocalDateTime.parse(r.get(6), META_TIME);
            } catch (DateTimeParseException e) {
                kinds.add("bad_timestamp");
            }
            for (int c = 12; c <= 18; c++) {
                String k = countProblem(r.get(c), c == 12 || c == 13);
                if (k != null) {
                    kinds.add(k);
                }
            }
            addProblems(out, file, i + 1, -1, kinds);
            remember(out, file, r.get(0), String.join("\u0001", r));
            if (kinds.isEmpty()) {
                double reach = r.get(13).equals("N/A") ? Double.NaN : Double.parseDouble(r.get(13));
                double interactions = Long.parseLong(r.get(15)) + Long.parseLong(r.get(16)) + Long.parseLong(r.get(17))
                        + Long.parseLong(r.get(18));
                keep(out, new PostRow(platform, r.get(0), local.atZone(zone).toInstant(), interactions / reach,
                        r.get(4), r.get(9), 0, local, zone));
            }
        }
    }

    static void parseLinkedIn(Parsed out, String file, Path path) throws IOException {
        Csv csv = Csv.read(path, ';');
        out.recordsPerFile.put(file, (long) csv.rows.size());
        for (int i = 0; i < csv.rows.size(); i++) {
            List<String> r = csv.rows.get(i);
            Set<String> kinds = new TreeSet<>();
            if (r.size() != 11) {
                addProblems(out, file, i + 1, -1, Set.of("wrong_column_count"));
                continue;
            }
            if (r.get(0).isEmpty()) {
                kinds.add("missing_post_id");
            }
            OffsetDateTime posted = null;
            try {
                posted = OffsetDateTime.parse(r.get(1));
            } catch (DateTimeParseException e) {
                kinds.add("bad_timestamp");
            }
            for (int c = 4; c <= 9; c++) {
                String k = countProblem(r.get(c), c == 9);
                if (k != null) {
                    kinds.add(k);
                }
            }
            assertThat(r.get(10)).isIn("yes", "no");
            assertThat(r.get(2)).isIn("Text", "Image", "Video", "Article", "Document", "Carousel");
            addProblems(out, file, i + 1, -1, kinds);
            remember(out, file, r.get(0), String.join("\u0001", r));
            if (kinds.isEmpty()) {
                double interactions = Long.parseLong(r.get(5)) + Long.parseLong(r.get(6)) + Long.parseLong(r.get(7))
                        + Long.parseLong(r.get(8));
                keep(out, new PostRow("linkedin", r.get(0), posted.toInstant(), interactions / Long.parseLong(r.get(4)),
                        r.get(3), "?", posted.getOffset().getTotalSeconds(), null, null));
            }
        }
    }

    static void parseX(Parsed out, String file, Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        out.recordsPerFile.put(file, (long) lines.size());
        for (int l = 0; l < lines.size(); l++) {
            JsonNode page;
            try {
                page = MAPPER.readTree(lines.get(l));
            } catch (IOException e) {
                addProblems(out, file, l + 1, -1, Set.of("broken_json"));
                continue;
            }
            Set<String> mediaKeys = new HashSet<>();
            page.at("/includes/media").forEach(m -> mediaKeys.add(m.get("media_key").asText()));
            JsonNode data = page.get("data");
            assertThat(page.at("/meta/result_count").asInt()).isEqualTo(data.size());
            assertThat(data.size()).isLessThanOrEqualTo(100);
            for (int i = 0; i < data.size(); i++) {
                JsonNode t = data.get(i);
                out.xItems++;
                Set<String> kinds = new TreeSet<>();
                if (!t.hasNonNull("id") || t.get("id").asText().isEmpty()) {
                    kinds.add("missing_post_id");
                }
                Instant created = null;
                try {
                    created = Instant.parse(t.path("created_at").asText());
                } catch (DateTimeParseException e) {
                    kinds.add("bad_timestamp");
                }
                t.get("public_metrics").properties().forEach(e -> {
                    String k = countProblem(e.getValue());
                    if (k != null) {
                        kinds.add(k);
                    }
                });
                t.path("attachments").path("media_keys").forEach(k -> assertThat(mediaKeys).contains(k.asText()));
                addProblems(out, file, l + 1, i, kinds);
                remember(out, file, t.path("id").asText(), t.toString());
                if (kinds.isEmpty()) {
                    out.tweets.add(t);
                    assertThat(t.get("id").asText()).hasSize(19);
                    JsonNode m = t.get("public_metrics");
                    double interactions = m.get("like_count").asLong() + m.get("reply_count").asLong()
                            + m.get("retweet_count").asLong() + m.get("quote_count").asLong()
                            + m.get("bookmark_count").asLong();
                    keep(out, new PostRow("x", t.get("id").asText(), created,
                            interactions / m.get("impression_count").asDouble(), t.get("text").asText(),
                            t.get("lang").asText(), 0, null, null));
                }
            }
        }
    }

    static void parseTikTok(Parsed out, String file, Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        out.recordsPerFile.put(file, (long) lines.size());
        for (int l = 0; l < lines.size(); l++) {
            JsonNode v;
            try {
                v = MAPPER.readTree(lines.get(l));
            } catch (IOException e) {
                addProblems(out, file, l + 1, -1, Set.of("broken_json"));
                continue;
            }
            Set<String> kinds = new TreeSet<>();
            if (!v.hasNonNull("video_id") || v.get("video_id").asText().isEmpty()) {
                kinds.add("missing_post_id");
            }
            if (!v.path("create_time").isIntegralNumber()) {
                kinds.add("bad_timestamp");
            }
            for (String c : List.of("view_count", "like_count", "comment_count", "share_count", "collect_count")) {
                String k = countProblem(v.get(c));
                if (k != null) {
                    kinds.add(k);
                }
            }
            addProblems(out, file, l + 1, -1, kinds);
            remember(out, file, v.path("video_id").asText(), lines.get(l));
            if (kinds.isEmpty()) {
                double interactions = v.get("like_count").asLong() + v.get("comment_count").asLong()
                        + v.get("share_count").asLong() + v.get("collect_count").asLong();
                keep(out, new PostRow("tiktok", v.get("video_id").asText(),
                        Instant.ofEpochSecond(v.get("create_time").asLong()),
                        interactions / v.get("view_count").asDouble(), v.get("video_description").asText(), "?", 0,
                        null, null));
            }
        }
    }

    static String cpSub(String s, int start, int end) {
        return s.substring(s.offsetByCodePoints(0, start), s.offsetByCodePoints(0, end));
    }

    /** A small RFC 4180 reader: quoted fields may hold the delimiter, doubled quotes and line breaks. */
    static final class Csv {
        boolean bom;
        List<String> header;
        final List<List<String>> rows = new ArrayList<>();

        static Csv read(Path path, char delimiter) throws IOException {
            String s = Files.readString(path, StandardCharsets.UTF_8);
            Csv csv = new Csv();
            int i = 0;
            if (s.startsWith("\uFEFF")) {
                csv.bom = true;
                i = 1;
            }
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < s.length() && s.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        field.append(c);
                    }
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                    any = true;
                } else if (c == delimiter) {
                    record.add(field.toString());
                    field.setLength(0);
                    any = true;
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i < s.length() && s.charAt(i) == '\n') {
                        i++;
                    }
                    record.add(field.toString());
                    records.add(record);
                    record = new ArrayList<>();
                    field.setLength(0);
                    any = false;
                } else {
                    field.append(c);
                    any = true;
                }
            }
            if (quoted) {
                throw new IllegalStateException("unterminated quote in " + path);
            }
            if (any || field.length() > 0) {
                record.add(field.toString());
                records.add(record);
            }
            csv.header = records.isEmpty() ? List.of() : records.get(0);
            csv.rows.addAll(records.subList(Math.min(1, records.size()), records.size()));
            return csv;
        }
    }
}
