package org.chartvault.security;

import java.time.Instant;
import java.util.Set;

/**
 * A successful login: the session cookie value (shown to the browser once, stored nowhere), the CSRF token
 * for the response body, and who logged in.
 */
public record LoginResult(String sessionToken, String csrfToken, String username, Set<Role> roles,
                          Instant idleExpiresAt, Instant expiresAt) {
    @Override
    public String toString() {
        return "LoginResult[" + username + " " + roles + "]";
    }
}
