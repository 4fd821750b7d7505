package org.chartvault.retention;

import org.chartvault.db.Database;
import org.chartvault.db.PostgresLeases;
import org.chartvault.hold.ArchivedDocuments;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;
import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three nodes on one archive and one PostgreSQL each look at the purge schedule, at the same moment and again after a
 * node stops: one automatic run per interval, never one per node, and a node that takes over from a stopped one does
 * not repeat the run the other made.
 */
class PurgeScheduleOnSeveralNodesTest {
    private static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    private final Caller admin = new Caller("ada.admin", Set.of(Role.ADMIN), Caller.How.TOKEN, "127.0.0.1", "t2");

    @TempDir
    Path dir;
    private ArchivedDocuments archive;
    private Database database;
    private final List<RetentionScheduler> nodes = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        archive = new ArchivedDocuments(dir, NOW);
        archive.archive("A-1", LocalDate.of(1950, 4, 1), "PROGRESS NOTE", LocalDate.of(2010, 3, 1));
        database = Database.open(Postgres.freshDatabase());
        for (String node : List.of("node-a", "node-b", "node-c")) nodes.add(node(node));
        RetentionService retention = service();
        retention.updateRules(admin, new RetentionRules(new RetentionRule(null, 10, 18, 3), List.of(),
                new AutomaticPurge(true, 24), null, null));
    }

    @AfterEach
    void close() throws Exception {
        for (RetentionScheduler node : nodes) node.close();
        if (database != null) database.close();
        archive.close();
    }

    @Test
    void theAutomaticPurgeRunsOncePerIntervalHoweverManyNodesLook() throws Exception {
        lookAllAtOnce();
        lookAllAtOnce();
        assertEquals(1, automaticRuns(), "three nodes looking twice made one run");

        archive.clock.advance(Duration.ofHours(25));
        lookAllAtOnce();
        assertEquals(2, automaticRuns(), "the next interval made one more");

        // the node that purges stops; another takes its place and does not repeat what it did
        nodes.get(0).close();
        nodes.get(1).close();
        nodes.get(2).close();
        nodes.clear();
        nodes.add(node("node-d"));
        archive.clock.advance(Duration.ofHours(1));
        lookAllAtOnce();
        assertEquals(2, automaticRuns(), "not due yet: the run made by the stopped node counts");
        assertEquals(java.util.OptionalLong.empty(), new PostgresLeases(database).acquire(RetentionScheduler.LEASE,
                "node-x", Duration.ofMinutes(1)), "the new node holds the purge lease");
        archive.clock.advance(Duration.ofHours(24));
        lookAllAtOnce();
        assertEquals(3, automaticRuns());
    }

    private RetentionScheduler node(String name) {
        return new RetentionScheduler(service(), archive.clock, new PostgresLeases(database), name);
    }

    /** A node's own retention service over the shared archive. */
    private RetentionService service() {
        return new RetentionService(archive.store, archive.documents, archive.documentService, archive.holds,
                archive.audit, archive.clock);
    }

    private void lookAllAtOnce() throws Exception {
        CyclicBarrier together = new CyclicBarrier(nodes.size());
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> looks = new ArrayList<>();
            for (RetentionScheduler node : nodes) {
                looks.add(threads.submit(() -> {
                    together.await();
                    node.look();
                    return null;
                }));
            }
            for (Future<?> look : looks) look.get();
        } finally {
            threads.shutdownNow();
        }
    }

    private long automaticRuns() throws Exception {
        return service().runs().stream().filter(RetentionRun::automatic).count();
    }
}
