package org.chartvault.ingest;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading batches back: their progress for the uploader, their history for the scanning room. */
public final class BatchService {
    private final BatchRepository batches;
    private final DocumentRepository documents;

    public BatchService(BatchRepository batches, DocumentRepository documents) {
        this.batches = batches;
        this.documents = documents;
    }

    public Optional<Batch> find(String batchId) throws IOException {
        return batches.find(batchId);
    }

    public List<Batch> list(String createdBy, int offset, int limit) throws IOException {
        return batches.list(createdBy, offset, limit);
    }

    /**
     * Gives the batch a name (or takes it away, with null or blank). Refused (IllegalArgumentException) when the
     * name is too long or not one line; empty when there is no such batch.
     */
    public Optional<Batch> rename(String batchId, String name) throws IOException {
        String checked = Batch.checkName(name);
        return batches.change(batchId, b -> b.withName(checked));
    }

    public BatchProgress progress(Batch batch) throws IOException {
        List<BatchProgress.DocumentProgress> files = new ArrayList<>();
        int pagesDone = 0, pagesTotal = 0;
        boolean settled = true;
        for (Batch.Entry entry : batch.entries()) {
            if (!Batch.Entry.QUEUED.equals(entry.outcome())) {
                files.add(new BatchProgress.DocumentProgress(entry.documentId(), entry.file(), entry.outcome(), 0, 0,
                        entry.error()));
                continue;
            }
            Optional<Document> document = documents.find(entry.documentId());
            if (document.isEmpty()) {
                // Deleted since (by a person, or destroyed by retention): nothing left to wait for.
                files.add(new BatchProgress.DocumentProgress(entry.documentId(), entry.file(), "deleted", 0, 0, null));
                continue;
            }
            Document d = document.get();
            settled &= d.status().isSettled();
            int done = d.status().isSettled() ? d.pagesTotal() : d.pages().size();
            pagesDone += done;
            pagesTotal += d.pagesTotal();
            files.add(new BatchProgress.DocumentProgress(d.documentId(), entry.file(), d.status().wire(),
                    d.pages().size(), d.pagesTotal(), d.error()));
        }
        return BatchProgress.of(batch.batchId(), batch.name(), batch.createdBy(), batch.createdAt(),
                settled ? BatchProgress.DONE : BatchProgress.PROCESSING, pagesDone, pagesTotal, files);
    }
}
