package dev.veille.samples;

import java.time.LocalDate;

/**
 * What {@link SampleGenerator#generate} should produce.
 *
 * @param seed           every random choice derives from it: same settings, byte-identical files
 * @param posts          total number of posts over the five accounts (at least 1)
 * @param asOf           the export date: posts are published in the 365 days before {@code asOf}
 *                       00:00 UTC and the exports are "taken" at {@code asOf} 06:00 UTC
 * @param partsPerExport how many files each post export is split into (1 = one file per export,
 *                       the only layout that the copied {@code veille.yaml} describes)
 * @param schedule       how the accounts schedule their posts and where their best slot is
 */
public record GeneratorSettings(long seed, int posts, LocalDate asOf, int partsPerExport, Schedule schedule) {

    /** Where each account's planted best slot is and how often the team posts there. */
    public enum Schedule {
        /** The catalogue's best slots, with about 7.5% of each account's posts put there on purpose. */
        CATALOGUE,
        /**
         * Each account's best slot is an evening hour (18:00 to 22:00, any weekday) drawn from the seed,
         * and the team posts there only 5 to 10 times over the year, while its other posts follow the
         * office-hours weights: the case where the best slot is the one the account rarely uses.
         */
        LOW_VOLUME_EVENING
    }

    /** The catalogue schedule: the settings every sample had before schedules could be chosen. */
    public GeneratorSettings(long seed, int posts, LocalDate asOf, int partsPerExport) {
        this(seed, posts, asOf, partsPerExport, Schedule.CATALOGUE);
    }

    /** The export date used when none is given (the bundled sample's date). */
    public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 11, 28);

    /** Largest {@code partsPerExport}: part files are numbered with four digits. */
    public static final int MAX_PARTS = 9999;

    /** Dates outside this range would overflow the snowflake-style post ids of X and LinkedIn. */
    public static final LocalDate MIN_AS_OF = LocalDate.of(2012, 1, 1);
    public static final LocalDate MAX_AS_OF = LocalDate.of(2035, 12, 31);

    public GeneratorSettings {
        if (posts < 1) {
            throw new IllegalArgumentException(
                    "Invalid posts: " + posts + " (expected a whole number >= 1)");
        }
        if (partsPerExport < 1 || partsPerExport > MAX_PARTS) {
            throw new IllegalArgumentException("Invalid partsPerExport: " + partsPerExport
                    + " (expected a whole number between 1 and " + MAX_PARTS + ")");
        }
        if (asOf == null || asOf.isBefore(MIN_AS_OF) || asOf.isAfter(MAX_AS_OF)) {
            throw new IllegalArgumentException("Invalid asOf: " + asOf
                    + " (expected a date between " + MIN_AS_OF + " and " + MAX_AS_OF + ")");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("Invalid schedule: null (expected CATALOGUE or LOW_VOLUME_EVENING)");
        }
    }

    /** {@code posts} posts as of {@link #DEFAULT_AS_OF}, one file per export. */
    public static GeneratorSettings of(long seed, int posts) {
        return new GeneratorSettings(seed, posts, DEFAULT_AS_OF, 1);
    }

    /** {@code posts} posts as of {@code asOf} ({@link #DEFAULT_AS_OF} when null), one file per export. */
    public static GeneratorSettings of(long seed, int posts, LocalDate asOf) {
        return new GeneratorSettings(seed, posts, asOf == null ? DEFAULT_AS_OF : asOf, 1);
    }

    /** The same settings with each post export split into {@code parts} files. */
    public GeneratorSettings withPartsPerExport(int parts) {
        return new GeneratorSettings(seed, posts, asOf, parts, schedule);
    }

    /** The same settings with another posting schedule. */
    public GeneratorSettings withSchedule(Schedule other) {
        return new GeneratorSettings(seed, posts, asOf, partsPerExport, other);
    }
}
