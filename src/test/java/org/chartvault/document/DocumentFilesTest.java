package org.chartvault.document;

import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a document is made of in the store, on a real store: kept together, shared scans released by their last owner. */
class DocumentFilesTest {
    private static final String SCAN = "5ca9".repeat(16);

    @TempDir
    Path dir;

    private ObjectStore store;
    private DocumentRepository documents;
    private DocumentFiles files;
    private OriginalOwners owners;

    @BeforeEach
    void open() throws IOException {
        store = new LocalDiskStore(dir);
        Locks locks = new InProcessLocks();
        documents = new DocumentRepository(store, locks, Clock.systemUTC());
        files = documents.files();
        owners = new OriginalOwners(store, locks);
    }

    /** A document of one page of the shared scan, with a page image, text and a FHIR sidecar. */
    private Document documentOfScan(String id, int page) throws IOException {
        byte[] scan = "the uploaded stream".getBytes(StandardCharsets.UTF_8);
        files.storeUpload(SCAN, new ByteArrayInputStream(scan), scan.length, "application/pdf");
        owners.add(SCAN, id);
        documents.savePage(id, PageContent.failed(1));
        files.storePageImages(id, 1, new byte[]{1}, new byte[]{2});
        files.saveSidecar(id, "fhir/submission.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        return documents.create(Document.received(id, new OriginalFile(SCAN, id + ".pdf", "application/pdf", scan.length),
                "bat_1", "sam", Instant.now(), Indexing.EMPTY, 1).withPages(1,
                List.of(new PageSummary(1, null, PageContent.SOURCE_FAILED, false, new ScanPage(SCAN, page)))));
    }

    private void delete(String id) throws Exception {
        files.deleteRemoved(documents.remove(id, d -> null));
    }

    @Test
    void aDeletedDocumentLeavesNothingOfItsOwnAndTheSharedScanToItsOtherDocument() throws Exception {
        documentOfScan("doc_a", 1);
        documentOfScan("doc_b", 2);

        delete("doc_a");

        assertTrue(documents.findPage("doc_a", 1).isEmpty());
        assertFalse(files.hasPageImage("doc_a", 1));
        assertEquals(Optional.empty(), files.sidecar("doc_a", "fhir/submission.json"), "what other capabilities kept beside it goes too");
        assertTrue(files.upload(SCAN).isPresent(), "doc_b still lies in the scan");
        assertEquals(List.of("doc_b"), owners.owners(SCAN));

        delete("doc_b");
        assertTrue(files.upload(SCAN).isEmpty(), "the scan goes with the last document that held it");
    }

    @Test
    void twoDocumentsOfOneScanDeletedAtOnceTakeTheScanWithThem() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                documentOfScan("doc_a" + round, 1);
                documentOfScan("doc_b" + round, 2);
                CountDownLatch start = new CountDownLatch(1);
                String a = "doc_a" + round, b = "doc_b" + round;
                CompletableFuture<Void> first = CompletableFuture.runAsync(() -> deleteWhen(start, a), threads);
                CompletableFuture<Void> second = CompletableFuture.runAsync(() -> deleteWhen(start, b), threads);
                start.countDown();
                CompletableFuture.allOf(first, second).join();
                assertTrue(files.upload(SCAN).isEmpty(), "round " + round + ": the scan outlived both its documents");
                assertEquals(List.of(), owners.owners(SCAN), "round " + round);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void deleteWhen(CountDownLatch start, String id) {
        try {
            start.await();
            delete(id);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aScanIsArchivedAsTheFirstOfItsOwnersThatStillExists() throws Exception {
        documentOfScan("doc_live", 1);
        owners.set(SCAN, List.of("doc_deleted_long_ago", "doc_live"));

        assertEquals(Optional.of("doc_live"), files.archivedAs(SCAN),
                "a stale first owner does not hide the live one (ingest and FHIR ask this same question)");
        assertEquals(Optional.empty(), files.archivedAs("0".repeat(64)));
    }

    @Test
    void aRecordChangedByNameKeepsEveryOtherValue() throws Exception {
        Document created = documentOfScan("doc_a", 1);
        Document changed = created.withStatus(DocumentStatus.NEEDS_REVIEW, null).withHolds(List.of("hold_1"))
                .withReviewReasons(List.of(ReviewReason.of(ReviewReason.Kind.OTHER, "Look at it.")));

        assertEquals(new Document(created.documentId(), created.sha256(), created.fileName(), created.contentType(),
                created.bytes(), created.batchId(), created.uploadedBy(), created.uploadedAt(), created.indexing(),
                DocumentStatus.NEEDS_REVIEW, created.pagesTotal(), created.pages(), List.of("hold_1"),
                List.of(ReviewReason.of(ReviewReason.Kind.OTHER, "Look at it.")), null, created.version(),
                created.updatedAt()), changed);
        Document stored = documents.update("doc_a", d -> changed);
        assertEquals(created.version() + 1, stored.version(), "the repository writes the next version");
    }
}
