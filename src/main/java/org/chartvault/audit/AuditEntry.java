package org.chartvault.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One line of the audit trail as stored under {@code audit/<yyyy>/<mm>/<dd>/<seq>.json}.
 * {@code hash} is SHA-256 over {@link #canonical()}, which covers every other field including
 * {@code prevHash}, the hash of entry {@code seq - 1}: changing, removing or reordering any entry breaks the
 * chain from that entry on.
 */
public record AuditEntry(long seq, Instant time, String user, List<String> roles, String action, Target target,
                         String clientAddress, Outcome outcome, Map<String, String> details,
                         String prevHash, String hash) {

    /** The {@code prevHash} of the first entry: there is nothing before it. */
    public static final String GENESIS = "0".repeat(64);

    /** Names the hashing scheme, so a later change of the canonical form cannot be confused with this one. */
    private static final String SCHEME = "chartvault-audit-v1";

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

    /** The entry for {@code event}, numbered {@code seq} and chained onto {@code prevHash}. */
    static AuditEntry create(long seq, Instant time, AuditEvent event, String prevHash) {
        String hash = hashOf(seq, time, event.user(), event.roles(), event.action(), event.target(),
                event.clientAddress(), event.outcome(), event.details(), prevHash);
        return new AuditEntry(seq, time, event.user(), event.roles(), event.action(), event.target(),
                event.clientAddress(), event.outcome(), event.details(), prevHash, hash);
    }

    /** The hash this entry should carry, recomputed from its fields; differs from {@link #hash} if it was edited. */
    public String computeHash() {
        return hashOf(seq, time, user, roles, action, target, clientAddress, outcome, details, prevHash);
    }

    /** The bytes that are hashed (everything but the hash itself); see {@link #canonicalOf}. */
    public String canonical() {
        return canonicalOf(seq, time, user, roles, action, target, clientAddress, outcome, details, prevHash);
    }

    private static String hashOf(long seq, Instant time, String user, List<String> roles, String action,
                                 Target target, String clientAddress, Outcome outcome, Map<String, String> details,
                                 String prevHash) {
        String canonical = canonicalOf(seq, time, user, roles, action, target, clientAddress, outcome, details,
                prevHash);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /**
     * One field per line, each value prefixed by its length ({@code -1} for "none"), in a fixed order; lists and
     * maps in sorted order. Written by hand rather than by the JSON library so that no change of JSON settings
     * or field order can ever alter a stored hash, and so no value can pass for a field boundary.
     */
    private static String canonicalOf(long seq, Instant time, String user, List<String> roles, String action,
                                      Target target, String clientAddress, Outcome outcome,
                                      Map<String, String> details, String prevHash) {
        StringBuilder out = new StringBuilder(256).append(SCHEME).append('\n');
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
