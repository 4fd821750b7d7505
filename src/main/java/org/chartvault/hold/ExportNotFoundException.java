package org.chartvault.hold;

/** No production export with that id exists. */
public class ExportNotFoundException extends Exception {
    public ExportNotFoundException(String exportId) {
        super("No export " + exportId + " exists.");
    }
}
