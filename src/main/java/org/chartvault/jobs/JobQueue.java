package org.chartvault.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue of background work. The embedded implementation keeps jobs in the object store and
 * hands them out inside this process; nodes sharing a store use the one in PostgreSQL
 * ({@code SELECT ... FOR UPDATE SKIP LOCKED}) behind the same interface.
 *
 * <p>A job handed out is a claim ({@link Job#fencingToken}). Where claims can lapse ({@link #lease} present), the
 * worker keeps its claim by calling {@link #stillOwns} well within the lease; a claim not kept is handed to
 * another worker, and the completion or retry of the older claim is refused with {@link StaleClaimException}.
 */
public interface JobQueue extends AutoCloseable {

    /** Records the job durably; when this returns the job will run even if the process dies now. */
    default void submit(Job job) throws IOException {
        record(job);
        release(job);
    }

    /**
     * Records the job durably like {@link #submit} but keeps it from every worker until {@link #release}.
     * For work whose subject is written just after its job: the job must exist first, so that a crash in between
     * leaves a job with nothing to do rather than a subject no job will ever work on, yet no worker may start
     * before the subject is there. If the recording process dies before the release, the job runs all the same:
     * at the next start (embedded), or on another node once the recorder's hold on it lapses (PostgreSQL).
     */
    void record(Job job) throws IOException;

    /** Hands a {@link #record recorded} job to the workers. */
    void release(Job job);

    /**
     * The {@link #record recorded} job's work was done by its recorder itself (a legal hold placed within the request
     * that recorded it): it will not run. The job was only insurance against the recorder dying part-way.
     *
     * @throws StaleClaimException when the recorder's hold on the job lapsed and a worker took it meanwhile: that
     *         worker finishes the same work
     */
    void completeRecorded(Job job) throws IOException;

    /** The next job that is due, waiting up to {@code wait} for one; empty if none became due. */
    Optional<Job> poll(Duration wait) throws InterruptedException;

    /**
     * The job is done: it will not run again.
     *
     * @throws StaleClaimException when the job was handed out again since {@code job} was: nothing changed
     */
    void complete(Job job) throws IOException;

    /**
     * The job failed in a way that may pass (storage unavailable): run it again after {@code delay}.
     *
     * @throws StaleClaimException when the job was handed out again since {@code job} was: nothing changed
     */
    void retry(Job job, String error, Duration delay) throws IOException;

    /**
     * Whether the claim {@code job} is still the job's latest and the job not done; if so, its lease is renewed for
     * a whole {@link #lease} from now. Called periodically while the job runs, and again just before writes that a
     * worker which lost its job must not make.
     */
    boolean stillOwns(Job job) throws IOException;

    /** How long a claim lasts unless {@link #stillOwns renewed}; empty when claims never lapse (one process). */
    Optional<Duration> lease();

    /** Jobs not yet completed, oldest first. */
    List<Job> pending();

    @Override
    void close();
}
