package org.chartvault.release;

/** No release request with that id, or nothing of it to read yet (a packet not produced). */
public class ReleaseNotFoundException extends Exception {
    public ReleaseNotFoundException(String releaseId) {
        super("No release " + releaseId + " exists.");
    }

    ReleaseNotFoundException(String releaseId, String sentence) {
        super(sentence);
    }
}
