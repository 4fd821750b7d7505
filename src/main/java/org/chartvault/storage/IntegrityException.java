package org.chartvault.storage;

import java.io.IOException;

/** Stored bytes no longer match the checksum recorded when they were written. */
public class IntegrityException extends IOException {
    public IntegrityException(String key, String expected, String actual) {
        super("checksum mismatch for " + key + ": expected " + expected + ", read " + actual);
    }
}
