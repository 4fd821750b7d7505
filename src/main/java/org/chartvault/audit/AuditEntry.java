package org.chartvault.audit;

import org.chartvault.Sha256;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One line of the audit trail as stored under {@code audit/<yyyy>/<mm>/<dd>/<seq>.json}.
 * {@code hash} is SHA-256 over {@link #canonical()}, which covers every other field including
 * {@code prevHash}, the hash of entry {@code seq - 1}: changing, removing or reordering any entry breaks the
 * chain from that entry on. Anyone can recompute that chain, so it shows accidents, not forgeries.
 *
 * <p>The {@link Seal} is what a forger cannot make: HMAC-SHA256 with an audit key kept outside the object store,
 * over the same canonical bytes, which also name the key and the seal of the entry before ({@code prevMac}), so
 * the seals form a second chain that only a key holder can extend. Entries written before ChartVault had audit
 * keys have no seal; they are read and verified as such ("legacy").
 */
public record AuditEntry(long seq, Instant time, String user, List<String> roles, String action, Target target,
                         String clientAddress, Outcome outcome, Map<String, String> details,
                         String prevHash, String hash, Seal seal) {

    /** The {@code prevHash} of the first entry, and the {@code prevMac} of a first sealed one: nothing before it. */
    public static final String GENESIS = "0".repeat(64);

    /** Names the canonical form, so a later change of it cannot be confused with this one. */
    private static final String SCHEME = "chartvault-audit-v1";
    /** The sealed form: v1 plus the key id and the previous seal. */
    private static final String SEALED_SCHEME = "chartvault-audit-v2";

    /**
     * @param key     id of the {@link AuditKey} that made {@code mac}
     * @param prevMac the {@link #chainValue()} of entry {@code seq - 1}, or {@link #GENESIS}
     * @param mac     HMAC-SHA256 of the entry's canonical bytes with that key
     */
    public record Seal(String key, String prevMac, String mac) {
        public Seal {
            Objects.requireNonNull(key, "key");
            if (!isHex64(prevMac)) throw new IllegalArgumentException("prevMac must be 64 hex digits");
            if (!isHex64(mac)) throw new IllegalArgumentException("mac must be 64 hex digits");
        }
    }

    public AuditEntry {
        if (seq < 1) throw new IllegalArgumentException("audit seq starts at 1, not " + seq);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(user, "user");
        roles = roles == null ? List.of() : List.copyOf(roles);
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(details));
        if (!isHex64(prevHash)) throw new IllegalArgumentException("prevHash must be 64 hex digits");
        if (!isHex64(hash)) throw new IllegalArgumentException("hash must be 64 hex digits");
    }

    /**
     * The entry for {@code event}, numbered {@code seq}, chained onto the entry before ({@code prevHash},
     * {@code prevMac}: its hash and {@link #chainValue()}) and sealed with {@code key}.
     */
    static AuditEntry sealed(long seq, Instant time, AuditEvent event, String prevHash, String prevMac, AuditKey key) {
        String canonical = canonicalOf(seq, time, event.user(), event.roles(), event.action(), event.target(),
                event.clientAddress(), event.outcome(), event.details(), prevHash, key.id(), prevMac);
        return new AuditEntry(seq, time, event.user(), event.roles(), event.action(), event.target(),
                event.clientAddress(), event.outcome(), event.details(), prevHash, sha256(canonical),
                new Seal(key.id(), prevMac, key.mac(canonical)));
    }

    /**
     * An entry as ChartVault wrote them before it had audit keys: hash-chained, unsealed. Nothing writes these any
     * more; verify still reads them, and tests make them to stand for an old trail.
     */
    static AuditEntry unsealed(long seq, Instant time, AuditEvent event, String prevHash) {
        String canonical = canonicalOf(seq, time, event.user(), event.roles(), event.action(), event.target(),
                event.clientAddress(), event.outcome(), event.details(), prevHash, null, null);
        return new AuditEntry(seq, time, event.user(), event.roles(), event.action(), event.target(),
                event.clientAddress(), event.outcome(), event.details(), prevHash, sha256(canonical), null);
    }

    /** The hash this entry should carry, recomputed from its fields; differs from {@link #hash} if it was edited. */
    public String computeHash() {
        return sha256(canonical());
    }

    /** The bytes that are hashed and sealed (everything but the hash and the MAC); see {@link #canonicalOf}. */
    public String canonical() {
        return canonicalOf(seq, time, user, roles, action, target, clientAddress, outcome, details, prevHash,
                seal == null ? null : seal.key(), seal == null ? null : seal.prevMac());
    }

    /** What the next entry's seal chains onto: this entry's MAC, or for an unsealed (legacy) entry its hash. */
    public String chainValue() {
        return seal == null ? hash : seal.mac();
    }

    /** Whether the seal is {@code key}'s MAC of this entry as it is now. */
    boolean authenticatesWith(AuditKey key) {
        return seal != null && seal.key().equals(key.id()) && key.authenticates(canonical(), seal.mac());
    }

    private static String sha256(String canonical) {
        return Sha256.hex(canonical);
    }

    /**
     * One field per line, each value prefixed by its length ({@code -1} for "none"), in a fixed order; lists and
     * maps in sorted order. Written by hand rather than by the JSON library so that no change of JSON settings
     * or field order can ever alter a stored hash, and so no value can pass for a field boundary. A sealed entry
     * (a non-null {@code key}) is the v2 form: a different first line, and the key and previous seal at the end.
     */
    private static String canonicalOf(long seq, Instant time, String user, List<String> roles, String action,
                                      Target target, String clientAddress, Outcome outcome,
                                      Map<String, String> details, String prevHash, String key, String prevMac) {
        StringBuilder out = new StringBuilder(320).append(key == null ? SCHEME : SEALED_SCHEME).append('\n');
        field(out, "seq", Long.toString(seq));
        field(out, "time", time.toString());
        field(out, "user", user);
        out.append("roles=").append(roles.size());
        for (String role : roles.stream().sorted().toList()) value(out.append(' '), role);
        out.append('\n');
        field(out, "action", action);
        field(out, "target.type", target == null ? null : target.type());
        field(out, "target.id", target == null ? null : target.id());
        field(out, "clientAddress", clientAddress);
        field(out, "outcome", outcome.wire());
        out.append("details=").append(details.size());
        for (Map.Entry<String, String> d : new TreeMap<>(details).entrySet()) {
            value(out.append(' '), d.getKey());
            value(out.append('='), d.getValue());
        }
        out.append('\n');
        field(out, "prevHash", prevHash);
        if (key != null) {
            field(out, "key", key);
            field(out, "prevMac", prevMac);
        }
        return out.toString();
    }

    private static void field(StringBuilder out, String name, String value) {
        value(out.append(name).append('='), value);
        out.append('\n');
    }

    private static void value(StringBuilder out, String value) {
        if (value == null) {
            out.append("-1:");
        } else {
            out.append(value.length()).append(':').append(value);
        }
    }

    private static boolean isHex64(String s) {
        return s != null && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
