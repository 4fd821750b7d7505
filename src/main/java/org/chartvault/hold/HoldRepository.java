package org.chartvault.hold;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Holds as stored objects, {@code holds/<id>.json}: the system of record for what is held, read again from
 * storage on every question so that every node (and every restart) sees the same holds.
 */
public final class HoldRepository {
    private static final Logger log = LoggerFactory.getLogger(HoldRepository.class);
    /** One object per hold beside the documents: holds outlive any index rebuild and any restart. */
    static final String PREFIX = "holds/";

    private final ObjectStore store;
    private final Locks locks;

    public HoldRepository(ObjectStore store, Locks locks) {
        this.store = store;
        this.locks = locks;
    }

    static String key(String holdId) {
        return PREFIX + holdId + ".json";
    }

    public Optional<Hold> find(String holdId) throws IOException {
        try {
            return Optional.of(Json.read(store.getBytes(key(holdId)), Hold.class));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    public Hold get(String holdId) throws IOException, HoldNotFoundException {
        return find(holdId).orElseThrow(() -> new HoldNotFoundException(holdId));
    }

    void create(Hold hold) throws IOException {
        store.put(key(hold.holdId()), Json.bytes(hold), "application/json");
    }

    /** Applies {@code change} under the hold's lock, so document lists added from two threads both stay. */
    Hold update(String holdId, UnaryOperator<Hold> change) throws IOException, HoldNotFoundException {
        Hold updated = locks.withLock("hold:" + holdId, () -> {
            Optional<Hold> current = find(holdId);
            if (current.isEmpty()) return null;
            Hold changed = change.apply(current.get());
            if (!changed.equals(current.get())) store.put(key(holdId), Json.bytes(changed), "application/json");
            return changed;
        });
        if (updated == null) throw new HoldNotFoundException(holdId);
        return updated;
    }

    /** Every hold, active and released, newest first. */
    public List<Hold> all() throws IOException {
        List<Hold> holds = new ArrayList<>();
        for (String key : store.list(PREFIX)) {
            if (!key.endsWith(".json")) continue;
            try {
                holds.add(Json.read(store.getBytes(key), Hold.class));
            } catch (ObjectNotFoundException e) {
                // removed between list and read: holds are never removed, so only by hand
            } catch (RuntimeException e) {
                // An unreadable hold must not silently stop holding: refuse rather than skip it.
                log.error("Hold record {} is unreadable", key, e);
                throw new IOException("the legal hold record " + key + " cannot be read; holds cannot be checked", e);
            }
        }
        holds.sort((a, b) -> b.placedAt().compareTo(a.placedAt()));
        return holds;
    }

    public List<Hold> active() throws IOException {
        return all().stream().filter(Hold::isActive).toList();
    }
}
