package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * One entry of a patient's accounting of disclosures (45 CFR 164.528): when, to whom, why, and what. Written
 * when a release is produced, as {@code disclosures/<mrn>/<releaseId>.json}, and never changed afterwards.
 *
 * @param documents what was disclosed: each document with its pages
 * @param pages     number of pages disclosed
 */
public record Disclosure(String releaseId, String mrn, String patientName, LocalDate date, Requester requester,
                         String purpose, String authorization, List<ReleasedDocument> documents, int pages,
                         String releasedBy) {
    public Disclosure {
        documents = documents == null ? List.of() : List.copyOf(documents);
    }

    static Disclosure of(Release release) {
        return new Disclosure(release.releaseId(), release.mrn(), release.patientName(), release.releaseDate(),
                release.requester(), release.purpose(),
                release.authorization() == null ? null : release.authorization().describe(),
                release.included(), release.releasedPageCount(), release.releasedBy());
    }
}
