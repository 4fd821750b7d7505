package org.chartvault.storage;

import java.io.IOException;

/** Stored bytes no longer match the checksum recorded when they were written, or their record is damaged. */
public class IntegrityException extends IOException {
    public IntegrityException(String key, String expected, String actual) {
        super("checksum mismatch for " + key + ": expected " + expected + ", read " + actual);
    }

    /** The object cannot be verified at all, e.g. its recorded checksum is missing or unreadable. */
    public IntegrityException(String key, String problem) {
        super("stored object " + key + " cannot be trusted: " + problem);
    }
}
