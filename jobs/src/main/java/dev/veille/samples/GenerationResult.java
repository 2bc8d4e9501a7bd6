package dev.veille.samples;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SampleGenerator#generate} wrote.
 *
 * @param postsWritten     post records written to the post exports (duplicated rows and malformed
 *                         records included, i.e. what a reader of the exports meets; X counts tweets)
 * @param commentsWritten  rows of {@code exports/comments.csv} (malformed ones included)
 * @param malformedRecords entries of {@code malformed} in {@code ground_truth.json}
 * @param files            every file written, in the order written
 */
public record GenerationResult(long postsWritten, long commentsWritten, long malformedRecords, List<Path> files) {
    public GenerationResult {
        files = List.copyOf(files);
    }
}
