package org.chartvault.hold;

import org.chartvault.Refusal;

/** No production export with that id exists. */
public class ExportNotFoundException extends Exception implements Refusal.NotFound {
    public ExportNotFoundException(String exportId) {
        super("No export " + Refusal.quoted(exportId) + " exists.");
    }
}
