package org.chartvault.release;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Works out what a request releases: checks that every item is a processed document of the request's patient
 * and that its pages exist, then keeps out what the authorization does not cover (specially protected
 * categories it does not name, other document types, dates of service outside its range) and unreadable or
 * blank pages, saying why for each.
 */
final class ReleasePlanner {
    private final DocumentRepository documents;
    private final SensitiveCategories categories;

    ReleasePlanner(DocumentRepository documents, SensitiveCategories categories) {
        this.documents = documents;
        this.categories = categories;
    }

    /** The result: the items as merged, the redactions checked, and what is in and out of the packet. */
    record Plan(String patientName, List<ReleaseItem> items, List<Redaction> redactions,
                List<ReleasedDocument> included, List<ExcludedPages> excluded) {
    }

    Plan plan(String mrn, List<ReleaseItem> requested, List<Redaction> redactions, Authorization authorization)
            throws IOException {
        List<ReleaseItem> items = merge(requested);
        String patientName = null;
        List<ReleasedDocument> included = new ArrayList<>();
        List<ExcludedPages> excluded = new ArrayList<>();
        Map<String, Document> byId = new LinkedHashMap<>();
        Map<String, List<Integer>> requestedPages = new LinkedHashMap<>();
        for (ReleaseItem item : items) {
            Document document = documentOf(item.documentId(), mrn);
            byId.put(document.documentId(), document);
            if (patientName == null) patientName = document.indexing().patientName();
            Map<Integer, PageSummary> pages = new LinkedHashMap<>();
            for (PageSummary page : document.pages()) pages.put(page.number(), page);
            List<Integer> wanted = item.isWholeDocument() ? new ArrayList<>(new TreeSet<>(pages.keySet())) : item.pages();
            for (int number : wanted) {
                if (!pages.containsKey(number)) {
                    throw new InvalidReleaseException("no-such-page", "Document " + document.documentId() + " has no page "
                            + number + " (it has " + pages.size() + " page(s)).");
                }
            }
            requestedPages.put(document.documentId(), wanted);
            planDocument(document, wanted, pages, item.isWholeDocument(), authorization, included, excluded);
        }
        for (Redaction redaction : redactions) check(redaction, byId, requestedPages);
        return new Plan(patientName, items, redactions, included, excluded);
    }

    private void planDocument(Document document, List<Integer> wanted, Map<Integer, PageSummary> pages,
                              boolean whole, Authorization authorization, List<ReleasedDocument> included,
                              List<ExcludedPages> excluded) throws IOException {
        String type = document.indexing().documentType();
        var date = document.indexing().serviceDate();
        String id = document.documentId();
        List<Integer> unreadable = new ArrayList<>();
        List<Integer> blank = new ArrayList<>();
        List<Integer> readable = new ArrayList<>();
        for (int number : wanted) {
            PageSummary page = pages.get(number);
            if (PageContent.SOURCE_FAILED.equals(page.source())) unreadable.add(number);
            else if (page.blank() && whole) blank.add(number);
            else readable.add(number);
        }
        if (!unreadable.isEmpty()) {
            excluded.add(new ExcludedPages(id, type, date, unreadable, null,
                    "The page could not be read when it was processed, so there is no image of it to release."));
        }
        if (!blank.isEmpty()) {
            excluded.add(new ExcludedPages(id, type, date, blank, null,
                    "Blank page (the back of a sheet); name it explicitly to release it anyway."));
        }
        if (readable.isEmpty()) return;

        Optional<SensitiveCategory> category = categories.of(type);
        boolean named = category.isPresent() && authorization != null && authorization.names(category.get())
                && authorization.isSignedAndOnFile();
        if (category.isPresent() && !named) {
            SensitiveCategory c = category.get();
            String why = authorization == null
                    ? " and this request has no authorization."
                    : !authorization.names(c) ? "; the authorization does not name it."
                    : "; attach the signed authorization form, with the dates it was signed and expires, first.";
            excluded.add(new ExcludedPages(id, type, date, readable, c.category(), c.name() + " (" + type
                    + ") are released only under a signed authorization that names this category explicitly" + why));
            return;
        }
        if (authorization != null && !named && !authorization.coversType(type)) {
            excluded.add(new ExcludedPages(id, type, date, readable, null, "The authorization covers only "
                    + String.join(", ", authorization.documentTypes()) + "; this document is "
                    + (type == null ? "of no recorded type" : "a " + type) + "."));
            return;
        }
        if (authorization != null && !authorization.coversDate(date)) {
            excluded.add(new ExcludedPages(id, type, date, readable, null, date == null
                    ? "The document has no date of service, so it cannot be matched to the authorization's date range."
                    : "The date of service " + date + " is outside the authorization's range ("
                    + (authorization.from() == null ? "any" : authorization.from()) + " to "
                    + (authorization.to() == null ? "any" : authorization.to()) + ")."));
            return;
        }
        included.add(new ReleasedDocument(id, type, date, readable, category.map(SensitiveCategory::category).orElse(null),
                category.map(SensitiveCategory::part2).orElse(false)));
    }

    /** The document, if it is processed and belongs to the request's patient. */
    private Document documentOf(String documentId, String mrn) throws IOException {
        Optional<Document> found = documents.find(documentId);
        if (found.isEmpty()) throw new InvalidReleaseException("unknown-document", "No document " + documentId + " exists.");
        Document document = found.get();
        if (document.status() == DocumentStatus.FAILED) {
            throw new ReleaseConflictException("not-ready", "Document " + documentId
                    + " could not be processed, so it has no page images to release.");
        }
        if (!document.status().isSettled()) {
            throw new ReleaseConflictException("not-ready", "Document " + documentId + " is still being processed (status "
                    + document.status().wire() + "); add it once it is indexed.");
        }
        String owner = document.indexing().mrn();
        if (owner == null) {
            throw new InvalidReleaseException("wrong-patient", "Document " + documentId
                    + " is not assigned to a patient yet; index it to patient " + mrn + " before releasing it.");
        }
        if (!owner.strip().equalsIgnoreCase(mrn.strip())) {
            throw new InvalidReleaseException("wrong-patient", "Document " + documentId
                    + " belongs to another patient, not to MRN " + mrn
                    + "; a release can only hold records of the patient it was requested for.");
        }
        return document;
    }

    private void check(Redaction redaction, Map<String, Document> byId, Map<String, List<Integer>> requestedPages)
            throws IOException {
        List<Integer> pages = requestedPages.get(redaction.documentId());
        if (pages == null) {
            throw new InvalidReleaseException("bad-redaction", "A redaction is on document " + redaction.documentId()
                    + ", which is not among the items of this release.");
        }
        if (!pages.contains(redaction.page())) {
            throw new InvalidReleaseException("bad-redaction", "A redaction is on page " + redaction.page() + " of document "
                    + redaction.documentId() + ", which this release does not include.");
        }
        PageContent page = documents.findPage(redaction.documentId(), redaction.page())
                .orElseThrow(() -> new InvalidReleaseException("bad-redaction", "Page " + redaction.page()
                        + " of document " + redaction.documentId() + " has not been stored."));
        if (!redaction.box().intersects(new Rectangle(0, 0, page.width(), page.height()))) {
            throw new InvalidReleaseException("bad-redaction", "A redaction on page " + redaction.page() + " of document "
                    + redaction.documentId() + " lies outside the page, which is " + page.width() + " x "
                    + page.height() + " pixels.");
        }
    }

    /** One item per document, in the order first named; pages asked for twice are merged. */
    private static List<ReleaseItem> merge(List<ReleaseItem> items) {
        Map<String, ReleaseItem> merged = new LinkedHashMap<>();
        for (ReleaseItem item : items) {
            ReleaseItem earlier = merged.get(item.documentId());
            if (earlier == null) {
                merged.put(item.documentId(), item);
            } else if (earlier.isWholeDocument() || item.isWholeDocument()) {
                merged.put(item.documentId(), new ReleaseItem(item.documentId(), null));
            } else {
                List<Integer> both = new ArrayList<>(earlier.pages());
                both.addAll(item.pages());
                merged.put(item.documentId(), new ReleaseItem(item.documentId(), both));
            }
        }
        return List.copyOf(merged.values());
    }
}
