package org.chartvault.index;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The rebuild on several threads, from a real store into a real Lucene index. */
class IndexRebuildTest {
    @TempDir
    Path dir;
    LocalDiskStore store;
    DocumentRepository documents;
    LuceneSearchIndex index;

    @BeforeEach
    void open() throws Exception {
        store = new LocalDiskStore(Files.createDirectories(dir.resolve("store")));
        documents = new DocumentRepository(store, new InProcessLocks(), Clock.systemUTC());
        index = new LuceneSearchIndex(dir.resolve("index"));
    }

    @AfterEach
    void close() throws Exception {
        index.close();
        store.close();
    }

    @Test
    void rebuildIndexesEveryProcessedDocumentOnceAndCountsItsPages() throws Exception {
        for (int n = 0; n < 120; n++) store(n, DocumentStatus.INDEXED);
        store(500, DocumentStatus.PROCESSING); // not processed yet: its worker indexes it when done
        List<IndexRebuild.Status> seen = Collections.synchronizedList(new ArrayList<>());

        int indexed = new IndexRebuild(index, documents).run(seen::add);

        assertEquals(120, indexed);
        assertEquals(120, index.documentCount());
        for (int n = 0; n < 120; n += 7) assertEquals(pagesOf(n), hits(n), "pages of document " + n);
        assertEquals(0, hits(500));
        IndexRebuild.Status last = seen.getLast();
        assertEquals(IndexRebuild.Phase.DONE, last.phase());
        long searchablePages = 0;
        for (int n = 0; n < 120; n++) searchablePages += pagesOf(n);
        assertEquals(searchablePages, last.pagesTotal());
        assertEquals(searchablePages, last.pagesDone());
        assertEquals(120, last.documentsDone());
        assertEquals(120, last.documentsTotal());
    }

    /** Uploads filed while a rebuild runs (OpenSearch rebuilds with the service up) are all searchable, none twice. */
    @Test
    void documentsFiledDuringARebuildAreAllSearchableAfterIt() throws Exception {
        for (int n = 0; n < 150; n++) store(n, DocumentStatus.INDEXED);
        rebuildWhile(() -> {
            for (int n = 1000; n < 1060; n++) {
                Document d = store(n, DocumentStatus.INDEXED); // as Filing: stored, then indexed
                index.index(d, documents.pages(d));
            }
            return null;
        });

        assertEquals(210, index.documentCount());
        for (int n = 0; n < 150; n += 11) assertEquals(pagesOf(n), hits(n), "pages of document " + n);
        for (int n = 1000; n < 1060; n++) assertEquals(pagesOf(n), hits(n), "pages of document " + n);
    }

    /** Documents deleted while a rebuild runs (record first, then out of the index, as deletion does) stay out of search. */
    @Test
    void documentsDeletedDuringARebuildDoNotComeBackIntoSearch() throws Exception {
        for (int n = 0; n < 200; n++) store(n, DocumentStatus.INDEXED);
        rebuildWhile(() -> {
            for (int n = 199; n >= 0; n -= 2) { // from the end: the rebuild reaches them while they go
                documents.remove(String.format(Locale.ROOT, "doc_rebuild%05d", n), d -> null);
                index.delete(String.format(Locale.ROOT, "doc_rebuild%05d", n));
            }
            return null;
        });

        assertEquals(100, index.documentCount());
        for (int n = 1; n < 200; n += 2) assertEquals(0, hits(n), "deleted document " + n + " is not searchable");
        for (int n = 0; n < 200; n += 2) assertEquals(pagesOf(n), hits(n), "pages of document " + n);
    }

    @Test
    void aFailedRebuildSaysWhyAndLeavesTheIndexRefreshing() throws Exception {
        for (int n = 0; n < 40; n++) store(n, DocumentStatus.INDEXED);
        store.put("documents/doc_rebuild00017/pages/1.json", "[]".getBytes(), "application/json");

        assertThrows(java.io.IOException.class, () -> new IndexRebuild(index, documents).run());

        // the timed refresh runs again: a document filed now becomes searchable without an explicit refresh
        Document later = store(2000, DocumentStatus.INDEXED);
        index.index(later, documents.pages(later));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (hits(2000) == 0 && System.nanoTime() < deadline) LockSupport.parkNanos(10_000_000L);
        assertEquals(pagesOf(2000), hits(2000));
    }

    /** Runs a rebuild and {@code meanwhile} at the same moment, waits for both, and makes the result searchable. */
    private void rebuildWhile(java.util.concurrent.Callable<Void> meanwhile) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> rebuild = threads.submit(() -> {
                start.await();
                return new IndexRebuild(index, documents).run();
            });
            Future<Void> other = threads.submit(() -> {
                start.await();
                return meanwhile.call();
            });
            start.countDown();
            rebuild.get();
            other.get();
        } finally {
            threads.shutdownNow();
        }
        index.refresh();
    }

    private static int pagesOf(int n) {
        return 1 + n % 3;
    }

    /** Pages of document n found by its own MRN (an exact keyword: no spelling tolerance blurs one into another). */
    private long hits(int n) throws Exception {
        return index.search(new SearchQuery("progress", mrn(n), null, null, null, 0, 20)).total();
    }

    private static String mrn(int n) {
        return String.format(Locale.ROOT, "M%07d", n);
    }

    private Document store(int n, DocumentStatus status) throws Exception {
        String id = String.format(Locale.ROOT, "doc_rebuild%05d", n);
        List<PageSummary> summaries = new ArrayList<>();
        for (int p = 1; p <= pagesOf(n); p++) {
            PageContent page = new PageContent(p, 2550, 3300, 300, PageContent.SOURCE_OCR, 0, 0, 90.0,
                    "Progress note page " + p, List.of(), false);
            documents.savePage(id, page);
            summaries.add(new PageSummary(p, 90.0, PageContent.SOURCE_OCR, false));
        }
        Instant at = Instant.parse("2025-01-01T00:00:00Z");
        return documents.create(new Document(id, String.format(Locale.ROOT, "%064d", n), "scan.pdf", "application/pdf",
                1, "bat_1", "scanner", at, new Indexing(mrn(n), null, null, null, null, null), status, pagesOf(n), summaries, List.of(), List.of(), null, 0, at));
    }
}
