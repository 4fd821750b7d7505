package org.chartvault.security;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live, shared by every node: a logout on one node must end the session on all of them.
 * {@link ObjectStoreSessionStore} is the embedded implementation; a database table replaces it at scale.
 */
public interface SessionStore {

    /** Stores a new session. */
    void create(StoredSession session) throws IOException;

    /** The session with its latest recorded use, or empty when it does not exist (ended, expired, unknown). */
    Optional<StoredSession> find(String id) throws IOException;

    /** Records that the session was used at {@code seen}. Never brings back a session that was deleted. */
    void touch(String id, Instant seen) throws IOException;

    /** Ends the session; ending a session that is already gone is not an error. */
    void delete(String id) throws IOException;

    /** Every stored session, for clearing out expired ones. */
    List<StoredSession> all() throws IOException;
}
