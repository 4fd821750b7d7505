package org.chartvault.ingest;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentRepository;

import java.io.IOException;
import java.util.function.UnaryOperator;

/** The record of a document being processed: changed under its lock; one deleted meanwhile ends its processing. */
final class ProcessingRecords {
    private final DocumentRepository documents;

    ProcessingRecords(DocumentRepository documents) {
        this.documents = documents;
    }

    Document update(String documentId, UnaryOperator<Document> change) throws IOException {
        try {
            return documents.update(documentId, change);
        } catch (DocumentNotFoundException e) {
            throw new DocumentDeletedException(documentId);
        }
    }

    /** The document was deleted while it was being processed: nothing more to do. */
    static final class DocumentDeletedException extends RuntimeException {
        DocumentDeletedException(String documentId) {
            super("document " + documentId + " was deleted during processing");
        }
    }
}
