package org.chartvault.ingest;

import org.chartvault.document.PageImageStore;
import org.chartvault.Refusal;

import org.chartvault.Ids;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentFiles;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentOnHoldException;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.OriginalOwners;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageNotFoundException;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ReviewReason;
import org.chartvault.imaging.PageImages;
import org.chartvault.index.SearchIndex;
import org.chartvault.ocr.PageFailedException;
import org.chartvault.ocr.PageProcessor;
import org.chartvault.ocr.ProcessedPage;
import org.chartvault.ocr.SearchablePdfs;
import org.chartvault.originals.Originals;
import org.chartvault.storage.Locks;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a reviewer does to the pages of a processed document when the scanner got them wrong: turn a page,
 * put pages in order, cut a document in two, join two documents. Refused while a legal hold covers a document
 * (its pages must stay as they were); every change keeps the previous record in the document's history and
 * rewrites the searchable PDF and the index. A change of which pages a document has, or of their order, gives it
 * an original of its own pages ({@link Originals}); turning a page does not (the original is the page as scanned).
 */
public final class PageEditor {
    private final DocumentRepository documents;
    private final DocumentFiles files;
    private final SearchIndex index;
    private final PageProcessor pages;
    private final SearchablePdfs pdfs;
    private final OriginalOwners owners;
    private final DocumentEvents events;
    private final Originals originals;
    private final PageImageStore pageImages;

    public PageEditor(DocumentRepository documents, SearchIndex index, PageProcessor pages, SearchablePdfs pdfs,
                      OriginalOwners owners, DocumentEvents events, Originals originals, PageImageStore pageImages) {
        this.documents = documents;
        this.files = documents.files();
        this.index = index;
        this.pages = pages;
        this.pdfs = pdfs;
        this.pageImages = pageImages;
        this.owners = owners;
        this.events = events;
        this.originals = originals;
    }

    /** A change the document's state does not allow, in words for the reviewer. */
    public static final class NotEditableException extends Exception implements Refusal.Conflict {
        public NotEditableException(String message) {
            super(message);
        }

        @Override
        public String code() {
            return "not-editable";
        }
    }

    /** Turns page {@code number} clockwise by {@code degrees} (90, 180, 270) and reads it again. */
    public Document rotate(String documentId, int number, int degrees)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException, PageNotFoundException {
        try (Locks.Held held = documents.lock(documentId)) {
            return rotateHeld(documentId, number, degrees);
        }
    }

    private Document rotateHeld(String documentId, int number, int degrees)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException, PageNotFoundException {
        if (degrees % 90 != 0 || Math.floorMod(degrees, 360) == 0) {
            throw new NotEditableException("A page turns by 90, 180 or 270 degrees, not " + degrees + ".");
        }
        Document document = editable(documentId, "turning a page");
        PageContent page = page(document, number);
        if (page.isFailed()) throw new NotEditableException("Page " + number + " could not be read; there is no image to turn.");
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(pageImages.png(documentId, number)));
        BufferedImage gray = PageImages.toGray(stored);
        boolean bitonal = PageImages.isBitonal(stored);
        BufferedImage turned = PageImages.rotateQuarterTurns(gray, Math.floorMod(degrees, 360) / 90);
        ProcessedPage read;
        try {
            read = pages.reread(number, turned, page.dpi(), bitonal, page.rotation() + degrees, page.skew());
        } catch (PageFailedException e) {
            throw new NotEditableException(e.getMessage());
        }
        files.storePageImages(documentId, number, read.imagePng(), read.thumbnailPng());
        documents.savePage(documentId, read.content());
        Document changed = documents.updateKeepingHistory(documentId, d -> d.withPages(d.pagesTotal(),
                d.pages().stream().map(p -> p.number() == number
                        ? new PageSummary(number, read.content().confidence(), read.content().source(), false, p.scan()) : p).toList()));
        return refiled(changed);
    }

    /** Puts the pages in the order given: {@code order} lists every page number once, in the new order. */
    public Document reorder(String documentId, List<Integer> order)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException {
        try (Locks.Held held = documents.lock(documentId)) {
            return reorderHeld(documentId, order);
        }
    }

    private Document reorderHeld(String documentId, List<Integer> order)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException {
        Document document = originals.settled(editable(documentId, "reordering pages"));
        order = withBlankPages(document.pages(), order);
        // Staged first and marked complete, then moved into place. A move that was interrupted is finished
        // before anything else, and the reviewer sees the order it produced.
        Optional<List<Integer>> interrupted = files.interruptedReorder(documentId);
        if (interrupted.isPresent()) return applyStagedOrder(document, interrupted.get());
        files.stageReorder(documentId, order);
        return applyStagedOrder(document, order);
    }

    /**
     * The full new order. Blank pages are not shown to reviewers, so an order may list only the pages with
     * content: each blank page then travels with the page before it (a blank back stays behind its front).
     */
    static List<Integer> withBlankPages(List<PageSummary> pages, List<Integer> order) throws NotEditableException {
        List<Integer> all = pages.stream().map(PageSummary::number).toList();
        List<Integer> shown = pages.stream().filter(p -> !p.blank()).map(PageSummary::number).toList();
        boolean listsAll = order.size() == all.size() && new HashSet<>(order).equals(new HashSet<>(all));
        if (listsAll) return order;
        if (order.size() != shown.size() || !new HashSet<>(order).equals(new HashSet<>(shown))) {
            throw new NotEditableException("List every page of the document once in the new order: pages " + shown + ".");
        }
        Map<Integer, List<Integer>> followers = new HashMap<>();
        List<Integer> leading = new ArrayList<>();
        Integer front = null;
        for (PageSummary page : pages.stream().sorted(Comparator.comparingInt(PageSummary::number)).toList()) {
            if (!page.blank()) {
                front = page.number();
                followers.put(front, new ArrayList<>());
            } else if (front == null) {
                leading.add(page.number());
            } else {
                followers.get(front).add(page.number());
            }
        }
        List<Integer> full = new ArrayList<>(leading);
        for (int number : order) {
            full.add(number);
            full.addAll(followers.get(number));
        }
        return full;
    }

    /** {@code order}: the page numbers of {@code document} (as it was before the move) in their new order. */
    private Document applyStagedOrder(Document document, List<Integer> order)
            throws IOException, DocumentNotFoundException {
        String documentId = document.documentId();
        List<PageContent> moved = files.finishReorder(documentId, order.size());
        List<PageSummary> summaries = new ArrayList<>();
        for (int k = 1; k <= order.size(); k++) {
            PageContent page = moved.get(k - 1);
            summaries.add(new PageSummary(k, page.confidence(), page.source(), page.blank(), document.scanOf(order.get(k - 1))));
        }
        OriginalFile original = originals.forPages(document, summaries, document.fileName());
        boolean unchanged = original.equals(document.original());
        Document changed = documents.updateKeepingHistory(documentId, d -> d.withPages(unchanged ? d.pagesTotal() : summaries.size(),
                summaries).withOriginal(original));
        originals.removeStale(changed);
        return refiled(changed);
    }


    /**
     * Cuts the document before page {@code atPage}: that page and the ones after become a new document (same
     * indexing values for the reviewer to correct). Each part gets an original of its own pages; the scan they came
     * from stays, held by both. Returns the new document.
     */
    public Document split(String documentId, int atPage)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException {
        try (Locks.Held held = documents.lock(documentId)) {
            return splitHeld(documentId, atPage);
        }
    }

    private Document splitHeld(String documentId, int atPage)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException {
        Document document = originals.settled(editable(documentId, "splitting the document"));
        List<Integer> numbers = document.pages().stream().map(PageSummary::number).toList();
        if (!numbers.contains(atPage) || atPage == numbers.get(0)) {
            throw new NotEditableException("Split before one of pages " + numbers.subList(Math.min(1, numbers.size()), numbers.size())
                    + "; the first page cannot start the new document.");
        }
        String newId = Ids.next("doc");
        List<Integer> moving = numbers.stream().filter(n -> n >= atPage).toList();
        List<PageSummary> newPages = new ArrayList<>();
        for (int k = 1; k <= moving.size(); k++) {
            PageContent copy = files.copyPage(documentId, moving.get(k - 1), newId, k);
            newPages.add(new PageSummary(k, copy.confidence(), copy.source(), copy.blank(), document.scanOf(moving.get(k - 1))));
        }
        Set<String> claims = claims(document, newPages);
        for (String sha : claims) owners.add(sha, newId);
        if (newPages.stream().anyMatch(p -> p.scan() == null || p.scan().sha256() == null)) {
            files.saveMergedOriginals(newId, claims);
        }
        OriginalFile newOriginal = originals.cut(newId, newPages, PartNames.of(document.fileName(), newPages));
        Document created = documents.create(Document.cutFrom(document, newId, newOriginal, newPages, document.indexing(),
                DocumentStatus.NEEDS_REVIEW, List.of(ReviewReason.of(ReviewReason.Kind.SPLIT_OFF, "Split off from “"
                        + document.fileName() + "” before its page " + atPage + "; check its patient and type."))));
        refiled(created);
        files.removePages(documentId, moving);
        List<PageSummary> staying = document.pages().stream().filter(p -> p.number() < atPage).toList();
        OriginalFile trimmedOriginal = originals.forPages(document, staying, PartNames.of(document.fileName(), staying));
        Document trimmed = documents.updateKeepingHistory(documentId, d -> d.withPages(staying.size(),
                d.pages().stream().filter(p -> p.number() < atPage).toList()).withOriginal(trimmedOriginal));
        originals.removeStale(trimmed);
        refiled(trimmed);
        return documents.get(newId);
    }

    /**
     * The uploaded scans these pages lie in; a page whose scan was not recorded (a join before pages named their
     * scan) keeps a claim on every scan its document held.
     */
    private Set<String> claims(Document document, List<PageSummary> pages) throws IOException {
        Set<String> claims = new java.util.LinkedHashSet<>();
        for (PageSummary page : pages) {
            if (page.scan() != null && page.scan().sha256() != null) {
                claims.add(page.scan().sha256());
            } else {
                claims.addAll(document.scans());
                claims.addAll(files.mergedOriginals(document.documentId()));
            }
        }
        return claims;
    }

    /**
     * Appends the pages of {@code fromId} to {@code intoId} and removes {@code fromId}'s record; its original
     * stays, now belonging to the joined document.
     */
    public Document merge(String intoId, String fromId)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException {
        try (Locks.Held held = documents.lock(intoId, fromId)) {
            return mergeHeld(intoId, fromId);
        }
    }

    private Document mergeHeld(String intoId, String fromId)
            throws IOException, DocumentNotFoundException, DocumentOnHoldException, NotEditableException {
        if (intoId.equals(fromId)) throw new NotEditableException("A document cannot be joined with itself.");
        Document into = originals.settled(editable(intoId, "joining documents"));
        Document from = originals.settled(editable(fromId, "joining documents"));
        int next = into.pages().stream().mapToInt(PageSummary::number).max().orElse(0) + 1;
        List<PageSummary> joined = new ArrayList<>(into.pages());
        for (PageSummary page : from.pages()) {
            PageContent copy = files.copyPage(fromId, page.number(), intoId, next);
            joined.add(new PageSummary(next, copy.confidence(), copy.source(), copy.blank(), page.scan()));
            next++;
        }
        List<String> claimed = new ArrayList<>(files.mergedOriginals(intoId));
        claimed.addAll(from.scans());
        claimed.addAll(files.mergedOriginals(fromId));
        files.saveMergedOriginals(intoId, claimed);
        for (String sha : new java.util.LinkedHashSet<>(claimed)) {
            owners.transfer(sha, fromId, intoId);
        }
        int total = joined.size();
        OriginalFile original = originals.forPages(into, joined, into.fileName());
        Document changed = documents.updateKeepingHistory(intoId, d -> d.withPages(total, joined).withOriginal(original));
        originals.removeStale(changed);
        refiled(changed);
        index.delete(fromId);
        index.refresh();
        files.deleteAll(fromId); // its scans now belong to the joined document (transferred above)
        return documents.get(intoId);
    }

    /** The searchable PDF and the index follow the pages; hold listeners hear of the change. */
    private Document refiled(Document document) throws IOException {
        List<PageContent> contents = documents.pages(document);
        pdfs.write(document, contents);
        index.index(document, contents.stream().filter(PageContent::isSearchable).toList());
        index.refresh(); // the reviewer searches for what they just fixed
        events.changed(document);
        return document;
    }

    private Document editable(String documentId, String what) throws IOException, DocumentNotFoundException,
            DocumentOnHoldException, NotEditableException {
        Document document = documents.get(documentId);
        if (document.isHeld()) throw new DocumentOnHoldException(documentId, what);
        if (!document.status().isProcessed()) {
            throw new NotEditableException("Document " + documentId + " is " + document.status().wire()
                    + "; its pages can be changed once it has been processed.");
        }
        return document;
    }

    private PageContent page(Document document, int number) throws IOException, PageNotFoundException {
        if (document.pages().stream().noneMatch(p -> p.number() == number)) throw new PageNotFoundException(document, number);
        return documents.findPage(document.documentId(), number).orElseThrow(() -> new PageNotFoundException(document, number));
    }
}
