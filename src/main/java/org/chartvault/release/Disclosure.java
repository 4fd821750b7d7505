package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * One entry of a patient's disclosure log: when, to whom, why, and what. The internal log keeps every disclosure;
 * the accounting a patient receives (45 CFR 164.528, see {@link Accounting}) lists only those the rule requires.
 * Stored as {@code disclosures/<mrn>/<releaseId>.json}; written once when the disclosure is made, and moved (not
 * changed otherwise) when registration merges the patient into another MRN.
 *
 * @param releaseId   the entry's id: the release ({@code rel_}), the production ({@code exp_}) or the entry made by
 *                    hand ({@code dsc_}) it records
 * @param documents   what was disclosed: each document with its pages (none for a disclosure entered by hand)
 * @param pages       number of pages disclosed
 * @param releasedBy  who released it, or who entered it by hand
 * @param requestType the request type the disclosure followed
 * @param legalBasis  the legal basis it was disclosed under
 * @param accounted   whether the type puts it in the accounting the patient receives (164.528(a)(1) exemptions);
 *                    the internal log keeps every disclosure either way
 * @param description a brief description of what was disclosed, as the clerk wrote it (null: told by the documents)
 * @param source      how it left: a release, a production, or outside ChartVault (entered by hand)
 * @param mergedFrom  the MRN it was recorded under before registration merged that patient into this one, or null
 */
public record Disclosure(String releaseId, String mrn, String patientName, LocalDate date, Requester requester,
                         String purpose, String authorization, List<ReleasedDocument> documents, int pages,
                         String releasedBy, String requestType, String legalBasis, boolean accounted,
                         String description, Source source, String mergedFrom) {

    /** How the records left. */
    public enum Source {
        RELEASE, PRODUCTION, MANUAL;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Disclosure {
        documents = documents == null ? List.of() : List.copyOf(documents);
        if (source == null) source = releaseId != null && releaseId.startsWith("exp_") ? Source.PRODUCTION
                : releaseId != null && releaseId.startsWith(ManualDisclosure.ID_PREFIX + "_") ? Source.MANUAL : Source.RELEASE;
        // Entries written before request types existed followed the only rules there were then: accounted.
        if (requestType == null) {
            requestType = RequestType.NOT_STATED;
            accounted = true;
        }
    }

    /** An entry as releases wrote them before descriptions, sources and merges were recorded. */
    public Disclosure(String releaseId, String mrn, String patientName, LocalDate date, Requester requester,
                      String purpose, String authorization, List<ReleasedDocument> documents, int pages,
                      String releasedBy, String requestType, String legalBasis, boolean accounted) {
        this(releaseId, mrn, patientName, date, requester, purpose, authorization, documents, pages, releasedBy,
                requestType, legalBasis, accounted, null, null, null);
    }

    /**
     * A production to someone who is not a party to the matter: legal process (164.512(e)), which the accounting lists
     * (HHS FAQ 710).
     */
    public Disclosure(String releaseId, String mrn, String patientName, LocalDate date, Requester requester,
                      String purpose, String legalBasis, List<ReleasedDocument> documents, int pages, String releasedBy) {
        this(releaseId, mrn, patientName, date, requester, purpose, null, documents, pages, releasedBy,
                RequestType.LEGAL_PROCESS, legalBasis, true, null, Source.PRODUCTION, null);
    }

    static Disclosure of(Release release, RequestType type) {
        return new Disclosure(release.releaseId(), release.mrn(), release.patientName(), release.releaseDate(),
                release.requester(), release.purpose(),
                release.authorization() == null ? null : release.authorization().describe(),
                release.included(), release.releasedPageCount(), release.releasedBy(), type.type(), release.legalBasis(),
                type.accounted(), null, Source.RELEASE, null);
    }

    /** The same disclosure recorded under the surviving MRN of a merge (the first MRN it had is kept). */
    Disclosure movedTo(String survivingMrn) {
        return new Disclosure(releaseId, survivingMrn, patientName, date, requester, purpose, authorization, documents,
                pages, releasedBy, requestType, legalBasis, accounted, description, source,
                mergedFrom != null ? mergedFrom : mrn);
    }

    /** What was disclosed, in a line: the clerk's description, or the documents and pages released. */
    public String whatWasDisclosed() {
        if (description != null) return description;
        StringBuilder what = new StringBuilder();
        for (ReleasedDocument d : documents) {
            if (!what.isEmpty()) what.append("; ");
            what.append(PacketWriter.describe(d.documentType(), d.serviceDate())).append(", page(s) ")
                    .append(PacketWriter.ranges(d.pages()));
        }
        return what.isEmpty() ? pages + " page(s)" : what.toString();
    }
}
