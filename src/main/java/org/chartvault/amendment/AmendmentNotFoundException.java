package org.chartvault.amendment;

import org.chartvault.Refusal;

/** No amendment request with that id. */
public class AmendmentNotFoundException extends Exception implements Refusal.NotFound {
    public AmendmentNotFoundException(String amendmentId) {
        super("No amendment request " + Refusal.quoted(amendmentId) + " exists.");
    }
}
