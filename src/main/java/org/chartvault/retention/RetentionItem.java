package org.chartvault.retention;

import org.chartvault.document.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One document as a purge run lists it: who and what it was, the rule applied and the last day it had to be kept;
 * {@code reason} says why it was skipped, {@code destroyedAt} when it was destroyed.
 */
public record RetentionItem(String documentId, String mrn, String patientName, LocalDate birthDate,
                            String documentType, LocalDate serviceDate, String fileName, String sha256, int pages,
                            String rule, LocalDate retainUntil, List<String> holds, String reason,
                            Instant destroyedAt) {

    public RetentionItem {
        holds = holds == null ? List.of() : List.copyOf(holds);
    }

    static RetentionItem of(Document d, RetentionRule.Decision decision) {
        var ix = d.indexing();
        return new RetentionItem(d.documentId(), ix.mrn(), ix.patientName(), ix.birthDate(), ix.documentType(),
                ix.serviceDate(), d.fileName(), d.sha256(), d.pages().size(), decision.reason(), decision.retainUntil(),
                d.holds(), null, null);
    }

    RetentionItem skipped(String why) {
        return new RetentionItem(documentId, mrn, patientName, birthDate, documentType, serviceDate, fileName, sha256,
                pages, rule, retainUntil, holds, why, null);
    }

    RetentionItem destroyed(Instant at) {
        return new RetentionItem(documentId, mrn, patientName, birthDate, documentType, serviceDate, fileName, sha256,
                pages, rule, retainUntil, holds, null, at);
    }
}
