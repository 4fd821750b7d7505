package org.chartvault.audit;

import java.util.Objects;

/**
 * One position of the audit chain: which entry holds sequence number {@code seq}, where, and its hash.
 * {@code entry} is the entry itself, kept so that an append interrupted between claiming its number and
 * writing its entry (a crash) can be completed at the next start instead of leaving a hole in the chain.
 */
public record ChainLink(long seq, String key, String hash, AuditEntry entry) {
    public ChainLink {
        if (seq < 1) throw new IllegalArgumentException("audit seq starts at 1, not " + seq);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
    }
}
