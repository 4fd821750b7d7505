package org.chartvault.hold;

import org.chartvault.Refusal;

/** No production export with that id exists. */
public class ExportNotFoundException extends Exception implements Refusal {
    public ExportNotFoundException(String exportId) {
        super("No export " + Refusal.quoted(exportId) + " exists.");
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
