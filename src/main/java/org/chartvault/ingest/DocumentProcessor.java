package org.chartvault.ingest;

import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.Json;
import org.chartvault.capture.CaptureRecord;
import org.chartvault.capture.CaptureService;
import org.chartvault.capture.PageBarcodes;
import org.chartvault.capture.StreamSplitter;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.OriginalOwners;
import org.chartvault.document.PageContent;
import org.chartvault.document.ReviewReason;
import org.chartvault.document.PageImageStore;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.document.StorageKeys;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.SourcePage;
import org.chartvault.imaging.UnreadableFileException;
import org.chartvault.index.SearchIndex;
import org.chartvault.ocr.PageFailedException;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.ProcessedPage;
import org.chartvault.ocr.SearchablePdfWriter;
import org.chartvault.originals.Originals;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Takes one stored original from {@code queued} to searchable: pages out of the file one at a time, each
 * normalised and OCR'd on the OCR workers (several pages of one document at once), page images, thumbnails
 * and text stored as they finish, then the searchable PDF, then the index (committed durably) and only then
 * the final status. Every step checks what an earlier, interrupted run already stored, so running a document
 * again after a crash finishes it without doing the work twice and without a second copy of anything.
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
    private static final String JSON = "application/json";

    private final ObjectStore store;
    private final DocumentRepository documents;
    private final SearchIndex index;
    private final PageProcessor pages;
    private final SearchablePdfs pdfs;
    private final PageLimits limits;
    private final double reviewConfidence;
    private final int pagesInFlight;
    private final Path workDir;
    private final BatchEvents events;
    private final DocumentEvents documentEvents;
    private final CaptureService capture;
    private final OriginalOwners owners;
    private final BatchRepository batches;
    private final Originals originals;
    /** Draw and store every born-digital page's image at ingest (the old way) instead of on first request. */
    private final boolean textPageImagesAtIngest;
    private volatile boolean stopping;

    public DocumentProcessor(ObjectStore store, DocumentRepository documents, SearchIndex index, PageProcessor pages,
                             SearchablePdfWriter pdfWriter, PageLimits limits, double reviewConfidence, int ocrWorkers,
                             Path workDir, BatchEvents events, DocumentEvents documentEvents, CaptureService capture,
                             OriginalOwners owners, BatchRepository batches, Originals originals,
                             PageImageStore pageImages, boolean textPageImagesAtIngest) {
        this.textPageImagesAtIngest = textPageImagesAtIngest;
        this.store = store;
        this.documents = documents;
        this.index = index;
        this.pages = pages;
        this.pdfs = new SearchablePdfs(store, documents, pdfWriter, workDir, pageImages);
        this.limits = limits;
        this.reviewConfidence = reviewConfidence;
        // Enough pages queued to keep every OCR worker busy while the next page is decoded, and no more:
        // each page in flight holds a full-resolution image.
        this.pagesInFlight = ocrWorkers + 1;
        this.workDir = workDir;
        this.events = events;
        this.documentEvents = documentEvents;
        this.capture = capture;
        this.owners = owners;
        this.batches = batches;
        this.originals = originals;
    }

    /** Finish the page in hand and leave the rest of the document for the next start. */
    public void stop() {
        stopping = true;
    }

    @Override
    public void run(Job job, JobWorkers.Claim claim) throws IOException, InterruptedException {
        try {
            process(job.subject(), claim);
        } catch (DocumentDeletedException e) {
            log.info("Document {} was deleted while it was being processed", job.subject());
        }
    }

    @Override
    public void givenUp(Job job, JobWorkers.Claim claim, Exception cause) throws IOException {
        settle(claim, job.subject(), DocumentStatus.FAILED, "Processing failed repeatedly (" + cause.getClass().getSimpleName()
                + "); the original is kept. Try again or contact support.", List.of());
    }

    /** Processes the document; returns at once if it was deleted or already finished. */
    private void process(String documentId, JobWorkers.Claim claim) throws IOException, InterruptedException {
        Optional<Document> found = documents.find(documentId);
        if (found.isEmpty() || found.get().status().isSettled()) return;
        Document document = update(documentId, d -> d.withStatus(DocumentStatus.PROCESSING, null));
        events.changed(document.batchId());

        Path original = Files.createTempFile(workDir, "original-", ".bin");
        List<String> problems = new ArrayList<>();
        try {
            try (InputStream in = store.get(StorageKeys.original(document.sha256()))) {
                Files.copy(in, original, StandardCopyOption.REPLACE_EXISTING);
            }
            try (PageSource source = PageSource.open(original, document.contentType(), limits)) {
                document = readPages(document, source, problems);
            } catch (UnreadableFileException e) {
                settle(claim, documentId, DocumentStatus.FAILED, e.getMessage(), List.of());
                return;
            }
        } finally {
            Files.deleteIfExists(original);
        }

        CaptureRecord record = capture.record(documentId);
        List<PageContent> contents = documents.pages(document);
        List<PageBarcodes> barcodes = new ArrayList<>();
        for (PageContent page : contents) barcodes.add(capture.barcodes(documentId, page.number()));
        List<StreamSplitter.Part> parts = capture.split(barcodes);
        if (record.splitStreams() && barcodes.stream().anyMatch(PageBarcodes::isSeparator)) {
            new StreamSplit(document, record, contents, parts, claim).run();
            return;
        }
        // Not split: the document is the whole file, and its patient labels still say whose it is.
        StreamSplitter.Part labels = parts.size() == 1 ? parts.get(0) : null;
        complete(document, record, contents, labels, problems, claim);
    }

    /**
     * Files a document whose pages are all stored: decides its indexing (typed values, barcodes, text, registry),
     * writes its searchable PDF, indexes it durably, tells listeners (legal holds), then sets its final status.
     */
    private void complete(Document document, CaptureRecord record, List<PageContent> contents, StreamSplitter.Part part,
                          List<String> problems, JobWorkers.Claim claim) throws IOException, InterruptedException {
        String documentId = document.documentId();
        if (contents.stream().noneMatch(PageContent::isSearchable)) {
            settle(claim, documentId, DocumentStatus.FAILED, problems.isEmpty()
                    ? "Every page of the document is blank." : String.join(" ", problems), pageProblems(problems));
            return;
        }
        List<PageContent> searchable = contents.stream().filter(PageContent::isSearchable).toList();
        CaptureService.Decision decision = capture.decide(record.typed(), part, searchable);
        document = update(documentId, d -> d.withIndexing(decision.indexing()));
        capture.save(documentId, record.withSources(decision.sources()));
        // left to be made on first request when born-digital pages were filed without their image (see SearchablePdfs)
        if (pdfs.imagesStored(document, contents)) pdfs.writeIfMissing(document, contents);
        List<ReviewReason> reasons = new ArrayList<>(pageProblems(problems));
        reasons.addAll(decision.reasons());
        reasons.addAll(reviewReasons(document, searchable, reasons));
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

    /**
     * A scanned stream cut at its separator sheets into documents of their own. The plan (which pages go to
     * which new document) is stored first, so a rerun after a crash finishes the same documents; each gets copies
     * of its pages, renumbered from 1, an original of its own pages only (the same file on a rerun), and is filed
     * like any document. The stream's own record goes last; the uploaded stream stays, shared by the documents cut
     * from it, as their source scan.
     */
    private final class StreamSplit {
        private final Document stream;
        private final CaptureRecord record;
        private final List<PageContent> contents;
        private final List<StreamSplitter.Part> parts;
        private final JobWorkers.Claim claim;

        StreamSplit(Document stream, CaptureRecord record, List<PageContent> contents, List<StreamSplitter.Part> parts,
                    JobWorkers.Claim claim) {
            this.stream = stream;
            this.record = record;
            this.contents = contents;
            this.parts = parts;
            this.claim = claim;
        }

        void run() throws IOException, InterruptedException {
            List<SplitPlan.Piece> pieces = plan().pieces();
            try (Originals.Cutter cutter = originals.cutter()) {
                for (int i = 0; i < pieces.size(); i++) {
                    if (stopping) throw new InterruptedException("shutting down");
                    file(pieces.get(i), parts.get(i), name(i + 1, pieces.size()), cutter);
                }
            }
            List<String> ids = pieces.stream().map(SplitPlan.Piece::documentId).toList();
            claim.check();
            owners.set(stream.sha256(), ids);
            List<Batch.Entry> entries = new ArrayList<>();
            for (int i = 0; i < pieces.size(); i++) {
                entries.add(new Batch.Entry(name(i + 1, pieces.size()), pieces.get(i).documentId(), Batch.Entry.QUEUED, null));
            }
            batches.update(stream.batchId(), batch -> batch.replacing(stream.documentId(), entries));
            // The stream's record goes first, so that from here a rerun finds nothing left to do.
            store.delete(StorageKeys.document(stream.documentId()));
            for (String key : store.list(StorageKeys.documentPrefix(stream.documentId()))) store.delete(key);
            index.delete(stream.documentId());
            events.changed(stream.batchId());
            log.info("Scanned stream {} was split at its separator sheets into {} document(s): {}",
                    stream.documentId(), ids.size(), ids);
        }

        private SplitPlan plan() throws IOException {
            String key = StorageKeys.documentPrefix(stream.documentId()) + "split.json";
            Optional<SplitPlan> stored = store.exists(key) ? Optional.of(Json.read(store.getBytes(key), SplitPlan.class)) : Optional.empty();
            if (stored.isPresent()) return stored.get();
            List<SplitPlan.Piece> pieces = new ArrayList<>();
            for (StreamSplitter.Part part : parts) {
                List<Integer> pages = part.pages().stream().map(position -> contents.get(position).number()).toList();
                pieces.add(new SplitPlan.Piece(org.chartvault.Ids.next("doc"), pages));
            }
            SplitPlan plan = new SplitPlan(pieces);
            store.put(key, Json.bytes(plan), JSON);
            return plan;
        }

        private void file(SplitPlan.Piece piece, StreamSplitter.Part part, String name, Originals.Cutter cutter)
                throws IOException, InterruptedException {
            String id = piece.documentId();
            Optional<Document> existing = documents.find(id);
            if (existing.isPresent() && existing.get().status().isSettled()) return;
            List<PageContent> pages = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (int k = 1; k <= piece.pages().size(); k++) {
                int source = piece.pages().get(k - 1);
                PageContent copy = copyPage(id, source, k);
                if (copy.isFailed()) problems.add("Page " + k + " (page " + source + " of the scanned stream) could not be read.");
                pages.add(copy);
            }
            List<PageSummary> summaries = new ArrayList<>();
            for (PageContent p : pages) {
                ScanPage scan = new ScanPage(stream.sha256(), piece.pages().get(p.number() - 1));
                summaries.add(new PageSummary(p.number(), p.confidence(), p.source(), p.blank(), scan));
            }
            Document document = existing.isPresent() ? existing.get() : create(id, name, summaries, cutter);
            capture.save(id, new CaptureRecord(false, record.typed(), Map.of(), piece.pages(), stream.fileName()));
            documentEvents.changed(document); // held at once if a hold covers what the stream was uploaded for
            complete(document, capture.record(id), pages, part, problems, claim);
        }

        /** The new document's record, with an original of its own pages only (the stream holds other patients' too). */
        private Document create(String id, String name, List<PageSummary> pages, Originals.Cutter cutter) throws IOException {
            OriginalFile own = cutter.cut(id, pages, name);
            return documents.create(new Document(id, own.sha256(), own.fileName(), own.contentType(), own.bytes(),
                    stream.batchId(), stream.uploadedBy(), stream.uploadedAt(), record.typed(), DocumentStatus.PROCESSING,
                    pages.size(), pages, List.of(), List.of(), null, 0, null));
        }

        /** Copies one stored page of the stream to the new document as its page {@code number}. */
        private PageContent copyPage(String documentId, int source, int number) throws IOException {
            Optional<PageContent> done = documents.findPage(documentId, number);
            if (done.isPresent()) return done.get();
            String from = stream.documentId();
            for (String[] keys : new String[][]{
                    {StorageKeys.pageImage(from, source), StorageKeys.pageImage(documentId, number)},
                    {StorageKeys.pageThumbnail(from, source), StorageKeys.pageThumbnail(documentId, number)}}) {
                if (!store.exists(keys[0])) continue; // a page that could not be read has no image
                try (InputStream in = store.get(keys[0])) {
                    store.put(keys[1], in, -1, "image/png");
                }
            }
            capture.saveBarcodes(documentId, number, capture.barcodes(from, source));
            PageContent page = documents.findPage(from, source).orElseThrow(
                    () -> new IOException("page " + source + " of stream " + from + " is missing from storage"));
            PageContent renumbered = new PageContent(number, page.width(), page.height(), page.dpi(), page.source(),
                    page.rotation(), page.skew(), page.confidence(), page.text(), page.words(), page.blank());
            documents.savePage(documentId, renumbered);
            return renumbered;
        }

        /** {@code stream.pdf [2 of 5]}: where a document cut from a stream came from, as lists show it. */
        private String name(int position, int count) {
            return stream.fileName() + " [" + position + " of " + count + "]";
        }
    }

    /** Which pages of a scanned stream (1-based numbers in the file) make which new document. */
    record SplitPlan(List<Piece> pieces) {
        record Piece(String documentId, List<Integer> pages) {
        }
    }

    /**
     * Pages not stored by an earlier run are decoded here, one at a time (file readers are single-threaded),
     * and OCR'd on the workers, a few at once; results are stored in page order as they complete.
     */
    private Document readPages(Document document, PageSource source, List<String> problems)
            throws IOException, InterruptedException {
        String id = document.documentId();
        int total = source.pageCount();
        document = update(id, d -> d.withPages(total, d.pages()));
        Deque<Pending> inFlight = new ArrayDeque<>();
        for (int number = 1; number <= total; number++) {
            if (stopping) throw new InterruptedException("shutting down");
            Optional<PageContent> done = storedPage(id, number);
            if (done.isPresent()) {
                PageContent stored = done.get();
                inFlight.add(new Pending(number, CompletableFuture.completedFuture(null), stored, null));
            } else {
                try {
                    SourcePage page = textPageImagesAtIngest ? source.page(number) : source.pageForIngest(number);
                    CompletableFuture<ProcessedPage> work = pages.submit(page);
                    // Barcodes are read here, on the document's thread, while the OCR workers read the text. A page
                    // read from a preview shows nothing but text (no image, no bars drawn): there is none to find.
                    capture.saveBarcodes(id, number, page.isPreview() ? PageBarcodes.NONE : capture.scan(page.image()));
                    inFlight.add(new Pending(number, work, null, null));
                } catch (UnreadableFileException e) {
                    inFlight.add(new Pending(number, CompletableFuture.completedFuture(null), null, e.getMessage()));
                }
            }
            while (inFlight.size() >= pagesInFlight) document = finish(document, inFlight.poll(), problems);
        }
        while (!inFlight.isEmpty()) document = finish(document, inFlight.poll(), problems);
        return document;
    }

    /** One page on its way: being OCR'd, already stored by an earlier run, or unreadable. */
    private record Pending(int number, CompletableFuture<ProcessedPage> work, PageContent alreadyStored,
                           String unreadable) {
    }

    private Document finish(Document document, Pending pending, List<String> problems)
            throws IOException, InterruptedException {
        String id = document.documentId();
        PageContent content;
        String reason = null; // why the page failed, in words the uploader can act on, when this run found out
        if (pending.alreadyStored() != null) {
            content = pending.alreadyStored();
        } else if (pending.unreadable() != null) {
            reason = pending.unreadable();
            content = storeFailedPage(id, pending.number(), reason);
        } else {
            try {
                ProcessedPage processed = pending.work().get();
                content = processed.content();
                // none for a born-digital page read from a preview: drawn from the original when first asked for
                if (processed.imagePng() != null) {
                    store.put(StorageKeys.pageImage(id, content.number()), processed.imagePng(), "image/png");
                }
                store.put(StorageKeys.pageThumbnail(id, content.number()), processed.thumbnailPng(), "image/png");
                // The page's JSON is written last: its presence means the whole page is stored.
                documents.savePage(id, content);
            } catch (ExecutionException e) {
                reason = e.getCause() instanceof PageFailedException failed ? failed.getMessage()
                        : "Page " + pending.number() + " could not be processed.";
                if (!(e.getCause() instanceof PageFailedException)) {
                    log.warn("Page {} of {} failed", pending.number(), id, e.getCause());
                }
                content = storeFailedPage(id, pending.number(), reason);
            }
        }
        if (content.isFailed()) problems.add(reason != null ? reason : failureOf(content));
        // The document being processed is its upload whole: page n is page n of that file.
        PageSummary summary = new PageSummary(content.number(), content.confidence(), content.source(), content.blank(),
                new ScanPage(document.sha256(), content.number()));
        Document updated = update(id, d -> {
            List<PageSummary> list = new ArrayList<>(d.pages().stream().filter(p -> p.number() != summary.number()).toList());
            list.add(summary);
            list.sort((a, b) -> Integer.compare(a.number(), b.number()));
            return d.withPages(d.pagesTotal(), list);
        });
        events.changed(updated.batchId());
        return updated;
    }

    /** A page that could not be read is recorded as such (source "failed"), so a rerun does not try forever. */
    private PageContent storeFailedPage(String documentId, int number, String reason) throws IOException {
        log.info("Page {} of document {} could not be read: {}", number, documentId, reason);
        PageContent content = PageContent.failed(number);
        documents.savePage(documentId, content);
        return content;
    }

    private String failureOf(PageContent page) {
        return "Page " + page.number() + " could not be read.";
    }

    private Optional<PageContent> storedPage(String documentId, int number) throws IOException {
        return documents.findPage(documentId, number);
    }

    private static List<ReviewReason> pageProblems(List<String> problems) {
        return problems.stream().map(p -> ReviewReason.of(ReviewReason.Kind.PAGE_PROBLEM, p)).toList();
    }

    /** Why a person should look at the document before it is trusted, in words they can act on. */
    private List<ReviewReason> reviewReasons(Document document, List<PageContent> searchable, List<ReviewReason> known) {
        List<ReviewReason> reasons = new ArrayList<>();
        if (document.indexing().mrn() == null && known.stream().noneMatch(r -> r.isAbout("mrn"))) {
            reasons.add(ReviewReason.about("mrn", ReviewReason.Kind.NO_PATIENT, "No patient (MRN) was given or found on the pages."));
        }
        List<Integer> unsure = searchable.stream()
                .filter(p -> p.confidence() != null && p.confidence() < reviewConfidence)
                .map(PageContent::number).toList();
        if (!unsure.isEmpty()) {
            reasons.add(ReviewReason.of(ReviewReason.Kind.LOW_OCR_CONFIDENCE, "OCR confidence is below "
                    + Math.round(reviewConfidence) + " on page(s) "
                    + unsure.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + "."));
        }
        return reasons;
    }

    private void settle(JobWorkers.Claim claim, String documentId, DocumentStatus status, String error,
                        List<ReviewReason> reasons) throws IOException {
        if (status == DocumentStatus.FAILED) documentEvents.changed(update(documentId, d -> d));
        Document settled;
        try {
            // Checked under the document's lock: see the class comment.
            settled = update(documentId, d -> {
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

    private Document update(String documentId, java.util.function.UnaryOperator<Document> change) throws IOException {
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
