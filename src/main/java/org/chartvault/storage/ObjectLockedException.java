package org.chartvault.storage;

import java.io.IOException;

/** The object is under legal hold: it can be read, but neither replaced nor deleted. */
public class ObjectLockedException extends IOException {
    public ObjectLockedException(String key) {
        super("object is under legal hold: " + key);
    }
}
