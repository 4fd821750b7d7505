package org.chartvault.ingest;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * {@link JobQueue} kept as {@code jobs/<id>.json} objects. Every job found in storage at start is queued
 * again: that is how work acknowledged before a crash is finished after it.
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
    public void submit(Job job) throws IOException {
        store.put(key(job), Json.bytes(job), "application/json");
        pending.put(job.jobId(), job);
        due.add(new Due(job));
    }

    @Override
    public Job take() throws InterruptedException {
        while (true) {
            Job job = due.take().job;
            if (pending.containsKey(job.jobId())) return job;
        }
    }

    @Override
    public void complete(Job job) throws IOException {
        store.delete(key(job));
        pending.remove(job.jobId());
    }

    @Override
    public void retry(Job job, String error, Duration delay) throws IOException {
        Job again = job.retryAt(clock.instant().plus(delay), error);
        store.put(key(again), Json.bytes(again), "application/json");
        pending.put(again.jobId(), again);
        due.add(new Due(again));
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
