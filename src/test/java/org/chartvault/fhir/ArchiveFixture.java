package org.chartvault.fhir;

import org.chartvault.App;
import org.chartvault.Ids;
import org.chartvault.document.Document;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.document.StoredLayout;
import org.chartvault.storage.InProcessLocks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Documents filed straight into a running archive's store and index, as the pipeline leaves them after
 * processing, without OCR: how a patient with hundreds of documents is made in seconds. Each original is a few
 * unique bytes; there is no searchable PDF, so such documents have one content entry.
 */
final class ArchiveFixture {
    private ArchiveFixture() {
    }

    /** A document of the fixture: its id, type name and date of service. */
    record Filed(String documentId, String type, LocalDate serviceDate) {
    }

    static List<Filed> file(App app, String mrn, String patientName, LocalDate birthDate, List<String> typeNames,
                            LocalDate firstServiceDate, int count) throws IOException, InterruptedException {
        DocumentRepository documents = new DocumentRepository(app.store(), new InProcessLocks(), Clock.systemUTC());
        List<Filed> filed = new ArrayList<>();
        // filed several at once: each stored object is fsynced, and the disk overlaps them
        ExecutorService filers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Filed>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                pending.add(filers.submit(() -> fileOne(app, documents, mrn, patientName, birthDate,
                        typeNames.get(n % typeNames.size()), firstServiceDate.plusDays(3L * n), n)));
            }
            for (Future<Filed> f : pending) filed.add(f.get());
        } catch (ExecutionException e) {
            throw new IOException("filing the fixture failed", e.getCause());
        } finally {
            filers.shutdownNow();
        }
        app.index().awaitDurable();
        app.index().refresh();
        return filed;
    }

    private static Filed fileOne(App app, DocumentRepository documents, String mrn, String patientName, LocalDate birthDate,
                                 String type, LocalDate serviceDate, int i) throws IOException {
        byte[] original = ("%PDF-1.4\n% fixture " + mrn + " " + i + "\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);
        String sha256 = HexFormat.of().formatHex(sha256(original));
        app.store().put(StoredLayout.original(sha256), original, "application/pdf");
        Indexing indexing = new Indexing(mrn, patientName, birthDate, type, serviceDate, "V" + (1000 + i));
        Document document = documents.create(Document.received(Ids.next("doc"),
                new OriginalFile(sha256, "fixture-" + i + ".pdf", "application/pdf", original.length), "bat_fixture",
                "fixture", Clock.systemUTC().instant(), indexing, 1).toBuilder().status(DocumentStatus.INDEXED)
                .pages(1, List.of(new PageSummary(1, null, PageContent.SOURCE_TEXT_LAYER, false, new ScanPage(sha256, 1))))
                .build());
        PageContent page = new PageContent(1, 2550, 3300, 300, PageContent.SOURCE_TEXT_LAYER, 0, 0, null,
                type.toUpperCase() + "\nFixture page " + i + " of patient " + patientName, List.of(), false);
        documents.savePage(document.documentId(), page);
        app.index().index(document, List.of(page));
        return new Filed(document.documentId(), type, serviceDate);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
