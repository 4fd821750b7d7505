package org.chartvault.audit;

import java.util.List;
import java.util.Objects;

/**
 * One position of the audit chain: which entry holds sequence number {@code seq}, where, and its hash.
 * {@code entry} is the entry itself, kept so that an append interrupted between claiming its number and
 * writing its entry (a crash) can be completed at the next start instead of leaving a hole in the chain.
 *
 * <p>{@code following} (null for a link claimed alone) are the links claimed together with this one, numbers
 * {@code seq + 1} on, when several appends are written as one batch (group commit): claiming this link claims them
 * all, so a writer that loses the race for this number chains onto the batch's last link, and their records and
 * entries can be completed from this one after a crash.
 */
public record ChainLink(long seq, String key, String hash, AuditEntry entry, List<ChainLink> following) {
    public ChainLink {
        if (seq < 1) throw new IllegalArgumentException("audit seq starts at 1, not " + seq);
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
        if (following != null) {
            following = List.copyOf(following);
            for (int i = 0; i < following.size(); i++) {
                if (following.get(i).seq() != seq + 1 + i || following.get(i).following() != null) {
                    throw new IllegalArgumentException("the links claimed with audit number " + seq
                            + " must be the numbers after it, in order, each claimed with it alone");
                }
            }
            if (following.isEmpty()) following = null;
        }
    }

    public ChainLink(long seq, String key, String hash, AuditEntry entry) {
        this(seq, key, hash, entry, null);
    }

    /** This link and the ones claimed with it, in number order. */
    public List<ChainLink> batch() {
        if (following == null) return List.of(this);
        List<ChainLink> all = new java.util.ArrayList<>(following.size() + 1);
        all.add(withoutFollowing());
        all.addAll(following);
        return all;
    }

    /** The last link claimed with this one (itself when claimed alone): where the next writer chains on. */
    public ChainLink last() {
        return following == null ? this : following.getLast();
    }

    /** This link's own record, as the head names it. */
    public ChainLink withoutFollowing() {
        return following == null ? this : new ChainLink(seq, key, hash, entry, null);
    }
}
