package org.chartvault.retention;

import org.chartvault.document.Document;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One document as a purge run lists it: who and what it was, the rule applied and the last day it had to be kept;
 * {@code reason} says why it was skipped, {@code destroyedAt} when it was destroyed.
 *
 * @param sourceScans   the uploaded scans its pages came from (SHA-256)
 * @param keptScans     of those, the ones not destroyed with it, each with why (other documents still come from it)
 * @param copiesOutside copies that left the archive before (release packets, productions): destroying the archive's
 *                      copy does not reach them
 */
public record RetentionItem(String documentId, String mrn, String patientName, LocalDate birthDate,
                            String documentType, LocalDate serviceDate, String fileName, String sha256, int pages,
                            String rule, LocalDate retainUntil, List<String> holds, String reason,
                            Instant destroyedAt, List<String> sourceScans, List<String> keptScans,
                            List<String> copiesOutside) {

    public RetentionItem {
        holds = holds == null ? List.of() : List.copyOf(holds);
        sourceScans = sourceScans == null ? List.of() : List.copyOf(sourceScans);
        keptScans = keptScans == null ? List.of() : List.copyOf(keptScans);
        copiesOutside = copiesOutside == null ? List.of() : List.copyOf(copiesOutside);
    }

    static RetentionItem of(Document d, RetentionRule.Decision decision) {
        var ix = d.indexing();
        return new RetentionItem(d.documentId(), ix.mrn(), ix.patientName(), ix.birthDate(), ix.documentType(),
                ix.serviceDate(), d.fileName(), d.sha256(), d.pages().size(), decision.reason(), decision.retainUntil(),
                d.holds(), null, null, List.copyOf(d.scans()), List.of(), List.of());
    }

    RetentionItem skipped(String why) {
        return new RetentionItem(documentId, mrn, patientName, birthDate, documentType, serviceDate, fileName, sha256,
                pages, rule, retainUntil, holds, why, null, sourceScans, keptScans, copiesOutside);
    }

    RetentionItem destroyed(Instant at, List<String> kept, List<String> outside) {
        return new RetentionItem(documentId, mrn, patientName, birthDate, documentType, serviceDate, fileName, sha256,
                pages, rule, retainUntil, holds, null, at, sourceScans, kept, outside);
    }
}
