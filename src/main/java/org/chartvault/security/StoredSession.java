package org.chartvault.security;

import java.time.Instant;
import java.util.Objects;

/**
 * A login session as stored under {@code sessions/<id>.json}. The id is the SHA-256 of the cookie value; the
 * cookie value itself is never stored, so reading the store does not let anyone take over a session.
 *
 * @param csrfToken     the token state-changing requests must echo in {@code X-CSRF-Token}
 * @param lastSeen      last use as written (at most every {@code touchInterval})
 * @param clientAddress where the login came from
 */
public record StoredSession(String id, String username, String csrfToken, Instant created, Instant lastSeen,
                            String clientAddress) {
    public StoredSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(csrfToken, "csrfToken");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    StoredSession seenAt(Instant now) {
        return new StoredSession(id, username, csrfToken, created, now, clientAddress);
    }

    @Override
    public String toString() {
        return "StoredSession[" + username + " since " + created + "]";
    }
}
