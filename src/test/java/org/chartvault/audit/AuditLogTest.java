package org.chartvault.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.chartvault.Json;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.ObjectInfo;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.ForwardingStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditLogTest {
    private static final Instant START = Instant.parse("2025-03-14T22:00:00Z");

    @TempDir
    Path dir;
    ObjectStore store;
    MovableClock clock;
    final AuditKeys keys = AuditKeys.of(AuditKey.generate());
    AuditLog audit;

    @BeforeEach
    void setUp() throws java.io.IOException {
        store = new LocalDiskStore(dir);
        clock = new MovableClock(START);
        audit = AuditLog.inObjectStore(store, keys, clock);
    }

    /** Ten entries, twenty minutes apart, so the trail crosses midnight into a second day folder. */
    private List<AuditEntry> appendTen() throws IOException {
        List<AuditEntry> written = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            AuditEvent event = AuditEvent.of(i % 2 == 0 ? "rclerk" : "jsmith", List.of("roi"), "10.0.0." + i,
                    i % 3 == 0 ? AuditActions.SEARCH : AuditActions.VIEW_DOCUMENT,
                    i % 3 == 0 ? Target.search("diabetes " + i) : Target.document("doc_" + i));
            written.add(audit.append(event.with("page", i)));
            clock.advance(Duration.ofMinutes(20));
        }
        return written;
    }

    private String keyOf(long seq) throws IOException {
        String suffix = String.format("/%012d.json", seq);
        return store.list("audit/").stream().filter(k -> k.endsWith(suffix)).findFirst().orElseThrow();
    }

    private void assertBrokenAt(long seq, String reasonMentions) throws IOException {
        Verification v = audit.verify();
        assertFalse(v.valid(), "tampering went unnoticed");
        assertEquals(seq, v.firstBrokenSeq(), v.reason());
        assertTrue(v.reason().contains(reasonMentions), v.reason());
        assertEquals(store.list("audit/").size(), v.entries());
    }

    @Test
    void appendedEntriesFormOneValidChainAcrossDays() throws IOException {
        List<AuditEntry> written = appendTen();

        Verification v = audit.verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(10, v.entries());
        assertEquals(AuditEntry.GENESIS, written.getFirst().prevHash());
        assertEquals(AuditEntry.GENESIS, written.getFirst().seal().prevMac());
        for (int i = 1; i < written.size(); i++) {
            assertEquals(i + 1, written.get(i).seq());
            assertEquals(written.get(i - 1).hash(), written.get(i).prevHash());
            assertEquals(written.get(i - 1).seal().mac(), written.get(i).seal().prevMac());
            assertEquals(keys.signing().id(), written.get(i).seal().key());
        }
        assertTrue(store.exists("audit/2025/03/14/000000000001.json"));
        assertTrue(store.exists("audit/2025/03/15/000000000010.json"));
    }

    @Test
    void aVeryLongSearchIsKeptShortenedAndStillVerifies() throws IOException {
        AuditEntry entry = audit.append(AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.SEARCH,
                Target.search("insulin ".repeat(1000))));

        assertEquals(Target.MAX_ID_LENGTH, entry.target().id().length());
        assertTrue(entry.target().id().endsWith("…"));
        assertTrue(audit.verify().valid());
    }

    @Test
    void emptyTrailIsValid() throws IOException {
        Verification v = audit.verify();
        assertTrue(v.valid());
        assertEquals(0, v.entries());
        assertEquals(null, v.firstProblem());
        assertEquals(null, v.legacyUpTo());
    }

    @Test
    void aSecondNodeOnTheSameStoreContinuesTheSameChain() throws IOException {
        appendTen();
        AuditLog otherNode = AuditLog.inObjectStore(store, keys, clock);
        AuditEntry next = otherNode.append(AuditEvent.of("admin", List.of("admin"), "10.0.0.99",
                AuditActions.AUDIT_VERIFY, null));
        assertEquals(11, next.seq());
        // the first node's cached head is now stale: its next append must still chain correctly
        AuditEntry after = audit.append(AuditEvent.of("admin", List.of("admin"), "10.0.0.99",
                AuditActions.AUDIT_VIEW, null));
        assertEquals(12, after.seq());
        assertEquals(next.hash(), after.prevHash());
        assertTrue(audit.verify().valid());
    }

    @Test
    void editedFieldOfOneEntryIsReported() throws IOException {
        appendTen();
        String key = keyOf(4);
        ObjectNode node = (ObjectNode) Json.mapper().readTree(store.getBytes(key));
        node.put("user", "somebody-else");
        store.put(key, Json.mapper().writeValueAsBytes(node), "application/json");

        assertBrokenAt(4, "changed after it was written");
    }

    @Test
    void editedEntryWithRecomputedHashIsReported() throws IOException {
        appendTen();
        String key = keyOf(6);
        AuditEntry original = Json.read(store.getBytes(key), AuditEntry.class);
        AuditEntry altered = new AuditEntry(6, original.time(), original.user(), original.roles(), original.action(),
                Target.document("doc_other"), original.clientAddress(), original.outcome(), original.details(),
                original.prevHash(), original.hash(), original.seal());
        AuditEntry forged = new AuditEntry(6, original.time(), original.user(), original.roles(), original.action(),
                Target.document("doc_other"), original.clientAddress(), original.outcome(), original.details(),
                original.prevHash(), altered.computeHash(), original.seal());
        store.put(key, Json.bytes(forged), "application/json");

        assertBrokenAt(6, "replaced");
    }

    @Test
    void addedFieldInAStoredEntryIsReported() throws IOException {
        appendTen();
        String key = keyOf(3);
        ObjectNode node = (ObjectNode) Json.mapper().readTree(store.getBytes(key));
        node.put("note", "reviewed, nothing to see");
        store.put(key, Json.mapper().writeValueAsBytes(node), "application/json");

        assertBrokenAt(3, "\"note\"");
    }

    @Test
    void removedMiddleEntryIsReported() throws IOException {
        appendTen();
        store.delete(keyOf(5));

        assertBrokenAt(5, "missing");
    }

    @Test
    void appendInterruptedBetweenNumberAndEntryIsCompletedAtNextStart() throws IOException {
        appendTen();
        // a crash right after entry 10's number was claimed: its entry never reached storage, the head lags
        String lost = keyOf(10);
        store.delete(lost);
        AuditEntry nine = Json.read(store.getBytes(keyOf(9)), AuditEntry.class);
        store.put(ObjectStoreAuditChain.HEAD, Json.bytes(new ChainLink(9, keyOf(9), nine.hash(), nine)), "application/json");

        AuditLog restarted = AuditLog.inObjectStore(store, keys, clock);
        assertEquals(1, restarted.completeInterruptedAppends());
        assertTrue(store.exists(lost));
        restarted.append(AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.SEARCH, Target.search("after")));
        Verification v = restarted.verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(11, v.entries());
    }

    @Test
    void removedLastEntryIsReported() throws IOException {
        appendTen();
        store.delete(keyOf(10));

        assertBrokenAt(10, "missing");
    }

    @Test
    void removedLastEntryIsReportedEvenWhenTheHeadIsMovedBack() throws IOException {
        List<AuditEntry> written = appendTen();
        store.delete(keyOf(10));
        AuditEntry nine = written.get(8);
        store.put(ObjectStoreAuditChain.HEAD, Json.bytes(new ChainLink(9, keyOf(9), nine.hash(), nine)), "application/json");

        assertBrokenAt(10, "missing");
    }

    @Test
    void swappedEntriesAreReported() throws IOException {
        appendTen();
        String four = keyOf(4), five = keyOf(5);
        byte[] fourBytes = store.getBytes(four), fiveBytes = store.getBytes(five);
        store.put(four, fiveBytes, "application/json");
        store.put(five, fourBytes, "application/json");

        assertBrokenAt(4, "swapped");
    }

    @Test
    void forgedEntryAppendedAtTheEndIsReported() throws IOException {
        List<AuditEntry> written = appendTen();
        // a careful forger: correct number, correct prevHash, correct hash, filed under the right day, sealed
        // with a key of their own
        AuditEntry forged = AuditEntry.sealed(11, clock.instant(),
                AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.LOGOUT, Target.user("jsmith")),
                written.getLast().hash(), written.getLast().chainValue(), AuditKey.generate());
        store.put(AuditLog.entryKey(11, forged.time()), Json.bytes(forged), "application/json");

        assertBrokenAt(11, "inserted");
    }

    @Test
    void forgedEntryInsertedUnderAnExistingNumberIsReported() throws IOException {
        List<AuditEntry> written = appendTen();
        AuditEntry forged = AuditEntry.sealed(3, START.minus(Duration.ofDays(1)),
                AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.LOGIN, Target.user("jsmith")),
                written.get(1).hash(), written.get(1).chainValue(), AuditKey.generate());
        store.put(AuditLog.entryKey(3, forged.time()), Json.bytes(forged), "application/json");

        assertBrokenAt(3, "inserted");
    }

    @Test
    void concurrentAppendsFromSeveralThreadsAndTwoNodesStayOneValidChain() throws Exception {
        AuditLog secondNode = AuditLog.inObjectStore(store, keys, clock);
        int threads = 6, perThread = 40;
        List<Callable<List<Long>>> jobs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            AuditLog node = t % 2 == 0 ? audit : secondNode;
            String user = "user" + t;
            jobs.add(() -> {
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    seqs.add(node.append(AuditEvent.of(user, List.of("scanner"), "10.1.1.1", AuditActions.UPLOAD,
                            Target.batch("bat_" + i))).seq());
                }
                return seqs;
            });
        }
        Set<Long> seen = new HashSet<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (Future<List<Long>> f : pool.invokeAll(jobs)) {
                for (long seq : f.get()) assertTrue(seen.add(seq), "number " + seq + " handed out twice");
            }
        }
        Verification v = audit.verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(threads * perThread, v.entries());
        assertEquals(threads * perThread, seen.size());
    }

    @Test
    void queryReturnsNewestFirstAndFiltersByUserDocumentActionAndTime() throws IOException {
        appendTen();

        List<AuditEntry> all = audit.query(AuditQuery.all()).entries();
        assertEquals(List.of(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L), all.stream().map(AuditEntry::seq).toList());

        assertEquals(List.of(10L, 8L, 4L, 2L), seqs(new AuditQuery(null, null, "rclerk", null, AuditActions.VIEW_DOCUMENT, 0, 100)));
        assertEquals(List.of(7L), seqs(new AuditQuery(null, null, null, "doc_7", null, 0, 100)));
        assertEquals(List.of(9L, 6L, 3L), seqs(new AuditQuery(null, null, null, null, AuditActions.SEARCH, 0, 100)));
        // entry n is at START + 20 min * (n - 1): [START + 40 min, START + 100 min) holds entries 3 to 5
        assertEquals(List.of(5L, 4L, 3L), seqs(new AuditQuery(START.plus(Duration.ofMinutes(40)),
                START.plus(Duration.ofMinutes(100)), null, null, null, 0, 100)));
    }

    @Test
    void queryPagesWithOffsetAndLimit() throws IOException {
        appendTen();
        AuditPage first = audit.query(new AuditQuery(null, null, null, null, null, 0, 4));
        AuditPage last = audit.query(new AuditQuery(null, null, null, null, null, 8, 4));
        assertEquals(List.of(10L, 9L, 8L, 7L), first.entries().stream().map(AuditEntry::seq).toList());
        assertTrue(first.more());
        assertEquals(List.of(2L, 1L), last.entries().stream().map(AuditEntry::seq).toList());
        assertFalse(last.more());
    }

    @Test
    void csvExportNeutralisesFormulasTypedIntoSearches() throws IOException {
        audit.append(AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.SEARCH,
                Target.search("=HYPERLINK(\"http://evil\",\"x\")")));
        StringWriter csv = new StringWriter();

        long rows = audit.exportCsv(AuditQuery.all(), csv);

        assertEquals(1, rows);
        String[] lines = csv.toString().split("\r\n");
        assertEquals(String.join(",", AuditCsv.HEADER), lines[0]);
        assertTrue(lines[1].contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\","), lines[1]);
    }

    @Test
    void anEntryWhoseWriteFailedIsStoredBeforeTheNextOneSoTheChainHasNoHole() throws IOException {
        FailingEntryWrites flaky = new FailingEntryWrites(store);
        AuditLog log = AuditLog.inObjectStore(flaky, keys, clock);
        log.append(AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.SEARCH, Target.search("one")));
        flaky.failNext = true;
        assertThrows(IOException.class, () -> log.append(
                AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.SEARCH, Target.search("two"))));

        AuditEntry third = log.append(AuditEvent.of("jsmith", List.of("roi"), "10.0.0.1", AuditActions.SEARCH, Target.search("three")));

        assertEquals(3, third.seq());
        Verification v = log.verify();
        assertTrue(v.valid(), v.reason());
        assertEquals(3, v.entries());
        assertEquals("two", log.query(new AuditQuery(null, null, null, null, null, 1, 1)).entries().getFirst().target().id());
    }

    /** The real store, except that entry writes fail when asked to: a disk that is briefly full. */
    private static final class FailingEntryWrites extends ForwardingStore {
        boolean failNext;

        FailingEntryWrites(ObjectStore real) {
            super(real);
        }

        @Override
        public Optional<ObjectInfo> putIfAbsent(String key, InputStream data, long length, String contentType) throws IOException {
            if (failNext && key.startsWith("audit/")) {
                failNext = false;
                throw new IOException("no space left on device");
            }
            return real.putIfAbsent(key, data, length, contentType);
        }

        @Override
        public String describe() {
            return "failing " + real.describe();
        }

        @Override
        public void close() {
        }
    }

    private List<Long> seqs(AuditQuery query) throws IOException {
        return audit.query(query).entries().stream().map(AuditEntry::seq).toList();
    }
}
