package org.chartvault.ingest;

import java.time.Instant;
import java.util.List;

/**
 * How far a batch has come, read from its documents: {@code processing} until every queued document has
 * settled (indexed, needs-review or failed), then {@code done}.
 *
 * @param name    what the scanner called the batch; null when unnamed
 * @param outcome what the scanner must do about it, for the color of its status: {@code processing};
 *                {@code complete} when nothing needs anyone (every file indexed, or archived already);
 *                {@code needs-review} when an indexer must check some; {@code problems} when some were rejected
 *                or failed (that wins over review)
 * @param counts  how many files ended how
 */
public record BatchProgress(String batchId, String name, String createdBy, Instant createdAt, String status,
                            String outcome, Counts counts, int pagesDone, int pagesTotal,
                            List<DocumentProgress> documents) {
    public static final String PROCESSING = "processing";
    public static final String DONE = "done";
    public static final String COMPLETE = "complete";
    public static final String NEEDS_REVIEW = "needs-review";
    public static final String PROBLEMS = "problems";

    public BatchProgress {
        documents = List.copyOf(documents);
    }

    /** The progress of these files, with the counts and outcome worked out from them. */
    public static BatchProgress of(String batchId, String name, String createdBy, Instant createdAt, String status,
                                   int pagesDone, int pagesTotal, List<DocumentProgress> documents) {
        Counts counts = Counts.of(documents);
        String outcome = !DONE.equals(status) ? PROCESSING
                : counts.rejected() + counts.failed() > 0 ? PROBLEMS
                : counts.needsReview() > 0 ? NEEDS_REVIEW : COMPLETE;
        return new BatchProgress(batchId, name, createdBy, createdAt, status, outcome, counts, pagesDone, pagesTotal,
                documents);
    }

    /** The same progress showing these files instead (the same files, some described less). */
    public BatchProgress withDocuments(List<DocumentProgress> shown) {
        return new BatchProgress(batchId, name, createdBy, createdAt, status, outcome, counts, pagesDone, pagesTotal, shown);
    }

    /** One file of the batch: its document's status, or {@code duplicate}/{@code rejected} from upload. */
    public record DocumentProgress(String documentId, String file, String status, int pages, int pagesTotal,
                                   String error) {
    }

    /** Files of the batch by how they ended (or are getting on). */
    public record Counts(int files, int indexed, int needsReview, int failed, int rejected, int duplicate,
                         int processing, int deleted) {
        static Counts of(List<DocumentProgress> documents) {
            int indexed = 0, needsReview = 0, failed = 0, rejected = 0, duplicate = 0, processing = 0, deleted = 0;
            for (DocumentProgress d : documents) {
                switch (d.status()) {
                    case "indexed" -> indexed++;
                    case "needs-review" -> needsReview++;
                    case "failed" -> failed++;
                    case "rejected" -> rejected++;
                    case "duplicate" -> duplicate++;
                    case "deleted" -> deleted++;
                    default -> processing++;
                }
            }
            return new Counts(documents.size(), indexed, needsReview, failed, rejected, duplicate, processing, deleted);
        }
    }
}
