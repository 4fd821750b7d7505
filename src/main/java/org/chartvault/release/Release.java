package org.chartvault.release;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One release-of-information request, from receipt to release or denial. Stored as
 * {@code releases/<id>/release.json}; the signed authorization and the packet sit beside it.
 *
 * @param patientName  as the released documents name the patient (null until a document is chosen)
 * @param receivedDate when the request reached the hospital: the due date counts from here
 * @param items        what the clerk chose: whole documents or pages, in packet order
 * @param redactions   boxes to black out, in page-image pixels
 * @param included     what goes into the packet, worked out from items, authorization and sensitive categories
 * @param excluded     what stays out of it, and why
 * @param releasedBy   the releasing clerk
 * @param releaseDate  the date of the disclosure (the packet's date)
 * @param settings     Bates numbering the packet was produced with (null until released)
 * @param history      every status change, oldest first
 * @param pageDecisions the clerk's decisions on pages the patient check flagged (confirmed with a reason, or removed), oldest first
 * @param matter       the legal matter the release answers (a subpoena, a court order), or null: a packet in a matter
 *                     takes its Bates numbers from the matter's one sequence, after its productions and other packets
 */
public record Release(String releaseId, String mrn, String patientName, Requester requester, String purpose,
                      LocalDate receivedDate, LocalDate dueDate, Authorization authorization,
                      List<ReleaseItem> items, List<Redaction> redactions, ReleaseStatus status, String denialReason,
                      List<ReleasedDocument> included, List<ExcludedPages> excluded,
                      String createdBy, Instant createdAt, String releasedBy, Instant releasedAt, LocalDate releaseDate,
                      ReleaseSettings settings, Packet packet, List<StatusChange> history,
                      long version, Instant updatedAt, List<PageDecision> pageDecisions, String matter) {

    public Release {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(mrn, "mrn");
        Objects.requireNonNull(status, "status");
        items = items == null ? List.of() : List.copyOf(items);
        redactions = redactions == null ? List.of() : List.copyOf(redactions);
        included = included == null ? List.of() : List.copyOf(included);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
        history = history == null ? List.of() : List.copyOf(history);
        pageDecisions = pageDecisions == null ? List.of() : List.copyOf(pageDecisions);
        matter = matter == null || matter.isBlank() ? null : matter.strip();
        if (matter != null && matter.length() > 500) {
            throw new InvalidReleaseException("bad-matter", "The matter is longer than 500 characters.");
        }
    }

    /** Pages that go (or went) into the packet, cover sheet not counted. */
    public int releasedPageCount() {
        return included.stream().mapToInt(d -> d.pages().size()).sum();
    }

    /** Open and past its due date on {@code today}. */
    public boolean isOverdueOn(LocalDate today) {
        return status.isOpen() && dueDate != null && dueDate.isBefore(today);
    }

    /** Part 2 records are in the packet: the cover sheet carries Part 2's redisclosure notice. */
    public boolean includesPart2() {
        return included.stream().anyMatch(ReleasedDocument::part2);
    }

    public Release withRequest(Requester newRequester, String newPurpose, LocalDate newDueDate,
                               Authorization newAuthorization) {
        return new Release(releaseId, mrn, patientName, newRequester, newPurpose, receivedDate, newDueDate,
                newAuthorization, items, redactions, status, denialReason, included, excluded, createdBy, createdAt,
                releasedBy, releasedAt, releaseDate, settings, packet, history, version, updatedAt, pageDecisions, matter);
    }

    public Release withPlan(String newPatientName, List<ReleaseItem> newItems, List<Redaction> newRedactions,
                            List<ReleasedDocument> newIncluded, List<ExcludedPages> newExcluded) {
        return new Release(releaseId, mrn, newPatientName, requester, purpose, receivedDate, dueDate, authorization,
                newItems, newRedactions, status, denialReason, newIncluded, newExcluded, createdBy, createdAt,
                releasedBy, releasedAt, releaseDate, settings, packet, history, version, updatedAt, pageDecisions, matter);
    }

    public Release withAuthorization(Authorization newAuthorization) {
        return withRequest(requester, purpose, dueDate, newAuthorization);
    }

    /** Moved to {@code newStatus} by {@code by}; the change is added to the history. */
    public Release withStatus(ReleaseStatus newStatus, String reason, String by, Instant at) {
        List<StatusChange> more = new ArrayList<>(history);
        more.add(new StatusChange(newStatus, by, at, reason));
        String newDenial = newStatus == ReleaseStatus.DENIED ? reason : null;
        return new Release(releaseId, mrn, patientName, requester, purpose, receivedDate, dueDate, authorization,
                items, redactions, newStatus, newDenial, included, excluded, createdBy, createdAt, releasedBy,
                releasedAt, releaseDate, settings, packet, more, version, updatedAt, pageDecisions, matter);
    }

    /** Released: the packet was produced by {@code clerk} on {@code day}. */
    public Release released(String clerk, Instant at, LocalDate day, ReleaseSettings usedSettings, Packet newPacket) {
        Release moved = withStatus(ReleaseStatus.RELEASED, null, clerk, at);
        return new Release(releaseId, mrn, patientName, requester, purpose, receivedDate, dueDate, authorization,
                items, redactions, moved.status(), null, included, excluded, createdBy, createdAt, clerk, at, day,
                usedSettings, newPacket, moved.history(), version, updatedAt, pageDecisions, matter);
    }

    public Release withPacket(Packet newPacket) {
        return new Release(releaseId, mrn, patientName, requester, purpose, receivedDate, dueDate, authorization,
                items, redactions, status, denialReason, included, excluded, createdBy, createdAt, releasedBy,
                releasedAt, releaseDate, settings, newPacket, history, version, updatedAt, pageDecisions, matter);
    }

    /** With the clerk's decisions on the pages the patient check flagged. */
    public Release withPageDecisions(List<PageDecision> newDecisions) {
        return new Release(releaseId, mrn, patientName, requester, purpose, receivedDate, dueDate, authorization,
                items, redactions, status, denialReason, included, excluded, createdBy, createdAt, releasedBy,
                releasedAt, releaseDate, settings, packet, history, version, updatedAt, newDecisions, matter);
    }

    /** The clerk's latest decision on a page, if any. */
    public java.util.Optional<PageDecision> decisionOn(String documentId, int page) {
        java.util.Optional<PageDecision> latest = java.util.Optional.empty();
        for (PageDecision d : pageDecisions) if (d.isOn(documentId, page)) latest = java.util.Optional.of(d);
        return latest;
    }

    /** The record as it is written: next version, stamped with the time of the write. */
    Release nextVersion(Instant now) {
        return new Release(releaseId, mrn, patientName, requester, purpose, receivedDate, dueDate, authorization,
                items, redactions, status, denialReason, included, excluded, createdBy, createdAt, releasedBy,
                releasedAt, releaseDate, settings, packet, history, version + 1, now, pageDecisions, matter);
    }
}
