package org.chartvault.document;

/** The document has no such page (or it has not been processed yet). */
public class PageNotFoundException extends Exception {
    public PageNotFoundException(Document document, int page) {
        super("Document " + document.documentId() + " has no page " + page + " (it has "
                + document.pages().size() + " processed page(s)).");
    }
}
