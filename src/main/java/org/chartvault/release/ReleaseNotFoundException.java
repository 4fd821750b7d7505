package org.chartvault.release;

import org.chartvault.Refusal;

/** No release request with that id, or nothing of it to read yet (a packet not produced). */
public class ReleaseNotFoundException extends Exception implements Refusal.NotFound {
    public ReleaseNotFoundException(String releaseId) {
        super("No release " + Refusal.quoted(releaseId) + " exists.");
    }

    ReleaseNotFoundException(String releaseId, String sentence) {
        super(sentence);
    }
}
