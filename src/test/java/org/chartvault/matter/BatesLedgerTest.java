package org.chartvault.matter;

import org.chartvault.db.Database;
import org.chartvault.db.PostgresLocks;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.Locks;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The matter's Bates ledger, raced: in one process, and on two "nodes" (two ledgers, each with its own PostgreSQL
 * pool, over one store) as several ChartVault processes share it.
 */
class BatesLedgerTest {
    static Database database;

    @TempDir
    Path dir;

    @BeforeAll
    static void open() {
        database = Database.open(Postgres.freshDatabase());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void racingClaimsInOneProcessNeverOverlapAndLeaveNoGap() throws Exception {
        LocalDiskStore store = new LocalDiskStore(dir.resolve("store"));
        Locks locks = new InProcessLocks();
        BatesLedger ledger = new BatesLedger(store, locks, Clock.systemUTC());
        assertRaceIsClean(List.of(ledger, ledger));
    }

    @Test
    void racingClaimsOnTwoNodesSharingPostgresNeverOverlap() throws Exception {
        LocalDiskStore store = new LocalDiskStore(dir.resolve("store"));
        assertRaceIsClean(List.of(new BatesLedger(store, new PostgresLocks(database.dataSource()), Clock.systemUTC()),
                new BatesLedger(store, new PostgresLocks(database.dataSource()), Clock.systemUTC())));
    }

    @Test
    void anOwnerGetsItsRangeBackAndMattersAreNamedWithoutCaseOrSpacing() throws Exception {
        BatesLedger ledger = new BatesLedger(new LocalDiskStore(dir.resolve("store")), new InProcessLocks(), Clock.systemUTC());
        BatesRange first = ledger.claim("Roe v. Mercy", "exp_1", BatesRange.PRODUCTION, 5, 1, "lee");
        assertEquals(first, ledger.claim("  roe V.  mercy ", "exp_1", BatesRange.PRODUCTION, 5, 1, "lee"), "rebuilt after a crash");
        BatesRange longer = ledger.claim("Roe v. Mercy", "exp_1", BatesRange.PRODUCTION, 7, 1, "lee");
        assertEquals(6, longer.first(), "a longer claim gets new numbers; the old ones are never reused");
        assertEquals(1, ledger.claim("Another matter", "exp_2", BatesRange.PRODUCTION, 3, 1, "lee").first());
        assertEquals(13, ledger.next("ROE V. MERCY"));
        assertThrows(BatesTakenException.class, () -> ledger.requireFree("Roe v. Mercy", 12));
        assertEquals(100, ledger.claim("Roe v. Mercy", "rel_1", BatesRange.PACKET, 2, 100, "rita").first(),
                "a later first number leaves a gap, never a repeat");
    }

    /** 8 threads over the given ledgers claim 10 ranges each of 1 to 5 numbers in one matter, released together. */
    private static void assertRaceIsClean(List<BatesLedger> ledgers) throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<List<BatesRange>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            BatesLedger ledger = ledgers.get(t % ledgers.size());
            int thread = t;
            Callable<List<BatesRange>> claims = () -> {
                start.await();
                List<BatesRange> mine = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    mine.add(ledger.claim("Doe v. County", "exp_" + thread + "_" + i, BatesRange.PRODUCTION, 1 + (i % 5), 1, "t"));
                }
                return mine;
            };
            results.add(pool.submit(claims));
        }
        Set<Long> used = new HashSet<>();
        long total = 0;
        for (Future<List<BatesRange>> result : results) {
            for (BatesRange range : result.get(2, TimeUnit.MINUTES)) {
                total += range.count();
                for (long n = range.first(); n <= range.last(); n++) assertTrue(used.add(n), "number " + n + " handed out twice");
            }
        }
        pool.shutdown();
        assertEquals(total, used.size());
        assertEquals(total, used.stream().mapToLong(Long::longValue).max().orElseThrow(), "no gap without a crash");
        assertEquals(threads * 10, ledgers.get(0).ranges("Doe v. County").size(), "every claim is kept");
    }
}
