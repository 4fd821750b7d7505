package org.chartvault.jobs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Threads that run the durable jobs. A job that fails because storage is unavailable is kept and run again
 * with growing back-off until storage returns; a job that fails for any other reason is retried a few times
 * and then given up (its handler marks what it was working on as failed).
 *
 * <p>Where the queue's claims lapse ({@link JobQueue#lease}), the lease of every running job is renewed every third
 * of the lease, and a worker whose job was handed out again meanwhile (it stalled past its lease) drops it: the
 * queue refuses its completion or retry, and handlers {@link Claim#check check} their claim before final writes.
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
        /**
         * Runs the job to its end. Writes that a worker which lost the job to another must not make (the final
         * status, anything that replaces the newer worker's result) come after {@code claim.check()}.
         */
        void run(Job job, Claim claim) throws IOException, InterruptedException;

        /** The job will not be attempted again: record the failure where users will see it. */
        void givenUp(Job job, Claim claim, Exception cause) throws IOException;
    }

    /** A worker's hold on the job it runs. */
    @FunctionalInterface
    public interface Claim {
        /**
         * Returns while the job is still this worker's, its lease renewed; throws {@link StaleClaimException} once
         * the job was handed to another worker.
         */
        void check() throws IOException;
    }

    private final JobQueue jobs;
    private final Map<String, Handler> handlers;
    private final int threads;
    private final List<Thread> running = new ArrayList<>();
    /** Renews the leases of running jobs; null when the queue's claims never lapse. */
    private final ScheduledExecutorService renewals;
    private final Duration renewEvery;
    private volatile boolean stopping;

    public JobWorkers(JobQueue jobs, Map<String, Handler> handlers, int threads) {
        this.jobs = jobs;
        this.handlers = new java.util.concurrent.ConcurrentHashMap<>(handlers);
        this.threads = threads;
        // A third of the lease: two renewals can fail (a slow query, a busy database) before the claim lapses.
        this.renewEvery = jobs.lease().map(lease -> lease.dividedBy(3)).orElse(null);
        this.renewals = renewEvery == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "job-leases");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Adds the handler of one kind of job, before the workers start: for a handler that itself asks these workers
     * whether they are {@link #stopping()}.
     */
    public synchronized JobWorkers handle(String kind, Handler handler) {
        if (!running.isEmpty()) throw new IllegalStateException("add handlers before the workers start");
        if (handlers.putIfAbsent(kind, handler) != null) throw new IllegalStateException("jobs of kind " + kind + " already have a handler");
        return this;
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
            // Taken but not started: it stays queued and runs at the next start, or once its lease ends on another node.
            if (stopping) return;
            job.ifPresent(this::runOne);
        }
    }

    private void runOne(Job job) {
        Handler handler = handlers.get(job.kind());
        Claim claim = () -> {
            if (!jobs.stillOwns(job)) throw new StaleClaimException(job);
        };
        ScheduledFuture<?> renewal = keepClaimed(job);
        try {
            if (handler == null) throw new IllegalStateException("no handler for jobs of kind " + job.kind());
            handler.run(job, claim);
            jobs.complete(job);
        } catch (StaleClaimException e) {
            dropped(job);
        } catch (InterruptedException e) {
            log.info("Job {} interrupted by shutdown; it resumes at the next start (or on another node)", job.jobId());
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
                claim.check();
                if (handler != null) handler.givenUp(job, claim, e);
                jobs.complete(job);
            } catch (StaleClaimException stale) {
                dropped(job);
            } catch (IOException stored) {
                retry(job, stored, backOff(job.attempts()));
            }
        } finally {
            if (renewal != null) renewal.cancel(false);
        }
    }

    private void retry(Job job, Exception cause, Duration delay) {
        try {
            jobs.retry(job, String.valueOf(cause.getMessage()), delay);
        } catch (StaleClaimException e) {
            dropped(job);
        } catch (IOException e) {
            // Storage is down: the job record is still there as it was and runs again at the next start.
            log.warn("Could not record the retry of job {}; it stays queued as it was", job.jobId(), e);
        }
    }

    private static void dropped(Job job) {
        log.warn("Job {} ({} {}) was handed to another worker after this one's lease ran out; this worker's result "
                + "is dropped", job.jobId(), job.kind(), job.subject());
    }

    /** Renews the job's lease until the returned task is cancelled; null when claims never lapse. */
    private ScheduledFuture<?> keepClaimed(Job job) {
        if (renewals == null) return null;
        long every = renewEvery.toMillis();
        return renewals.scheduleAtFixedRate(new Renewal(job), every, every, TimeUnit.MILLISECONDS);
    }

    /** One running job's lease renewals; they stop once the job turns out to be another worker's. */
    private final class Renewal implements Runnable {
        private final Job job;
        private boolean lost; // only the renewal thread reads and writes it

        Renewal(Job job) {
            this.job = job;
        }

        @Override
        public void run() {
            if (lost) return;
            try {
                if (jobs.stillOwns(job)) return;
                lost = true;
                log.warn("Job {} ({} {}) is no longer this worker's: its lease ran out and it was handed out again",
                        job.jobId(), job.kind(), job.subject());
            } catch (IOException | RuntimeException e) {
                // an exception would end the renewals for good: log it and try again at the next turn
                log.warn("Could not renew the lease of job {}; trying again", job.jobId(), e);
            }
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
     * interrupted: an interrupt inside a Lucene or file write can close the writer under its other users. A job
     * still running after the wait loses its lease renewals, and with them the job, to the next worker.
     */
    @Override
    public void close() {
        stopping = true;
        List<Thread> threadsToJoin;
        synchronized (this) {
            threadsToJoin = List.copyOf(running);
        }
        try {
            for (Thread thread : threadsToJoin) thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (renewals != null) renewals.shutdownNow();
        }
    }
}
