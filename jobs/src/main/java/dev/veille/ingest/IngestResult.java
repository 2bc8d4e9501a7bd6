package dev.veille.ingest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * What an ingest did. Invariant, per file and in total:
 * {@code recordsIn == recordsOk + recordsQuarantined}.
 *
 * @param tableRows new rows per table (posts, engagement, comments, quarantine), duplicates merged
 * @param duplicatesMerged valid post and comment records of this run whose key another record of
 *     this run also had (merged by the rule in {@link dev.veille.common.warehouse.TableWriter})
 * @param phaseSeconds wall time of each phase that ran, in order: {@code plan} (listing,
 *     checksums, headers), {@code stage} (reading, parsing and writing the valid rows to staging),
 *     {@code engagement}, {@code publish}, {@code quarantine}, {@code record} (ledger)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record IngestResult(String runId, String status, List<FileCounts> files, long recordsIn,
    long recordsOk, long recordsQuarantined, long duplicatesMerged, Map<String, Long> rejectReasons,
    Map<String, Long> tableRows, List<String> notes, String manifest, Map<String, Double> phaseSeconds) {

  /** Counts for one input file; {@code skipped} when its contents were ingested before. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record FileCounts(String path, String mapping, String table, String sha256, boolean skipped,
      long recordsIn, long recordsOk, long recordsQuarantined) {
    public double badRatio() {
      return recordsIn == 0 ? 0 : (double) recordsQuarantined / recordsIn;
    }
  }
}
