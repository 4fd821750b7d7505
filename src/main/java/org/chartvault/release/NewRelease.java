package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * A request as the clerk logs it. {@code receivedDate} defaults to today and {@code dueDate} to the received
 * date plus the request type's days; {@code items} may be empty while the clerk has not chosen yet. A null
 * {@code requestType} is {@code not-stated} (requests from before types existed); {@code matter} names the legal
 * matter a packet's Bates numbers continue (null: numbered on its own from 1).
 */
public record NewRelease(String mrn, Requester requester, String purpose, Authorization authorization,
                         List<ReleaseItem> items, List<Redaction> redactions, LocalDate receivedDate,
                         LocalDate dueDate, String requestType, LegalOrder legalOrder, AccessDirective directive,
                         String matter) {
    public NewRelease {
        items = items == null ? List.of() : List.copyOf(items);
        redactions = redactions == null ? List.of() : List.copyOf(redactions);
    }
}
