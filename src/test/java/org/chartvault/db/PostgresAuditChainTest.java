package org.chartvault.db;

import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.AuditKey;
import org.chartvault.audit.AuditKeys;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.ObjectStoreAuditChain;
import org.chartvault.audit.Target;
import org.chartvault.audit.Verification;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes numbering one audit trail through PostgreSQL, its records in one store: one chain that verifies. */
class PostgresAuditChainTest {
    @TempDir
    Path dir;

    @Test
    void twoNodesAppendingAtOnceWriteOneChainThatVerifiesFromTheStoreAlone() throws Exception {
        AuditKeys keys = AuditKeys.of(AuditKey.generate());
        try (Database database = Database.open(Postgres.freshDatabase());
             LocalDiskStore store = new LocalDiskStore(dir.resolve("store"))) {
            // a trail written before the database was configured: its numbers must not be handed out again
            AuditLog before = AuditLog.inObjectStore(store, keys, Clock.systemUTC());
            for (int i = 0; i < 5; i++) before.append(event("before-" + i));

            List<AuditLog> nodes = List.of(
                    new AuditLog(store, new PostgresAuditChain(database, new ObjectStoreAuditChain(store)), keys,
                            Clock.systemUTC(), AuditLog.DEFAULT_CHECKPOINT_EVERY, AuditLog.DEFAULT_CHECKPOINT_RETENTION),
                    new AuditLog(store, new PostgresAuditChain(database, new ObjectStoreAuditChain(store)), keys,
                            Clock.systemUTC(), AuditLog.DEFAULT_CHECKPOINT_EVERY, AuditLog.DEFAULT_CHECKPOINT_RETENTION));
            ExecutorService threads = Executors.newFixedThreadPool(8);
            CyclicBarrier together = new CyclicBarrier(8);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                AuditLog node = nodes.get(t % 2);
                int thread = t;
                done.add(threads.submit(() -> {
                    together.await();
                    for (int i = 0; i < 20; i++) node.append(event("node-" + thread + "-" + i));
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(2, TimeUnit.MINUTES);
            threads.shutdown();

            Verification verified = AuditLog.inObjectStore(store, keys, Clock.systemUTC()).verify();
            assertTrue(verified.valid(), verified.toString());
            assertTrue(verified.entries() >= 5 + 160, "every entry is in the one chain: " + verified);
        }
    }

    private static AuditEvent event(String what) {
        return AuditEvent.of("tester", List.of("admin"), "127.0.0.1", "search", Target.search(what));
    }
}
