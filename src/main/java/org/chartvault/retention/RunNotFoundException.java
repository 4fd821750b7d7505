package org.chartvault.retention;

import org.chartvault.Refusal;

/** No purge run with that id exists. */
public class RunNotFoundException extends Exception implements Refusal.NotFound {
    public RunNotFoundException(String runId) {
        super("No retention run " + Refusal.quoted(runId) + " exists.");
    }
}
