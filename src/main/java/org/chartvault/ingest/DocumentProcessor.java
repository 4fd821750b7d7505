package org.chartvault.ingest;

import org.chartvault.capture.CaptureRecord;
import org.chartvault.capture.CaptureService;
import org.chartvault.capture.PageBarcodes;
import org.chartvault.capture.StreamSplitter;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentFiles;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.OriginalOwners;
import org.chartvault.document.PageContent;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.UnreadableFileException;
import org.chartvault.index.SearchIndex;
import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.SearchablePdfs;
import org.chartvault.originals.Originals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Takes one stored original from {@code queued} to searchable: pages out of the file one at a time, each
 * normalised and OCR'd on the OCR workers (several pages of one document at once), page images, thumbnails
 * and text stored as they finish, then the searchable PDF, then the index (committed durably) and only then
 * the final status. Every step checks what an earlier, interrupted run already stored, so running a document
 * again after a crash finishes it without doing the work twice and without a second copy of anything.
 *
 * <p>The stages, each a class of its own: {@link PageReading} (pages out of the file, OCR'd and stored),
 * {@link StreamSplit} (a scanned stream cut at its separator sheets), {@link Filing} (indexing decided, searchable PDF,
 * index, final status) with its {@link ReviewPolicy} (whether a person must look at the document first).
 *
 * <p>When the job queue's claims can lapse (several nodes), a worker that stalled past its lease may wake up
 * while another worker runs the same document. Fenced: the final status is written only after the claim is checked
 * under the document's lock, so a worker that lost its job writes it before the newer worker's (which replaces it)
 * or not at all, as long as it keeps its database session; indexing and the cut of a scanned stream are preceded
 * by a check too. Not fenced: the object store takes no fencing token, so page images, page text, barcodes,
 * the searchable PDF and the split plan may still be written by the stalled worker after the check. Those are the
 * same bytes whichever worker makes them (the same original, processed the same way, each step skipped when
 * an earlier run stored it), so a late copy replaces a page with its equal.
 */
public final class DocumentProcessor implements JobWorkers.Handler {
    private static final Logger log = LoggerFactory.getLogger(DocumentProcessor.class);

    private final DocumentRepository documents;
    private final DocumentFiles files;
    private final ProcessingRecords records;
    private final PageLimits limits;
    private final Path workDir;
    private final BatchEvents events;
    private final CaptureService capture;
    private final PageReading reading;
    private final StreamSplit streams;
    private final Filing filing;
    private volatile boolean stopping;

    public DocumentProcessor(DocumentRepository documents, SearchIndex index, PageProcessor pages, SearchablePdfs pdfs,
                             PageLimits limits, double reviewConfidence, int ocrWorkers, Path workDir, BatchEvents events,
                             DocumentEvents documentEvents, CaptureService capture, OriginalOwners owners,
                             BatchRepository batches, Originals originals, boolean textPageImagesAtIngest) {
        this.documents = documents;
        this.files = documents.files();
        this.records = new ProcessingRecords(documents);
        this.limits = limits;
        this.workDir = workDir;
        this.events = events;
        this.capture = capture;
        this.reading = new PageReading(documents, pages, capture, events, ocrWorkers, textPageImagesAtIngest,
                () -> stopping);
        this.filing = new Filing(records, index, pdfs, capture, new ReviewPolicy(reviewConfidence), events, documentEvents);
        this.streams = new StreamSplit(documents, originals, owners, capture, batches, index, events, documentEvents,
                filing::file, () -> stopping);
    }

    /** Finish the page in hand and leave the rest of the document for the next start. */
    public void stop() {
        stopping = true;
    }

    @Override
    public void run(Job job, JobWorkers.Claim claim) throws IOException, InterruptedException {
        try {
            process(job.subject(), claim);
        } catch (ProcessingRecords.DocumentDeletedException e) {
            log.info("Document {} was deleted while it was being processed", job.subject());
        }
    }

    @Override
    public void givenUp(Job job, JobWorkers.Claim claim, Exception cause) throws IOException {
        filing.settle(claim, job.subject(), DocumentStatus.FAILED, "Processing failed repeatedly ("
                + cause.getClass().getSimpleName() + "); the original is kept. Try again or contact support.", List.of());
    }

    /** Processes the document; returns at once if it was deleted or already finished. */
    private void process(String documentId, JobWorkers.Claim claim) throws IOException, InterruptedException {
        Optional<Document> found = documents.find(documentId);
        if (found.isEmpty() || found.get().status().isSettled()) return;
        Document document = records.update(documentId, d -> d.withStatus(DocumentStatus.PROCESSING, null));
        events.changed(document.batchId());

        PageReading.Read read;
        Path original = Files.createTempFile(workDir, "original-", ".bin");
        try {
            try (InputStream in = files.openUpload(document.sha256())) {
                Files.copy(in, original, StandardCopyOption.REPLACE_EXISTING);
            }
            try (PageSource source = PageSource.open(original, document.contentType(), limits)) {
                read = reading.read(document, source);
            } catch (UnreadableFileException e) {
                filing.settle(claim, documentId, DocumentStatus.FAILED, e.getMessage(), List.of());
                return;
            }
        } finally {
            Files.deleteIfExists(original);
        }
        document = read.document();

        CaptureRecord record = capture.record(documentId);
        List<PageContent> contents = documents.pages(document);
        List<PageBarcodes> barcodes = new ArrayList<>();
        for (PageContent page : contents) barcodes.add(capture.barcodes(documentId, page.number()));
        List<StreamSplitter.Part> parts = capture.split(barcodes);
        if (record.splitStreams() && barcodes.stream().anyMatch(PageBarcodes::isSeparator)) {
            streams.split(document, record, contents, parts, claim);
            return;
        }
        // Not split: the document is the whole file, and its patient labels still say whose it is.
        StreamSplitter.Part labels = parts.size() == 1 ? parts.get(0) : null;
        filing.file(document, record, contents, labels, read.problems(), claim);
    }
}
