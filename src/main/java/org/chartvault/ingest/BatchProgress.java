package org.chartvault.ingest;

import java.time.Instant;
import java.util.List;

/**
 * How far a batch has come, read from its documents: {@code processing} until every queued document has
 * settled (indexed, needs-review or failed), then {@code done}.
 */
public record BatchProgress(String batchId, String createdBy, Instant createdAt, String status,
                            int pagesDone, int pagesTotal, List<DocumentProgress> documents) {
    public static final String PROCESSING = "processing";
    public static final String DONE = "done";

    /** One file of the batch: its document's status, or {@code duplicate}/{@code rejected} from upload. */
    public record DocumentProgress(String documentId, String file, String status, int pages, int pagesTotal,
                                   String error) {
    }
}
