package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectStore;
import org.chartvault.storage.SharedSetting;

import java.io.IOException;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * {@link ReleaseSettings} as kept in the store; the defaults until an administrator changes them. Read by most
 * release requests, so kept in this node's memory and checked against the store at most once a {@code recheck}
 * (see {@link SharedSetting}).
 */
public final class StoredReleaseSettings {
    private static final String LOCK = "settings:release";
    private final SharedSetting<ReleaseSettings> stored;
    private final Locks locks;

    public StoredReleaseSettings(ObjectStore store, Locks locks, ReleaseSettings defaults, Duration recheck) {
        this.locks = locks;
        this.stored = new SharedSetting<>(store, ReleaseKeys.SETTINGS, bytes -> Json.read(bytes, ReleaseSettings.class),
                () -> defaults, recheck);
    }

    public ReleaseSettings get() throws IOException {
        return stored.get();
    }

    /**
     * Checks the store for a change now, whatever the age of this node's copy: a release is made under the rules as
     * stored, not as they were up to a recheck interval ago on this node. Reads within the interval use what it found.
     */
    public void refresh() throws IOException {
        stored.fresh();
    }

    /**
     * Changes the settings as stored now, under the settings' cluster lock: an administrator's edit starts from what
     * another node saved a moment ago, and two edits at once, on one node or two, are made one after the other.
     */
    public ReleaseSettings update(UnaryOperator<ReleaseSettings> change) throws IOException {
        return locks.withLock(LOCK, () -> save(change.apply(stored.fresh())));
    }

    public ReleaseSettings save(ReleaseSettings settings) throws IOException {
        stored.save(settings, Json.bytes(settings), "application/json");
        return settings;
    }
}
