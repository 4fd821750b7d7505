package org.chartvault.ocr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of OCR worker threads, each owning one {@link OcrEngine} created once when the workers start (so a
 * missing language model fails at start, not on the first upload) and used for every page that thread runs.
 * Tesseract's own OpenMP threads must be off (OMP_THREAD_LIMIT=1): parallelism comes from the workers, and
 * OpenMP inside several engines at once is many times slower.
 */
final class OcrWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OcrWorkers.class);

    /** Work for one worker, run with that worker's engine. */
    interface Task<T> {
        T run(OcrEngine engine) throws Exception;
    }

    private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean closed;

    OcrWorkers(OcrSettings settings) {
        List<OcrEngine> engines = new ArrayList<>();
        try {
            for (int i = 0; i < settings.workers(); i++) engines.add(new OcrEngine(settings.tessdata(), settings.language()));
        } catch (RuntimeException e) {
            engines.forEach(OcrEngine::close);
            throw e;
        }
        for (int i = 0; i < engines.size(); i++) {
            OcrEngine engine = engines.get(i);
            Thread thread = new Thread(() -> work(engine), "ocr-worker-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        if (!"1".equals(System.getenv("OMP_THREAD_LIMIT"))) {
            log.warn("OMP_THREAD_LIMIT is not 1: Tesseract's OpenMP threads will compete with the {} OCR workers", threads.size());
        }
    }

    int size() {
        return threads.size();
    }

    /** Queues the task for the next free worker. */
    <T> CompletableFuture<T> submit(Task<T> task) {
        Job<T> job = new Job<>(task);
        if (closed) {
            job.future.completeExceptionally(new PageFailedException("OCR is shutting down; the page was not processed."));
            return job.future;
        }
        queue.add(job);
        return job.future;
    }

    private void work(OcrEngine engine) {
        try {
            while (true) {
                Job<?> job = queue.take();
                if (job.task == null) return; // the stop signal
                job.run(engine);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            engine.close();
        }
    }

    /** Fails what is still queued, lets each worker finish its current page, then frees the engines. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        List<Job<?>> pending = new ArrayList<>();
        queue.drainTo(pending);
        for (Job<?> job : pending) {
            job.future.completeExceptionally(new PageFailedException("OCR is shutting down; the page was not processed."));
        }
        for (int i = 0; i < threads.size(); i++) queue.add(new Job<>(null));
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Job<T> {
        final Task<T> task;
        final CompletableFuture<T> future = new CompletableFuture<>();

        Job(Task<T> task) {
            this.task = task;
        }

        void run(OcrEngine engine) {
            try {
                future.complete(task.run(engine));
            } catch (Throwable e) { // the worker must survive whatever one page does, even an OutOfMemoryError
                future.completeExceptionally(e);
            }
        }
    }
}
