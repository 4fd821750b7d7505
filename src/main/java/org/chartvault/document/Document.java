package org.chartvault.document;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One archived document: an uploaded file (or a part of a scanned stream) and what is known about it.
 * Stored as {@code documents/<id>/document.json}; the original bytes live under {@code originals/<sha256>}.
 *
 * @param pagesTotal   number of pages in the original (known once imaging has opened it; 0 before)
 * @param pages        pages processed so far, in order
 * @param holds        ids of the legal holds that cover this document
 * @param reviewReasons why a person must look at it (status {@code needs-review}), in plain words
 * @param version      incremented on every change of this record
 */
public record Document(String documentId, String sha256, String fileName, String contentType, long bytes,
                       String batchId, String uploadedBy, Instant uploadedAt,
                       Indexing indexing, DocumentStatus status, int pagesTotal, List<PageSummary> pages,
                       List<String> holds, List<String> reviewReasons, String error,
                       long version, Instant updatedAt) {

    public Document {
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(sha256, "sha256");
        indexing = indexing == null ? Indexing.EMPTY : indexing;
        pages = pages == null ? List.of() : List.copyOf(pages);
        holds = holds == null ? List.of() : List.copyOf(holds);
        reviewReasons = reviewReasons == null ? List.of() : List.copyOf(reviewReasons);
    }

    public boolean isHeld() {
        return !holds.isEmpty();
    }

    public Document withStatus(DocumentStatus newStatus, String newError) {
        return new Document(documentId, sha256, fileName, contentType, bytes, batchId, uploadedBy, uploadedAt,
                indexing, newStatus, pagesTotal, pages, holds, reviewReasons, newError, version, updatedAt);
    }

    public Document withIndexing(Indexing newIndexing) {
        return new Document(documentId, sha256, fileName, contentType, bytes, batchId, uploadedBy, uploadedAt,
                newIndexing, status, pagesTotal, pages, holds, reviewReasons, error, version, updatedAt);
    }

    public Document withPages(int newPagesTotal, List<PageSummary> newPages) {
        return new Document(documentId, sha256, fileName, contentType, bytes, batchId, uploadedBy, uploadedAt,
                indexing, status, newPagesTotal, newPages, holds, reviewReasons, error, version, updatedAt);
    }

    public Document withHolds(List<String> newHolds) {
        return new Document(documentId, sha256, fileName, contentType, bytes, batchId, uploadedBy, uploadedAt,
                indexing, status, pagesTotal, pages, newHolds, reviewReasons, error, version, updatedAt);
    }

    public Document withReviewReasons(List<String> newReasons) {
        return new Document(documentId, sha256, fileName, contentType, bytes, batchId, uploadedBy, uploadedAt,
                indexing, status, pagesTotal, pages, holds, newReasons, error, version, updatedAt);
    }

    /** The record as it is written: next version, stamped with the time of the write. */
    Document nextVersion(Instant now) {
        return new Document(documentId, sha256, fileName, contentType, bytes, batchId, uploadedBy, uploadedAt,
                indexing, status, pagesTotal, pages, holds, reviewReasons, error, version + 1, now);
    }
}
