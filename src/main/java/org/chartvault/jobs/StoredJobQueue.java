package org.chartvault.jobs;

import org.chartvault.Json;
import org.chartvault.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * {@link JobQueue} kept as {@code jobs/<id>.json} objects. Every job found in storage at start is queued
 * again: that is how work acknowledged before a crash is finished after it. Jobs are handed out inside this
 * process only, where a claim cannot lapse (nobody else could take the job over), so claims carry no fencing
 * token and are never refused.
 */
public final class StoredJobQueue implements JobQueue {
    private static final Logger log = LoggerFactory.getLogger(StoredJobQueue.class);
    private static final String PREFIX = "jobs/";

    private final ObjectStore store;
    private final Clock clock;
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final Map<String, Job> pending = new ConcurrentHashMap<>();

    public StoredJobQueue(ObjectStore store, Clock clock) throws IOException {
        this.store = store;
        this.clock = clock;
        for (String key : store.list(PREFIX)) {
            if (!key.endsWith(".json")) continue;
            try {
                Job job = Json.read(store.getBytes(key), Job.class);
                pending.put(job.jobId(), job);
                due.add(new Due(job));
            } catch (RuntimeException e) {
                log.error("Job record {} is unreadable and was left in place for inspection", key, e);
            }
        }
        if (!pending.isEmpty()) log.info("Resuming {} unfinished job(s) from storage", pending.size());
    }

    @Override
    public void record(Job job) throws IOException {
        store.put(key(job), Json.bytes(job), "application/json");
        pending.put(job.jobId(), job); // listed as pending, as a restart would list it; handed out once released
    }

    @Override
    public void release(Job job) {
        pending.put(job.jobId(), job);
        due.add(new Due(job));
    }

    @Override
    public Optional<Job> poll(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Due next = due.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) return Optional.empty();
            // A job completed, or queued again with a later time, leaves a stale entry behind: skip it.
            Job current = pending.get(next.job.jobId());
            if (current != null && current.equals(next.job)) return Optional.of(current);
        }
    }

    @Override
    public void complete(Job job) throws IOException {
        store.delete(key(job));
        pending.remove(job.jobId());
    }

    @Override
    public void completeRecorded(Job job) throws IOException {
        complete(job);
    }

    @Override
    public void retry(Job job, String error, Duration delay) throws IOException {
        Job again = job.retryAt(clock.instant().plus(delay), error);
        pending.put(again.jobId(), again);
        due.add(new Due(again));
        // Recording the attempt may fail while storage is down; the job is queued again all the same, and the
        // record already stored still brings it back after a restart.
        store.put(key(again), Json.bytes(again), "application/json");
    }

    @Override
    public boolean stillOwns(Job job) {
        return pending.containsKey(job.jobId());
    }

    @Override
    public Optional<Duration> lease() {
        return Optional.empty();
    }

    @Override
    public List<Job> pending() {
        List<Job> jobs = new ArrayList<>(pending.values());
        jobs.sort(Comparator.comparing(Job::createdAt));
        return jobs;
    }

    @Override
    public void close() {
        due.clear();
    }

    private static String key(Job job) {
        return PREFIX + job.jobId() + ".json";
    }

    /** A job waiting for its {@code notBefore} time; oldest jobs first among those due. */
    private final class Due implements Delayed {
        private final Job job;

        Due(Job job) {
            this.job = job;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), job.notBefore()));
        }

        @Override
        public int compareTo(Delayed other) {
            Due that = (Due) other;
            int byTime = job.notBefore().compareTo(that.job.notBefore());
            return byTime != 0 ? byTime : job.createdAt().compareTo(that.job.createdAt());
        }
    }
}
