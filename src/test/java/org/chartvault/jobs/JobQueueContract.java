package org.chartvault.jobs;

import org.chartvault.Ids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link JobQueue} promises, the embedded one and the one in PostgreSQL alike. "Another node" is a
 * second queue on the same jobs where there can be one, and the same queue where jobs live in one process.
 */
public abstract class JobQueueContract {
    protected static final String KIND = "test-job";
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new queue with no jobs. */
    protected abstract JobQueue open() throws Exception;

    /** A queue on the same jobs as {@code queue}, as another node sees them. */
    protected abstract JobQueue anotherNode(JobQueue queue) throws Exception;

    /** The queue as the next start finds it after {@code queue}'s process died without a word. */
    protected abstract JobQueue afterACrash(JobQueue queue) throws Exception;

    /** Long enough that a job kept from the pollers this long is kept for good (longer than any lease). */
    protected abstract Duration longerThanALease();

    /** Closed after the test, last opened first. */
    protected <T extends AutoCloseable> T closeAfter(T resource) {
        opened.add(resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) opened.get(i).close();
    }

    protected static Job newJob(String subject) {
        return new Job(Ids.next("job"), KIND, subject, Instant.now(), 0, null, null);
    }

    protected static Job handedOut(JobQueue queue, Duration wait) throws InterruptedException {
        return queue.poll(wait).orElseThrow(() -> new AssertionError("no job was handed out within " + wait));
    }

    protected static List<String> ids(List<Job> jobs) {
        return jobs.stream().map(Job::jobId).toList();
    }

    @Test
    public void aSubmittedJobIsHandedOutOnceAndNeverAgainOnceComplete() throws Exception {
        JobQueue queue = open();
        Job job = newJob("doc_1");
        queue.submit(job);

        Job claimed = handedOut(queue, Duration.ofSeconds(5));
        assertEquals(List.of(job.jobId(), KIND, "doc_1", 0), List.of(claimed.jobId(), claimed.kind(), claimed.subject(),
                claimed.attempts()));
        assertEquals(Optional.empty(), anotherNode(queue).poll(Duration.ofMillis(300)), "handed out twice");
        assertEquals(List.of(job.jobId()), ids(queue.pending()), "a job in hand is still pending");
        assertTrue(queue.stillOwns(claimed));

        queue.complete(claimed);
        assertEquals(Optional.empty(), queue.poll(Duration.ofMillis(300)), "a completed job came back");
        assertEquals(List.of(), queue.pending());
        assertFalse(queue.stillOwns(claimed), "a completed job is still somebody's");
    }

    @Test
    public void aRetriedJobComesBackAfterItsDelayWithOneMoreAttemptAndItsError() throws Exception {
        JobQueue queue = open();
        queue.submit(newJob("doc_2"));
        Job claimed = handedOut(queue, Duration.ofSeconds(5));

        long retried = System.nanoTime();
        queue.retry(claimed, "storage unavailable", Duration.ofMillis(1000));
        assertEquals(Optional.empty(), queue.poll(Duration.ofMillis(300)), "handed out before its delay");
        Job again = handedOut(anotherNode(queue), Duration.ofSeconds(10));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - retried);

        assertTrue(waited >= 900, "handed out again after " + waited + " ms");
        assertEquals(List.of(claimed.jobId(), 1, "storage unavailable"),
                List.of(again.jobId(), again.attempts(), again.lastError()));
        anotherNode(queue).complete(again);
        assertEquals(List.of(), queue.pending());
    }

    @Test
    public void aRecordedJobIsHandedOutOnlyOnceReleased() throws Exception {
        JobQueue queue = open();
        Job job = newJob("doc_3");
        queue.record(job);
        assertEquals(List.of(job.jobId()), ids(queue.pending()), "recorded, durably");

        assertEquals(Optional.empty(), anotherNode(queue).poll(longerThanALease()), "handed out before its release");
        queue.release(job);
        Job claimed = handedOut(anotherNode(queue), Duration.ofSeconds(5));
        assertEquals(job.jobId(), claimed.jobId());
        anotherNode(queue).complete(claimed);
    }

    @Test
    public void aRecordedJobStillRunsWhenItsProcessDiedBeforeReleasingIt() throws Exception {
        JobQueue queue = open();
        Job job = newJob("doc_4");
        queue.record(job);

        JobQueue next = afterACrash(queue);
        Job claimed = handedOut(next, longerThanALease().plusSeconds(5));
        assertEquals(job.jobId(), claimed.jobId());
        next.complete(claimed);
        assertEquals(List.of(), next.pending());
    }

    @Test
    public void everyJobIsHandedToExactlyOneOfManyConcurrentPollers() throws Exception {
        int jobs = 200;
        int pollers = 8;
        JobQueue one = open();
        JobQueue two = anotherNode(one);
        // half the jobs wait before the race starts, the other half arrive during it, on either node
        for (int i = 0; i < jobs / 2; i++) (i % 2 == 0 ? one : two).submit(newJob("doc_" + i));

        Map<String, AtomicInteger> handedOut = new ConcurrentHashMap<>();
        AtomicInteger completed = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(pollers + 1);
        CyclicBarrier start = new CyclicBarrier(pollers + 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < pollers; t++) {
            JobQueue queue = t % 2 == 0 ? one : two;
            running.add(threads.submit(() -> {
                start.await();
                while (completed.get() < jobs && System.nanoTime() < deadline) {
                    Optional<Job> job = queue.poll(Duration.ofMillis(200));
                    if (job.isEmpty()) continue;
                    handedOut.computeIfAbsent(job.get().jobId(), id -> new AtomicInteger()).incrementAndGet();
                    queue.complete(job.get());
                    completed.incrementAndGet();
                }
                return null;
            }));
        }
        running.add(threads.submit(() -> {
            start.await();
            for (int i = jobs / 2; i < jobs; i++) (i % 2 == 0 ? one : two).submit(newJob("doc_" + i));
            return null;
        }));
        for (Future<?> f : running) f.get(120, TimeUnit.SECONDS);
        threads.shutdown();

        assertEquals(jobs, handedOut.size(), "jobs handed out");
        assertEquals(Map.of(), Map.copyOf(handedOut.entrySet().stream().filter(e -> e.getValue().get() != 1)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))),
                "jobs handed out more than once");
        assertEquals(jobs, completed.get());
        assertEquals(List.of(), one.pending());
    }
}
