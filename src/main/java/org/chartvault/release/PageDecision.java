package org.chartvault.release;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What an ROI clerk decided about a page the patient check flagged: it is this patient's after all
 * ({@code confirm}, with the reason), or it goes out of the release ({@code remove}).
 */
public record PageDecision(String documentId, int page, Kind decision, String reason, String by, Instant at) {
    /** Longest reason: one sentence for the record and the audit trail. */
    static final int MAX_REASON = 500;

    public enum Kind {
        CONFIRM, REMOVE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Kind fromWire(String value) {
            String wanted = value == null ? "" : value.strip().toUpperCase(Locale.ROOT);
            for (Kind k : values()) if (k.name().equals(wanted)) return k;
            throw new InvalidReleaseException("bad-decision", "'decision' is confirm (the page is this patient's) or "
                    + "remove (take it out of the release), not '" + org.chartvault.Refusal.quoted(value) + "'.");
        }
    }

    public PageDecision {
        if (documentId == null || documentId.isBlank()) {
            throw new InvalidReleaseException("bad-decision", "A decision needs the documentId of the page.");
        }
        if (page < 1) throw new InvalidReleaseException("bad-decision", "Page numbers start at 1, not " + page + ".");
        Objects.requireNonNull(decision, "decision");
        reason = reason == null || reason.isBlank() ? null : reason.strip();
        if (decision == Kind.CONFIRM && reason == null) {
            throw new InvalidReleaseException("reason-required", "Say why page " + page + " of " + documentId
                    + " belongs to this patient as 'reason' (for example: the name is the patient's maiden name).");
        }
        if (reason != null && reason.length() > MAX_REASON) {
            throw new InvalidReleaseException("reason-required", "The reason is longer than " + MAX_REASON + " characters.");
        }
    }

    public boolean isOn(String otherDocumentId, int otherPage) {
        return documentId.equals(otherDocumentId) && page == otherPage;
    }
}
