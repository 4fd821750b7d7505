package org.chartvault.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An accounting of disclosures as it was given to the patient (45 CFR 164.528(d): the written accounting provided is
 * kept, six years): the PDF is stored beside this record, byte for byte, with its hash.
 *
 * @param requestDate the day the patient asked; the accounting covers the six years before it
 * @param requestedBy who asked (the patient or their personal representative), as the clerk wrote it
 * @param listed      the ids of the disclosures it lists
 */
public record GivenAccounting(String accountingId, String mrn, LocalDate requestDate, LocalDate from, LocalDate to,
                              String requestedBy, List<String> listed, String producedBy, Instant producedAt,
                              String sha256, long bytes, String mergedFrom) {
    /** Id prefix ({@code acc_...}). */
    public static final String ID_PREFIX = "acc";

    public GivenAccounting {
        listed = listed == null ? List.of() : List.copyOf(listed);
    }

    GivenAccounting movedTo(String survivingMrn) {
        return new GivenAccounting(accountingId, survivingMrn, requestDate, from, to, requestedBy, listed, producedBy,
                producedAt, sha256, bytes, mergedFrom != null ? mergedFrom : mrn);
    }
}
