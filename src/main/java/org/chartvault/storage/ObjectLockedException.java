package org.chartvault.storage;

import java.io.IOException;

/** The object is under legal hold (or S3 object lock): it can be read, but neither replaced nor deleted. */
public class ObjectLockedException extends IOException {
    public ObjectLockedException(String key) {
        super("object is under legal hold: " + key);
    }

    /** Refused for another lock than ChartVault's own hold, e.g. an S3 retention period; {@code reason} says which. */
    public ObjectLockedException(String key, String reason) {
        super("object is locked: " + key + " (" + reason + ")");
    }
}
