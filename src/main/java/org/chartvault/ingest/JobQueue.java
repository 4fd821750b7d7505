package org.chartvault.ingest;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of background work. The embedded implementation keeps jobs in the object store and
 * hands them out inside this process; nodes sharing a store would use PostgreSQL
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}) behind the same interface.
 */
public interface JobQueue extends AutoCloseable {

    /** Records the job durably; when this returns the job will run even if the process dies now. */
    default void submit(Job job) throws IOException {
        record(job);
        release(job);
    }

    /**
     * Records the job durably like {@link #submit} but keeps it from this process's workers until {@link #release}.
     * For work whose subject is written just after its job: the job must exist first, so that a crash in between
     * leaves a job with nothing to do rather than a subject no job will ever work on, yet no worker may start
     * before the subject is there. After a restart every recorded job runs, released or not.
     */
    void record(Job job) throws IOException;

    /** Hands a {@link #record recorded} job to the workers. */
    void release(Job job);

    /** The next job that is due, waiting up to {@code wait} for one; empty if none became due. */
    Optional<Job> poll(Duration wait) throws InterruptedException;

    /** The job is done: it will not run again. */
    void complete(Job job) throws IOException;

    /** The job failed in a way that may pass (storage unavailable): run it again after {@code delay}. */
    void retry(Job job, String error, Duration delay) throws IOException;

    /** Jobs not yet completed, oldest first. */
    List<Job> pending();

    @Override
    void close();
}
