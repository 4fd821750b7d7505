package org.chartvault.retention;

import org.chartvault.Refusal;

/** No purge run with that id exists. */
public class RunNotFoundException extends Exception implements Refusal {
    public RunNotFoundException(String runId) {
        super("No retention run " + Refusal.quoted(runId) + " exists.");
    }

    @Override
    public Kind kind() {
        return Kind.NOT_FOUND;
    }

    @Override
    public String code() {
        return "not-found";
    }
}
