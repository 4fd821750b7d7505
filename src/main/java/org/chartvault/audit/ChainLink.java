package org.chartvault.audit;

import java.util.Objects;

/** One position of the audit chain: which entry holds sequence number {@code seq}, where, and its hash. */
public record ChainLink(long seq, String key, String hash) {
    public ChainLink {
        if (seq < 1) throw new IllegalArgumentException("audit seq starts at 1, not " + seq);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
    }
}
