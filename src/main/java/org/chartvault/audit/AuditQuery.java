package org.chartvault.audit;

import java.time.Instant;

/**
 * Which entries the audit screen asks for. Every filter is optional (null = any).
 *
 * @param from       earliest time, inclusive
 * @param to         latest time, exclusive
 * @param user       exact user name
 * @param documentId entries whose target is this document (views, downloads, changes of it)
 * @param action     exact action name, see {@link AuditActions}
 * @param offset     matches to skip, newest first
 * @param limit      matches to return, 1 to {@link #MAX_LIMIT}
 */
public record AuditQuery(Instant from, Instant to, String user, String documentId, String action,
                         int offset, int limit) {
    /** One screen or one API page; larger sets go through the CSV export, which streams. */
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("'from' must be before 'to'");
        }
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        user = blankToNull(user);
        documentId = blankToNull(documentId);
        action = blankToNull(action);
    }

    /** Everything, newest first, one default page. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null, 0, DEFAULT_LIMIT);
    }

    boolean matches(AuditEntry e) {
        if (from != null && e.time().isBefore(from)) return false;
        if (to != null && !e.time().isBefore(to)) return false;
        if (user != null && !user.equals(e.user())) return false;
        if (action != null && !action.equals(e.action())) return false;
        if (documentId != null) {
            return e.target() != null && "document".equals(e.target().type()) && documentId.equals(e.target().id());
        }
        return true;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
