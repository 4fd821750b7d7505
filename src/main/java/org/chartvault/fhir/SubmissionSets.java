package org.chartvault.fhir;

import org.chartvault.document.DocumentRepository;
import org.chartvault.security.Caller;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The SubmissionSets (FHIR Lists) of ITI-65 submissions, kept as filed so that the location the transaction
 * answered with can be read back. Stored as FHIR JSON written by HAPI.
 */
public final class SubmissionSets {
    /** One object per submission; the List names the patient and the documents it filed. */
    static final String PREFIX = "submissions/";

    private final ObjectStore store;
    private final FhirJson json;
    private final DocumentRepository repository;
    private final DocumentAccessPolicy access;

    SubmissionSets(ObjectStore store, FhirJson json, DocumentRepository repository, DocumentAccessPolicy access) {
        this.store = store;
        this.json = json;
        this.repository = repository;
        this.access = access;
    }

    void save(String submissionId, ListResource list) throws IOException {
        store.put(PREFIX + submissionId + ".json", json.encode(list).getBytes(StandardCharsets.UTF_8), FhirJson.MEDIA_TYPE);
    }

    /** The SubmissionSet as filed, listing only the documents the caller may see (the others as if never filed). */
    public ListResource read(String fhirId, Caller caller) throws IOException {
        Optional<String> submissionId = FhirIds.submissionOf(fhirId);
        if (submissionId.isPresent()) {
            try {
                byte[] stored = store.getBytes(PREFIX + submissionId.get() + ".json");
                ListResource list = json.context().newJsonParser().parseResource(ListResource.class, new String(stored, StandardCharsets.UTF_8));
                list.getEntry().removeIf(entry -> !visible(entry.getItem().getReferenceElement().getIdPart(), caller));
                return list;
            } catch (ObjectNotFoundException e) {
                // answered below
            }
        }
        throw new FhirException(404, IssueType.NOTFOUND, "There is no List/" + FhirJson.clip(fhirId) + ".");
    }

    private boolean visible(String documentReferenceId, Caller caller) {
        Optional<String> documentId = documentReferenceId == null ? Optional.empty() : FhirIds.documentOf(documentReferenceId);
        if (documentId.isEmpty()) return false;
        try {
            return repository.find(documentId.get()).map(d -> access.maySee(caller, d)).orElse(false);
        } catch (IOException e) {
            return false; // when in doubt a record stays unlisted
        }
    }
}
