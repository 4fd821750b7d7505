package org.chartvault.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * One purge run, stored as {@code retention/runs/<id>.json}. A dry run is a <em>destruction list</em>: what would go
 * ({@code eligible}), destroying nothing, awaiting a person's approval. A real run carries out an approved list: it
 * destroys what on the list is still eligible, and its certificate of destruction lists it.
 *
 * @param approvedBy who signed off the destruction list (a person, never the system); for a real run, the approver of
 *                   the list it carried out; null while a list awaits approval
 * @param eligible   past their retention period and under no hold when the run began (for a real run: on its list too)
 * @param destroyed  destroyed by this run (empty for a dry run)
 * @param skipped    past their retention period (or of unknown period) but kept, each with the reason
 * @param status     a list is {@code awaiting-approval}, then {@code approved}; a real run is {@code running} while
 *                   documents are being destroyed, then {@code done}
 * @param automatic  made by the automatic purge: such a list still waits for a person's approval
 * @param listId     for a real run, the approved destruction list it carried out
 * @param destroyedBy for a real run, who carried it out; {@code witness} who witnessed it; {@code method} how
 */
public record RetentionRun(String runId, boolean dryRun, LocalDate asOf, String startedBy, Instant startedAt,
                           String approvedBy, String note, String status, Instant finishedAt,
                           List<RetentionItem> eligible, List<RetentionItem> destroyed, List<RetentionItem> skipped,
                           String certificatePdfSha256, String certificateJsonSha256, boolean automatic,
                           Instant approvedAt, String approvalNote, String listId, String destroyedBy, String witness,
                           String method) {
    public static final String RUNNING = "running", DONE = "done", AWAITING_APPROVAL = "awaiting-approval",
            APPROVED = "approved";

    public RetentionRun {
        Objects.requireNonNull(runId, "runId");
        eligible = eligible == null ? List.of() : List.copyOf(eligible);
        destroyed = destroyed == null ? List.of() : List.copyOf(destroyed);
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
    }

    /** A destruction list (dry run), awaiting approval. */
    static RetentionRun list(String runId, LocalDate asOf, String startedBy, Instant at, String note, boolean automatic,
                             List<RetentionItem> eligible, List<RetentionItem> skipped) {
        return new RetentionRun(runId, true, asOf, startedBy, at, null, note, AWAITING_APPROVAL, at, eligible, List.of(),
                skipped, null, null, automatic, null, null, null, null, null, null);
    }

    /** A real run carrying out {@code list}, started now. */
    static RetentionRun carryingOut(String runId, RetentionRun list, LocalDate asOf, String by, Instant at, String note,
                                    String witness, String method, List<RetentionItem> eligible,
                                    List<RetentionItem> skipped) {
        return new RetentionRun(runId, false, asOf, by, at, list.approvedBy(), note, RUNNING, null, eligible, List.of(),
                skipped, null, null, false, list.approvedAt(), list.approvalNote(), list.runId(), by, witness, method);
    }

    boolean awaitsApproval() {
        return dryRun && approvedBy == null;
    }

    RetentionRun approved(String by, Instant at, String why) {
        return new RetentionRun(runId, dryRun, asOf, startedBy, startedAt, by, note, APPROVED, finishedAt, eligible,
                destroyed, skipped, certificatePdfSha256, certificateJsonSha256, automatic, at, why, listId, destroyedBy,
                witness, method);
    }

    RetentionRun finished(List<RetentionItem> destroyedNow, List<RetentionItem> skippedNow, Instant at,
                          String pdfSha256, String jsonSha256) {
        return new RetentionRun(runId, dryRun, asOf, startedBy, startedAt, approvedBy, note, DONE, at, eligible,
                destroyedNow, skippedNow, pdfSha256, jsonSha256, automatic, approvedAt, approvalNote, listId,
                destroyedBy, witness, method);
    }
}
