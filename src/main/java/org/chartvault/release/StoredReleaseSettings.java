package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.ObjectStore;
import org.chartvault.storage.SharedSetting;

import java.io.IOException;
import java.time.Duration;

/**
 * {@link ReleaseSettings} as kept in the store; the defaults until an administrator changes them. Read by most
 * release requests, so kept in this node's memory and checked against the store at most once a {@code recheck}
 * (see {@link SharedSetting}).
 */
public final class StoredReleaseSettings {
    private final SharedSetting<ReleaseSettings> stored;

    public StoredReleaseSettings(ObjectStore store, ReleaseSettings defaults, Duration recheck) {
        this.stored = new SharedSetting<>(store, ReleaseKeys.SETTINGS, bytes -> Json.read(bytes, ReleaseSettings.class),
                () -> defaults, recheck);
    }

    public ReleaseSettings get() throws IOException {
        return stored.get();
    }

    /** As stored now, for a change: an administrator's edit starts from what another node may have saved a moment ago. */
    public ReleaseSettings fresh() throws IOException {
        return stored.fresh();
    }

    public ReleaseSettings save(ReleaseSettings settings) throws IOException {
        stored.save(settings, Json.bytes(settings), "application/json");
        return settings;
    }
}
