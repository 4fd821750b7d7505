package org.chartvault.security;

import java.io.IOException;
import java.time.Instant;

/**
 * Failed logins per client address, shared by every node, for slowing down someone who tries one password
 * against many accounts (which the per-account lockout does not catch). {@link ObjectStoreLoginAttempts} is
 * the embedded implementation.
 */
public interface LoginAttempts {

    /** Failed logins from this address in its current counting window, or 0 when that window has ended. */
    int recentFailures(String clientAddress, Instant now) throws IOException;

    /** Counts one failed login from this address. */
    void recordFailure(String clientAddress, Instant now) throws IOException;
}
