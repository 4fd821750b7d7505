package org.chartvault.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What every {@link ObjectStore} adapter promises, checked the same way for each. A subclass supplies a fresh,
 * empty store per test and a way to damage stored bytes behind the store's back.
 */
abstract class ObjectStoreContract {
    /** Over one MinIO part (16 MiB) several times, so large objects go through a multipart upload. */
    private static final long LARGE = 40L * 1024 * 1024;
    /** Unknown length that crosses a part boundary, and so the in-memory spool limit. */
    private static final long LARGE_UNKNOWN = 20L * 1024 * 1024 + 123;

    protected ObjectStore store;

    /** A new, empty store. */
    protected abstract ObjectStore openStore() throws Exception;

    /** Changes one byte of what is stored under {@code key} without going through the store, as bit rot would. */
    protected abstract void corrupt(String key) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) store.close();
    }

    @Test
    void bytesComeBackAsStored() throws IOException {
        byte[] data = "MRN 00012345 — discharge summary, page 1".getBytes(StandardCharsets.UTF_8);

        ObjectInfo info = store.put("documents/doc_1/document.json", data, "application/json");

        assertArrayEquals(data, store.getBytes("documents/doc_1/document.json"));
        assertEquals("documents/doc_1/document.json", info.key());
        assertEquals(data.length, info.size());
        assertEquals(GeneratedContent.sha256Of(data), info.sha256());
        assertEquals("application/json", info.contentType());
    }

    @Test
    void emptyObjectIsStored() throws IOException {
        ObjectInfo info = store.put("empty", new byte[0], "text/plain");

        assertEquals(0, info.size());
        assertArrayEquals(new byte[0], store.getBytes("empty"));
        assertEquals(GeneratedContent.sha256Of(new byte[0]), store.stat("empty").orElseThrow().sha256());
    }

    @Test
    void largeObjectIsStreamedInAndOut() throws IOException {
        GeneratedContent sent = GeneratedContent.of(LARGE, 42);

        ObjectInfo info = store.put("originals/large", sent, LARGE, "application/pdf");

        assertEquals(LARGE, info.size());
        assertEquals(sent.digest(), info.sha256());
        try (InputStream in = store.get("originals/large")) {
            assertEquals(sent.digest(), GeneratedContent.sha256Of(in));
        }
    }

    @Test
    void objectOfUnknownLengthIsStoredWhole() throws IOException {
        GeneratedContent large = GeneratedContent.of(LARGE_UNKNOWN, 7);
        byte[] small = "a few bytes of unknown length".getBytes(StandardCharsets.UTF_8);

        ObjectInfo largeInfo = store.put("unknown/large", large, -1, "image/tiff");
        ObjectInfo smallInfo = store.put("unknown/small", new ByteArrayInputStream(small), -1, "text/plain");

        assertEquals(LARGE_UNKNOWN, largeInfo.size());
        assertEquals(LARGE_UNKNOWN, store.stat("unknown/large").orElseThrow().size());
        try (InputStream in = store.get("unknown/large")) {
            assertEquals(large.digest(), GeneratedContent.sha256Of(in));
        }
        assertEquals(small.length, smallInfo.size());
        assertArrayEquals(small, store.getBytes("unknown/small"));
    }

    @Test
    void brokenUploadLeavesThePreviousObjectUntouched() throws IOException {
        byte[] before = "version 1".getBytes(StandardCharsets.UTF_8);
        store.put("batches/b1.json", before, "application/json");

        InputStream failing = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 1000) return 'x';
                throw new IOException("scanner connection lost");
            }
        };
        assertThrows(IOException.class, () -> store.put("batches/b1.json", failing, -1, "application/json"));
        assertThrows(IOException.class,
                () -> store.put("batches/b1.json", GeneratedContent.shortOf(5000, 1), 5000, "application/json"));

        assertArrayEquals(before, store.getBytes("batches/b1.json"));
        assertEquals(List.of("batches/b1.json"), store.list(""));
    }

    @Test
    void overwriteReplacesTheObject() throws IOException {
        store.put("jobs/j1.json", "queued".getBytes(StandardCharsets.UTF_8), "application/json");

        ObjectInfo second = store.put("jobs/j1.json", "done".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertEquals("done", new String(store.getBytes("jobs/j1.json"), StandardCharsets.UTF_8));
        assertEquals(second.sha256(), store.stat("jobs/j1.json").orElseThrow().sha256());
        assertEquals("text/plain", store.stat("jobs/j1.json").orElseThrow().contentType());
        assertEquals(List.of("jobs/j1.json"), store.list("jobs/"));
    }

    @Test
    void missingObjectIsNotFound() throws IOException {
        assertThrows(ObjectNotFoundException.class, () -> store.get("documents/nobody/document.json"));
        assertEquals(Optional.empty(), store.stat("documents/nobody/document.json"));
        assertFalse(store.exists("documents/nobody/document.json"));
        assertThrows(ObjectNotFoundException.class, () -> store.isLegalHold("documents/nobody/document.json"));
        assertThrows(ObjectNotFoundException.class, () -> store.setLegalHold("documents/nobody/document.json", true));
    }

    @Test
    void statDescribesTheObject() throws IOException {
        Instant before = Instant.now().minus(Duration.ofMinutes(10));
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);

        store.put("documents/doc_2/pages/1.png", data, "image/png");
        ObjectInfo info = store.stat("documents/doc_2/pages/1.png").orElseThrow();

        assertEquals("documents/doc_2/pages/1.png", info.key());
        assertEquals(3000, info.size());
        assertEquals(GeneratedContent.sha256Of(data), info.sha256());
        assertEquals("image/png", info.contentType());
        assertTrue(info.lastModified().isAfter(before), "last modified " + info.lastModified());
        assertTrue(store.exists("documents/doc_2/pages/1.png"));
    }

    @Test
    void missingContentTypeIsStoredAsOctetStream() throws IOException {
        store.put("raw", new byte[] {1, 2, 3}, null);

        assertEquals("application/octet-stream", store.stat("raw").orElseThrow().contentType());
    }

    @Test
    void listGivesEveryKeyUnderThePrefixInOrder() throws IOException {
        for (String key : List.of("documents/b/document.json", "documents/a/pages/2.png", "documents/a/pages/10.png",
                "documents/a/document.json", "documents-old/x.json", "originals/ff", "audit/2026/01/02/0001.json")) {
            store.put(key, key.getBytes(StandardCharsets.UTF_8), "application/octet-stream");
        }

        assertEquals(List.of("documents/a/document.json", "documents/a/pages/10.png", "documents/a/pages/2.png",
                "documents/b/document.json"), store.list("documents/"));
        assertEquals(List.of("documents-old/x.json", "documents/a/document.json", "documents/a/pages/10.png",
                "documents/a/pages/2.png", "documents/b/document.json"), store.list("documents"));
        assertEquals(List.of("documents/a/pages/10.png"), store.list("documents/a/pages/1"));
        assertEquals(List.of("audit/2026/01/02/0001.json"), store.list("audit/2026/"));
        assertEquals(List.of(), store.list("nothing/"));
        assertEquals(7, store.list("").size());
        assertEquals("audit/2026/01/02/0001.json", store.list("").getFirst());
    }

    @Test
    void listFoldersGivesOneLevelBelowThePrefix() throws IOException {
        for (String key : List.of("documents/b/document.json", "documents/a/pages/1.png", "documents/a/document.json",
                "documents-old/x.json", "originals/ff", "top.json")) {
            store.put(key, new byte[] {1}, "application/octet-stream");
        }

        assertEquals(List.of("documents/a/", "documents/b/"), store.listFolders("documents/"));
        assertEquals(List.of("documents-old/", "documents/", "originals/"), store.listFolders(""));
        assertEquals(List.of("documents-old/", "documents/"), store.listFolders("doc"));
        assertEquals(List.of("documents/a/pages/"), store.listFolders("documents/a/"));
        assertEquals(List.of(), store.listFolders("documents/a/pages/"));
        assertEquals(List.of(), store.listFolders("nothing/"));
    }

    @Test
    void deleteRemovesTheObjectAndIsIdempotent() throws IOException {
        store.put("holds/h1.json", new byte[] {1}, "application/json");
        store.put("releases/r1/packet.pdf", new byte[] {2}, "application/pdf");

        store.delete("releases/r1/packet.pdf");
        store.delete("releases/r1/packet.pdf");
        store.delete("never/stored");

        assertThrows(ObjectNotFoundException.class, () -> store.get("releases/r1/packet.pdf"));
        assertEquals(Optional.empty(), store.stat("releases/r1/packet.pdf"));
        assertEquals(List.of("holds/h1.json"), store.list(""));
        assertEquals(List.of("holds/"), store.listFolders(""), "a folder whose last object went is gone too");
        assertEquals(List.of(), store.listFolders("releases/"));
    }

    @Test
    void putIfAbsentStoresOnlyTheFirst() throws IOException {
        byte[] first = "first upload".getBytes(StandardCharsets.UTF_8);
        byte[] second = "second upload".getBytes(StandardCharsets.UTF_8);

        Optional<ObjectInfo> stored = store.putIfAbsent("originals/abc", first, "application/pdf");
        Optional<ObjectInfo> again = store.putIfAbsent("originals/abc", second, "application/pdf");

        assertEquals(GeneratedContent.sha256Of(first), stored.orElseThrow().sha256());
        assertEquals(Optional.empty(), again);
        assertArrayEquals(first, store.getBytes("originals/abc"));
    }

    @Test
    void putIfAbsentOfALargeObjectIsConditionalToo() throws IOException {
        GeneratedContent first = GeneratedContent.of(LARGE_UNKNOWN, 3);
        assertTrue(store.putIfAbsent("originals/big", first, LARGE_UNKNOWN, "application/pdf").isPresent());

        assertEquals(Optional.empty(),
                store.putIfAbsent("originals/big", GeneratedContent.of(LARGE_UNKNOWN, 4), LARGE_UNKNOWN, "x/y"));

        try (InputStream in = store.get("originals/big")) {
            assertEquals(first.digest(), GeneratedContent.sha256Of(in));
        }
    }

    @Test
    void writerThatWinsDuringOurUploadKeepsItsObject() throws IOException {
        otherWriterWinsDuringAnUploadOf(100_000);
    }

    @Test
    void writerThatWinsDuringOurLargeUploadKeepsItsObject() throws IOException {
        otherWriterWinsDuringAnUploadOf(LARGE_UNKNOWN);
    }

    /**
     * Races for one key are decided by the store only where it says so; elsewhere ChartVault takes those claims
     * through PostgreSQL, and the store cannot be held to it.
     */
    private void assumeTheStoreDecidesRacingCreators() {
        assumeTrue(store.supportsCreateIfAbsent(), () -> store.describe() + " does not decide racing creators of "
                + "one key itself (supportsCreateIfAbsent is false); ChartVault takes its claims through PostgreSQL");
    }

    /** Our putIfAbsent finds no object, then another writer stores one while our bytes are still coming in. */
    private void otherWriterWinsDuringAnUploadOf(long size) throws IOException {
        assumeTheStoreDecidesRacingCreators();
        byte[] theirs = "stored first by another writer".getBytes(StandardCharsets.UTF_8);
        InputStream ours = midway(GeneratedContent.of(size, 5),
                () -> store.put("originals/contested", theirs, "application/pdf"));

        Optional<ObjectInfo> result = store.putIfAbsent("originals/contested", ours, -1, "application/pdf");

        assertEquals(Optional.empty(), result);
        assertArrayEquals(theirs, store.getBytes("originals/contested"));
    }

    @Test
    void holdPlacedDuringAnOverwriteStopsIt() throws IOException {
        byte[] held = "document as it was when the hold came".getBytes(StandardCharsets.UTF_8);
        store.put("documents/doc_5/document.json", held, "application/json");
        InputStream correction = midway(GeneratedContent.of(100_000, 8),
                () -> store.setLegalHold("documents/doc_5/document.json", true));

        assertThrows(ObjectLockedException.class,
                () -> store.put("documents/doc_5/document.json", correction, -1, "application/json"));

        assertArrayEquals(held, store.getBytes("documents/doc_5/document.json"));
        assertTrue(store.isLegalHold("documents/doc_5/document.json"));
        assertEquals(List.of("documents/doc_5/document.json"), store.list("documents/"));
    }

    private interface Action {
        void run() throws IOException;
    }

    /** Passes {@code data} through, running {@code meanwhile} once half way: another actor racing this upload. */
    private static InputStream midway(GeneratedContent data, Action meanwhile) {
        return new InputStream() {
            private long read;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (!done && read >= data.size() / 2) {
                    done = true;
                    meanwhile.run();
                }
                int n = data.read(buffer, offset, length);
                if (n > 0) read += n;
                return n;
            }
        };
    }

    @Test
    void racingPutIfAbsentHasExactlyOneWinner() throws Exception {
        assumeTheStoreDecidesRacingCreators();
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 5; round++) {
                String key = "sequence/" + round;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Optional<ObjectInfo>>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    byte[] content = ("writer " + w + " round " + round).getBytes(StandardCharsets.UTF_8);
                    results.add(pool.submit(() -> {
                        start.await();
                        return store.putIfAbsent(key, content, "text/plain");
                    }));
                }
                start.countDown();
                List<ObjectInfo> winners = new ArrayList<>();
                for (Future<Optional<ObjectInfo>> result : results) result.get().ifPresent(winners::add);

                assertEquals(1, winners.size(), "round " + round + " winners: " + winners);
                assertEquals(winners.getFirst().sha256(), GeneratedContent.sha256Of(store.getBytes(key)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void legalHoldBlocksReplaceAndDeleteUntilLifted() throws IOException {
        byte[] original = "chart under litigation".getBytes(StandardCharsets.UTF_8);
        store.put("documents/doc_3/document.json", original, "application/json");
        assertFalse(store.isLegalHold("documents/doc_3/document.json"));

        store.setLegalHold("documents/doc_3/document.json", true);

        assertTrue(store.isLegalHold("documents/doc_3/document.json"));
        assertThrows(ObjectLockedException.class,
                () -> store.put("documents/doc_3/document.json", new byte[] {1}, "application/json"));
        assertThrows(ObjectLockedException.class, () -> store.delete("documents/doc_3/document.json"));
        assertEquals(Optional.empty(), store.putIfAbsent("documents/doc_3/document.json", new byte[] {2}, "x/y"));
        assertArrayEquals(original, store.getBytes("documents/doc_3/document.json"));

        store.setLegalHold("documents/doc_3/document.json", false);

        assertFalse(store.isLegalHold("documents/doc_3/document.json"));
        store.put("documents/doc_3/document.json", new byte[] {3}, "application/json");
        assertArrayEquals(new byte[] {3}, store.getBytes("documents/doc_3/document.json"));
        store.delete("documents/doc_3/document.json");
        assertFalse(store.exists("documents/doc_3/document.json"));
    }

    @Test
    void holdingTwiceAndLiftingTwiceIsHarmless() throws IOException {
        store.put("held", new byte[] {1}, "text/plain");

        store.setLegalHold("held", true);
        store.setLegalHold("held", true);
        assertTrue(store.isLegalHold("held"));
        store.setLegalHold("held", false);
        store.setLegalHold("held", false);

        assertFalse(store.isLegalHold("held"));
    }

    @Test
    void damagedContentFailsTheRead() throws Exception {
        GeneratedContent content = GeneratedContent.of(100_000, 11);
        store.put("originals/damaged", content, 100_000, "application/pdf");

        corrupt("originals/damaged");

        try (InputStream in = store.get("originals/damaged")) {
            assertThrows(IntegrityException.class, () -> GeneratedContent.sha256Of(in));
        }
        assertThrows(IntegrityException.class, () -> store.getBytes("originals/damaged"));
    }

    @Test
    void keysWithSpecialCharactersRoundTrip() throws IOException {
        List<String> keys = List.of(
                "notes/with space.txt", "notes/plus+and=equals.txt", "notes/percent%20literal.txt",
                "notes/hash#and?question.txt", "notes/amp&semi;colon:.txt", "notes/accent-é.txt",
                "notes/日本語.txt", "notes/sort-😀.txt", "notes/sort-\uFFFD.txt", "notes/quote'\"back`.txt",
                "notes/brackets[1]{2}(3)<4>.txt", "notes/.hidden", "notes/~tilde", "notes/star*pipe|.txt",
                "notes/%2E%2E", "notes/.hidden.hold", "notes/x.0123456789abcdef.tmp");
        for (String key : keys) store.put(key, key.getBytes(StandardCharsets.UTF_8), "text/plain");

        for (String key : keys) {
            assertEquals(key, new String(store.getBytes(key), StandardCharsets.UTF_8));
            assertEquals(key, store.stat(key).orElseThrow().key());
        }
        List<String> expected = new ArrayList<>(keys);
        expected.sort(Keys.ORDER);
        assertEquals(expected, store.list("notes/"));
        assertTrue(store.list("notes/").indexOf("notes/sort-\uFFFD.txt")
                < store.list("notes/").indexOf("notes/sort-😀.txt"), "UTF-8 byte order, as S3 lists");
    }

    @Test
    void keysThatCouldEscapeOrConfuseAreRefused() {
        List<String> refused = List.of("", "/absolute", "a//b", "a/../b", "..", ".", "a/./b", "a/..", "../a",
                "a\\b", "a\u0000b", "line\nbreak", "trailing/", "tab\there", "x".repeat(1025));
        for (String key : refused) {
            assertThrows(IllegalArgumentException.class, () -> store.put(key, new byte[] {1}, "text/plain"),
                    "put " + Keys.printable(key));
            assertThrows(IllegalArgumentException.class, () -> store.get(key), "get " + Keys.printable(key));
            assertThrows(IllegalArgumentException.class, () -> store.delete(key), "delete " + Keys.printable(key));
            assertThrows(IllegalArgumentException.class, () -> store.setLegalHold(key, true), "hold " + key);
        }
        for (String prefix : List.of("/x", "../", "a/../", "a//", "a\\b/")) {
            assertThrows(IllegalArgumentException.class, () -> store.list(prefix), "list " + prefix);
            assertThrows(IllegalArgumentException.class, () -> store.listFolders(prefix), "folders " + prefix);
        }
    }
}
