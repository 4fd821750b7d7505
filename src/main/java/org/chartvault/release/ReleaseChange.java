package org.chartvault.release;

import java.time.LocalDate;
import java.util.List;

/**
 * A change to an open request; null fields stay as they are. {@code status} {@code released} produces the
 * packet; {@code denied} needs a {@code reason}. {@code authorizationGiven} with a null {@code authorization}
 * removes the authorization's scope (an uploaded scan stays on file).
 */
public record ReleaseChange(ReleaseStatus status, String reason, Requester requester, String purpose,
                            boolean authorizationGiven, Authorization authorization, List<ReleaseItem> items,
                            List<Redaction> redactions, LocalDate dueDate, String requestType,
                            boolean legalOrderGiven, LegalOrder legalOrder, boolean directiveGiven,
                            AccessDirective directive) {
}
