package org.chartvault.index;

import org.chartvault.document.Document;
import org.chartvault.document.PageContent;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Full-text search over pages. Derived data: everything in it can be rebuilt from storage
 * ({@code reindex}), so losing it loses nothing. One Lucene document per page.
 * The embedded implementation is Lucene on local disk; a cluster would put OpenSearch behind this.
 */
public interface SearchIndex extends AutoCloseable {

    /** Replaces every indexed page of the document with these (safe to repeat). Blank pages are skipped. */
    void index(Document document, List<PageContent> pages) throws IOException;

    /** Updates the document-level fields (patient, type, dates, holds) of pages already indexed. */
    void updateMetadata(Document document, List<PageContent> pages) throws IOException;

    void delete(String documentId) throws IOException;

    /** Pages matching the query, best first, with highlighted snippets. */
    SearchResult search(SearchQuery query) throws BadQueryException, IOException;

    /** Ids of all documents with at least one page matching {@code query} (legal holds by query). */
    Set<String> matchingDocuments(SearchQuery query) throws BadQueryException, IOException;

    /** Where on the page image the words matching {@code q} are, for hit highlighting in the viewer. */
    List<HitBox> hitBoxes(String q, PageContent page) throws BadQueryException;

    /** Blocks until everything indexed so far survives a crash (group commit). */
    void awaitDurable() throws IOException, InterruptedException;

    /** Makes everything indexed so far visible to searches now, instead of within the usual second. */
    void refresh() throws IOException;

    /** True when the index was written by an older ChartVault and must be rebuilt from storage before use. */
    boolean needsRebuild();

    /** Removes everything (before a full rebuild from storage). */
    void clear() throws IOException;

    /**
     * Starts a rebuild from storage: until {@link #finishRebuild()}, searches keep answering from what was indexed
     * before while the pages written now go into the rebuilt index. The embedded index simply clears itself.
     */
    default void beginRebuild() throws IOException {
        clear();
    }

    /** Ends a rebuild: from now on searches answer from the rebuilt index. */
    default void finishRebuild() throws IOException {
    }

    /** A rebuild failed: searches go on from what they answered before; a new rebuild starts afresh. */
    default void abandonRebuild() {
    }

    /** Number of documents with at least one page in the index. */
    long documentCount() throws IOException;

    @Override
    void close() throws IOException;
}
