package org.chartvault.index;

import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.chartvault.document.Document;
import org.chartvault.document.PageContent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The peer of {@code bench reindex}: Lucene's own bulk indexing of pages already in memory, the floor a rebuild
 * from storage is measured against. The same analyzer, the same fields ({@link PageFields#pageDocument}) and the
 * same indexing buffer as {@link LuceneSearchIndex}, but plain {@code addDocuments} from {@code threads} threads,
 * no storage reads, no replace by id, no refresh, one commit at the end.
 */
public final class RawBulkIndexing {
    private RawBulkIndexing() {
    }

    /** A document and its pages' text, as a rebuild would read them. */
    public record Indexed(Document document, List<PageContent> pages) {
    }

    /** Indexes everything into a new index in {@code directory}; returns the pages indexed. */
    public static long run(Path directory, List<Indexed> documents, int threads) throws Exception {
        IndexWriterConfig config = new IndexWriterConfig(TextAnalysis.indexAnalyzer())
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
                .setRAMBufferSizeMB(LuceneSearchIndex.RAM_BUFFER_MB);
        AtomicInteger next = new AtomicInteger();
        long pages = 0;
        try (FSDirectory dir = FSDirectory.open(directory); IndexWriter writer = new IndexWriter(dir, config)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Long>> work = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    work.add(pool.submit(() -> {
                        long added = 0;
                        for (int i = next.getAndIncrement(); i < documents.size(); i = next.getAndIncrement()) {
                            Indexed d = documents.get(i);
                            List<org.apache.lucene.document.Document> docs = new ArrayList<>(d.pages().size());
                            for (PageContent page : d.pages()) {
                                if (!page.blank()) docs.add(PageFields.pageDocument(d.document(), page));
                            }
                            writer.addDocuments(docs);
                            added += docs.size();
                        }
                        return added;
                    }));
                }
                for (Future<Long> f : work) pages += f.get();
            } finally {
                pool.shutdown();
            }
            writer.commit();
        }
        return pages;
    }
}
