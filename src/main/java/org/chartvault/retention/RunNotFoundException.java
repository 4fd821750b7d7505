package org.chartvault.retention;

/** No purge run with that id exists. */
public class RunNotFoundException extends Exception {
    public RunNotFoundException(String runId) {
        super("No retention run " + runId + " exists.");
    }
}
