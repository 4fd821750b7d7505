package org.chartvault.audit;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something to record: who did what to which target, from where, and how it ended.
 * {@link AuditLog#append} turns it into a numbered, hash-chained {@link AuditEntry}.
 *
 * @param user          the user name, or {@code system} for ChartVault's own jobs, or {@code (unknown)}
 * @param roles         the user's roles at the time (lower-case names), sorted
 * @param clientAddress where the request came from; null for work ChartVault does on its own
 * @param details       anything else worth keeping (page number, reason of a failure...), sorted by key
 */
public record AuditEvent(String user, List<String> roles, String clientAddress, String action, Target target,
                         Outcome outcome, Map<String, String> details) {

    public AuditEvent {
        if (user == null || user.isBlank()) throw new IllegalArgumentException("an audit event needs a user");
        roles = roles == null ? List.of() : roles.stream().sorted().toList();
        if (!AuditActions.isWellFormed(action)) {
            throw new IllegalArgumentException("audit action must be lower-case words joined by '-', not '" + action + "'");
        }
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(details));
    }

    /** A successful action with no details. */
    public static AuditEvent of(String user, Collection<String> roles, String clientAddress, String action,
                                Target target) {
        return new AuditEvent(user, List.copyOf(roles), clientAddress, action, target, Outcome.SUCCESS, Map.of());
    }

    public AuditEvent withOutcome(Outcome newOutcome) {
        return new AuditEvent(user, roles, clientAddress, action, target, newOutcome, details);
    }

    /** The same event with one more detail; a null value leaves the event as it is. */
    public AuditEvent with(String key, Object value) {
        if (value == null) return this;
        Map<String, String> more = new TreeMap<>(details);
        more.put(key, String.valueOf(value));
        return new AuditEvent(user, roles, clientAddress, action, target, outcome, more);
    }
}
