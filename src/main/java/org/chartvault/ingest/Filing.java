package org.chartvault.ingest;

import org.chartvault.capture.CaptureRecord;
import org.chartvault.capture.CaptureService;
import org.chartvault.capture.StreamSplitter;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.PageContent;
import org.chartvault.document.ReviewReason;
import org.chartvault.index.SearchIndex;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.ocr.SearchablePdfs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Filing a document whose pages are all stored: decides its indexing (typed values, barcodes, text, registry), writes
 * its searchable PDF, asks the {@link ReviewPolicy} whether a person must look at it, indexes it durably, tells
 * listeners (legal holds), then sets its final status, fenced by the job's claim (see {@link DocumentProcessor}).
 */
final class Filing {
    private static final Logger log = LoggerFactory.getLogger(Filing.class);

    private final ProcessingRecords records;
    private final SearchIndex index;
    private final SearchablePdfs pdfs;
    private final CaptureService capture;
    private final ReviewPolicy review;
    private final BatchEvents events;
    private final DocumentEvents documentEvents;

    Filing(ProcessingRecords records, SearchIndex index, SearchablePdfs pdfs, CaptureService capture, ReviewPolicy review,
           BatchEvents events, DocumentEvents documentEvents) {
        this.records = records;
        this.index = index;
        this.pdfs = pdfs;
        this.capture = capture;
        this.review = review;
        this.events = events;
        this.documentEvents = documentEvents;
    }

    /**
     * @param part     its part of a scanned stream as the barcodes tell it (patient labels say whose it is), or null
     * @param problems pages that could not be read, one sentence each
     */
    void file(Document document, CaptureRecord record, List<PageContent> contents, StreamSplitter.Part part,
              List<String> problems, JobWorkers.Claim claim) throws IOException, InterruptedException {
        String documentId = document.documentId();
        if (contents.stream().noneMatch(PageContent::isSearchable)) {
            settle(claim, documentId, DocumentStatus.FAILED, problems.isEmpty()
                    ? "Every page of the document is blank." : String.join(" ", problems), ReviewPolicy.pageProblems(problems));
            return;
        }
        List<PageContent> searchable = contents.stream().filter(PageContent::isSearchable).toList();
        CaptureService.Decision decision = capture.decide(record.typed(), part, searchable);
        document = records.update(documentId, d -> d.withIndexing(decision.indexing()));
        capture.save(documentId, record.withSources(decision.sources()));
        // left to be made on first request when born-digital pages were filed without their image (see SearchablePdfs)
        if (pdfs.imagesStored(document, contents)) pdfs.writeIfMissing(document, contents);
        List<ReviewReason> reasons = review.reasons(problems, decision.reasons(), document.indexing(), searchable);
        DocumentStatus outcome = reasons.isEmpty() ? DocumentStatus.INDEXED : DocumentStatus.NEEDS_REVIEW;
        claim.check();
        // Indexed with the status it is about to settle with, as reindex would index it: with "processing", the
        // status field (status:needs-review finds the QA work) would be wrong until the next correction or reindex.
        index.index(document.withStatus(outcome, null).withReviewReasons(reasons), searchable);
        index.awaitDurable();
        index.refresh();
        // Before the final status: a crash after it would skip this on the rerun, and a legal hold matching
        // the new document must not be missed.
        documentEvents.changed(document);

        settle(claim, documentId, outcome, null, reasons);
        // file names and review reasons quote the patient (names, MRNs, birth dates read off the pages): DEBUG only
        log.info("Document {} ({} page(s)) is {}", documentId, contents.size(),
                reasons.isEmpty() ? "indexed" : "waiting for review (" + reasons.size() + " reason(s))");
        log.debug("Document {} ({}) review reasons: {}", documentId, document.fileName(), reasons);
    }

    /** Sets the final status, checking under the document's lock that the job is still this worker's. */
    void settle(JobWorkers.Claim claim, String documentId, DocumentStatus status, String error,
                List<ReviewReason> reasons) throws IOException {
        if (status == DocumentStatus.FAILED) documentEvents.changed(records.update(documentId, d -> d));
        Document settled;
        try {
            settled = records.update(documentId, d -> {
                try {
                    claim.check();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return d.withStatus(status, error).withReviewReasons(reasons);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        events.changed(settled.batchId());
    }
}
