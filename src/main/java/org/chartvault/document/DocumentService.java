package org.chartvault.document;

import java.util.concurrent.ConcurrentHashMap;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What people do with an archived document: read it, correct its indexing values, delete it.
 * Legal holds are checked here for every path that changes or removes a document; the object store's own
 * legal hold is the second wall below it.
 */
public final class DocumentService {
    private static final Logger log = LoggerFactory.getLogger(DocumentService.class);

    private final ObjectStore store;
    private final DocumentRepository documents;
    private final DocumentEvents events;
    private final PageImageStore pageImages;
    private final SearchablePdfMaker pdfMaker;
    /** One maker of a document's searchable PDF at a time in this process. */
    private final ConcurrentHashMap<String, Object> makingPdf = new ConcurrentHashMap<>();

    public DocumentService(ObjectStore store, DocumentRepository documents, DocumentEvents events,
                           PageImageStore pageImages, SearchablePdfMaker pdfMaker) {
        this.pageImages = pageImages;
        this.pdfMaker = pdfMaker;
        this.store = store;
        this.documents = documents;
        this.events = events;
    }

    public Document get(String documentId) throws IOException, DocumentNotFoundException {
        return documents.get(documentId);
    }

    /** The searchable PDF; made first when the document was filed without it (see {@link #hasSearchablePdf}). */
    public InputStream searchablePdf(Document document) throws IOException {
        hasSearchablePdf(document);
        return store.get(StorageKeys.searchablePdf(document.documentId()));
    }

    /**
     * True when the document has a searchable PDF: stored at ingest, or made now. A document whose pages include
     * born-digital pages without a page image is filed without one (drawing those pages was most of their ingest
     * time); the first to need it (a download, a production, the EHR) makes it from the stored pages and stores it,
     * held when the document is held. None for a document not processed yet, failed, or without a readable page.
     */
    public boolean hasSearchablePdf(Document document) throws IOException {
        if (store.exists(StorageKeys.searchablePdf(document.documentId()))) return true;
        if (!document.status().isProcessed()) return false;
        return makeSearchablePdf(document.documentId());
    }

    /**
     * Draws and stores what the document was filed without (the page images of born-digital pages, its searchable
     * PDF), so that a legal hold finds every object the document will have and the store holds each one: a key
     * with no object behind it would be open to anyone who can write to the store.
     */
    public void makeDeferredObjects(Document document) throws IOException {
        String id = document.documentId();
        Optional<Document> current = documents.find(id);
        if (current.isEmpty()) return;
        List<PageContent> pages = documents.pages(current.get());
        for (PageContent page : pages) {
            if (page.isSearchable() && PageContent.SOURCE_TEXT_LAYER.equals(page.source())
                    && !store.exists(StorageKeys.pageImage(id, page.number()))) {
                try {
                    pageImages.png(id, page.number());
                } catch (ObjectNotFoundException e) {
                    // cannot be drawn (logged): the page has no image, as a page that failed has none
                }
            }
        }
        if (!store.exists(StorageKeys.searchablePdf(id)) && current.get().status() != DocumentStatus.FAILED) {
            makeSearchablePdf(id);
        }
    }

    private boolean makeSearchablePdf(String documentId) throws IOException {
        String key = StorageKeys.searchablePdf(documentId);
        Object lock = makingPdf.computeIfAbsent(documentId, k -> new Object());
        try {
            synchronized (lock) {
                if (store.exists(key)) return true;
                Optional<Document> current = documents.find(documentId);
                if (current.isEmpty() || documents.pages(current.get()).stream().noneMatch(PageContent::isSearchable)) {
                    return false;
                }
                try {
                    pdfMaker.make(current.get());
                } catch (PageImageUnavailableException | ObjectNotFoundException e) {
                    // a page cannot be drawn from its scan: none, as for a document that never had one
                    log.info("The searchable PDF of {} cannot be made: {}", documentId, e.getMessage());
                    return false;
                }
                if (!store.exists(key)) return false;
                Optional<Document> now = documents.find(documentId);
                if (now.isEmpty()) { // deleted while it was being made
                    store.delete(key);
                    return false;
                }
                if (now.get().isHeld()) store.setLegalHold(key, true);
                log.debug("searchable PDF of {} made on first request", documentId);
                return true;
            }
        } finally {
            makingPdf.remove(documentId, lock);
        }
    }

    public InputStream pageImage(Document document, int page) throws IOException, PageNotFoundException {
        requirePage(document, page);
        return pageImages.open(document.documentId(), page);
    }

    public InputStream pageThumbnail(Document document, int page) throws IOException, PageNotFoundException {
        requirePage(document, page);
        return store.get(StorageKeys.pageThumbnail(document.documentId(), page));
    }

    public PageContent pageContent(Document document, int page) throws IOException, PageNotFoundException {
        requirePage(document, page);
        return documents.findPage(document.documentId(), page).orElseThrow(() -> new PageNotFoundException(document, page));
    }

    public List<Document> history(String documentId) throws IOException, DocumentNotFoundException {
        documents.get(documentId);
        return documents.history(documentId);
    }

    /**
     * Applies a reviewer's correction. The values replaced stay readable in the document's history, also
     * while it is under hold (metadata corrections are allowed then). A document waiting for review is
     * confirmed by the correction once it names both the patient and the document type.
     */
    public Document correct(String documentId, IndexingChange change) throws IOException, DocumentNotFoundException {
        return correct(documentId, change, null);
    }

    /**
     * As {@link #correct(String, IndexingChange)}, made against version {@code expectedVersion} of the record
     * (null: whatever is current): when someone else changed it since, nothing is written and
     * {@link StaleVersionException} says so, so that two reviewers never overwrite each other unseen.
     */
    public Document correct(String documentId, IndexingChange change, Long expectedVersion)
            throws IOException, DocumentNotFoundException {
        return correct(documentId, change, expectedVersion, List.of());
    }

    /**
     * As {@link #correct(String, IndexingChange, Long)}; {@code stillToReview} are reasons the correction itself gives
     * for a second look (an MRN kept although the registry does not know it): the document then stays in review, or
     * goes back to it, with them in place of its earlier reasons about the same fields.
     */
    public Document correct(String documentId, IndexingChange change, Long expectedVersion, List<ReviewReason> stillToReview)
            throws IOException, DocumentNotFoundException {
        Document updated = documents.updateKeepingHistory(documentId, current -> {
            requireVersion(current, expectedVersion);
            Document changed = current.withIndexing(change.applyTo(current.indexing()));
            if (!stillToReview.isEmpty() && current.status().isProcessed()) {
                List<ReviewReason> reasons = new ArrayList<>(current.reviewReasons());
                for (ReviewReason r : stillToReview) reasons.removeIf(old -> r.field() != null && old.isAbout(r.field()));
                reasons.addAll(stillToReview);
                return changed.withStatus(DocumentStatus.NEEDS_REVIEW, current.error()).withReviewReasons(reasons);
            }
            if (current.status() == DocumentStatus.NEEDS_REVIEW && changed.indexing().hasPatientAndType()) {
                changed = changed.withStatus(DocumentStatus.INDEXED, current.error()).withReviewReasons(List.of());
            }
            return changed;
        });
        events.corrected(updated);
        return updated;
    }

    /**
     * A reviewer's word that the document's values are right as they are, unusual as they may be (an MRN the
     * registry does not know yet, a page the OCR was unsure of): it leaves the review queue, its reasons kept in its
     * history. Refused while it still lacks a patient or a document type, which no one can confirm.
     */
    public Document confirmAsIs(String documentId, Long expectedVersion) throws IOException, DocumentNotFoundException {
        Document updated = documents.updateKeepingHistory(documentId, current -> {
            requireVersion(current, expectedVersion);
            if (!current.status().isProcessed()) {
                throw new NotConfirmableException("This document is " + current.status().wire()
                        + "; only a processed document can be confirmed as it is.");
            }
            if (!current.indexing().hasPatientAndType()) {
                throw new NotConfirmableException("Give the document its patient (MRN) and document type first: "
                        + "a document without them cannot be confirmed as it is.");
            }
            return current.withStatus(DocumentStatus.INDEXED, current.error()).withReviewReasons(List.of());
        });
        events.corrected(updated);
        return updated;
    }

    /** A document that cannot be confirmed as it is (it lacks a patient or type, or is not processed). */
    public static final class NotConfirmableException extends RuntimeException implements org.chartvault.Refusal.Conflict {
        NotConfirmableException(String message) {
            super(message);
        }

        @Override
        public String code() {
            return "not-confirmable";
        }
    }

    private static void requireVersion(Document current, Long expectedVersion) {
        if (expectedVersion != null && current.version() != expectedVersion) {
            throw new StaleVersionException(current.documentId(), expectedVersion, current.version());
        }
    }

    /**
     * Puts a processed document back into the review queue with the reason a person gave ("wrong patient?"): its
     * status becomes {@code needs-review} and the reason is listed with any it had. A document still being
     * processed, or one that failed, is not in a state to be reviewed and is refused.
     */
    public Document sendToReview(String documentId, String reason) throws IOException, DocumentNotFoundException {
        if (reason == null || reason.isBlank()) throw new IllegalArgumentException("Say why the document needs review.");
        Document updated = documents.updateKeepingHistory(documentId, current -> {
            if (!current.status().isProcessed()) {
                throw new NotReviewableException(documentId, current.status());
            }
            List<ReviewReason> reasons = new ArrayList<>(current.reviewReasons());
            ReviewReason sentBack = ReviewReason.of(ReviewReason.Kind.SENT_BACK, reason.strip());
            if (!reasons.contains(sentBack)) reasons.add(sentBack);
            return current.withStatus(DocumentStatus.NEEDS_REVIEW, current.error()).withReviewReasons(reasons);
        });
        events.corrected(updated);
        return updated;
    }

    /** A document that is still processing or failed cannot be sent to review. */
    public static final class NotReviewableException extends RuntimeException implements org.chartvault.Refusal.Conflict {
        NotReviewableException(String documentId, DocumentStatus status) {
            super("Document " + documentId + " is " + status.wire() + "; only a processed document can be sent back to indexing.");
        }

        @Override
        public String code() {
            return "not-ready";
        }
    }

    /**
     * Removes the document and everything derived from it: its own original (a file of its pages), page images and
     * text, searchable PDF, earlier metadata versions and its index entries; and each uploaded scan its pages came
     * from once no other document holds it. Refused while any legal hold covers it.
     */
    public void delete(String documentId) throws IOException, DocumentNotFoundException, DocumentOnHoldException {
        // The record goes first, under the document's lock, the one a hold is placed under: a hold placed at the
        // same moment either comes first (and the deletion is refused) or finds no document to hold. From then on
        // the document no longer exists for anyone; a crash part-way leaves only unreachable objects, never a
        // listed document with missing pages.
        Document document = documents.remove(documentId,
                d -> d.isHeld() ? new DocumentOnHoldException(documentId, "deletion") : null);
        events.removed(documentId);
        // A stream split into documents shares one original: it goes with the last of them.
        DocumentFiles.Deletion deletion = documents.files().deleteRemoved(document);
        log.info("Document {} deleted ({} objects{})", documentId, deletion.objects(),
                deletion.scanDeleted() ? " and its original" : "");
    }

    /**
     * Moves every document filed under a retired MRN to the surviving one (registration merged two patient
     * records). Safe to repeat. Returns the documents moved; each move is a versioned correction.
     */
    public List<String> reassignPatient(String priorMrn, String survivingMrn) throws IOException {
        List<String> moved = new ArrayList<>();
        for (String id : documents.allIds()) {
            Optional<Document> document = documents.find(id);
            if (document.isEmpty() || !priorMrn.equals(document.get().indexing().mrn())) continue;
            try {
                correct(id, new IndexingChange(new Indexing(survivingMrn, null, null, null, null, null),
                        java.util.Set.of(IndexingChange.Field.MRN)));
                moved.add(id);
            } catch (DocumentNotFoundException deletedMeanwhile) {
                // nothing to move
            }
        }
        return moved;
    }

    /** The pages that belong in search: processed, not blank, not failed. */
    public List<PageContent> searchablePages(Document document) throws IOException {
        return documents.pages(document).stream().filter(PageContent::isSearchable).toList();
    }

    /**
     * Documents a person must look at, oldest first: those waiting for review, and processed ones that still
     * have no patient or no document type; only those {@code visible} to the person asking are listed or counted.
     */
    public List<Document> reviewQueue(java.util.function.Predicate<Document> visible, int offset, int limit) throws IOException {
        List<Document> waiting = new ArrayList<>();
        for (String id : documents.allIds()) {
            Optional<Document> document = documents.find(id);
            if (document.isEmpty() || !visible.test(document.get())) continue;
            Document d = document.get();
            boolean incomplete = d.status().isProcessed() && !d.indexing().hasPatientAndType();
            if (d.status() == DocumentStatus.NEEDS_REVIEW || incomplete) waiting.add(d);
        }
        waiting.sort(REVIEW_ORDER);
        return waiting.subList(Math.min(offset, waiting.size()), Math.min(offset + limit, waiting.size()));
    }

    /**
     * Oldest upload first; the parts of one upload in the order of their pages in its scan, so that a part split off
     * comes right after the part it was split from.
     */
    static final Comparator<Document> REVIEW_ORDER = Comparator.comparing(Document::uploadedAt)
            .thenComparing(d -> String.valueOf(d.batchId()))
            .thenComparing(DocumentService::firstScanPage, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(Document::documentId);

    private static Integer firstScanPage(Document d) {
        return d.pages().isEmpty() || d.pages().get(0).scan() == null ? null : d.pages().get(0).scan().page();
    }

    private static void requirePage(Document document, int page) throws PageNotFoundException {
        if (document.pages().stream().noneMatch(p -> p.number() == page)) throw new PageNotFoundException(document, page);
    }
}
