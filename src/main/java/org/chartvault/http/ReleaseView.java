package org.chartvault.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.chartvault.release.Authorization;
import org.chartvault.release.Disclosure;
import org.chartvault.release.ExcludedPages;
import org.chartvault.release.Packet;
import org.chartvault.release.Redaction;
import org.chartvault.release.Release;
import org.chartvault.release.ReleaseItem;
import org.chartvault.release.ReleasedDocument;
import org.chartvault.release.Requester;
import org.chartvault.release.StatusChange;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A release request as the API shows it: the requester as one line ({@code requester}) and in parts
 * ({@code requesterDetails}), what is included and what was left out with the reasons, the packet once produced.
 * Unknown values are null, never left out.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
record ReleaseView(String releaseId, String mrn, String patientName, String requester, Requester requesterDetails,
                   String purpose, LocalDate receivedDate, LocalDate dueDate, boolean overdue, String status,
                   String denialReason, Authorization authorization, List<ReleaseItem> items,
                   List<Redaction> redactions, List<ReleasedDocument> included, List<ExcludedPages> excluded,
                   int pages, String releasedBy, LocalDate releaseDate, Instant releasedAt, Packet packet,
                   String createdBy, Instant createdAt, List<StatusChange> history, long version, Instant updatedAt,
                   List<org.chartvault.release.PageDecision> pageDecisions, String requestType, String legalBasis,
                   org.chartvault.release.LegalOrder legalOrder, org.chartvault.release.AccessDirective directive,
                   String matter, Integer daysLeft, org.chartvault.release.Extension extension, FeeView fee,
                   List<org.chartvault.release.Letter> letters) {

    /** The fee with its sums worked out: total, paid, and what is still owed. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record FeeView(String rule, String method, List<org.chartvault.release.FeeLine> lines, java.math.BigDecimal total,
                   java.math.BigDecimal paid, java.math.BigDecimal balance, org.chartvault.release.Fee.Waiver waiver,
                   List<org.chartvault.release.Fee.Payment> payments, String quotedBy, Instant quotedAt) {
        static FeeView of(org.chartvault.release.Fee f) {
            return f == null ? null : new FeeView(f.rule(), f.method(), f.lines(), f.total(), f.paid(), f.balance(),
                    f.waiver(), f.payments(), f.quotedBy(), f.quotedAt());
        }
    }

    static ReleaseView of(Release r, LocalDate today) {
        return new ReleaseView(r.releaseId(), r.mrn(), r.patientName(), r.requester().display(), r.requester(),
                r.purpose(), r.receivedDate(), r.dueDate(), r.isOverdueOn(today), r.status().wire(), r.denialReason(),
                r.authorization(), r.items(), r.redactions(), r.included(), r.excluded(), r.releasedPageCount(),
                r.releasedBy(), r.releaseDate(), r.releasedAt(), r.packet(), r.createdBy(), r.createdAt(), r.history(),
                r.version(), r.updatedAt(), r.pageDecisions(), r.type(), r.legalBasis(), r.legalOrder(), r.directive(),
                r.matter(), r.status().isOpen() ? r.daysLeftOn(today) : null, r.extension(), FeeView.of(r.fee()), r.letters());
    }

    /** One line of the work list. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Summary(String releaseId, String mrn, String patientName, String requester, String purpose, String status,
                   LocalDate receivedDate, LocalDate dueDate, boolean overdue, int pages, LocalDate releaseDate,
                   String requestType, Integer daysLeft, boolean extended, java.math.BigDecimal balance) {
        static Summary of(Release r, LocalDate today) {
            return new Summary(r.releaseId(), r.mrn(), r.patientName(), r.requester().display(), r.purpose(),
                    r.status().wire(), r.receivedDate(), r.dueDate(), r.isOverdueOn(today), r.releasedPageCount(),
                    r.releaseDate(), r.type(), r.status().isOpen() ? r.daysLeftOn(today) : null, r.extension() != null,
                    r.fee() == null ? null : r.fee().balance());
        }
    }
}
