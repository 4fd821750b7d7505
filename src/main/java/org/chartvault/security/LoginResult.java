package org.chartvault.security;

import java.time.Instant;
import java.util.Set;

/**
 * A successful login: the session cookie value (shown to the browser once, stored nowhere), the CSRF token
 * for the response body, and who logged in ({@code mustChangePassword}: they must choose their own password first).
 */
public record LoginResult(String sessionToken, String csrfToken, String username, Set<Role> roles,
                          Instant idleExpiresAt, Instant expiresAt, boolean mustChangePassword) {
    @Override
    public String toString() {
        return "LoginResult[" + username + " " + roles + "]";
    }
}
