package org.chartvault.document;

import java.io.IOException;

/**
 * Writes a processed document's searchable PDF from its stored pages and stores it, unless one is stored meanwhile.
 * Implemented where the PDF writer lives ({@code ocr.SearchablePdfs}); {@link DocumentService} calls it for a document whose searchable
 * PDF was left to be made on first request (its born-digital pages had no page image yet).
 */
@FunctionalInterface
public interface SearchablePdfMaker {
    void make(Document document) throws IOException;
}
