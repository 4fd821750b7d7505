package org.chartvault.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.chartvault.amendment.Amendment;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An amendment request as the API shows it: the request, the clock ({@code dueDate}, {@code daysLeft} while open,
 * {@code overdue}), the extension, the decision and the statements, and {@code linked}: whether it goes with the
 * document when the document is released.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record AmendmentView(String amendmentId, String documentId, String mrn, String patientName, String requester,
                     LocalDate receivedDate, String whatIsWrong, String requestedChange, String status,
                     LocalDate firstDueDate, LocalDate dueDate, Long daysLeft, boolean overdue,
                     Amendment.Extension extension, Amendment.Decision decision, Amendment.Statement disagreement,
                     Amendment.Statement rebuttal, Amendment.Statement inclusionAsked, boolean linked,
                     String createdBy, Instant createdAt, long version, Instant updatedAt) {

    static AmendmentView of(Amendment a, LocalDate today) {
        return new AmendmentView(a.amendmentId(), a.documentId(), a.mrn(), a.patientName(), a.request().requester(),
                a.request().receivedDate(), a.request().whatIsWrong(), a.request().requestedChange(), a.status().wire(),
                a.firstDueDate(), a.dueDate(), a.daysLeftOn(today), a.isOverdueOn(today), a.extension(), a.decision(),
                a.disagreement(), a.rebuttal(), a.inclusionAsked(), a.goesWithDisclosures(), a.createdBy(),
                a.createdAt(), a.version(), a.updatedAt());
    }
}
