package org.chartvault.release;

import org.chartvault.Json;
import org.chartvault.storage.ObjectNotFoundException;
import org.chartvault.storage.ObjectStore;

import java.io.IOException;

/** {@link ReleaseSettings} as kept in the store; the defaults until an administrator changes them. */
public final class StoredReleaseSettings {
    private final ObjectStore store;
    private final ReleaseSettings defaults;

    public StoredReleaseSettings(ObjectStore store, ReleaseSettings defaults) {
        this.store = store;
        this.defaults = defaults;
    }

    public ReleaseSettings get() throws IOException {
        try {
            return Json.read(store.getBytes(ReleaseKeys.SETTINGS), ReleaseSettings.class);
        } catch (ObjectNotFoundException e) {
            return defaults;
        }
    }

    public ReleaseSettings save(ReleaseSettings settings) throws IOException {
        store.put(ReleaseKeys.SETTINGS, Json.bytes(settings), "application/json");
        return settings;
    }
}
