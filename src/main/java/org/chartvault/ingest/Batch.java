package org.chartvault.ingest;

import org.chartvault.document.Indexing;

import java.time.Instant;
import java.util.List;

/**
 * One upload: who sent which files when, the indexing values given with them, and what became of each file.
 * Stored as {@code batches/<id>.json}; its progress is read from the documents it created.
 */
public record Batch(String batchId, String createdBy, Instant createdAt, Indexing indexing, List<Entry> entries) {

    public Batch {
        entries = List.copyOf(entries);
    }

    /** The batch with the entry of {@code documentId} replaced by {@code replacements} (a stream split into documents). */
    public Batch replacing(String documentId, List<Entry> replacements) {
        if (entries.stream().noneMatch(e -> documentId.equals(e.documentId()))) return this;
        List<Entry> changed = new java.util.ArrayList<>();
        for (Entry entry : entries) {
            if (documentId.equals(entry.documentId())) changed.addAll(replacements);
            else changed.add(entry);
        }
        return new Batch(batchId, createdBy, createdAt, indexing, changed);
    }

    /** One file of the batch (an entry of a ZIP counts as a file, named {@code archive.zip/inner.pdf}). */
    public record Entry(String file, String documentId, String outcome, String error) {
        public static final String QUEUED = "queued";
        public static final String DUPLICATE = "duplicate";
        public static final String REJECTED = "rejected";

        static Entry of(Acceptance acceptance) {
            return switch (acceptance) {
                case Acceptance.Queued q -> new Entry(q.file(), q.documentId(), QUEUED, null);
                case Acceptance.Duplicate d -> new Entry(d.file(), d.documentId(), DUPLICATE, null);
                case Acceptance.Rejected r -> new Entry(r.file(), null, REJECTED, r.reason());
            };
        }
    }
}
