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
 * @param requestType  the {@link RequestType} id whose rules the request follows ({@code not-stated} when none was given)
 * @param legalBasis   the legal basis of the disclosure in words: the type's regulation and what it rests on
 *                     (authorization, legal order, the patient's directive); null on records from before types
 * @param legalOrder   the subpoena or court order of a legal-process request
 * @param directive    the patient's signed request to send the copy to a person they name (right of access)
 * @param matter       the legal matter the release answers (a subpoena, a court order), or null: a packet in a matter
 *                     takes its Bates numbers from the matter's one sequence, after its productions and other packets
 * @param extension    the one extension of the due date, with the written notice given to the requester (null if none)
 * @param fee          what the requester is charged, waived and has paid (null until a fee is quoted)
 * @param letters      the letters produced for the request (acknowledgement, extension notice, denial, invoice,
 *                     cover letter), oldest first; each PDF is kept beside the record
 */
public record Release(String releaseId, String mrn, String patientName, Requester requester, String purpose,
                      LocalDate receivedDate, LocalDate dueDate, Authorization authorization,
                      List<ReleaseItem> items, List<Redaction> redactions, ReleaseStatus status, String denialReason,
                      List<ReleasedDocument> included, List<ExcludedPages> excluded,
                      String createdBy, Instant createdAt, String releasedBy, Instant releasedAt, LocalDate releaseDate,
                      ReleaseSettings settings, Packet packet, List<StatusChange> history,
                      long version, Instant updatedAt, List<PageDecision> pageDecisions,
                      String requestType, String legalBasis, LegalOrder legalOrder, AccessDirective directive,
                      String matter, Extension extension, Fee fee, List<Letter> letters) {

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
        letters = letters == null ? List.of() : List.copyOf(letters);
    }

    /** Days from {@code today} to the due date: negative once overdue (null without a due date). */
    public Integer daysLeftOn(LocalDate today) {
        return dueDate == null ? null : (int) java.time.temporal.ChronoUnit.DAYS.between(today, dueDate);
    }

    /** Pages that go (or went) into the packet, cover sheet not counted. */
    public int releasedPageCount() {
        return included.stream().mapToInt(d -> d.pages().size()).sum();
    }

    /** Open and past its due date on {@code today}. */
    public boolean isOverdueOn(LocalDate today) {
        return status.isOpen() && dueDate != null && dueDate.isBefore(today);
    }

    /** The request type id; records from before request types count as {@code not-stated}. */
    public String type() {
        return requestType == null ? RequestType.NOT_STATED : requestType;
    }

    /** Part 2 records are in the packet: the cover sheet carries Part 2's redisclosure notice. */
    public boolean includesPart2() {
        return included.stream().anyMatch(ReleasedDocument::part2);
    }

    /** A new request's record, to be filled in field by field. */
    public static Builder builder(String releaseId, String mrn) {
        return new Builder(releaseId, mrn);
    }

    /** This record's fields in a builder, to copy it with some of them changed. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public Release withRequest(Requester newRequester, String newPurpose, LocalDate newDueDate,
                               Authorization newAuthorization) {
        return toBuilder().requester(newRequester).purpose(newPurpose).dueDate(newDueDate)
                .authorization(newAuthorization).build();
    }

    public Release withPlan(String newPatientName, List<ReleaseItem> newItems, List<Redaction> newRedactions,
                            List<ReleasedDocument> newIncluded, List<ExcludedPages> newExcluded) {
        return toBuilder().patientName(newPatientName).items(newItems).redactions(newRedactions)
                .included(newIncluded).excluded(newExcluded).build();
    }

    public Release withAuthorization(Authorization newAuthorization) {
        return toBuilder().authorization(newAuthorization).build();
    }

    /** Moved to {@code newStatus} by {@code by}; the change is added to the history. */
    public Release withStatus(ReleaseStatus newStatus, String reason, String by, Instant at) {
        List<StatusChange> more = new ArrayList<>(history);
        more.add(new StatusChange(newStatus, by, at, reason));
        return toBuilder().status(newStatus).denialReason(newStatus == ReleaseStatus.DENIED ? reason : null)
                .history(more).build();
    }

    /** Released: the packet was produced by {@code clerk} on {@code day}. */
    public Release released(String clerk, Instant at, LocalDate day, ReleaseSettings usedSettings, Packet newPacket) {
        return withStatus(ReleaseStatus.RELEASED, null, clerk, at).toBuilder().releasedBy(clerk).releasedAt(at)
                .releaseDate(day).settings(usedSettings).packet(newPacket).build();
    }

    public Release withPacket(Packet newPacket) {
        return toBuilder().packet(newPacket).build();
    }

    /** With the clerk's decisions on the pages the patient check flagged. */
    public Release withPageDecisions(List<PageDecision> newDecisions) {
        return toBuilder().pageDecisions(newDecisions).build();
    }

    /** The clerk's latest decision on a page, if any. */
    public java.util.Optional<PageDecision> decisionOn(String documentId, int page) {
        java.util.Optional<PageDecision> latest = java.util.Optional.empty();
        for (PageDecision d : pageDecisions) if (d.isOn(documentId, page)) latest = java.util.Optional.of(d);
        return latest;
    }

    /** The record as it is written: next version, stamped with the time of the write. */
    Release nextVersion(Instant now) {
        return toBuilder().version(version + 1).updatedAt(now).build();
    }

    /** Every field by name; a field not set is null (empty for lists, 0 for the version). */
    public static final class Builder {
        private final String releaseId;
        private final String mrn;
        private String patientName;
        private Requester requester;
        private String purpose;
        private LocalDate receivedDate;
        private LocalDate dueDate;
        private Authorization authorization;
        private List<ReleaseItem> items;
        private List<Redaction> redactions;
        private ReleaseStatus status;
        private String denialReason;
        private List<ReleasedDocument> included;
        private List<ExcludedPages> excluded;
        private String createdBy;
        private Instant createdAt;
        private String releasedBy;
        private Instant releasedAt;
        private LocalDate releaseDate;
        private ReleaseSettings settings;
        private Packet packet;
        private List<StatusChange> history;
        private long version;
        private Instant updatedAt;
        private List<PageDecision> pageDecisions;
        private String requestType;
        private String legalBasis;
        private LegalOrder legalOrder;
        private AccessDirective directive;
        private String matter;
        private Extension extension;
        private Fee fee;
        private List<Letter> letters;

        private Builder(String releaseId, String mrn) {
            this.releaseId = releaseId;
            this.mrn = mrn;
        }

        private Builder(Release r) {
            this(r.releaseId, r.mrn);
            patientName = r.patientName;
            requester = r.requester;
            purpose = r.purpose;
            receivedDate = r.receivedDate;
            dueDate = r.dueDate;
            authorization = r.authorization;
            items = r.items;
            redactions = r.redactions;
            status = r.status;
            denialReason = r.denialReason;
            included = r.included;
            excluded = r.excluded;
            createdBy = r.createdBy;
            createdAt = r.createdAt;
            releasedBy = r.releasedBy;
            releasedAt = r.releasedAt;
            releaseDate = r.releaseDate;
            settings = r.settings;
            packet = r.packet;
            history = r.history;
            version = r.version;
            updatedAt = r.updatedAt;
            pageDecisions = r.pageDecisions;
            requestType = r.requestType;
            legalBasis = r.legalBasis;
            legalOrder = r.legalOrder;
            directive = r.directive;
            matter = r.matter;
            extension = r.extension;
            fee = r.fee;
            letters = r.letters;
        }

        public Builder patientName(String v) { patientName = v; return this; }
        public Builder requester(Requester v) { requester = v; return this; }
        public Builder purpose(String v) { purpose = v; return this; }
        public Builder receivedDate(LocalDate v) { receivedDate = v; return this; }
        public Builder dueDate(LocalDate v) { dueDate = v; return this; }
        public Builder authorization(Authorization v) { authorization = v; return this; }
        public Builder items(List<ReleaseItem> v) { items = v; return this; }
        public Builder redactions(List<Redaction> v) { redactions = v; return this; }
        public Builder status(ReleaseStatus v) { status = v; return this; }
        public Builder denialReason(String v) { denialReason = v; return this; }
        public Builder included(List<ReleasedDocument> v) { included = v; return this; }
        public Builder excluded(List<ExcludedPages> v) { excluded = v; return this; }
        public Builder createdBy(String v) { createdBy = v; return this; }
        public Builder createdAt(Instant v) { createdAt = v; return this; }
        public Builder releasedBy(String v) { releasedBy = v; return this; }
        public Builder releasedAt(Instant v) { releasedAt = v; return this; }
        public Builder releaseDate(LocalDate v) { releaseDate = v; return this; }
        public Builder settings(ReleaseSettings v) { settings = v; return this; }
        public Builder packet(Packet v) { packet = v; return this; }
        public Builder history(List<StatusChange> v) { history = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder updatedAt(Instant v) { updatedAt = v; return this; }
        public Builder pageDecisions(List<PageDecision> v) { pageDecisions = v; return this; }

        public Builder requestType(String v) { requestType = v; return this; }
        public Builder legalBasis(String v) { legalBasis = v; return this; }
        public Builder legalOrder(LegalOrder v) { legalOrder = v; return this; }
        public Builder directive(AccessDirective v) { directive = v; return this; }
        public Builder matter(String v) { matter = v; return this; }
        public Builder extension(Extension v) { extension = v; return this; }
        public Builder fee(Fee v) { fee = v; return this; }
        public Builder letters(List<Letter> v) { letters = v; return this; }

        public Release build() {
            return new Release(releaseId, mrn, patientName, requester, purpose, receivedDate, dueDate, authorization,
                    items, redactions, status, denialReason, included, excluded, createdBy, createdAt, releasedBy,
                    releasedAt, releaseDate, settings, packet, history, version, updatedAt, pageDecisions, requestType,
                    legalBasis, legalOrder, directive, matter, extension, fee, letters);
        }
    }
}
