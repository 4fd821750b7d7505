package org.chartvault.hold;

import org.chartvault.Refusal;

/** No hold with that id exists. */
public class HoldNotFoundException extends Exception implements Refusal {
    public HoldNotFoundException(String holdId) {
        super("No legal hold " + Refusal.quoted(holdId) + " exists.");
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
