package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.chartvault.document.StoredLayout;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.FaultInjectingStore;
import org.chartvault.testing.FaultInjectingStore.Operation;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/**
 * The real service over the real local-disk store, with storage failing on command (down, stalled, full, one write
 * lost, reads broken off): an upload storage cannot take is answered with a clear 503 and leaves nothing
 * half-written; processing that storage interrupts is kept, retried, and finished once storage returns; stored
 * bytes that cannot be read whole and verified are answered with an error, never sent in part.
 */
class StorageFaultsTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);
    private static final AtomicLong SEEDS = new AtomicLong(5000);

    @TempDir
    static Path data;
    static FaultInjectingStore store;
    static RunningChartVault server;
    static Client scanner;
    static Client clerk;

    @BeforeAll
    static void start() throws IOException {
        store = new FaultInjectingStore(new LocalDiskStore(data.resolve("store")));
        server = RunningChartVault.start(data, Map.of(), store);
        scanner = server.user("scan-desk", "scanner");
        clerk = server.user("roi-clerk", "roi");
    }

    @AfterEach
    void healStorage() {
        store.heal();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    /** A born-digital chart document of a few pages, different from every other one this test makes. */
    private record Chart(String name, byte[] bytes, String word, int pages) {
        String sha256() {
            return org.chartvault.testing.Hashes.sha256(bytes);
        }

        Part part() {
            return new Part(name, bytes);
        }
    }

    private static Chart chart(int pages) {
        long seed = SEEDS.incrementAndGet();
        ChartDocument document = GENERATOR.document(seed, pages);
        return new Chart("chart-" + seed + ".pdf", ChartFiles.bornDigitalPdf(document.pages()),
                AcknowledgedDocuments.searchWord(document.pages().get(0)), pages);
    }

    /** The chart with an unused stream of random bytes added to its PDF, to make the file {@code extra} larger. */
    private static Chart padded(Chart chart, int extra) throws IOException {
        byte[] noise = new byte[extra];
        new java.util.Random(chart.bytes().length).nextBytes(noise);
        try (PDDocument pdf = Loader.loadPDF(chart.bytes())) {
            COSStream stream = pdf.getDocument().createCOSStream();
            try (OutputStream out = stream.createRawOutputStream()) {
                out.write(noise);
            }
            pdf.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("ChartVaultTestPadding"), stream);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            pdf.save(bytes);
            return new Chart("large-" + chart.name(), bytes.toByteArray(), chart.word(), chart.pages());
        }
    }

    @Test
    void anUploadStorageCannotTakeIsAnswered503AndNothingOfItIsKept() throws Exception {
        Chart refused = chart(1);
        int documentsBefore = ArchiveConsistency.documents(store.real()).size();

        store.down(Operation.WRITES);
        Response whileDown = scanner.upload(Map.of("mrn", "31000001"), refused.part(), chart(1).part());
        assertStorageUnavailable(whileDown);

        store.down(Operation.ALL); // even the login cannot be checked
        assertStorageUnavailable(scanner.upload(Map.of("mrn", "31000001"), refused.part()));
        assertStorageUnavailable(clerk.get("/api/search?q=" + refused.word()));
        store.heal();

        assertEquals(documentsBefore, ArchiveConsistency.documents(store.real()).size(), "a refused upload left a document");
        assertEquals(List.of(), ArchiveConsistency.violations(store.real()));
        // the same file sent again once storage is back is taken and processed as if nothing had happened
        Response again = scanner.upload(Map.of("mrn", "31000001"), refused.part());
        assertEquals(202, again.status(), again.toString());
        String id = queuedId(again);
        awaitProcessed(again);
        assertIntactAndFound(id, refused);
    }

    @Test
    void processingThatStorageInterruptsIsKeptAndFinishesWhenStorageReturns() throws Exception {
        // three ways storage goes away while pages are being stored: down, stalled (time-outs), a full disk
        List<Runnable> outages = List.of(
                () -> store.down(Operation.ALL),
                () -> store.stall(Operation.ALL, Duration.ofMillis(700)),
                () -> store.diskFull(16 * 1024)); // JSON records still fit; page images do not
        for (Runnable outage : outages) {
            Chart chart = chart(1);
            awaitQuiet();
            // Storage goes away as the worker stores the new document's first page, not before and not after it is
            // done. Armed before the upload, since a fast worker stores the page before the upload is answered; that
            // page write waits until the upload is answered, so the outage never meets the upload's own writes.
            Set<String> earlier = new HashSet<>();
            ArchiveConsistency.documents(store.real()).forEach(d -> earlier.add(d.documentId()));
            long faultsBefore = store.faultsInjected();
            CountDownLatch uploadAnswered = new CountDownLatch(1);
            store.whenWriting(key -> isPageOfNewDocument(key, earlier), outage, uploadAnswered);
            Response answer;
            try {
                answer = scanner.upload(Map.of("mrn", "31000002"), chart.part());
            } finally {
                uploadAnswered.countDown();
            }
            assertEquals(202, answer.status(), answer.toString());
            String id = queuedId(answer);
            awaitFaultsAfter(faultsBefore); // the worker has run into the outage
            assertFalse(store.outagePending());
            Thread.sleep(1_500);
            store.heal();
            assertFalse(store.real().list("jobs/").isEmpty() && !isSettled(id), "the job of " + id + " was dropped");
            JsonNode batch = awaitProcessed(answer);
            assertEquals(chart.pages(), batch.get("pagesDone").asInt(), batch.toString());
            assertIntactAndFound(id, chart);
        }
        assertEquals(List.of(), ArchiveConsistency.violations(store.real()));
    }

    /**
     * The upload's writes, one kind at a time, each failed once: whatever the answer, nothing half-exists, every
     * document settles, and sending the file again gives one intact, searchable document.
     */
    @Test
    void aWriteLostAtAnyStepOfAnUploadLeavesNoHalfDocument() throws Exception {
        List<String> steps = List.of("originals-index/", "originals/", "jobs/", "documents/", "batches/", "audit/");
        for (String step : steps) {
            awaitQuiet();
            Chart chart = chart(1);
            store.failNextWrite(step);
            Response first = scanner.upload(Map.of("mrn", "31000003"), chart.part());
            assertFalse(store.writeFailurePending(), "the upload wrote nothing under " + step);
            store.heal();
            if (first.status() == 202) {
                awaitProcessed(first);
            } else {
                assertStorageUnavailable(first);
            }
            awaitQuiet();
            assertEquals(List.of(), ArchiveConsistency.violations(store.real()), "after losing the write under " + step);
            Response again = scanner.upload(Map.of("mrn", "31000003"), chart.part());
            assertEquals(202, again.status(), "sending again after losing " + step + ": " + again);
            JsonNode entry = again.json().get("documents").get(0);
            assertTrue(entry.get("status").asText().matches("queued|duplicate"), entry.toString());
            awaitProcessed(again);
            assertIntactAndFound(entry.get("documentId").asText(), chart);
        }
        awaitQuiet();
        assertEquals(List.of(), ArchiveConsistency.violations(store.real()));
    }

    @Test
    void storedBytesThatCannotBeReadWholeAreAnsweredWithAnErrorNeverInPart() throws Exception {
        Chart chart = chart(1);
        Response answer = scanner.upload(Map.of("mrn", "31000004"), chart.part());
        String id = queuedId(answer);
        awaitProcessed(answer);
        String[] paths = {"/api/documents/" + id + "/original", "/api/documents/" + id + "/pdf",
                "/api/documents/" + id + "/pages/1/image", "/api/documents/" + id + "/pages/1/thumbnail"};

        store.breakReadsAfter(1000); // the connection to storage drops part-way through every object
        for (String path : paths) assertErrorWithoutContent(clerk.get(path), path);
        store.down(Set.of(Operation.GET));
        for (String path : paths) assertStorageUnavailable(clerk.get(path));
        store.heal();
        assertEquals(chart.sha256(), sha256(clerk.get(paths[0]).body()));

        // an original too large to hold in memory is verified through a temporary file, which goes once it is sent
        Chart large = padded(chart(1), 9 * 1024 * 1024);
        Response largeAnswer = scanner.upload(Map.of("mrn", "31000004"), large.part());
        String largeId = queuedId(largeAnswer);
        String largePath = "/api/documents/" + largeId + "/original";
        store.breakReadsAfter(large.bytes().length - 100);
        assertErrorWithoutContent(clerk.get(largePath), largePath);
        store.heal();
        assertArrayEquals(large.bytes(), clerk.get(largePath).body());
        try (var left = Files.list(data.resolve("tmp"))) {
            assertEquals(List.of(), left.filter(f -> f.getFileName().toString().startsWith("download-")).toList());
        }
        awaitProcessed(largeAnswer);

        // a byte of the stored original rots on disk: the checksum catches it, and nothing is sent
        Path onDisk = data.resolve("store").resolve(StoredLayout.original(chart.sha256()));
        byte[] intact = Files.readAllBytes(onDisk);
        byte[] rotten = intact.clone();
        rotten[rotten.length / 3] ^= 0x20;
        Files.write(onDisk, rotten);
        try {
            Response damaged = clerk.get(paths[0]);
            assertErrorWithoutContent(damaged, paths[0]);
            assertEquals("damaged", damaged.json().get("error").asText(), damaged.toString());
        } finally {
            Files.write(onDisk, intact); // restored from "backup", so the other tests see a healthy archive
        }
    }

    // ---- helpers ----

    private static void assertStorageUnavailable(Response r) {
        assertEquals(503, r.status(), r.toString());
        JsonNode body = r.json();
        assertEquals("storage-unavailable", body.get("error").asText(), r.toString());
        assertTrue(body.get("message").asText().length() > 30, r.toString());
        assertFalse(r.text().contains("Exception"), "a stack trace or exception name reached the user: " + r);
    }

    private static void assertErrorWithoutContent(Response r, String path) {
        assertTrue(r.status() >= 500, path + " answered " + r.status() + " with " + r.body().length + " bytes");
        JsonNode body = r.json(); // an error body, not some of the object's bytes
        assertNotEquals(null, body.get("error"), path + ": " + r);
    }

    private static String queuedId(Response answer) {
        assertEquals(202, answer.status(), answer.toString());
        JsonNode entry = answer.json().get("documents").get(0);
        assertEquals("queued", entry.get("status").asText(), entry.toString());
        return entry.get("documentId").asText();
    }

    /** Waits for the batch; every file in it, new or a duplicate of an earlier one, must end up processed. */
    private static JsonNode awaitProcessed(Response answer) throws Exception {
        JsonNode batch = scanner.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(2));
        for (JsonNode d : batch.get("documents")) {
            String status = d.get("status").asText();
            if (status.equals("duplicate")) status = awaitSettled(d.get("documentId").asText());
            assertTrue(status.matches("indexed|needs-review"), d + " in " + batch);
        }
        return batch;
    }

    private static String awaitSettled(String id) throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            Response r = scanner.get("/api/documents/" + id);
            assertEquals(200, r.status(), r.toString());
            String status = r.json().get("status").asText();
            if (status.matches("indexed|needs-review|failed")) return status;
            if (Instant.now().isAfter(until)) throw new AssertionError(id + " is still " + status);
            Thread.sleep(200);
        }
    }

    private static void awaitFaultsAfter(long count) throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (store.faultsInjected() <= count) {
            if (Instant.now().isAfter(until)) throw new AssertionError("nothing touched storage during the outage");
            Thread.sleep(20);
        }
    }

    /** A page key ({@code documents/<id>/pages/...}) of a document not among {@code earlier}. */
    private static boolean isPageOfNewDocument(String key, Set<String> earlier) {
        if (!key.startsWith(StoredLayout.DOCUMENTS)) return false;
        int slash = key.indexOf('/', StoredLayout.DOCUMENTS.length());
        return slash > 0 && key.startsWith("/pages/", slash)
                && !earlier.contains(key.substring(StoredLayout.DOCUMENTS.length(), slash));
    }

    private static boolean isSettled(String id) throws IOException {
        return ArchiveConsistency.documents(store.real()).stream()
                .anyMatch(d -> d.documentId().equals(id) && d.status().isSettled());
    }

    /** No document waiting and no job left: the store is still, so a one-shot fault hits the request under test. */
    private static void awaitQuiet() throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (!(ArchiveConsistency.unsettled(store.real()).isEmpty() && store.real().list("jobs/").isEmpty())) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError("still waiting: " + ArchiveConsistency.unsettled(store.real())
                        + " jobs " + store.real().list("jobs/"));
            }
            Thread.sleep(200);
        }
    }

    private static void assertIntactAndFound(String id, Chart chart) {
        Response original = clerk.get("/api/documents/" + id + "/original");
        assertEquals(200, original.status(), original.toString());
        assertArrayEquals(chart.bytes(), original.body(), "original of " + id);
        JsonNode hits = clerk.get("/api/search?q=" + chart.word() + "&limit=100").json().get("hits");
        List<Integer> pages = new ArrayList<>();
        for (JsonNode hit : hits) if (hit.get("documentId").asText().equals(id)) pages.add(hit.get("page").asInt());
        assertEquals(chart.pages(), pages.size(), "each page of " + id + " found once: " + pages);
    }

}
