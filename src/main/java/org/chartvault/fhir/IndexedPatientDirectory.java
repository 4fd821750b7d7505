package org.chartvault.fhir;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.Indexing;
import org.chartvault.index.BadQueryException;
import org.chartvault.index.SearchIndex;
import org.chartvault.index.SearchQuery;

import java.io.IOException;
import java.util.Comparator;
import java.util.Optional;

/**
 * Patients as the archive's documents know them, until there is a patient registry: a patient exists when
 * at least one indexed document carries their MRN, and their name and birth date are those of the most
 * recently changed such document that has them.
 */
public final class IndexedPatientDirectory implements PatientDirectory {
    private final SearchIndex index;
    private final DocumentRepository documents;

    public IndexedPatientDirectory(SearchIndex index, DocumentRepository documents) {
        this.index = index;
        this.documents = documents;
    }

    @Override
    public Optional<PatientRecord> byMrn(String mrn) throws IOException {
        if (mrn == null || mrn.isBlank()) return Optional.empty();
        Document newest = null;
        try {
            for (String id : index.matchingDocuments(new SearchQuery(null, mrn, null, null, null, 0, 1))) {
                Optional<Document> found = documents.find(id);
                if (found.isEmpty() || !mrn.equals(found.get().indexing().mrn())) continue;
                if (newest == null || newer().compare(found.get(), newest) > 0) newest = found.get();
            }
        } catch (BadQueryException e) {
            throw new IllegalStateException("an MRN filter without words cannot be a bad query", e);
        }
        if (newest == null) return Optional.empty();
        Indexing indexing = newest.indexing();
        return Optional.of(PatientRecord.fromPrintedName(mrn, indexing.patientName(), indexing.birthDate()));
    }

    /** Documents that name the patient first, then the most recently changed. */
    private static Comparator<Document> newer() {
        return Comparator.comparing((Document d) -> d.indexing().patientName() != null)
                .thenComparing(d -> d.updatedAt() == null ? java.time.Instant.EPOCH : d.updatedAt());
    }
}
