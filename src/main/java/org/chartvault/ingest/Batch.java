package org.chartvault.ingest;

import org.chartvault.document.Indexing;

import java.time.Instant;
import java.util.List;

/**
 * One upload: who sent which files when, the indexing values given with them, and what became of each file.
 * Stored as {@code batches/<id>.json}; its progress is read from the documents it created.
 *
 * @param name what the scanner calls the batch ("ER charts, Tuesday night"); null when unnamed
 */
public record Batch(String batchId, String createdBy, Instant createdAt, Indexing indexing, List<Entry> entries,
                    String name) {
    /** A name is a label on a screen, not a note. */
    public static final int MAX_NAME = 120;

    public Batch {
        entries = List.copyOf(entries);
        name = checkName(name);
    }

    public Batch(String batchId, String createdBy, Instant createdAt, Indexing indexing, List<Entry> entries) {
        this(batchId, createdBy, createdAt, indexing, entries, null);
    }

    /** A name as typed: stripped, blank meaning none; refused (IllegalArgumentException) when too long or with control characters. */
    public static String checkName(String name) {
        if (name == null || name.isBlank()) return null;
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME) {
            throw new IllegalArgumentException("A batch name is at most " + MAX_NAME + " characters.");
        }
        if (stripped.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A batch name is one line of text (no tabs or line breaks).");
        }
        return stripped;
    }

    public Batch withName(String newName) {
        return new Batch(batchId, createdBy, createdAt, indexing, entries, newName);
    }

    /** The batch with the entry of {@code documentId} replaced by {@code replacements} (a stream split into documents). */
    public Batch replacing(String documentId, List<Entry> replacements) {
        if (entries.stream().noneMatch(e -> documentId.equals(e.documentId()))) return this;
        List<Entry> changed = new java.util.ArrayList<>();
        for (Entry entry : entries) {
            if (documentId.equals(entry.documentId())) changed.addAll(replacements);
            else changed.add(entry);
        }
        return new Batch(batchId, createdBy, createdAt, indexing, changed, name);
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
