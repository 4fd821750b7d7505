package org.chartvault.ingest;

import org.chartvault.capture.CaptureService;
import org.chartvault.capture.PageBarcodes;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentFiles;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.imaging.PageSource;
import org.chartvault.imaging.SourcePage;
import org.chartvault.imaging.UnreadableFileException;
import org.chartvault.ocr.PageFailedException;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.ProcessedPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * Reading pages: pages not stored by an earlier run are decoded one at a time (file readers are single-threaded)
 * and OCR'd on the OCR workers, a few at once, their barcodes read meanwhile; image, thumbnail and text are stored in
 * page order as they complete, and the document's record lists each page as it is stored.
 */
final class PageReading {
    private static final Logger log = LoggerFactory.getLogger(PageReading.class);

    private final DocumentRepository documents;
    private final DocumentFiles files;
    private final ProcessingRecords records;
    private final PageProcessor pages;
    private final CaptureService capture;
    private final BatchEvents events;
    private final int pagesInFlight;
    /** Draw and store every born-digital page's image at ingest (the old way) instead of on first request. */
    private final boolean textPageImagesAtIngest;
    private final BooleanSupplier stopping;

    PageReading(DocumentRepository documents, PageProcessor pages, CaptureService capture, BatchEvents events,
                int ocrWorkers, boolean textPageImagesAtIngest, BooleanSupplier stopping) {
        this.documents = documents;
        this.files = documents.files();
        this.records = new ProcessingRecords(documents);
        this.pages = pages;
        this.capture = capture;
        this.events = events;
        // Enough pages queued to keep every OCR worker busy while the next page is decoded, and no more:
        // each page in flight holds a full-resolution image.
        this.pagesInFlight = ocrWorkers + 1;
        this.textPageImagesAtIngest = textPageImagesAtIngest;
        this.stopping = stopping;
    }

    /** The document with every page of its file stored, and why any page could not be read. */
    record Read(Document document, List<String> problems) {
    }

    Read read(Document document, PageSource source) throws IOException, InterruptedException {
        String id = document.documentId();
        int total = source.pageCount();
        document = records.update(id, d -> d.withPages(total, d.pages()));
        List<String> problems = new ArrayList<>();
        Deque<Pending> inFlight = new ArrayDeque<>();
        for (int number = 1; number <= total; number++) {
            if (stopping.getAsBoolean()) throw new InterruptedException("shutting down");
            Optional<PageContent> done = documents.findPage(id, number);
            if (done.isPresent()) {
                inFlight.add(new Pending(number, CompletableFuture.completedFuture(null), done.get(), null));
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
        return new Read(document, problems);
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
                files.storePageImages(id, content.number(), processed.imagePng(), processed.thumbnailPng());
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
        if (content.isFailed()) problems.add(reason != null ? reason : "Page " + content.number() + " could not be read.");
        // The document being processed is its upload whole: page n is page n of that file.
        PageSummary summary = new PageSummary(content.number(), content.confidence(), content.source(), content.blank(),
                new ScanPage(document.sha256(), content.number()));
        Document updated = records.update(id, d -> {
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
}
