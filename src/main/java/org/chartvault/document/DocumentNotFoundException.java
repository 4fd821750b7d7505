package org.chartvault.document;

import org.chartvault.Refusal;

/** No document with that id (or the caller may not know that it exists). */
public class DocumentNotFoundException extends Exception implements Refusal.NotFound {
    public DocumentNotFoundException(String documentId) {
        super("No document " + Refusal.quoted(documentId) + " exists.");
    }
}
