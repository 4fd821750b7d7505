package org.chartvault.db;

import org.chartvault.testing.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leader-only work: one holder at a time, taken over when the holder stops renewing, with a growing fencing token. */
class PostgresLeasesTest {
    static Database database;

    @BeforeAll
    static void open() {
        database = Database.open(Postgres.freshDatabase());
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void oneNodeHoldsALeaseUntilItRunsOutThenAnotherTakesOverWithANewToken() throws Exception {
        PostgresLeases nodeA = new PostgresLeases(database);
        PostgresLeases nodeB = new PostgresLeases(database);
        OptionalLong a = nodeA.acquire("retention-purge", "node-a", Duration.ofMillis(800));
        assertTrue(a.isPresent());
        assertTrue(nodeB.acquire("retention-purge", "node-b", Duration.ofMillis(800)).isEmpty(), "node A holds it");
        assertEquals(a, nodeA.acquire("retention-purge", "node-a", Duration.ofMillis(800)), "renewing keeps the token");
        Thread.sleep(1200); // node A stopped renewing (killed, stalled)
        OptionalLong b = nodeB.acquire("retention-purge", "node-b", Duration.ofSeconds(30));
        assertTrue(b.isPresent(), "taken over once it ran out");
        assertTrue(b.getAsLong() > a.getAsLong(), "work under the old token can be told apart");
        assertTrue(nodeA.acquire("retention-purge", "node-a", Duration.ofSeconds(30)).isEmpty(), "A cannot take it back");
        nodeB.release("retention-purge", "node-b");
        assertTrue(nodeA.acquire("retention-purge", "node-a", Duration.ofSeconds(30)).isPresent(), "given up at a clean stop");
    }
}
