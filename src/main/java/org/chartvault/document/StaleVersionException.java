package org.chartvault.document;

/**
 * A change was made against a version of the document that is no longer the current one: someone else changed it
 * in between. Nothing was written; the caller reads the current record and decides again.
 */
public class StaleVersionException extends RuntimeException {
    private final long currentVersion;

    public StaleVersionException(String documentId, long expected, long currentVersion) {
        super("Document " + documentId + " was changed by someone else since you opened it (you had version " + expected
                + ", it is now at version " + currentVersion + "); reload it and make your change again.");
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
