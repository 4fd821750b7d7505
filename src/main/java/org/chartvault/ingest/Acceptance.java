package org.chartvault.ingest;

/** What became of one uploaded file: the three answers of {@code POST /api/batches}. */
public sealed interface Acceptance {

    String file();

    /** Stored and queued for processing as a new document. */
    record Queued(String file, String documentId) implements Acceptance {
    }

    /** The same bytes are already archived as {@code documentId}; nothing new was stored. */
    record Duplicate(String file, String documentId) implements Acceptance {
    }

    /** Refused; {@code reason} tells the person who uploaded it why, in a sentence. */
    record Rejected(String file, String reason) implements Acceptance {
    }
}
