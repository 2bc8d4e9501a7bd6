package dev.veille.common;

import java.time.Instant;
import java.time.ZoneId;

/**
 * One export to ingest: where it is and how to read it.
 *
 * @param path file, folder or glob (local path or Hadoop URI such as {@code s3a://bucket/x.csv})
 * @param mapping {@code preset:NAME} or the location of a mapping YAML file
 * @param platform overrides the mapping's platform (one preset serves Facebook and Instagram)
 * @param timestampZone overrides the mapping's zone for timestamps that carry no offset
 * @param observedAt when the engagement counts were read, if the export has no such column;
 *     null means the file's modification time
 */
public record SourceSpec(String path, String mapping, String platform, ZoneId timestampZone,
    Instant observedAt) {}
