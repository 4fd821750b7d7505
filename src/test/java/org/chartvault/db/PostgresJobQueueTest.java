package org.chartvault.db;

import org.chartvault.Config;
import org.chartvault.jobs.Job;
import org.chartvault.jobs.JobQueue;
import org.chartvault.jobs.JobQueueContract;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.jobs.StaleClaimException;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue in a real PostgreSQL, and what only a queue shared by several nodes must do: a node is a
 * {@link PostgresJobQueue} on its own connection pool, and nodes share one fresh database per test.
 */
class PostgresJobQueueTest extends JobQueueContract {
    /** Short, so that tests wait for leases to end; long enough that renewals a third of it apart never miss. */
    private static final Duration LEASE = Duration.ofSeconds(2);

    private Config.Database settings;
    private JobQueue nodeA;
    private JobQueue nodeB;

    @BeforeEach
    void freshDatabase() {
        settings = Postgres.freshDatabase();
    }

    private JobQueue node() {
        Database database = closeAfter(Database.open(settings));
        return closeAfter(new PostgresJobQueue(database, LEASE));
    }

    @Override
    protected JobQueue open() {
        nodeA = node();
        return nodeA;
    }

    @Override
    protected JobQueue anotherNode(JobQueue queue) {
        if (nodeB == null) nodeB = node();
        return queue == nodeB ? nodeA : nodeB;
    }

    @Override
    protected JobQueue afterACrash(JobQueue queue) {
        // A dead node renews nothing: closing stops this one's renewals and leaves its holds and claims to lapse,
        // as a crash would. The jobs are then another node's to run, with no restart of anything.
        queue.close();
        return node();
    }

    @Override
    protected Duration longerThanALease() {
        return LEASE.multipliedBy(2);
    }

    @Test
    void jobOfADeadNodeIsDueAgainWhenItsLeaseEnds() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        a.submit(newJob("doc_1"));
        Job first = handedOut(a, Duration.ofSeconds(5));
        // node A dies here: nobody renews its claim

        assertEquals(Optional.empty(), b.poll(Duration.ofMillis(500)), "taken over while its lease ran");
        long since = System.nanoTime();
        Job second = handedOut(b, LEASE.plusSeconds(5));

        assertEquals(first.jobId(), second.jobId());
        assertTrue(second.fencingToken() > first.fencingToken(), "the second claim's token did not grow");
        assertTrue(System.nanoTime() - since < LEASE.plusSeconds(2).toNanos(), "picked up long after the lease ended");
        b.complete(second);
        assertEquals(List.of(), b.pending());
    }

    @Test
    void stalledWorkersLateCompleteIsRefused() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        a.submit(newJob("doc_2"));
        Job stalled = handedOut(a, Duration.ofSeconds(5));
        Job current = handedOut(b, LEASE.plusSeconds(5));

        assertThrows(StaleClaimException.class, () -> a.complete(stalled));
        assertThrows(StaleClaimException.class, () -> a.retry(stalled, "late", Duration.ZERO));
        assertFalse(a.stillOwns(stalled), "a lapsed claim renewed after another node took the job");
        assertTrue(b.stillOwns(current), "the refused calls disturbed the newer claim");
        Job pending = b.pending().getFirst();
        assertEquals(List.of(current.jobId(), 0), List.of(pending.jobId(), pending.attempts()));

        b.complete(current);
        assertThrows(StaleClaimException.class, () -> a.complete(stalled), "refused after the newer claim finished too");
        assertEquals(List.of(), b.pending());
    }

    @Test
    void aLeaseRenewedInTimeIsNotTakenOver() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        a.submit(newJob("doc_3"));
        Job claimed = handedOut(a, Duration.ofSeconds(5));
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor();
        try {
            long every = LEASE.dividedBy(3).toMillis();
            renewals.scheduleAtFixedRate(() -> {
                try {
                    assertTrue(a.stillOwns(claimed));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, every, every, TimeUnit.MILLISECONDS);

            assertEquals(Optional.empty(), b.poll(LEASE.multipliedBy(2)), "taken over though its lease was renewed");
        } finally {
            renewals.shutdownNow();
        }
        a.complete(claimed);
    }

    @Test
    void aRunningJobsLeaseIsRenewedByItsWorker() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        a.submit(newJob("doc_4"));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        try (JobWorkers workers = new JobWorkers(a, Map.of(KIND, handler(started, finish, finished, new AtomicBoolean())), 1)) {
            workers.start();
            assertTrue(started.await(10, TimeUnit.SECONDS));

            assertEquals(Optional.empty(), b.poll(LEASE.multipliedBy(2)), "taken over while its worker was running it");
            finish.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!a.pending().isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
        }
        assertEquals(1, finished.get());
        assertEquals(List.of(), a.pending(), "the worker's completion was refused");
    }

    @Test
    void aWorkerThatLostItsJobToAnotherNodeDropsItsResult() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        a.submit(newJob("doc_5"));
        Stalling stallingA = new Stalling(a);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        AtomicBoolean gaveUp = new AtomicBoolean();
        Job taken;
        try (JobWorkers workers = new JobWorkers(stallingA, Map.of(KIND, handler(started, finish, finished, gaveUp)), 1)) {
            workers.start();
            assertTrue(started.await(10, TimeUnit.SECONDS));
            stallingA.stall(); // node A stops (SIGSTOP, a long GC pause) in the middle of the job

            taken = handedOut(b, LEASE.plusSeconds(5));
            stallingA.resume();
            finish.countDown();
        } // waits for A's worker to end its run

        assertEquals(0, finished.get(), "the stalled worker wrote its result after it lost the job");
        assertFalse(gaveUp.get(), "the stalled worker gave up a job that is not its own");
        assertTrue(b.stillOwns(taken), "node B's claim was disturbed");
        assertEquals(0, b.pending().getFirst().attempts(), "the stalled worker's retry was counted");
        b.complete(taken);
    }

    @Test
    void aJobTakenWhileItsRecorderStalledIsRevokedAndRunsAgainOnceReleased() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        Job job = newJob("doc_6");
        a.record(job);
        lapseHold(job); // A stalled between recording the job and writing its subject, past its hold
        Job early = handedOut(b, Duration.ofSeconds(5));

        a.release(job);
        assertThrows(StaleClaimException.class, () -> b.complete(early), "the claim made before the release stands");
        Job again = handedOut(b, Duration.ofSeconds(5));
        assertTrue(again.fencingToken() > early.fencingToken());
        b.complete(again);
    }

    @Test
    void aJobFinishedWhileItsRecorderStalledRunsAgainOnceReleased() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        Job job = newJob("doc_7");
        a.record(job);
        lapseHold(job);
        b.complete(handedOut(b, Duration.ofSeconds(5))); // found nothing to do: its subject was not written yet

        a.release(job);
        Job again = handedOut(b, Duration.ofSeconds(5));
        assertEquals(job.jobId(), again.jobId());
        b.complete(again);
    }

    @Test
    void anIdlePollerIsWokenAtOnceWhenAnotherNodeSubmitsAJob() throws Exception {
        JobQueue a = open();
        JobQueue b = anotherNode(a);
        assertEquals(Optional.empty(), b.poll(Duration.ofMillis(300))); // found nothing: now it waits without asking
        CompletableFuture<Long> pickedUp = CompletableFuture.supplyAsync(() -> {
            try {
                handedOut(b, Duration.ofSeconds(15));
                return System.nanoTime();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(500);
        long submitted = System.nanoTime();
        a.submit(newJob("doc_8"));

        long after = TimeUnit.NANOSECONDS.toMillis(pickedUp.get(20, TimeUnit.SECONDS) - submitted);
        assertTrue(after < PostgresJobQueue.RECHECK.toMillis() / 2, "picked up " + after + " ms after it was submitted");
    }

    /** Ends node A's hold on a recorded job as if A had stalled past it (its renewals do not revive a lapsed hold). */
    private void lapseHold(Job job) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password());
             PreparedStatement lapse = connection.prepareStatement(
                     "UPDATE jobs SET lease_until = now() - interval '1 second' WHERE job_id = ? AND NOT released")) {
            lapse.setString(1, job.jobId());
            assertEquals(1, lapse.executeUpdate());
        }
    }

    /** Starts, waits for {@code finish}, checks its claim, and only then counts itself finished. */
    private static JobWorkers.Handler handler(CountDownLatch started, CountDownLatch finish, AtomicInteger finished,
                                              AtomicBoolean gaveUp) {
        return new JobWorkers.Handler() {
            @Override
            public void run(Job job, JobWorkers.Claim claim) throws IOException, InterruptedException {
                started.countDown();
                assertTrue(finish.await(30, TimeUnit.SECONDS));
                claim.check();
                finished.incrementAndGet();
            }

            @Override
            public void givenUp(Job job, JobWorkers.Claim claim, Exception cause) {
                gaveUp.set(true);
            }
        };
    }

    /** A node's queue as its worker sees it while the node is stopped: its lease renewals wait until it resumes. */
    private static final class Stalling implements JobQueue {
        private final JobQueue node;
        private volatile CountDownLatch resumed = new CountDownLatch(0);

        Stalling(JobQueue node) {
            this.node = node;
        }

        void stall() {
            resumed = new CountDownLatch(1);
        }

        void resume() {
            resumed.countDown();
        }

        @Override
        public boolean stillOwns(Job job) throws IOException {
            try {
                resumed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            return node.stillOwns(job);
        }

        @Override
        public void record(Job job) throws IOException {
            node.record(job);
        }

        @Override
        public void release(Job job) {
            node.release(job);
        }

        @Override
        public Optional<Job> poll(Duration wait) throws InterruptedException {
            return node.poll(wait);
        }

        @Override
        public void complete(Job job) throws IOException {
            node.complete(job);
        }

        @Override
        public void completeRecorded(Job job) throws IOException {
            node.completeRecorded(job);
        }

        @Override
        public void retry(Job job, String error, Duration delay) throws IOException {
            node.retry(job, error, delay);
        }

        @Override
        public Optional<Duration> lease() {
            return node.lease();
        }

        @Override
        public List<Job> pending() {
            return node.pending();
        }

        @Override
        public void close() {
            node.close();
        }
    }
}
