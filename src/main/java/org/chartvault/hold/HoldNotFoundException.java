package org.chartvault.hold;

import org.chartvault.Refusal;

/** No hold with that id exists. */
public class HoldNotFoundException extends Exception implements Refusal.NotFound {
    public HoldNotFoundException(String holdId) {
        super("No legal hold " + Refusal.quoted(holdId) + " exists.");
    }
}
