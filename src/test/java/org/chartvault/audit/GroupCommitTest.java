package org.chartvault.audit;

import org.chartvault.Json;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.ForwardingStore;
import org.chartvault.testing.FaultInjectingStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Appends that arrive together are written together (one claim, entries side by side), each answered only once its
 * own entry is stored, and the trail stays one chain that verifies, also when a batch's write fails or a crash cuts
 * it off.
 */
class GroupCommitTest {
    private static final Clock CLOCK = Clock.fixed(java.time.Instant.parse("2025-03-14T10:00:00Z"), java.time.ZoneOffset.UTC);

    @TempDir
    Path dir;
    final AuditKeys keys = AuditKeys.of(AuditKey.generate());

    private static AuditEvent event(String user, int i) {
        return AuditEvent.of(user, List.of("roi"), "10.0.0.1", AuditActions.SEARCH, Target.search(user + " " + i));
    }

    /** Every acknowledged entry is stored exactly as acknowledged, under its own number, and no number twice. */
    private static void assertStoredOnce(ObjectStore store, List<AuditEntry> acknowledged) throws IOException {
        Map<Long, String> stored = new HashMap<>();
        for (String key : store.list("audit/")) {
            AuditEntry entry = Json.read(store.getBytes(key), AuditEntry.class);
            assertEquals(null, stored.put(entry.seq(), entry.hash()), "number " + entry.seq() + " stored twice");
        }
        for (AuditEntry entry : acknowledged) {
            assertEquals(entry.hash(), stored.get(entry.seq()), "acknowledged entry " + entry.seq() + " is not stored as acknowledged");
        }
    }

    /** Waits until {@code count} appends queue behind the held claim; lets it go if they never do, so nothing hangs. */
    /** An append waiting at the held claim, and {@code queued} appends queued behind it as the next batch. */
    private record Queued(Future<AuditEntry> held, List<Future<AuditEntry>> batch) {
    }

    private static Queued queueBehindHeldClaim(AuditLog audit, GatedStore store, ExecutorService pool, int queued)
            throws Exception {
        Future<AuditEntry> held = pool.submit(() -> audit.append(event("held", 0)));
        store.claimReached.await(30, TimeUnit.SECONDS);
        List<Future<AuditEntry>> batch = new ArrayList<>();
        for (int i = 0; i < queued; i++) {
            int n = i;
            batch.add(pool.submit(() -> audit.append(event("batched", n))));
        }
        awaitQueued(audit, queued, store);
        return new Queued(held, batch);
    }

    private static void awaitQueued(AuditLog audit, int count, GatedStore store) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (audit.waitingForBatch() < count) {
            if (System.nanoTime() > deadline) {
                store.release();
                fail("only " + audit.waitingForBatch() + " of " + count + " appends queued behind the held claim");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void sixteenWritersRacingShareBatchesAndLeaveOneUnbrokenChainWithEveryAcknowledgedEntryOnce() throws Exception {
        // fsyncs a little slower than this machine's, so writers really arrive while a batch is being written
        LocalDiskStore.Fsync slowDisk = channel -> {
            channel.force(true);
            try {
                Thread.sleep(3);
            } catch (InterruptedException e) {
                throw new InterruptedIOException();
            }
        };
        int writers = 16, each = 25;
        try (LocalDiskStore store = new LocalDiskStore(dir, slowDisk)) {
            AuditLog audit = AuditLog.inObjectStore(store, keys, Clock.systemUTC());
            CyclicBarrier together = new CyclicBarrier(writers);
            List<Future<List<AuditEntry>>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
                for (int w = 0; w < writers; w++) {
                    String user = "user" + w;
                    results.add(pool.submit(() -> {
                        together.await();
                        List<AuditEntry> mine = new ArrayList<>();
                        for (int i = 0; i < each; i++) mine.add(audit.append(event(user, i)));
                        return mine;
                    }));
                }
            }
            List<AuditEntry> acknowledged = new ArrayList<>();
            for (Future<List<AuditEntry>> f : results) acknowledged.addAll(f.get());

            Verification v = audit.verify();
            assertTrue(v.valid(), v.reason());
            assertEquals(writers * each, v.entries());
            assertStoredOnce(store, acknowledged);
            // the appends did share claims: some number record names the numbers claimed with it
            long batches = 0;
            for (String key : store.list(ObjectStoreAuditChain.LINKS)) {
                if (key.equals(ObjectStoreAuditChain.HEAD)) continue;
                if (Json.read(store.getBytes(key), ChainLink.class).following() != null) batches++;
            }
            assertTrue(batches > 0, "every append was claimed alone: no group commit happened");
            // a restart finds the end of the trail from its (lagging) head and goes on from there
            AuditLog restarted = AuditLog.inObjectStore(store, keys, Clock.systemUTC());
            assertEquals(0, restarted.completeInterruptedAppends());
            assertEquals(writers * each + 1, restarted.append(event("after", 0)).seq());
            assertTrue(restarted.verify().valid());
        }
    }

    @Test
    void aBatchWhoseEntryWriteFailsFailsEveryCallerInItAndTheChainStillVerifies() throws Exception {
        FaultInjectingStore faults = new FaultInjectingStore(new LocalDiskStore(dir));
        GatedStore store = new GatedStore(faults);
        AuditLog audit = AuditLog.inObjectStore(store, keys, CLOCK);
        AuditEntry first = audit.append(event("before", 0));

        // hold the next claim so seven more appends queue behind it and form the following batch
        store.holdNextClaim();
        int queued = 7;
        try (ExecutorService pool = Executors.newFixedThreadPool(queued + 1)) {
            Queued queue = queueBehindHeldClaim(audit, store, pool, queued);
            Future<AuditEntry> held = queue.held();
            List<Future<AuditEntry>> batch = queue.batch();
            // entry 1 is written, 2 is held, 3 to 9 are the next batch: the write of entry 5 fails
            faults.failNextWrite(AuditLog.entryKey(5, CLOCK.instant()));
            store.release();

            AuditEntry heldEntry = held.get(30, TimeUnit.SECONDS);
            int failed = 0;
            for (Future<AuditEntry> f : batch) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    fail("an append of the batch whose write failed was acknowledged");
                } catch (java.util.concurrent.ExecutionException e) {
                    assertInstanceOf(IOException.class, e.getCause());
                    failed++;
                }
            }
            assertEquals(queued, failed);
            assertFalse(faults.writeFailurePending());

            // the failed batch's numbers were claimed: it is stored before the next entry, so nothing is missing
            AuditEntry after = audit.append(event("after", 0));
            assertEquals(1 + 1 + queued + 1, after.seq());
            Verification v = audit.verify();
            assertTrue(v.valid(), v.reason());
            assertEquals(after.seq(), v.entries());
            assertStoredOnce(store, List.of(first, heldEntry, after));
        }
    }

    @Test
    void aBatchCutOffAfterItsClaimIsCompletedAtTheNextStart() throws Exception {
        GatedStore store = new GatedStore(new LocalDiskStore(dir));
        AuditLog audit = AuditLog.inObjectStore(store, keys, Clock.systemUTC());
        for (int i = 0; i < 3; i++) audit.append(event("before", i));

        store.holdNextClaim();
        int queued = 5;
        try (ExecutorService pool = Executors.newFixedThreadPool(queued + 1)) {
            Queued queue = queueBehindHeldClaim(audit, store, pool, queued);
            Future<AuditEntry> held = queue.held();
            List<Future<AuditEntry>> batch = queue.batch();
            // entries 1-3 written, 4 held, 5-9 the next batch: the process "dies" right after that batch's claim, so
            // neither its entries nor its other number records reach storage
            store.cutFrom = 5;
            store.release();
            assertEquals(4, held.get(30, TimeUnit.SECONDS).seq());
            for (Future<AuditEntry> f : batch) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                    fail("acknowledged although its entry was never stored");
                } catch (java.util.concurrent.ExecutionException expected) {
                    // the batch failed
                }
            }
        }
        store.cutFrom = Long.MAX_VALUE;
        assertFalse(audit.verify().valid(), "the cut-off batch's entries are missing until completed");

        AuditLog restarted = AuditLog.inObjectStore(store, keys, Clock.systemUTC());
        assertEquals(queued, restarted.completeInterruptedAppends());
        AuditEntry next = restarted.append(event("after", 0));
        assertEquals(3 + 1 + queued + 1, next.seq());
        Verification v = restarted.verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(next.seq(), v.entries());
    }

    /**
     * The store underneath, with two switches: the next claim of an audit number waits until released (so appends
     * queue behind it), and from number {@code cutFrom} on only claims reach storage: every other write of an entry
     * or number record fails.
     */
    private static final class GatedStore extends ForwardingStore {
        private volatile CountDownLatch gate;
        private final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch claimReached = new CountDownLatch(1);
        volatile long cutFrom = Long.MAX_VALUE;

        private boolean cut(String key) {
            if (!key.startsWith("audit")) return false;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{12})\\.json$").matcher(key);
            return m.find() && Long.parseLong(m.group(1)) >= cutFrom;
        }

        GatedStore(ObjectStore real) {
            super(real);
        }

        void holdNextClaim() {
            gate = released;
        }

        void release() {
            released.countDown();
        }

        @Override
        public ObjectInfo put(String key, InputStream data, long length, String contentType) throws IOException {
            if (cut(key)) throw new IOException("the process stopped here");
            return real.put(key, data, length, contentType);
        }

        @Override
        public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType)
                throws IOException {
            if (key.startsWith(ObjectStoreAuditChain.LINKS)) {
                CountDownLatch g = gate;
                if (g != null) {
                    gate = null;
                    claimReached.countDown();
                    try {
                        g.await();
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                }
            } else if (cut(key)) {
                throw new IOException("the process stopped here");
            }
            return real.putIfAbsent(key, data, length, contentType);
        }

        @Override
        public String describe() {
            return "gated " + real.describe();
        }
    }
}
