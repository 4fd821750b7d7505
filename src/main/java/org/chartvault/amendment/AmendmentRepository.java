package org.chartvault.amendment;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Amendment requests as stored objects, like releases: {@code amendments/<id>.json}, every change under the
 * amendment's lock (in-process, or a PostgreSQL advisory lock when several nodes share the store), so two clerks
 * deciding or extending at once cannot both succeed. A marker per document,
 * {@code amendments-by-document/<documentId>/<id>}, lets a packet find a document's amendments without reading
 * every request ever made; it is written before the request, so a crash leaves at most a marker without a request
 * (skipped), never a request a packet cannot find.
 */
public final class AmendmentRepository {
    private static final String JSON = "application/json";
    static final String PREFIX = "amendments/";
    static final String BY_DOCUMENT = "amendments-by-document/";

    private final ObjectStore store;
    private final Locks locks;
    private final Clock clock;

    public AmendmentRepository(ObjectStore store, Locks locks, Clock clock) {
        this.store = store;
        this.locks = locks;
        this.clock = clock;
    }

    static String key(String amendmentId) {
        return PREFIX + amendmentId + ".json";
    }

    private static String marker(String documentId, String amendmentId) {
        return BY_DOCUMENT + documentId + "/" + amendmentId;
    }

    public Optional<Amendment> find(String amendmentId) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(key(amendmentId)), Amendment.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public Amendment get(String amendmentId) throws IOException, AmendmentNotFoundException {
        return find(amendmentId).orElseThrow(() -> new AmendmentNotFoundException(amendmentId));
    }

    Amendment create(Amendment amendment) throws IOException {
        Amendment stamped = amendment.nextVersion(clock.instant());
        store.put(marker(stamped.documentId(), stamped.amendmentId()), "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), JSON);
        if (store.putIfAbsent(key(stamped.amendmentId()), Json.bytes(stamped), JSON).isEmpty()) {
            throw new IllegalStateException("amendment " + stamped.amendmentId() + " exists already");
        }
        return stamped;
    }

    /** Work done on one amendment while holding its lock; it may throw to leave the record as it is. */
    @FunctionalInterface
    interface Change {
        Amendment apply(Amendment current) throws IOException;
    }

    Amendment update(String amendmentId, Change change) throws IOException, AmendmentNotFoundException {
        Amendment updated = locks.withLock("amendment:" + amendmentId, () -> {
            Optional<Amendment> current = find(amendmentId);
            if (current.isEmpty()) return null;
            Amendment changed = change.apply(current.get());
            if (changed.equals(current.get())) return changed;
            Amendment stamped = changed.nextVersion(clock.instant());
            store.put(key(amendmentId), Json.bytes(stamped), JSON);
            return stamped;
        });
        if (updated == null) throw new AmendmentNotFoundException(amendmentId);
        return updated;
    }

    /** Every amendment request, read from storage alone. */
    public List<Amendment> all() throws IOException {
        List<Amendment> found = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            if (!key.endsWith(".json")) continue;
            try {
                found.add(Json.read(store.getBytes(key), Amendment.class));
            } catch (ObjectNotFoundException e) {
                // amendments are never removed; only by hand
            }
        }
        return found;
    }

    /** The amendment requests about one document. */
    public List<Amendment> ofDocument(String documentId) throws IOException {
        List<Amendment> found = new ArrayList<>();
        for (String key : store.list(BY_DOCUMENT + documentId + "/")) {
            find(key.substring(key.lastIndexOf('/') + 1)).ifPresent(found::add);
        }
        return found;
    }
}
