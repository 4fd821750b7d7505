package org.chartvault.amendment;

import org.chartvault.Ids;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.DocumentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What HIM does with a patient's request to amend their record (45 CFR 164.526): log it, act within 60 days of
 * receipt or extend once by up to 30 days with a written reason and the new date, accept it (the amendment is
 * linked to the document) or deny it on one of the grounds the rule allows (the patient is told the basis, that
 * they may file a statement of disagreement, and how to complain to the hospital and to the Secretary of HHS),
 * and keep the patient's statement of disagreement and the hospital's rebuttal with the document.
 * <p>
 * Who may touch which document is the caller's business ({@code access.DocumentAccess}, checked over HTTP);
 * this service keeps the rules of the record.
 */
public final class AmendmentService {
    private static final Logger log = LoggerFactory.getLogger(AmendmentService.class);
    public static final String ID_PREFIX = "amd";
    /** Longest text kept (what is wrong, the change, an amendment, a statement): a page, not a chart. */
    public static final int MAX_TEXT = 8000;
    /** Longest requester or reason line. */
    static final int MAX_LINE = 500;
    /** Who the patient may complain to at the hospital, when the clerk names nobody (164.526(d)(1)(iv)). */
    public static final String DEFAULT_CONTACT = "the Privacy Officer, Health Information Management department";

    private final AmendmentRepository amendments;
    private final DocumentRepository documents;
    private final Clock clock;

    public AmendmentService(AmendmentRepository amendments, DocumentRepository documents, Clock clock) {
        this.amendments = amendments;
        this.documents = documents;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** Logs the request; it is due {@value Amendment#DAYS_TO_ACT} days after it was received. */
    public Amendment request(NewAmendment request, String clerk) throws IOException, DocumentNotFoundException {
        if (request.documentId() == null || request.documentId().isBlank()) {
            throw new InvalidAmendmentException("bad-document", "'documentId' is required: which document does the patient want amended?");
        }
        Document document = documents.get(request.documentId());
        String requester = line(request.requester(), "requester", "who asked for the amendment (the patient, or their personal representative)");
        String wrong = text(request.whatIsWrong(), "whatIsWrong", "what the patient says is wrong or incomplete");
        String change = text(request.requestedChange(), "requestedChange", "the change the patient asks for");
        LocalDate today = today();
        LocalDate received = request.receivedDate() != null ? request.receivedDate() : today;
        if (received.isAfter(today)) {
            throw new InvalidAmendmentException("bad-date", "The request cannot have been received after today (" + received + ").");
        }
        Instant now = clock.instant();
        Amendment amendment = new Amendment(Ids.next(ID_PREFIX), document.documentId(), document.indexing().mrn(),
                document.indexing().patientName(), new Amendment.Request(requester, received, wrong, change),
                received.plusDays(Amendment.DAYS_TO_ACT), null, AmendmentStatus.REQUESTED, null, null, null, null,
                clerk, now, 0, null);
        Amendment created = amendments.create(amendment);
        log.info("Amendment {} of document {} logged by {}, due {}", created.amendmentId(), created.documentId(), clerk,
                created.dueDate());
        return created;
    }

    public Amendment get(String amendmentId) throws IOException, AmendmentNotFoundException {
        return amendments.get(amendmentId);
    }

    /** The work list: open requests (or all), overdue first, then by days left; {@code mrn} narrows it to a patient. */
    public List<Amendment> list(boolean openOnly, String mrn) throws IOException {
        return amendments.all().stream()
                .filter(a -> !openOnly || a.status().isOpen())
                .filter(a -> mrn == null || mrn.equals(a.mrn()))
                .sorted(Comparator.comparing((Amendment a) -> !a.status().isOpen())
                        .thenComparing(Amendment::dueDate)
                        .thenComparing(a -> a.request().receivedDate())
                        .thenComparing(Amendment::amendmentId))
                .toList();
    }

    /** Every request about the document, oldest first. */
    public List<Amendment> ofDocument(String documentId) throws IOException {
        return amendments.ofDocument(documentId).stream()
                .sorted(Comparator.comparing((Amendment a) -> a.request().receivedDate()).thenComparing(Amendment::createdAt))
                .toList();
    }

    /**
     * What goes with the document in a packet released at {@code releasedAt}: each amendment as it stood then,
     * when its decision goes with disclosures (see {@link Amendment#goesWithDisclosures}).
     */
    public List<Amendment> disclosedWith(String documentId, Instant releasedAt) throws IOException {
        return ofDocument(documentId).stream().map(a -> a.asOf(releasedAt)).flatMap(Optional::stream)
                .filter(Amendment::goesWithDisclosures).toList();
    }

    /**
     * The one extension (164.526(b)(2)(ii)): only while the first 60 days run, to a date no more than 30 days after
     * them, with the reason the patient is told in writing.
     */
    public Amendment extend(String amendmentId, String reason, LocalDate newDueDate, String clerk)
            throws IOException, AmendmentNotFoundException {
        String why = line(reason, "reason", "the reason for the delay, as the patient is told it in writing");
        if (newDueDate == null) {
            throw new InvalidAmendmentException("bad-date", "'newDueDate' is required: the date by which the hospital will act, as the patient is told it.");
        }
        return amendments.update(amendmentId, current -> {
            requireOpen(current);
            if (current.extension() != null) {
                throw new AmendmentConflictException("extension-used", "Amendment request " + current.amendmentId()
                        + " was extended already (to " + current.extension().newDueDate() + "); the rule allows one extension only.");
            }
            LocalDate today = today();
            if (today.isAfter(current.firstDueDate())) {
                throw new AmendmentConflictException("too-late-to-extend", "The 60 days ran out on " + current.firstDueDate()
                        + "; an extension must be given to the patient within them.");
            }
            LocalDate latest = current.firstDueDate().plusDays(Amendment.EXTENSION_DAYS);
            if (!newDueDate.isAfter(current.firstDueDate()) || newDueDate.isAfter(latest)) {
                throw new InvalidAmendmentException("bad-date", "The new due date must be after " + current.firstDueDate()
                        + " and no later than " + latest + " (one extension of at most 30 days).");
            }
            log.info("Amendment {} extended by {} to {}", amendmentId, clerk, newDueDate);
            return current.extended(new Amendment.Extension(why, newDueDate, today, clerk, clock.instant()));
        });
    }

    /** Accepts the request: {@code amendmentText} is linked to the document and goes with every later release of it. */
    public Amendment accept(String amendmentId, String amendmentText, String clerk) throws IOException, AmendmentNotFoundException {
        String amended = text(amendmentText, "amendmentText", "the amendment as it is to be linked to the document");
        return amendments.update(amendmentId, current -> {
            requireOpen(current);
            log.info("Amendment {} accepted by {}", amendmentId, clerk);
            return current.decided(new Amendment.Decision(AmendmentStatus.ACCEPTED, amended, null, null, null,
                    today(), clerk, clock.instant()));
        });
    }

    /**
     * Denies the request on {@code basis}; the notice the patient is sent says why, that they may file a statement of
     * disagreement and how, that otherwise they may ask for the request and denial to go with future disclosures,
     * and how to complain to {@code contact} and to the Secretary of HHS (164.526(d)(1)).
     */
    public Amendment deny(String amendmentId, DenialBasis basis, String explanation, String contact, String clerk)
            throws IOException, AmendmentNotFoundException {
        if (basis == null) DenialBasis.fromWire(null); // refuses, naming the grounds
        String why = explanation == null || explanation.isBlank() ? null : text(explanation, "explanation", "");
        String whom = contact == null || contact.isBlank() ? DEFAULT_CONTACT : line(contact, "contact", "");
        return amendments.update(amendmentId, current -> {
            requireOpen(current);
            log.info("Amendment {} denied by {} ({})", amendmentId, clerk, basis.wire());
            return current.decided(new Amendment.Decision(AmendmentStatus.DENIED, null, basis, why,
                    denialNotice(current, basis, why, whom), today(), clerk, clock.instant()));
        });
    }

    /** The patient's statement of disagreement with a denial (one per request; it goes with later disclosures). */
    public Amendment disagree(String amendmentId, String statement, LocalDate receivedDate, String clerk)
            throws IOException, AmendmentNotFoundException {
        String text = text(statement, "text", "the patient's statement of disagreement");
        LocalDate received = receivedDate != null ? receivedDate : today();
        if (received.isAfter(today())) {
            throw new InvalidAmendmentException("bad-date", "The statement cannot have been received after today (" + received + ").");
        }
        return amendments.update(amendmentId, current -> {
            requireDenied(current, "A statement of disagreement");
            if (current.disagreement() != null) {
                throw new AmendmentConflictException("disagreement-recorded", "The patient's statement of disagreement with "
                        + "amendment request " + current.amendmentId() + " is on file already.");
            }
            return current.withDisagreement(new Amendment.Statement(text, received, clerk, clock.instant()));
        });
    }

    /** The hospital's rebuttal of the patient's statement (164.526(d)(3)); a copy goes to the patient. */
    public Amendment rebut(String amendmentId, String rebuttal, String clerk) throws IOException, AmendmentNotFoundException {
        String text = text(rebuttal, "text", "the hospital's rebuttal");
        return amendments.update(amendmentId, current -> {
            requireDenied(current, "A rebuttal");
            if (current.disagreement() == null) {
                throw new AmendmentConflictException("no-disagreement", "There is no statement of disagreement to rebut on amendment request "
                        + current.amendmentId() + ".");
            }
            if (current.rebuttal() != null) {
                throw new AmendmentConflictException("rebuttal-recorded", "A rebuttal is on file already for amendment request "
                        + current.amendmentId() + ".");
            }
            return current.withRebuttal(new Amendment.Statement(text, today(), clerk, clock.instant()));
        });
    }

    /** The patient, who filed no statement, asks that the request and its denial go with future disclosures. */
    public Amendment includeWithDisclosures(String amendmentId, LocalDate receivedDate, String clerk)
            throws IOException, AmendmentNotFoundException {
        LocalDate received = receivedDate != null ? receivedDate : today();
        return amendments.update(amendmentId, current -> {
            requireDenied(current, "Asking to include the denial");
            if (current.inclusionAsked() != null) return current;
            return current.withInclusionAsked(new Amendment.Statement(null, received, clerk, clock.instant()));
        });
    }

    /** The written denial (164.526(d)(1)): plain language, the basis and the patient's rights. */
    static String denialNotice(Amendment amendment, DenialBasis basis, String explanation, String contact) {
        return "We have denied your request of " + amendment.request().receivedDate() + " to amend your record ("
                + "document " + amendment.documentId() + "). " + basis.sentence()
                + (explanation == null ? "" : " " + explanation)
                + " You have the right to submit a written statement disagreeing with this denial and the reasons for it; "
                + "send it to " + contact + ". We will add it to your record, and it will go with every later disclosure of "
                + "the information concerned; we may prepare a rebuttal, and if we do we will send you a copy. "
                + "If you do not submit a statement of disagreement, you may ask that your request for amendment and this "
                + "denial be sent with any future disclosure of that information. "
                + "You may complain about this decision to " + contact + ", or to the Secretary of the U.S. Department of "
                + "Health and Human Services, Office for Civil Rights (www.hhs.gov/ocr/complaints, 1-800-368-1019).";
    }

    private static void requireOpen(Amendment amendment) {
        if (!amendment.status().isOpen()) {
            throw new AmendmentConflictException("decided", "Amendment request " + amendment.amendmentId() + " was "
                    + amendment.status().wire() + " on " + amendment.decision().decidedOn() + "; it can no longer be changed.");
        }
    }

    private static void requireDenied(Amendment amendment, String what) {
        if (amendment.status() != AmendmentStatus.DENIED) {
            throw new AmendmentConflictException("not-denied", what + " belongs to a denied amendment request; request "
                    + amendment.amendmentId() + " is " + amendment.status().wire() + ".");
        }
    }

    private static String line(String value, String field, String meaning) {
        String stripped = text(value, field, meaning);
        if (stripped.length() > MAX_LINE || stripped.contains("\n")) {
            throw new InvalidAmendmentException("bad-" + field, "'" + field + "' is one line of at most " + MAX_LINE + " characters.");
        }
        return stripped;
    }

    private static String text(String value, String field, String meaning) {
        if (value == null || value.isBlank()) {
            throw new InvalidAmendmentException("bad-" + field, "'" + field + "' is required" + (meaning.isEmpty() ? "." : ": " + meaning + "."));
        }
        String stripped = value.strip();
        if (stripped.length() > MAX_TEXT) {
            throw new InvalidAmendmentException("bad-" + field, "'" + field + "' is longer than " + MAX_TEXT + " characters.");
        }
        if (stripped.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t')) {
            throw new InvalidAmendmentException("bad-" + field, "'" + field + "' holds control characters.");
        }
        return stripped;
    }
}
