package org.chartvault.document;

/** No document with that id (or the caller may not know that it exists). */
public class DocumentNotFoundException extends Exception {
    public DocumentNotFoundException(String documentId) {
        super("No document " + documentId + " exists.");
    }
}
