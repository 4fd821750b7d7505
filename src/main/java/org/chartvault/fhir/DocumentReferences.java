package org.chartvault.fhir;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentService;
import org.chartvault.index.BadQueryException;
import org.chartvault.index.SearchIndex;
import org.chartvault.index.SearchQuery;
import org.chartvault.originals.Originals;
import org.chartvault.security.Caller;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IHE MHD ITI-67 (Find Document References) and ITI-68 (Retrieve Document) over the archive. A patient's
 * documents are found through the search index (by MRN), then read from storage, which is the truth: filters
 * and order apply to the stored records. Newest date first, ties by document id, so that offset paging is stable.
 */
public final class DocumentReferences {
    private final DocumentService documents;
    private final Originals originals;
    private final DocumentRepository repository;
    private final SearchIndex index;
    private final DocumentTypeCodes typeCodes;
    private final DocumentAccessPolicy access;
    private final DocumentReferenceMapper mapper;
    private final FhirSettings settings;

    DocumentReferences(DocumentService documents, Originals originals, DocumentRepository repository, SearchIndex index,
                       DocumentTypeCodes typeCodes, DocumentAccessPolicy access, DocumentReferenceMapper mapper,
                       FhirSettings settings) {
        this.documents = documents;
        this.originals = originals;
        this.repository = repository;
        this.index = index;
        this.typeCodes = typeCodes;
        this.access = access;
        this.mapper = mapper;
        this.settings = settings;
    }

    /** One page of the documents matching the query, as a searchset Bundle with self, next and previous links. */
    public SearchPage search(Map<String, List<String>> query, Caller caller, FhirUrls urls) throws IOException {
        DocumentTypeList types = typeCodes.current();
        DocumentSearch search = DocumentSearch.parse(query, settings, urls, types);
        List<Document> matching = matching(search, types, caller);

        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal(matching.size());
        bundle.addLink().setRelation("self").setUrl(link(urls, search, search.offset()));
        int end = (int) Math.min(matching.size(), (long) search.offset() + search.count()); // _offset may be near 2^31
        if (end < matching.size() && search.count() > 0) bundle.addLink().setRelation("next").setUrl(link(urls, search, end));
        if (search.offset() > 0 && search.count() > 0) {
            bundle.addLink().setRelation("previous").setUrl(link(urls, search, Math.max(0, search.offset() - search.count())));
        }
        List<String> shown = new ArrayList<>();
        for (int i = search.offset(); i < end; i++) {
            Document document = matching.get(i);
            DocumentReference reference = mapper.toFhir(document, types, urls);
            bundle.addEntry().setFullUrl(urls.resource("DocumentReference", reference.getIdPart()))
                    .setResource(reference).getSearch().setMode(Bundle.SearchEntryMode.MATCH);
            shown.add(document.documentId());
        }
        return new SearchPage(bundle, search.mrn(), matching.size(), shown);
    }

    /** A page of search results and what the audit trail records of it. */
    public record SearchPage(Bundle bundle, String mrn, int total, List<String> documentIds) {
    }

    public DocumentReference read(String fhirId, Caller caller, FhirUrls urls) throws IOException {
        return mapper.toFhir(visible(fhirId, caller, "DocumentReference"), typeCodes.current(), urls);
    }

    /**
     * The bytes behind a Binary id: the document's original (the upload as it came when the document is that file
     * whole, else a file of its own pages only), or (id ending in -pdf) the searchable PDF.
     */
    public Content content(String binaryId, Caller caller) throws IOException {
        boolean pdf = binaryId != null && binaryId.endsWith(FhirIds.PDF_SUFFIX);
        String documentFhirId = pdf ? binaryId.substring(0, binaryId.length() - FhirIds.PDF_SUFFIX.length()) : binaryId;
        Document document = visible(documentFhirId, caller, "Binary");
        if (!pdf) {
            Document settled = originals.settled(document);
            return new Content(settled.documentId(), false, settled.contentType(), settled.bytes(), settled.fileName(),
                    () -> originals.open(settled));
        }
        if (!document.status().isProcessed()) {
            throw FhirException.notFound("The searchable PDF of Binary/" + FhirJson.clip(documentFhirId)
                    + " is made once the document has been processed; its status is " + document.status().wire() + ".");
        }
        return new Content(document.documentId(), true, "application/pdf", -1, document.fileName() + ".searchable.pdf",
                () -> documents.searchablePdf(document));
    }

    /** Bytes to send: the document they belong to, their type and, when known, their length. */
    public record Content(String documentId, boolean searchablePdf, String contentType, long size, String fileName,
                          Opener opener) {
        @FunctionalInterface
        public interface Opener {
            InputStream open() throws IOException;
        }
    }

    private Document visible(String fhirId, Caller caller, String type) throws IOException {
        Optional<String> documentId = FhirIds.documentOf(fhirId);
        Optional<Document> document = documentId.isEmpty() ? Optional.empty() : repository.find(documentId.get());
        if (document.isEmpty() || !access.maySee(caller, document.get())) {
            throw new FhirException(404, IssueType.NOTFOUND, "There is no " + type + "/" + FhirJson.clip(fhirId) + ".");
        }
        return document.get();
    }

    private List<Document> matching(DocumentSearch search, DocumentTypeList types, Caller caller) throws IOException {
        if (search.mrn() == null) return List.of();
        if (search.statuses() != null && !search.statuses().contains("current")) return List.of();
        if (search.loincs() != null && search.loincs().isEmpty()) return List.of();
        List<Document> found = new ArrayList<>();
        for (String id : candidates(search.mrn())) {
            Optional<Document> stored = repository.find(id);
            if (stored.isEmpty()) continue; // deleted since it was indexed
            Document document = stored.get();
            if (!search.mrn().equals(document.indexing().mrn())) continue; // corrected since it was indexed
            if (search.loincs() != null) {
                String loinc = types.resolve(document.indexing().documentType()).map(DocumentTypeCode::loinc).orElse(null);
                if (!search.loincs().contains(loinc)) continue;
            }
            LocalDate day = mapper.effectiveDate(document);
            if (!search.dates().isEmpty() && (day == null || !search.dates().stream().allMatch(d -> d.matches(day)))) continue;
            if (!access.maySee(caller, document)) continue;
            found.add(document);
        }
        found.sort(Comparator.comparing(mapper::effectiveDate, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Document::documentId));
        return found;
    }

    private java.util.Set<String> candidates(String mrn) throws IOException {
        try {
            return index.matchingDocuments(new SearchQuery(null, mrn, null, null, null, 0, 1));
        } catch (BadQueryException e) {
            throw new IllegalStateException("an MRN filter without words cannot be a bad query", e);
        }
    }

    private static String link(FhirUrls urls, DocumentSearch search, int offset) {
        List<Map.Entry<String, String>> parameters = new ArrayList<>(search.applied());
        if (offset > 0) parameters.add(Map.entry("_offset", Integer.toString(offset)));
        return urls.search("DocumentReference", parameters);
    }
}
