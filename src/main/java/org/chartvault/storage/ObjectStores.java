package org.chartvault.storage;

import org.chartvault.Config;

import java.io.IOException;

/** Opens the object store the operator configured (CHARTVAULT_STORAGE; see storage-config/README.md). */
public final class ObjectStores {
    private ObjectStores() {
    }

    public static ObjectStore open(Config.Storage storage) throws IOException {
        return switch (storage.kind()) {
            case "local" -> new LocalDiskStore(storage.localRoot());
            case "minio" -> new MinioStore(MinioStore.Settings.from(storage));
            default -> throw new IllegalArgumentException(
                    "CHARTVAULT_STORAGE must be 'local' or 'minio', not '" + storage.kind() + "'");
        };
    }
}
