package org.chartvault.hold;

import org.chartvault.Refusal;

/** The hold was released already; a released hold stays as a record and cannot be released again. */
public class HoldNotActiveException extends Exception implements Refusal.Conflict {
    public HoldNotActiveException(Hold hold) {
        super("Legal hold " + hold.holdId() + " was already released by " + hold.releasedBy() + " at "
                + hold.releasedAt() + ".");
    }

    @Override
    public String code() {
        return "not-active";
    }
}
