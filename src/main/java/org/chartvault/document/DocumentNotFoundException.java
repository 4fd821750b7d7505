package org.chartvault.document;

import org.chartvault.Refusal;

/** No document with that id (or the caller may not know that it exists). */
public class DocumentNotFoundException extends Exception implements Refusal {
    public DocumentNotFoundException(String documentId) {
        super("No document " + Refusal.quoted(documentId) + " exists.");
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
