package org.chartvault.amendment;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * A patient's request to amend one document, from receipt to its decision and after. Stored as
 * {@code amendments/<id>.json}.
 *
 * @param mrn          the patient's MRN as the document was filed when the request was logged
 * @param dueDate      when the hospital must have acted: 60 days after receipt, or the date the one extension named
 * @param extension    the one 30-day extension (164.526(b)(2)(ii)), with the reason and new date the patient was told
 * @param decision     the decision once made: the amendment's text, or the denial with its basis and notice
 * @param disagreement the patient's statement of disagreement with a denial (164.526(d)(1)(ii))
 * @param rebuttal     the hospital's rebuttal of that statement (164.526(d)(3)), optional
 * @param inclusionAsked when the patient who made no statement asked that the request and denial go with future
 *                     disclosures anyway (164.526(d)(1)(iii)); null when not asked
 */
public record Amendment(String amendmentId, String documentId, String mrn, String patientName, Request request,
                        LocalDate dueDate, Extension extension, AmendmentStatus status, Decision decision,
                        Statement disagreement, Statement rebuttal, Statement inclusionAsked,
                        String createdBy, Instant createdAt, long version, Instant updatedAt) {

    /** 164.526(b)(2): act no later than 60 days after receipt. */
    public static final int DAYS_TO_ACT = 60;
    /** 164.526(b)(2)(ii): one extension of no more than 30 days. */
    public static final int EXTENSION_DAYS = 30;

    public Amendment {
        Objects.requireNonNull(amendmentId, "amendmentId");
        Objects.requireNonNull(documentId, "documentId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(status, "status");
    }

    /** What the patient asked: who, when it reached the hospital, what is wrong, and what they want it to say. */
    public record Request(String requester, LocalDate receivedDate, String whatIsWrong, String requestedChange) {
    }

    /** The one extension: the written reason and new date given to the patient (on {@code notifiedOn}). */
    public record Extension(String reason, LocalDate newDueDate, LocalDate notifiedOn, String by, Instant at) {
    }

    /**
     * Accepted with {@code amendmentText} (what now goes with the document), or denied with {@code basis}, the
     * clerk's {@code explanation} and the {@code notice} the patient is sent.
     */
    public record Decision(AmendmentStatus outcome, String amendmentText, DenialBasis basis, String explanation,
                           String notice, LocalDate decidedOn, String by, Instant at) {
    }

    /** A text someone gave (the patient's statement, the hospital's rebuttal, the patient's request to include). */
    public record Statement(String text, LocalDate receivedDate, String by, Instant at) {
    }

    /** The date the 60 days run out, whatever the extension. */
    public LocalDate firstDueDate() {
        return request.receivedDate().plusDays(DAYS_TO_ACT);
    }

    /** Days until the due date (negative once past); null once decided. */
    public Long daysLeftOn(LocalDate today) {
        return status.isOpen() ? ChronoUnit.DAYS.between(today, dueDate) : null;
    }

    public boolean isOverdueOn(LocalDate today) {
        return status.isOpen() && dueDate.isBefore(today);
    }

    /**
     * Whether what was decided goes with the document when it is disclosed: an accepted amendment always
     * (164.526(c)); a denial when the patient filed a statement of disagreement, or asked for it (164.526(d)(5)).
     */
    public boolean goesWithDisclosures() {
        return status == AmendmentStatus.ACCEPTED
                || status == AmendmentStatus.DENIED && (disagreement != null || inclusionAsked != null);
    }

    /**
     * The amendment as it stood just before {@code moment}: what was recorded at or after it left out, empty when it
     * was not decided before. A packet is written from this as of its release, so producing it again later (its
     * stored copy lost) gives the same pages however the amendment went on; strictly before, so that something
     * recorded in the very instant of the release is left out both times.
     */
    public Optional<Amendment> asOf(Instant moment) {
        if (decision == null || !decision.at().isBefore(moment)) return Optional.empty();
        Statement d = disagreement != null && disagreement.at().isBefore(moment) ? disagreement : null;
        Statement r = d != null && rebuttal != null && rebuttal.at().isBefore(moment) ? rebuttal : null;
        Statement asked = inclusionAsked != null && inclusionAsked.at().isBefore(moment) ? inclusionAsked : null;
        return Optional.of(new Amendment(amendmentId, documentId, mrn, patientName, request, dueDate, extension, status,
                decision, d, r, asked, createdBy, createdAt, version, updatedAt));
    }

    Amendment extended(Extension newExtension) {
        return new Amendment(amendmentId, documentId, mrn, patientName, request, newExtension.newDueDate(), newExtension,
                status, decision, disagreement, rebuttal, inclusionAsked, createdBy, createdAt, version, updatedAt);
    }

    Amendment decided(Decision newDecision) {
        return new Amendment(amendmentId, documentId, mrn, patientName, request, dueDate, extension,
                newDecision.outcome(), newDecision, disagreement, rebuttal, inclusionAsked, createdBy, createdAt, version,
                updatedAt);
    }

    Amendment withDisagreement(Statement statement) {
        return new Amendment(amendmentId, documentId, mrn, patientName, request, dueDate, extension, status, decision,
                statement, rebuttal, inclusionAsked, createdBy, createdAt, version, updatedAt);
    }

    Amendment withRebuttal(Statement statement) {
        return new Amendment(amendmentId, documentId, mrn, patientName, request, dueDate, extension, status, decision,
                disagreement, statement, inclusionAsked, createdBy, createdAt, version, updatedAt);
    }

    Amendment withInclusionAsked(Statement statement) {
        return new Amendment(amendmentId, documentId, mrn, patientName, request, dueDate, extension, status, decision,
                disagreement, rebuttal, statement, createdBy, createdAt, version, updatedAt);
    }

    /** The record as it is written: next version, stamped with the time of the write. */
    Amendment nextVersion(Instant now) {
        return new Amendment(amendmentId, documentId, mrn, patientName, request, dueDate, extension, status, decision,
                disagreement, rebuttal, inclusionAsked, createdBy, createdAt, version + 1, now);
    }
}
