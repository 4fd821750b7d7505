package org.chartvault.index;

import org.apache.lucene.index.IndexWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Group commit: one background thread commits the index; any number of callers wait for the first
 * commit that covers what they wrote. A commit fsyncs every new file, so a busy ingest that asked for
 * one per page would spend its time waiting on the disk; here callers arriving while a commit runs
 * share the next one.
 *
 * <p>Progress is measured in IndexWriter sequence numbers: every change gets one, and a commit covers
 * every change that completed before it started.
 */
final class GroupCommitter {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

    private final IndexWriter writer;
    private final Thread thread;

    // all guarded by this
    private long requested;       // highest sequence number a caller waits for
    private long durable;         // every change up to here is in a completed commit
    private long attemptsStarted; // commits begun, so a waiter can tell whether a failure concerned it
    private long failedAttempt;   // the latest commit that failed (0: none)
    private Exception failure;
    private long commits;         // commits with changes completed, for tests that prove callers share them
    private boolean stopping;
    private boolean finished;

    GroupCommitter(IndexWriter writer) {
        this.writer = writer;
        this.durable = writer.getMaxCompletedSequenceNumber();
        this.requested = durable;
        this.thread = Thread.ofPlatform().name("index-committer").daemon().unstarted(this::run);
        thread.start();
    }

    /** Blocks until a commit that started after every change completed so far has finished. */
    void awaitDurable() throws IOException, InterruptedException {
        long target = writer.getMaxCompletedSequenceNumber();
        synchronized (this) {
            long attemptsBefore = attemptsStarted;
            while (durable < target) {
                if (failedAttempt > attemptsBefore) {
                    throw new IOException("The search index could not be saved to disk: " + failure.getMessage(), failure);
                }
                if (finished) throw new IOException("The search index was closed before it could be saved to disk.");
                if (target > requested) {
                    requested = target;
                    notifyAll();
                }
                wait();
            }
        }
    }

    private void run() {
        while (true) {
            long target;
            long attempt;
            synchronized (this) {
                while (requested <= durable && !stopping) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopping) return;
                target = requested;
                attempt = ++attemptsStarted;
            }
            try {
                // sequence numbers also move without changes (a search refresh takes some), so ask Lucene
                // whether anything is uncommitted before paying for an fsync
                boolean changes = writer.hasUncommittedChanges();
                long committed = changes ? writer.commit() : -1;
                synchronized (this) {
                    // everything up to target had completed before commit() began, so it is in this commit
                    durable = Math.max(durable, Math.max(committed, target));
                    if (changes) commits++;
                    notifyAll();
                }
            } catch (IOException | RuntimeException e) {
                log.error("Committing the search index failed", e);
                synchronized (this) {
                    failedAttempt = attempt;
                    failure = e;
                    // forget the requests this attempt served; waiters that arrived later ask again
                    requested = durable;
                    notifyAll();
                }
            }
        }
    }

    /** Stops the background thread; a commit in progress completes first. */
    void stop() throws InterruptedException {
        synchronized (this) {
            stopping = true;
            notifyAll();
        }
        thread.join();
    }

    /** After the final commit (IndexWriter.close): wakes the remaining waiters, satisfied if it succeeded. */
    synchronized void finish(long finalSequenceNumber, boolean committed) {
        if (committed) durable = Math.max(durable, finalSequenceNumber);
        finished = true;
        notifyAll();
    }

    synchronized long commitsCompleted() {
        return commits;
    }
}
