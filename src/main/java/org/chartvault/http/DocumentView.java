package org.chartvault.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.chartvault.capture.CaptureRecord;
import org.chartvault.document.Document;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ReviewReason;
import org.chartvault.document.SourceScan;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A document as the API contract shows it: indexing values at the top level (null when not known yet, never
 * left out), pages with their confidence. {@code sha256}, {@code fileName}, {@code contentType} and {@code bytes}
 * describe what {@code original} hands out; {@code wholeUpload} says whether that is the uploaded file itself, and
 * {@code sourceScans} where the pages lie in the uploaded scan(s), runs of pages in the document's order.
 * {@code reviewReasons} are the reasons' sentences (as before reasons had kinds); {@code reasons} the same with their kind.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record DocumentView(String documentId, String sha256, String fileName, String contentType, long bytes,
                    String mrn, String patientName, LocalDate birthDate, String documentType, LocalDate serviceDate,
                    String encounter, String status, int pagesTotal, List<Page> pages, List<String> holds,
                    List<String> reviewReasons, String error, String batchId, String uploadedBy, Instant uploadedAt,
                    long version, Instant updatedAt, Map<String, String> sources, List<Integer> sourcePages,
                    boolean wholeUpload, List<SourceScan> sourceScans, List<Reason> reasons) {

    record Page(int number, Double confidence, String source) {
    }

    /** A review reason with its kind: {@code code} for programs, {@code heading} and {@code text} for people. */
    record Reason(String code, String heading, String field, String text) {
        static Reason of(ReviewReason r) {
            return new Reason(r.kind().code(), r.kind().heading(), r.field(), r.text());
        }
    }

    /** With where each indexing value came from and, for a document cut from a stream, its pages in the upload. */
    static DocumentView of(Document d, CaptureRecord capture) {
        DocumentView v = of(d);
        return new DocumentView(v.documentId, v.sha256, v.fileName, v.contentType, v.bytes, v.mrn, v.patientName,
                v.birthDate, v.documentType, v.serviceDate, v.encounter, v.status, v.pagesTotal, v.pages, v.holds,
                v.reviewReasons, v.error, v.batchId, v.uploadedBy, v.uploadedAt, v.version, v.updatedAt,
                capture.sources(), capture.sourcePages().isEmpty() ? null : capture.sourcePages(), v.wholeUpload,
                v.sourceScans, v.reasons);
    }

    static DocumentView of(Document d) {
        return new DocumentView(d.documentId(), d.sha256(), d.fileName(), d.contentType(), d.bytes(),
                d.indexing().mrn(), d.indexing().patientName(), d.indexing().birthDate(), d.indexing().documentType(),
                d.indexing().serviceDate(), d.indexing().encounter(), d.status().wire(), d.pagesTotal(),
                d.pages().stream().filter(p -> !p.blank()).map(DocumentView::page).toList(), d.holds(),
                d.reviewReasons().stream().map(ReviewReason::text).toList(), d.error(), d.batchId(), d.uploadedBy(),
                d.uploadedAt(), d.version(), d.updatedAt(), null, null, d.isWholeUpload(), d.sourceScans(),
                d.reviewReasons().stream().map(Reason::of).toList());
    }

    private static Page page(PageSummary p) {
        return new Page(p.number(), p.confidence(), p.source());
    }
}
