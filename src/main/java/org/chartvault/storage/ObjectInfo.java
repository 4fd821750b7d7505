package org.chartvault.storage;

import java.time.Instant;
import java.util.Objects;

/** What the store knows about one object. {@code sha256} is lowercase hex of the whole content. */
public record ObjectInfo(String key, long size, String sha256, String contentType, Instant lastModified) {
    public ObjectInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) throw new IllegalArgumentException("size must not be negative");
    }
}
