package org.chartvault.index;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.PageContent;

import java.io.IOException;

/**
 * Keeps the search index in step with what people do to documents: a correction of a processed document's indexing
 * values is written to its pages' index entries, a removed document leaves the index. It learns of both through
 * {@link DocumentEvents}, so the document capability never calls the index.
 */
public final class IndexFollower {
    private final DocumentRepository documents;
    private final SearchIndex index;

    private IndexFollower(DocumentRepository documents, SearchIndex index) {
        this.documents = documents;
        this.index = index;
    }

    /** Starts following {@code events}. */
    public static void follow(DocumentEvents events, DocumentRepository documents, SearchIndex index) {
        IndexFollower follower = new IndexFollower(documents, index);
        events.listenToCorrections(follower::corrected);
        events.listenToRemovals(index::delete);
    }

    private void corrected(Document document) throws IOException {
        // a document still being processed is indexed when it is done, with the values it has then
        if (!document.status().isProcessed()) return;
        index.updateMetadata(document, documents.pages(document).stream().filter(PageContent::isSearchable).toList());
    }
}
