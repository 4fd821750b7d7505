package org.chartvault.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.chartvault.document.Document;
import org.chartvault.document.PageSummary;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A document as the API contract shows it: indexing values at the top level (null when not known yet, never
 * left out), pages with their confidence.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record DocumentView(String documentId, String sha256, String fileName, String contentType, long bytes,
                    String mrn, String patientName, LocalDate birthDate, String documentType, LocalDate serviceDate,
                    String encounter, String status, int pagesTotal, List<Page> pages, List<String> holds,
                    List<String> reviewReasons, String error, String batchId, String uploadedBy, Instant uploadedAt,
                    long version, Instant updatedAt) {

    record Page(int number, Double confidence, String source) {
    }

    static DocumentView of(Document d) {
        return new DocumentView(d.documentId(), d.sha256(), d.fileName(), d.contentType(), d.bytes(),
                d.indexing().mrn(), d.indexing().patientName(), d.indexing().birthDate(), d.indexing().documentType(),
                d.indexing().serviceDate(), d.indexing().encounter(), d.status().wire(), d.pagesTotal(),
                d.pages().stream().filter(p -> !p.blank()).map(DocumentView::page).toList(), d.holds(),
                d.reviewReasons(), d.error(), d.batchId(), d.uploadedBy(), d.uploadedAt(), d.version(), d.updatedAt());
    }

    private static Page page(PageSummary p) {
        return new Page(p.number(), p.confidence(), p.source());
    }
}
