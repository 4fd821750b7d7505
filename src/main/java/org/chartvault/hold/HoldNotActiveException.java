package org.chartvault.hold;

/** The hold was released already; a released hold stays as a record and cannot be released again. */
public class HoldNotActiveException extends Exception {
    public HoldNotActiveException(Hold hold) {
        super("Legal hold " + hold.holdId() + " was already released by " + hold.releasedBy() + " at "
                + hold.releasedAt() + ".");
    }
}
