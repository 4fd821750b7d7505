package org.chartvault.index;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentService;

import java.io.IOException;

/**
 * Rebuilds the search index from storage alone: every processed document's pages, as stored. The index is
 * derived data; this is how it is made again after a loss, a version change or a move to another engine.
 */
public final class IndexRebuild {
    private final SearchIndex index;
    private final DocumentRepository documents;
    private final DocumentService pages;

    public IndexRebuild(SearchIndex index, DocumentRepository documents, DocumentService pages) {
        this.index = index;
        this.documents = documents;
        this.pages = pages;
    }

    /** Indexes every processed document again into an empty index; returns how many were indexed. */
    public int run() throws IOException {
        index.beginRebuild(); // OpenSearch: into a new index while searches read the old one
        int indexed = 0;
        for (String id : documents.allIds()) {
            Document document = documents.find(id).orElse(null);
            if (document == null || !document.status().isProcessed()) continue;
            index.index(document, pages.searchablePages(document));
            indexed++;
        }
        try {
            index.awaitDurable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while committing the rebuilt index", e);
        }
        index.finishRebuild();
        index.refresh(); // searches see the rebuilt index as soon as this returns
        return indexed;
    }
}
