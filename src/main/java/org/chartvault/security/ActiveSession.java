package org.chartvault.security;

import java.time.Instant;

/**
 * A session that was just checked and is valid: who is calling, the CSRF token to compare against, and when
 * the session will end if nothing else happens.
 *
 * @param idleExpiresAt the session ends at this time unless it is used again before
 * @param expiresAt     the session ends at this time in any case
 */
public record ActiveSession(Caller caller, String csrfToken, Instant idleExpiresAt, Instant expiresAt) {

    /**
     * True when the {@code X-CSRF-Token} header a state-changing request carried is this session's token.
     * Compared in constant time; a missing header never matches.
     */
    public boolean csrfMatches(String header) {
        return Secrets.constantTimeEquals(csrfToken, header);
    }

    @Override
    public String toString() {
        return "ActiveSession[" + caller.username() + " until " + idleExpiresAt + "]";
    }
}
