package org.chartvault.security;

import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.Target;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who is making a request, as the HTTP layer attaches it to each request once the session cookie or bearer
 * token has been checked. Roles are the user's roles as stored now, not as they were at login.
 *
 * @param clientAddress where this request came from; null for ChartVault's own jobs
 * @param credentialId  the session id (SHA-256 of the cookie) or the API token id; null for ChartVault's own jobs
 * @param mustChangePassword the user still has a password someone else set: only choosing their own is allowed
 */
public record Caller(String username, Set<Role> roles, How how, String clientAddress, String credentialId,
                     boolean mustChangePassword) {

    /** How the caller proved who they are. */
    public enum How {
        /** Session cookie from {@code POST /api/session}; state-changing requests also need the CSRF token. */
        SESSION,
        /** {@code Authorization: Bearer} API token. */
        TOKEN,
        /** ChartVault itself: start-up, scheduled jobs. */
        SYSTEM
    }

    /** A caller free to work (their password is their own). */
    public Caller(String username, Set<Role> roles, How how, String clientAddress, String credentialId) {
        this(username, roles, how, clientAddress, credentialId, false);
    }

    /** User name under which ChartVault's own work is audited. */
    public static final String SYSTEM_USER = "system";

    public Caller {
        Objects.requireNonNull(username, "username");
        roles = roles == null || roles.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(roles));
        Objects.requireNonNull(how, "how");
    }

    /** ChartVault acting on its own (first-start admin creation, retention runs...). It holds no role. */
    public static Caller system() {
        return new Caller(SYSTEM_USER, Set.of(), How.SYSTEM, null, null);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean hasAny(Role... wanted) {
        return Arrays.stream(wanted).anyMatch(roles::contains);
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    /** Roles as they appear on the wire and in the audit trail. */
    public List<String> roleNames() {
        return roles.stream().map(Role::wire).toList();
    }

    /** A successful audit event by this caller; add details with {@code with(...)}, change the outcome if needed. */
    public AuditEvent event(String action, Target target) {
        return AuditEvent.of(username, roleNames(), clientAddress, action, target);
    }
}
