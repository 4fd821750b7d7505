package org.chartvault.index;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Rebuilds the search index from storage alone: every processed document's pages, as stored. The index is
 * derived data; this is how it is made again after a loss, a version change or a move to another engine.
 *
 * <p>First every document record is read (that gives the number of pages to go), then the documents are indexed,
 * each read and indexed whole by one of {@link #THREADS} threads: reading a page object and analysing its text
 * both take a core, and nothing else runs while the service is stopped for a reindex.
 */
public final class IndexRebuild {
    /** One thread per core: the work is parsing JSON and analysing text, CPU-bound once the store is cached. */
    public static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    /** Where a rebuild is, for a progress display. */
    public enum Phase { READING_RECORDS, INDEXING, COMMITTING, DONE }

    /**
     * How far a rebuild is. {@code pagesTotal} is known from {@link Phase#INDEXING} on (counted off the records);
     * counts are of processed documents and of their searchable pages.
     */
    public record Status(Phase phase, int documentsDone, int documentsTotal, long pagesDone, long pagesTotal,
                         long elapsedNanos) {
    }

    /** Told how a rebuild goes; called from the rebuild's threads, often, so it must be quick and thread-safe. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = status -> { };

        void update(Status status);
    }

    private final SearchIndex index;
    private final DocumentRepository documents;

    public IndexRebuild(SearchIndex index, DocumentRepository documents) {
        this.index = index;
        this.documents = documents;
    }

    /** Indexes every processed document again into an empty index; returns how many were indexed. */
    public int run() throws IOException {
        return run(Progress.NONE);
    }

    /** {@link #run()}, telling {@code progress} how far it is. */
    public int run(Progress progress) throws IOException {
        long started = System.nanoTime();
        index.beginRebuild(); // OpenSearch: into a new index while searches read the old one
        try {
            return rebuild(progress, started);
        } catch (IOException | RuntimeException e) {
            index.abandonRebuild();
            throw e;
        }
    }

    private int rebuild(Progress progress, long started) throws IOException {
        List<String> ids = documents.allIds();
        AtomicInteger read = new AtomicInteger();
        Document[] records = new Document[ids.size()];
        inParallel(ids.size(), i -> {
            records[i] = documents.find(ids.get(i)).orElse(null); // deleted since it was listed: nothing to index
            progress.update(new Status(Phase.READING_RECORDS, read.incrementAndGet(), ids.size(), 0, 0,
                    System.nanoTime() - started));
        });
        List<Document> processed = new ArrayList<>(records.length);
        long pagesTotal = 0;
        for (Document document : records) {
            if (document == null || !document.status().isProcessed()) continue;
            processed.add(document);
            for (PageSummary page : document.pages()) {
                if (!page.blank() && !PageContent.SOURCE_FAILED.equals(page.source())) pagesTotal++;
            }
        }

        AtomicInteger indexed = new AtomicInteger();
        AtomicLong pagesIndexed = new AtomicLong();
        long pages = pagesTotal;
        inParallel(processed.size(), i -> {
            // read again: the list above may be minutes old, and a document deleted or corrected since must not
            // come back into search as it was (OpenSearch rebuilds while the service runs)
            Document document = documents.find(processed.get(i).documentId()).orElse(null);
            List<PageContent> searchable = document == null || !document.status().isProcessed() ? List.of()
                    : documents.pageTexts(document).stream().filter(PageContent::isSearchable).toList();
            if (document != null && document.status().isProcessed()) {
                index.index(document, searchable);
                // deleted while it was being indexed: its removal from the index may have come before this write
                if (documents.find(document.documentId()).isEmpty()) index.delete(document.documentId());
            }
            progress.update(new Status(Phase.INDEXING, indexed.incrementAndGet(), processed.size(),
                    pagesIndexed.addAndGet(searchable.size()), pages, System.nanoTime() - started));
        });

        progress.update(new Status(Phase.COMMITTING, indexed.get(), processed.size(), pagesIndexed.get(), pages,
                System.nanoTime() - started));
        try {
            index.awaitDurable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while committing the rebuilt index", e);
        }
        index.finishRebuild();
        index.refresh(); // searches see the rebuilt index as soon as this returns
        progress.update(new Status(Phase.DONE, indexed.get(), processed.size(), pagesIndexed.get(), pages,
                System.nanoTime() - started));
        return indexed.get();
    }

    private interface Step {
        void run(int item) throws IOException;
    }

    /** Runs {@code step} for items 0 to count - 1 on {@link #THREADS} threads; the first failure stops them all. */
    private static void inParallel(int count, Step step) throws IOException {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, Thread.ofPlatform().name("reindex-", 1).factory());
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                work.add(threads.submit(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < count && !failed.get(); i = next.getAndIncrement()) {
                            step.run(i);
                        }
                    } catch (IOException | RuntimeException e) {
                        failed.set(true);
                        throw e;
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rebuilding the index", e);
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case UncheckedIOException unchecked -> throw unchecked.getCause();
                case RuntimeException runtime -> throw runtime;
                default -> throw new IOException("rebuilding the index failed", e.getCause());
            }
        } finally {
            // the others stop after the item in hand (failed is set); interrupting them inside Lucene's file I/O would
            // close the channel under the index writer, which Lucene takes as a tragedy and closes the writer
            threads.shutdown();
            try {
                threads.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
