package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * One entry of a patient's accounting of disclosures (45 CFR 164.528): when, to whom, why, and what. Written
 * when a release is produced, as {@code disclosures/<mrn>/<releaseId>.json}, and never changed afterwards.
 *
 * @param documents what was disclosed: each document with its pages
 * @param pages     number of pages disclosed
 * @param requestType the request type the release followed
 * @param legalBasis  the legal basis it was disclosed under
 * @param accounted   whether the type puts it in the accounting the patient receives (164.528(a)(1) exemptions);
 *                    the internal log keeps every disclosure either way
 */
public record Disclosure(String releaseId, String mrn, String patientName, LocalDate date, Requester requester,
                         String purpose, String authorization, List<ReleasedDocument> documents, int pages,
                         String releasedBy, String requestType, String legalBasis, boolean accounted) {
    public Disclosure {
        documents = documents == null ? List.of() : List.copyOf(documents);
    }

    static Disclosure of(Release release, RequestType type) {
        return new Disclosure(release.releaseId(), release.mrn(), release.patientName(), release.releaseDate(),
                release.requester(), release.purpose(),
                release.authorization() == null ? null : release.authorization().describe(),
                release.included(), release.releasedPageCount(), release.releasedBy(), type.type(), release.legalBasis(),
                type.accounted());
    }
}
