package org.chartvault.hold;

/** No hold with that id exists. */
public class HoldNotFoundException extends Exception {
    public HoldNotFoundException(String holdId) {
        super("No legal hold " + holdId + " exists.");
    }
}
