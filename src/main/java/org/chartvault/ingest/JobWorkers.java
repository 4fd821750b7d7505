package org.chartvault.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Threads that run the durable jobs. A job that fails because storage is unavailable is kept and run again
 * with growing back-off until storage returns; a job that fails for any other reason is retried a few times
 * and then given up (its handler marks what it was working on as failed).
 */
public final class JobWorkers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);
    /** Unexpected failures (bugs, not outages) get this many attempts before the job is given up. */
    static final int MAX_ATTEMPTS = 3;
    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(5);
    /** How often an idle worker looks up from the queue to see whether it should stop. */
    private static final Duration POLL = Duration.ofMillis(500);

    /** Runs one kind of job. */
    public interface Handler {
        void run(Job job) throws IOException, InterruptedException;

        /** The job will not be attempted again: record the failure where users will see it. */
        void givenUp(Job job, Exception cause) throws IOException;
    }

    private final JobQueue jobs;
    private final Map<String, Handler> handlers;
    private final int threads;
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopping;

    public JobWorkers(JobQueue jobs, Map<String, Handler> handlers, int threads) {
        this.jobs = jobs;
        this.handlers = Map.copyOf(handlers);
        this.threads = threads;
    }

    public synchronized void start() {
        if (!running.isEmpty()) return;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::work, "job-worker-" + i);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
    }

    private void work() {
        while (!stopping) {
            Optional<Job> job;
            try {
                job = jobs.poll(POLL);
            } catch (InterruptedException e) {
                return;
            }
            if (stopping) return; // taken but not started: it stays in storage and runs at the next start
            job.ifPresent(this::runOne);
        }
    }

    private void runOne(Job job) {
        Handler handler = handlers.get(job.kind());
        try {
            if (handler == null) throw new IllegalStateException("no handler for jobs of kind " + job.kind());
            handler.run(job);
            jobs.complete(job);
        } catch (InterruptedException e) {
            log.info("Job {} interrupted by shutdown; it resumes at the next start", job.jobId());
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            Duration delay = backOff(job.attempts());
            log.warn("Job {} ({} {}) could not finish: {}; retrying in {} s", job.jobId(), job.kind(), job.subject(),
                    e.getMessage(), delay.toSeconds());
            retry(job, e, delay);
        } catch (RuntimeException e) {
            if (job.attempts() + 1 < MAX_ATTEMPTS) {
                log.error("Job {} ({} {}) failed unexpectedly; retrying", job.jobId(), job.kind(), job.subject(), e);
                retry(job, e, backOff(job.attempts()));
                return;
            }
            log.error("Job {} ({} {}) failed {} times and is given up", job.jobId(), job.kind(), job.subject(),
                    MAX_ATTEMPTS, e);
            try {
                if (handler != null) handler.givenUp(job, e);
                jobs.complete(job);
            } catch (IOException stored) {
                retry(job, stored, backOff(job.attempts()));
            }
        }
    }

    private void retry(Job job, Exception cause, Duration delay) {
        try {
            jobs.retry(job, String.valueOf(cause.getMessage()), delay);
        } catch (IOException e) {
            // Storage is down: the job record is still there as it was and runs again at the next start.
            log.warn("Could not record the retry of job {}; it stays queued as it was", job.jobId(), e);
        }
    }

    /** True once {@link #close} began: long jobs should stop at their next safe point. */
    public boolean stopping() {
        return stopping;
    }

    static Duration backOff(int attempts) {
        Duration delay = FIRST_RETRY.multipliedBy(1L << Math.min(attempts, 10));
        return delay.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : delay;
    }

    /**
     * Stops taking jobs and waits for the ones in hand. Handlers are expected to notice {@link #stopping()} between
     * steps (a document between pages) and leave the rest of their job for the next start. Threads are not
     * interrupted: an interrupt inside a Lucene or file write can close the writer under its other users.
     */
    @Override
    public void close() {
        stopping = true;
        List<Thread> threadsToJoin;
        synchronized (this) {
            threadsToJoin = List.copyOf(running);
        }
        for (Thread thread : threadsToJoin) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
