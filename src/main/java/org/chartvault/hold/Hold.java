package org.chartvault.hold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A legal hold, stored as {@code holds/<id>.json}: what it preserves, who placed it, and, once released, who
 * released it, when and why. {@code documentIds} lists every document it covers (or covered, once released),
 * sorted; documents that arrive later and match are added.
 *
 * @param applied false while placing or releasing is under way: every listed document carries the hold (or, once
 *                released, no longer does) only when this is true; a start after a crash finishes the work
 */
public record Hold(String holdId, String name, String matter, String placedBy, Instant placedAt,
                   HoldCriteria criteria, HoldStatus status, String releasedBy, Instant releasedAt,
                   String releaseReason, List<String> documentIds, boolean applied) {

    /** Longest name, matter or release reason kept: a sentence, not a document. */
    static final int MAX_TEXT = 500;

    public Hold {
        Objects.requireNonNull(holdId, "holdId");
        Objects.requireNonNull(criteria, "criteria");
        Objects.requireNonNull(status, "status");
        name = check("name", name);
        matter = check("matter", matter);
        releaseReason = check("reason", releaseReason);
        if (name == null) throw new IllegalArgumentException("A hold needs a name.");
        documentIds = documentIds == null ? List.of() : List.copyOf(new TreeSet<>(documentIds));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isActive() {
        return status == HoldStatus.ACTIVE;
    }

    Hold withDocuments(java.util.Collection<String> more) {
        List<String> all = new ArrayList<>(documentIds);
        all.addAll(more);
        return new Hold(holdId, name, matter, placedBy, placedAt, criteria, status, releasedBy, releasedAt,
                releaseReason, all, applied);
    }

    Hold withoutDocuments(java.util.Collection<String> gone) {
        if (gone.isEmpty()) return this;
        List<String> kept = new ArrayList<>(documentIds);
        kept.removeAll(gone);
        return new Hold(holdId, name, matter, placedBy, placedAt, criteria, status, releasedBy, releasedAt,
                releaseReason, kept, applied);
    }

    Hold withApplied(boolean done) {
        return new Hold(holdId, name, matter, placedBy, placedAt, criteria, status, releasedBy, releasedAt,
                releaseReason, documentIds, done);
    }

    Hold released(String by, Instant at, String reason) {
        return new Hold(holdId, name, matter, placedBy, placedAt, criteria, HoldStatus.RELEASED, by, at, reason,
                documentIds, false);
    }

    private static String check(String field, String value) {
        if (value == null || value.isBlank()) return null;
        String text = value.strip();
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("The hold's " + field + " is longer than " + MAX_TEXT + " characters.");
        }
        return text;
    }
}
