package org.chartvault.chart;

import org.chartvault.access.DocumentAccess;
import org.chartvault.audit.AuditQuery;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentService;
import org.chartvault.index.BadQueryException;
import org.chartvault.index.SearchIndex;
import org.chartvault.index.SearchQuery;
import org.chartvault.patient.Patient;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.security.Caller;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A patient's story in the archive: who they are (from the registry, with the MRNs merged into theirs) and every
 * document filed under any of those MRNs that the caller may see, grouped by document type, newest first.
 * Also answers which documents belong to a patient for the audit trail by patient, where nothing is hidden.
 */
public final class PatientChart {
    /** Documents without a type are grouped under this heading, after every typed group. */
    public static final String UNTYPED = "Type not set";

    private final PatientRegistry registry;
    private final DocumentService documents;
    private final SearchIndex index;
    private final DocumentAccess access;

    public PatientChart(PatientRegistry registry, DocumentService documents, SearchIndex index, DocumentAccess access) {
        this.registry = registry;
        this.documents = documents;
        this.index = index;
        this.access = access;
    }

    /**
     * The patient as the archive knows them. {@code patient} is the registry's record (null when the registry does
     * not know the MRN: then name and birth date come from the documents), {@code groups} the visible documents.
     */
    public record View(String mrn, Optional<Patient> patient, String name, LocalDate birthDate, List<String> mergedMrns,
                       int documentsTotal, List<Group> groups) {
    }

    /** One document type's documents, newest date of service first (undated last). */
    public record Group(String documentType, List<Document> documents) {
    }

    public View view(Caller caller, String mrn) throws IOException {
        Optional<Patient> patient = registry.find(mrn);
        List<String> merged = registry.mergedInto(mrn);
        List<Document> found = documents(caller, mrn, merged);
        String name = patient.map(Patient::displayName).orElse(null);
        LocalDate born = patient.map(Patient::birthDate).orElse(null);
        for (Document d : found) {
            if (name == null) name = d.indexing().patientName();
            if (born == null) born = d.indexing().birthDate();
        }
        Map<String, List<Document>> byType = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<Document> untyped = new ArrayList<>();
        for (Document d : found) {
            String type = d.indexing().documentType();
            if (type == null || type.isBlank()) untyped.add(d);
            else byType.computeIfAbsent(type, t -> new ArrayList<>()).add(d);
        }
        List<Group> groups = new ArrayList<>();
        byType.forEach((type, docs) -> groups.add(new Group(type, newestFirst(docs))));
        if (!untyped.isEmpty()) groups.add(new Group(UNTYPED, newestFirst(untyped)));
        return new View(mrn, patient, name, born, merged, found.size(), groups);
    }

    /** The MRN and every MRN merged into it: whose records the trail by patient looks for. */
    public Set<String> mrns(String mrn) throws IOException {
        Set<String> all = new LinkedHashSet<>();
        all.add(mrn);
        all.addAll(registry.mergedInto(mrn));
        return all;
    }

    /**
     * The patient's records as the audit trail recognizes them: the MRN and those merged into it, every document
     * filed now under any of them (protected records included: ChartVault's own look-up) and the batches they came in.
     */
    public AuditQuery.Records records(String mrn) throws IOException {
        Set<String> mrns = mrns(mrn);
        Set<String> ids = new LinkedHashSet<>();
        for (String m : mrns) ids.addAll(matching(m, Set.of()));
        Set<String> batches = new LinkedHashSet<>();
        for (String id : ids) {
            try {
                String batch = documents.get(id).batchId();
                if (batch != null) batches.add(batch);
            } catch (DocumentNotFoundException e) {
                // deleted since it was indexed
            }
        }
        return AuditQuery.Records.patient(mrns, ids, batches);
    }

    /** One document and the batch it came in, as the audit trail recognizes it (also once it is deleted). */
    public AuditQuery.Records documentRecords(String documentId) throws IOException {
        try {
            return AuditQuery.Records.document(documentId, documents.get(documentId).batchId());
        } catch (DocumentNotFoundException e) {
            return AuditQuery.Records.document(documentId, null);
        }
    }

    private List<Document> documents(Caller caller, String mrn, List<String> merged) throws IOException {
        Set<String> hidden = access.hiddenTypeKeys(caller);
        Set<String> ids = new LinkedHashSet<>(matching(mrn, hidden));
        for (String prior : merged) ids.addAll(matching(prior, hidden));
        List<Document> found = new ArrayList<>();
        for (String id : ids) {
            try {
                Document document = documents.get(id);
                if (access.maySee(caller, document)) found.add(document);
            } catch (DocumentNotFoundException e) {
                // deleted since it was indexed
            }
        }
        return found;
    }

    private Set<String> matching(String mrn, Set<String> hidden) throws IOException {
        try {
            return index.matchingDocuments(new SearchQuery(null, mrn, null, null, null, 0, 1).hiding(hidden));
        } catch (BadQueryException e) {
            throw new IllegalStateException("a search by MRN alone cannot be malformed", e);
        }
    }

    private static List<Document> newestFirst(List<Document> docs) {
        docs.sort(Comparator.comparing((Document d) -> d.indexing().serviceDate(), Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(Document::documentId));
        return docs;
    }
}
