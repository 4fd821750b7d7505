package org.chartvault.fhir;

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

    SubmissionSets(ObjectStore store, FhirJson json) {
        this.store = store;
        this.json = json;
    }

    void save(String submissionId, ListResource list) throws IOException {
        store.put(PREFIX + submissionId + ".json", json.encode(list).getBytes(StandardCharsets.UTF_8), FhirJson.MEDIA_TYPE);
    }

    public ListResource read(String fhirId) throws IOException {
        Optional<String> submissionId = FhirIds.submissionOf(fhirId);
        if (submissionId.isPresent()) {
            try {
                byte[] stored = store.getBytes(PREFIX + submissionId.get() + ".json");
                return json.context().newJsonParser().parseResource(ListResource.class, new String(stored, StandardCharsets.UTF_8));
            } catch (ObjectNotFoundException e) {
                // answered below
            }
        }
        throw new FhirException(404, IssueType.NOTFOUND, "There is no List/" + FhirJson.clip(fhirId) + ".");
    }
}
