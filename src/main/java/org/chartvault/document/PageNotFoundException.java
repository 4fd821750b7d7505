package org.chartvault.document;

import org.chartvault.Refusal;

/** The document has no such page (or it has not been processed yet). */
public class PageNotFoundException extends Exception implements Refusal.NotFound {
    public PageNotFoundException(Document document, int page) {
        super("Document " + document.documentId() + " has no page " + page + " (it has "
                + document.pages().size() + " processed page(s)).");
    }
}
