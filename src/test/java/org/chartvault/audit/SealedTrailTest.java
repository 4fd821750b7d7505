package org.chartvault.audit;

import org.chartvault.Json;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Seals, keys, trails written before keys existed, and checkpoints, on the real local-disk store. */
class SealedTrailTest {
    private static final Instant START = Instant.parse("2026-03-14T09:00:00Z");
    private static final String JSON = "application/json";

    @TempDir
    Path dir;
    ObjectStore store;
    MovableClock clock;
    ObjectStoreAuditChain chain;
    final AuditKey key = AuditKey.generate();

    @BeforeEach
    void setUp() throws IOException {
        store = new LocalDiskStore(dir);
        clock = new MovableClock(START);
        chain = new ObjectStoreAuditChain(store);
    }

    private AuditLog log(AuditKey... keys) {
        return AuditLog.inObjectStore(store, AuditKeys.of(keys), clock);
    }

    private void append(AuditLog log, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            log.append(AuditEvent.of("rclerk", List.of("roi"), "10.0.0.7", AuditActions.VIEW_DOCUMENT,
                    Target.document("doc_" + i)));
            clock.advance(Duration.ofMinutes(1));
        }
    }

    /** Entries as ChartVault wrote them before it had audit keys: hash-chained, numbered, no seal. */
    private void appendUnsealed(int count) throws IOException {
        ChainLink prev = chain.head().orElse(null);
        for (int i = 0; i < count; i++) {
            long seq = prev == null ? 1 : prev.seq() + 1;
            AuditEntry entry = AuditEntry.unsealed(seq, clock.instant(), AuditEvent.of("jsmith", List.of("roi"),
                    "10.0.0.1", AuditActions.SEARCH, Target.search("old " + seq)), prev == null ? AuditEntry.GENESIS : prev.hash());
            replace(entry);
            prev = chain.link(seq).orElseThrow();
            clock.advance(Duration.ofMinutes(1));
        }
    }

    /** Stores {@code entry} as entry {@code entry.seq()}, with its number record, and moves the head onto it. */
    private void replace(AuditEntry entry) throws IOException {
        ChainLink link = new ChainLink(entry.seq(), AuditLog.entryKey(entry.seq(), entry.time()), entry.hash(), entry);
        store.put(link.key(), Json.bytes(entry), JSON);
        store.put(ObjectStoreAuditChain.linkKey(entry.seq()), Json.bytes(link), JSON);
        if (chain.head().map(h -> h.seq() <= entry.seq()).orElse(true)) store.put(ObjectStoreAuditChain.HEAD, Json.bytes(link), JSON);
    }

    private AuditEntry stored(long seq) throws IOException {
        return chain.link(seq).orElseThrow().entry();
    }

    /** The same entry with another seal (or none) and the hash that goes with it, as a forger would write it. */
    private static AuditEntry withSeal(AuditEntry e, String prevHash, AuditEntry.Seal seal) {
        AuditEntry draft = new AuditEntry(e.seq(), e.time(), e.user(), e.roles(), e.action(), e.target(),
                e.clientAddress(), e.outcome(), e.details(), prevHash, e.hash(), seal);
        return new AuditEntry(e.seq(), e.time(), e.user(), e.roles(), e.action(), e.target(), e.clientAddress(),
                e.outcome(), e.details(), prevHash, draft.computeHash(), seal);
    }

    @Test
    void trailWrittenBeforeAuditKeysVerifiesAsLegacyUpToItsLastEntryAndTheKeyIsIntroducedByARotation() throws IOException {
        appendUnsealed(3);

        append(log(key), 2);

        Verification v = log(key).verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(6, v.entries());
        assertEquals(3L, v.legacyUpTo());
        assertTrue(v.note().contains("Entries 1 to 3"), v.note());
        AuditEntry rotation = stored(4);
        assertEquals(AuditActions.AUDIT_KEY_ROTATE, rotation.action());
        assertEquals(Map.of("from", "none", "to", key.id()), rotation.details());
        assertEquals(stored(3).hash(), rotation.seal().prevMac(), "the first seal covers the old trail as it was");
    }

    @Test
    void entryAsEarlierVersionsWroteItStillHashesTheSame() {
        // written, and its hash computed, by ChartVault before audit keys (commit 1eab12f)
        AuditEntry legacy = Json.read(("{\"seq\":7,\"time\":\"2025-03-14T22:40:00.123Z\",\"user\":\"rclerk\","
                + "\"roles\":[\"roi\",\"legal\"],\"action\":\"download-original\",\"target\":{\"type\":\"document\","
                + "\"id\":\"doc_psy\"},\"clientAddress\":\"10.0.0.7\",\"outcome\":\"success\",\"details\":{\"page\":\"2\"},"
                + "\"prevHash\":\"" + "ab".repeat(32) + "\","
                + "\"hash\":\"9adc26fe618a663fedb84e5612205b8093962ace4bbd51fd4422b22f345bba5f\"}").getBytes(), AuditEntry.class);

        assertNull(legacy.seal());
        assertEquals(legacy.hash(), legacy.computeHash());
        assertEquals(legacy.hash(), legacy.chainValue());
    }

    @Test
    void entryStrippedOfItsSealOnceTheTrailIsSealedIsReported() throws IOException {
        appendUnsealed(2);
        append(log(key), 2); // 3 introduces the key, 4 and 5 are sealed
        AuditEntry last = stored(5);

        replace(withSeal(last, last.prevHash(), null));

        Verification v = log(key).verify();
        assertFalse(v.valid());
        assertEquals(5L, v.firstProblem().seq());
        assertTrue(v.reason().contains("carries no seal, but the trail is sealed from entry 3 on"), v.reason());
    }

    @Test
    void trailRewrittenWithoutSealsIsCaughtByItsCheckpoint() throws IOException {
        AuditLog log = log(key);
        append(log, 5);
        assertEquals(5, log.checkpoint().orElseThrow().seq());

        // every seal stripped and every hash recomputed: it would pass for a trail older than audit keys
        String prevHash = AuditEntry.GENESIS;
        for (long seq = 1; seq <= 5; seq++) {
            AuditEntry unsealed = withSeal(stored(seq), prevHash, null);
            replace(unsealed);
            prevHash = unsealed.hash();
        }

        Verification v = log(key).verify();
        assertFalse(v.valid());
        assertEquals("checkpoint", v.firstProblem().kind());
        assertEquals(5L, v.firstProblem().seq());
        assertTrue(v.reason().contains("rewritten after the checkpoint"), v.reason());
    }

    @Test
    void keyChangeWithoutARecordedRotationIsReported() throws IOException {
        AuditKey other = AuditKey.generate();
        append(log(key), 3);
        AuditEntry three = stored(3);

        // a holder of the other key continues the trail as if nothing had changed
        replace(AuditEntry.sealed(4, clock.instant(), AuditEvent.of("rclerk", List.of("roi"), "10.0.0.7",
                AuditActions.VIEW_DOCUMENT, Target.document("doc_x")), three.hash(), three.chainValue(), other));

        Verification v = log(key, other).verify();
        assertFalse(v.valid());
        assertEquals(4L, v.firstProblem().seq());
        assertEquals(other.id(), v.firstProblem().key());
        assertTrue(v.reason().contains("no key rotation was recorded"), v.reason());
    }

    @Test
    void checkpointIsWrittenEveryNEntriesAndVouchesForTheTrail() throws IOException {
        AuditLog log = AuditLog.inObjectStore(store, AuditKeys.of(key), clock, 4, Duration.ofDays(1));

        append(log, 9);

        assertEquals(List.of(AuditCheckpoints.keyOf(4), AuditCheckpoints.keyOf(8)), store.list(AuditCheckpoints.PREFIX));
        Verification v = log.verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(2, v.checkpoints());
        assertEquals(8, v.latestCheckpoint().seq());
        assertNull(v.latestCheckpoint().lockedUntil(), "local disk cannot lock anything, and does not pretend to");
        assertEquals(log.checkpoints(1).getFirst().digest(), v.latestCheckpoint().digest());
        assertTrue(v.latestCheckpoint().digest().matches("[0-9a-f]{4}(-[0-9a-f]{4}){4}"), v.latestCheckpoint().digest());
    }

    @Test
    void checkpointOfATrailThatDidNotGrowIsTheOneAlreadyThere() throws IOException {
        AuditLog log = log(key);
        append(log, 2);
        Checkpoint first = log.checkpoint().orElseThrow();
        clock.advance(Duration.ofMinutes(10));

        assertEquals(first, log.checkpoint().orElseThrow());
        append(log, 1);
        assertEquals(3, log.checkpoint().orElseThrow().seq());
        assertEquals(2, store.list(AuditCheckpoints.PREFIX).size());
    }

    @Test
    void noCheckpointVouchesForANewestEntryThatDoesNotAuthenticate() throws IOException {
        append(log(key), 3);
        AuditEntry three = stored(3);
        // names the right key, but the MAC is made up: nobody without the key can make the right one
        replace(withSeal(three, three.prevHash(), new AuditEntry.Seal(key.id(), three.seal().prevMac(), "ab".repeat(32))));

        Optional<Checkpoint> checkpoint = log(key).checkpoint();

        assertTrue(checkpoint.isEmpty());
        assertEquals(List.of(), store.list(AuditCheckpoints.PREFIX));
    }

    @Test
    void checkpointCopiedOverAnotherOneIsReported() throws IOException {
        AuditLog log = AuditLog.inObjectStore(store, AuditKeys.of(key), clock, 2, Duration.ofDays(1));
        append(log, 4);

        // checkpoint 2 is genuine, but not the one for entry 4
        store.put(AuditCheckpoints.keyOf(4), store.getBytes(AuditCheckpoints.keyOf(2)), JSON);

        Verification v = log.verify();
        assertFalse(v.valid());
        assertEquals("checkpoint", v.firstProblem().kind());
        assertEquals(4L, v.firstProblem().seq());
        assertNotNull(v.firstProblem().key());
        assertTrue(v.reason().contains("moved or copied"), v.reason());
    }
}
