package org.chartvault.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One purge run, stored as {@code retention/runs/<id>.json}. A dry run lists what would go ({@code eligible}) and
 * destroys nothing; a real run destroys the eligible documents and its certificate of destruction lists them.
 *
 * @param approvedBy who approved the destruction: the person who started the run, or for an automatic run the
 *                   administrator who turned automatic purges on
 * @param eligible   past their retention period and under no hold when the run began
 * @param destroyed  destroyed by this run (empty for a dry run)
 * @param skipped    past their retention period (or of unknown period) but kept, each with the reason
 * @param status     {@code running} while documents are being destroyed, then {@code done}
 */
public record RetentionRun(String runId, boolean dryRun, LocalDate asOf, String startedBy, Instant startedAt,
                           String approvedBy, String note, String status, Instant finishedAt,
                           List<RetentionItem> eligible, List<RetentionItem> destroyed, List<RetentionItem> skipped,
                           String certificatePdfSha256, String certificateJsonSha256) {
    public static final String RUNNING = "running", DONE = "done";

    public RetentionRun {
        Objects.requireNonNull(runId, "runId");
        eligible = eligible == null ? List.of() : List.copyOf(eligible);
        destroyed = destroyed == null ? List.of() : List.copyOf(destroyed);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    RetentionRun finished(List<RetentionItem> destroyedNow, List<RetentionItem> skippedNow, Instant at,
                          String pdfSha256, String jsonSha256) {
        return new RetentionRun(runId, dryRun, asOf, startedBy, startedAt, approvedBy, note, DONE, at, eligible,
                destroyedNow, skippedNow, pdfSha256, jsonSha256);
    }
}
