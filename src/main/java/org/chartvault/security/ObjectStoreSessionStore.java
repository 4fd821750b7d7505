package org.chartvault.security;

import org.chartvault.Json;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SessionStore} in the object store. The session object is written once at login and deleted at logout;
 * its last use goes to a separate small object. That way a touch racing with a logout (on another node, with
 * no compare-and-set to stop it) can at worst leave a stray last-use record behind, never revive the session.
 */
public final class ObjectStoreSessionStore implements SessionStore {
    /** {@code sessions/<sha256-of-cookie>.json}: a hex digest is always a safe key. */
    static final String PREFIX = "sessions/";
    /** {@code session-activity/<id>.json}: last use, rewritten at most every touch interval. */
    static final String ACTIVITY = "session-activity/";
    private static final String JSON = "application/json";

    record Activity(Instant lastSeen) {
    }

    private final ObjectStore store;

    public ObjectStoreSessionStore(ObjectStore store) {
        this.store = store;
    }

    private static String checkId(String id) {
        if (id == null || !id.matches("[0-9a-f]{64}")) throw new IllegalArgumentException("a session id is a SHA-256 hex digest");
        return id;
    }

    @Override
    public void create(StoredSession session) throws IOException {
        store.put(PREFIX + checkId(session.id()) + ".json", Json.bytes(session), JSON);
    }

    @Override
    public Optional<StoredSession> find(String id) throws IOException {
        StoredSession session;
        try {
            session = Json.read(store.getBytes(PREFIX + checkId(id) + ".json"), StoredSession.class);
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
        try {
            Instant seen = Json.read(store.getBytes(ACTIVITY + id + ".json"), Activity.class).lastSeen();
            if (seen != null && seen.isAfter(session.lastSeen())) session = session.seenAt(seen);
        } catch (ObjectNotFoundException e) {
            // not used since login
        }
        return Optional.of(session);
    }

    @Override
    public void touch(String id, Instant seen) throws IOException {
        store.put(ACTIVITY + checkId(id) + ".json", Json.bytes(new Activity(seen)), JSON);
    }

    @Override
    public void delete(String id) throws IOException {
        store.delete(PREFIX + checkId(id) + ".json");
        store.delete(ACTIVITY + id + ".json");
    }

    @Override
    public List<StoredSession> all() throws IOException {
        List<StoredSession> sessions = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            if (!key.endsWith(".json")) continue;
            find(key.substring(PREFIX.length(), key.length() - ".json".length())).ifPresent(sessions::add);
        }
        return sessions;
    }
}
