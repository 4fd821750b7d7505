package org.chartvault.audit;

import org.chartvault.Sha256;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed statement "at {@code time} the trail reached entry {@code seq}, whose seal was {@code entryMac}",
 * stored under {@code audit-checkpoints/<seq>.json}. Since each seal covers the one before, a checkpoint vouches
 * for every entry up to {@code seq}: removing or rewriting any of them afterwards no longer matches it.
 *
 * @param lockedUntil until when the store keeps it locked (S3 Object Lock, COMPLIANCE); null where it cannot
 * @param key         id of the {@link AuditKey} that made {@code mac}
 * @param mac         HMAC-SHA256 of {@link #canonical()} with that key
 */
public record Checkpoint(long seq, String entryMac, Instant time, Instant lockedUntil, String key, String mac) {
    private static final String SCHEME = "chartvault-audit-checkpoint-v1";
    /** Hex digits of the digest: 80 bits, short enough to copy by hand, far too many to forge a match for. */
    private static final int DIGEST_HEX = 20;

    public Checkpoint {
        if (seq < 1) throw new IllegalArgumentException("a checkpoint names an entry, from 1, not " + seq);
        if (!isHex64(entryMac)) throw new IllegalArgumentException("entryMac must be 64 hex digits");
        Objects.requireNonNull(time, "time");
        if (key == null || !key.matches("k[0-9a-f]{12}")) throw new IllegalArgumentException("key must be an audit key id");
        if (!isHex64(mac)) throw new IllegalArgumentException("mac must be 64 hex digits");
    }

    static Checkpoint sign(long seq, String entryMac, Instant time, Instant lockedUntil, AuditKey key) {
        String canonical = canonicalOf(seq, entryMac, time, lockedUntil, key.id());
        return new Checkpoint(seq, entryMac, time, lockedUntil, key.id(), key.mac(canonical));
    }

    /** The bytes that are sealed: one field per line, in a fixed order. */
    String canonical() {
        return canonicalOf(seq, entryMac, time, lockedUntil, key);
    }

    boolean authenticatesWith(AuditKey auditKey) {
        return auditKey.id().equals(key) && auditKey.authenticates(canonical(), mac);
    }

    /**
     * What an administrator copies out of ChartVault and compares later, e.g. {@code 3fa2-91bc-0d4e-77aa-1b2c}:
     * SHA-256 over the sealed statement and its seal, so it changes with the trail up to {@code seq}.
     */
    public String digest() {
        String hex = Sha256.hex(canonical() + "mac=" + mac + "\n").substring(0, DIGEST_HEX);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 4) grouped.append(i == 0 ? "" : "-").append(hex, i, i + 4);
        return grouped.toString();
    }

    /** What the API shows of it. */
    public Summary summary() {
        return new Summary(seq, time, key, lockedUntil, digest());
    }

    public record Summary(long seq, Instant time, String key, Instant lockedUntil, String digest) {
    }

    private static boolean isHex64(String s) {
        return s != null && s.matches("[0-9a-f]{64}");
    }

    private static String canonicalOf(long seq, String entryMac, Instant time, Instant lockedUntil, String key) {
        return SCHEME + "\nseq=" + seq + "\nentryMac=" + entryMac + "\ntime=" + time
                + "\nlockedUntil=" + (lockedUntil == null ? "-" : lockedUntil.toString()) + "\nkey=" + key + "\n";
    }
}
