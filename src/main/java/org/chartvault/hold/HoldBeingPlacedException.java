package org.chartvault.hold;

import org.chartvault.Refusal;

/**
 * The hold's placing has not finished (a node died or storage failed part-way and a worker is finishing it): what it
 * lists now is not yet everything it covers, so a production of it would be incomplete.
 */
public class HoldBeingPlacedException extends Exception implements Refusal.Conflict {
    public HoldBeingPlacedException(Hold hold) {
        super("Legal hold " + hold.holdId() + " is still being placed (" + hold.documentIds().size()
                + " document(s) so far); export it once it is in place, usually within a minute.");
    }

    @Override
    public String code() {
        return "hold-being-placed";
    }
}
