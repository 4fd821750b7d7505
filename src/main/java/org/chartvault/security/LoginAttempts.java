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

    /**
     * Counts one login attempt from this address as failed before its password is checked, in one atomic step
     * with the check against {@code limit}: false (and nothing counted) when the address has used up its tries.
     * Counting first is what keeps parallel guesses from buying extra tries; a login that succeeds is
     * {@linkplain #forgive forgiven} afterwards.
     */
    boolean tryCount(String clientAddress, Instant now, int limit) throws IOException;

    /** Takes back the count of an attempt that turned out to succeed. */
    void forgive(String clientAddress, Instant now) throws IOException;
}
