package org.chartvault.document;

import org.chartvault.Refusal;

/** The document is covered by a legal hold: it may be read and its metadata corrected, nothing more. */
public class DocumentOnHoldException extends Exception implements Refusal.Conflict {
    public DocumentOnHoldException(String documentId, String what) {
        super("Document " + documentId + " is under legal hold; " + what + " is not allowed until every hold on it is released.");
    }

    @Override
    public String code() {
        return "on-hold";
    }
}
