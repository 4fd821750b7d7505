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

    /**
     * What a release rests on, as far as protected categories care: its request type, the authorization, the legal
     * order, and whether the copy goes to the patient themselves.
     */
    record Basis(String requestType, Authorization authorization, LegalOrder order, boolean toPatient) {
        static Basis of(Release release) {
            return new Basis(release.type(), release.authorization(), release.legalOrder(), release.directive() == null);
        }
    }

    Plan plan(String mrn, List<ReleaseItem> requested, List<Redaction> redactions, Basis basis)
            throws IOException {
        categories.refresh(); // another node may have protected a category a moment ago
        Authorization authorization = basis.authorization();
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
            planDocument(document, wanted, pages, item.isWholeDocument(), basis, included, excluded);
        }
        for (Redaction redaction : redactions) check(redaction, byId, requestedPages);
        return new Plan(patientName, items, redactions, included, excluded);
    }

    private void planDocument(Document document, List<Integer> wanted, Map<Integer, PageSummary> pages,
                              boolean whole, Basis basis, List<ReleasedDocument> included,
                              List<ExcludedPages> excluded) throws IOException {
        Authorization authorization = basis.authorization();
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
        String why = category.isPresent() ? withheld(category.get(), basis) : null;
        boolean named = category.isPresent() && why == null;
        if (why != null) {
            SensitiveCategory c = category.get();
            excluded.add(new ExcludedPages(id, type, date, readable, c.category(), c.name() + " (" + type + ") " + why));
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

    /**
     * Why records of a protected category stay out under this basis, or null when they may go: the patient's own
     * Part 2 records go to the patient (42 CFR 2.23); psychotherapy notes are not part of the right of access
     * (164.524(a)(1)(i)); Part 2 records go into proceedings under a §2.64 court order; otherwise the category must be
     * named by a signed authorization on file of the right kind (a Part 2 consent for Part 2 records, a
     * psychotherapy-notes authorization for psychotherapy notes) that has not been revoked.
     */
    private static String withheld(SensitiveCategory c, Basis basis) {
        boolean access = RequestType.RIGHT_OF_ACCESS.equals(basis.requestType());
        boolean notes = c.category().equals(Authorization.PSYCHOTHERAPY_NOTES);
        if (access && notes) {
            return "are not part of the patient's right of access (45 CFR 164.524(a)(1)(i)).";
        }
        if (access && basis.toPatient() && c.part2()) return null;
        if (c.part2() && basis.order() != null && basis.order().part2Findings()) return null;
        Authorization a = basis.authorization();
        String named = "are released only under a signed authorization that names this category explicitly";
        if (a == null) {
            return named + (c.part2() && RequestType.LEGAL_PROCESS.equals(basis.requestType())
                    ? " (a Part 2 consent), or in proceedings under a court order with the findings of 42 CFR 2.64; this request has neither."
                    : " and this request has no authorization.");
        }
        if (!a.names(c)) return named + "; the authorization does not name it.";
        if (c.part2() && a.kind() != Authorization.Kind.PART2_CONSENT) {
            return named + "; for Part 2 records that is a Part 2 consent with the elements of 42 CFR 2.31 (kind 'part2-consent').";
        }
        if (notes && a.kind() != Authorization.Kind.PSYCHOTHERAPY_NOTES) {
            return named + "; for psychotherapy notes that is a separate psychotherapy-notes authorization (45 CFR 164.508(a)(2)).";
        }
        if (!a.isSignedAndOnFile()) {
            return named + "; attach the signed authorization form, with the dates it was signed and expires, first.";
        }
        return null;
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
