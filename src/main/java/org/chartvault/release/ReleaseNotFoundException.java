package org.chartvault.release;

/** No release request with that id. */
public class ReleaseNotFoundException extends Exception {
    public ReleaseNotFoundException(String releaseId) {
        super("No release " + releaseId + " exists.");
    }
}
