package org.chartvault.db;

import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.Locks;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every {@link Locks} promises, for the embedded one and the one in PostgreSQL alike, raced by threads. */
class LocksContractTest {
    static Database database;

    @BeforeAll
    static void open() {
        database = Database.open(Postgres.freshDatabase());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    static Stream<Locks> locks() {
        return Stream.of(new InProcessLocks(), new PostgresLocks(database.dataSource()),
                // a second node: its own pool on the same database
                new PostgresLocks(database.dataSource()));
    }

    @ParameterizedTest
    @MethodSource("locks")
    void onlyOneHolderAtATimeSoNoReadModifyWriteIsLost(Locks locks) throws Exception {
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            done.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < 25; i++) {
                    locks.withLock("document:doc_1", () -> {
                        if (inside.incrementAndGet() > 1) overlaps.incrementAndGet();
                        int read = counter[0];
                        Thread.onSpinWait();
                        counter[0] = read + 1;
                        inside.decrementAndGet();
                        return null;
                    });
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
        threads.shutdown();
        assertEquals(0, overlaps.get(), "two holders at once");
        assertEquals(200, counter[0], "an increment was lost");
    }

    @ParameterizedTest
    @MethodSource("locks")
    void aHolderCanTakeItsOwnLockAgain(Locks locks) throws Exception {
        String result = locks.withLock("document:doc_2", () -> locks.withLock("document:doc_2", () -> "inner"));
        assertEquals("inner", result);
        try (Locks.Held both = locks.hold(List.of("document:a", "document:b"))) {
            assertEquals("again", locks.withLock("document:a", () -> "again"));
        }
    }

    @ParameterizedTest
    @MethodSource("locks")
    void overlappingSetsTakenInOppositeOrdersNeverWaitOnEachOther(Locks locks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);
        Future<?> one = threads.submit(() -> {
            start.await();
            for (int i = 0; i < 50; i++) try (Locks.Held h = locks.hold(List.of("document:x", "document:y"))) { Thread.onSpinWait(); }
            return null;
        });
        Future<?> two = threads.submit(() -> {
            start.await();
            for (int i = 0; i < 50; i++) try (Locks.Held h = locks.hold(List.of("document:y", "document:x"))) { Thread.onSpinWait(); }
            return null;
        });
        one.get(60, TimeUnit.SECONDS);
        two.get(60, TimeUnit.SECONDS);
        threads.shutdown();
        assertTrue(one.isDone() && two.isDone());
        assertFalse(one.isCancelled());
    }
}
