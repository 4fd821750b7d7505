package org.chartvault.db;

import org.chartvault.audit.AuditEvent;
import org.chartvault.audit.AuditKey;
import org.chartvault.audit.AuditKeys;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.ObjectStoreAuditChain;
import org.chartvault.audit.Target;
import org.chartvault.audit.Verification;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.FaultInjectingStore;
import org.chartvault.testing.FaultInjectingStore.Operation;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    /**
     * A node killed after PostgreSQL gave it its numbers but before it stored their entries leaves a hole in the one
     * chain, which the other nodes keep chaining past (the database's newest number is the end for them). The next
     * node to start stores the dead node's entries from their claims (they hold the sealed entries), whoever it is.
     */
    @Test
    void entriesANodeDiedBeforeStoringAreStoredByTheNextNodeToStart() throws Exception {
        AuditKeys keys = AuditKeys.of(AuditKey.generate());
        try (Database database = Database.open(Postgres.freshDatabase());
             LocalDiskStore store = new LocalDiskStore(dir.resolve("store"))) {
            AuditLog first = node(database, store, keys);
            first.completeInterruptedAppends();
            for (int i = 0; i < 3; i++) first.append(event("first-" + i));

            // the dying node: its numbers are claimed in the database, and then nothing of them reaches the store
            FaultInjectingStore dying = new FaultInjectingStore(store);
            dying.down(Operation.WRITES);
            AuditLog killed = node(database, dying, keys);
            assertThrows(IOException.class, () -> killed.append(event("never-stored")));

            for (int i = 0; i < 40; i++) first.append(event("after-" + i)); // chains on past the dead node's number
            Verification withHole = AuditLog.inObjectStore(store, keys, Clock.systemUTC()).verify();
            assertFalse(withHole.valid(), "the dead node's entry is missing until someone stores it: " + withHole);

            AuditLog starting = node(database, store, keys); // any node, starting later
            assertEquals(1, starting.completeInterruptedAppends(), "the dead node's one entry is stored");
            Verification verified = AuditLog.inObjectStore(store, keys, Clock.systemUTC()).verify();
            assertTrue(verified.valid(), verified.toString());
            assertEquals(3 + 1 + 40, verified.entries(), verified.toString());
            assertEquals(0, node(database, store, keys).completeInterruptedAppends(), "stored once");
        }
    }

    /** The same node, storage back: its next append stores the failed batch first, its number record included. */
    @Test
    void aBatchWhoseStoringFailedIsStoredWholeByTheSameNodesNextAppend() throws Exception {
        AuditKeys keys = AuditKeys.of(AuditKey.generate());
        try (Database database = Database.open(Postgres.freshDatabase());
             LocalDiskStore store = new LocalDiskStore(dir.resolve("store"))) {
            FaultInjectingStore flaky = new FaultInjectingStore(store);
            AuditLog node = node(database, flaky, keys);
            node.append(event("before"));
            flaky.down(Operation.WRITES);
            assertThrows(IOException.class, () -> node.append(event("while-storage-is-down")));
            flaky.heal();
            node.append(event("after"));
            Verification fromTheStoreAlone = AuditLog.inObjectStore(store, keys, Clock.systemUTC()).verify();
            assertTrue(fromTheStoreAlone.valid(), fromTheStoreAlone.toString());
            assertEquals(3, fromTheStoreAlone.entries(), fromTheStoreAlone.toString());
            assertEquals(0, node(database, store, keys).completeInterruptedAppends(), "nothing left for a start");
        }
    }

    private static AuditLog node(Database database, ObjectStore store, AuditKeys keys) throws IOException {
        return new AuditLog(store, new PostgresAuditChain(database, new ObjectStoreAuditChain(store)), keys,
                Clock.systemUTC(), AuditLog.DEFAULT_CHECKPOINT_EVERY, AuditLog.DEFAULT_CHECKPOINT_RETENTION);
    }

    private static AuditEvent event(String what) {
        return AuditEvent.of("tester", List.of("admin"), "127.0.0.1", "search", Target.search(what));
    }
}
