package org.chartvault.storage;

import java.io.FileNotFoundException;

/** The key names no object. A {@link FileNotFoundException} so plain I/O code can treat it as such. */
public class ObjectNotFoundException extends FileNotFoundException {
    public ObjectNotFoundException(String key) {
        super("no object stored under " + key);
    }
}
