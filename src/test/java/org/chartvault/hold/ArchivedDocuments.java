package org.chartvault.hold;

import org.chartvault.Ids;
import org.chartvault.Json;
import org.chartvault.audit.AuditKey;
import org.chartvault.audit.AuditKeys;
import org.chartvault.audit.AuditLog;
import org.chartvault.audit.MovableClock;
import org.chartvault.document.Document;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentService;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.Indexing;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.document.StoredLayout;
import org.chartvault.index.IndexFollower;
import org.chartvault.index.LuceneSearchIndex;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.Locks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import org.chartvault.jobs.StoredJobQueue;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import static org.chartvault.testing.Hashes.sha256;

/**
 * The archive's real components (local-disk store, Lucene index, documents, audit, holds) on a folder, with a clock
 * tests move, and documents stored the way the pipeline leaves them, without OCR: for tests of holds and retention
 * where reading pages is not the point. {@link #arrive} and {@link #finishProcessing} store a document in the two
 * steps the pipeline takes, telling the holds at the same moments the pipeline does.
 */
public final class ArchivedDocuments implements AutoCloseable {
    public final MovableClock clock;
    public final LocalDiskStore store;
    public final LuceneSearchIndex index;
    public final Locks locks = new InProcessLocks();
    public final DocumentRepository documents;
    public final AuditLog audit;
    public final DocumentService documentService;
    public final HoldRepository holdRecords;
    public final HoldService holds;
    /** The queue the holds record their jobs in; no workers run here, so a job a hold leaves behind stays listed. */
    public final StoredJobQueue jobs;

    public ArchivedDocuments(Path dir, Instant now) throws IOException {
        clock = new MovableClock(now);
        store = new LocalDiskStore(dir.resolve("store"));
        index = new LuceneSearchIndex(dir.resolve("index"));
        documents = new DocumentRepository(store, locks, clock);
        audit = AuditLog.inObjectStore(store, AuditKeys.of(AuditKey.generate()), clock);
        holdRecords = new HoldRepository(store, locks);
        DocumentEvents events = new DocumentEvents();
        documentService = new DocumentService(store, documents, events,
                new org.chartvault.document.PageImageStore(store, documents, new org.chartvault.imaging.PageLimits(10, 150_000_000L), dir),
                document -> { }); // these documents have no pages to make a searchable PDF of
        jobs = new StoredJobQueue(store, clock);
        holds = new HoldService(holdRecords, documents, index, audit, clock, documentService, jobs);
        events.listen(holds::documentChanged);
        IndexFollower.follow(events, documents, index);
    }

    /** A processed, indexed one-page document; returns its id. */
    public String archive(String mrn, LocalDate born, String type, LocalDate served) throws IOException {
        String id = arrive(mrn, born, type, served);
        finishProcessing(id);
        return id;
    }

    /** A document just uploaded: original and record stored, queued for processing, holds told. */
    public String arrive(String mrn, LocalDate born, String type, LocalDate served) throws IOException {
        String id = Ids.next("doc");
        byte[] original = ("%PDF-1.4 original of " + id).getBytes(StandardCharsets.US_ASCII);
        String sha256 = sha256(original);
        store.put(StoredLayout.original(sha256), original, "application/pdf");
        store.put(StoredLayout.originalOwner(sha256), Json.bytes(Map.of("documentId", id)), "application/json");
        Document document = documents.create(Document.received(id,
                new OriginalFile(sha256, id + ".pdf", "application/pdf", original.length), "bat_test", "sam.scanner",
                clock.instant(), new Indexing(mrn, "DOE, JANE", born, type, served, null), 1));
        holds.documentChanged(document);
        return id;
    }

    /** Stores the page, its image and the searchable PDF, indexes it, tells the holds, then marks it indexed. */
    public void finishProcessing(String id) throws IOException {
        Document document = update(id, d -> d.withStatus(DocumentStatus.PROCESSING, null));
        PageContent page = new PageContent(1, 2550, 3300, 300, PageContent.SOURCE_TEXT_LAYER, 0, 0, 100.0,
                "PROGRESS NOTE\nPatient: DOE, JANE MRN: " + document.indexing().mrn(), List.of(), false);
        store.put(StoredLayout.pageImage(id, 1), new byte[]{(byte) 0x89, 'P', 'N', 'G'}, "image/png");
        documents.savePage(id, page);
        document = update(id, d -> d.withPages(1, List.of(new PageSummary(1, 100.0, PageContent.SOURCE_TEXT_LAYER, false,
                new ScanPage(d.sha256(), 1)))));
        store.put(StoredLayout.searchablePdf(id), ("%PDF-1.4 searchable " + id).getBytes(StandardCharsets.US_ASCII),
                "application/pdf");
        index.index(document, List.of(page));
        index.refresh();
        holds.documentChanged(document);
        update(id, d -> d.withStatus(DocumentStatus.INDEXED, null));
    }

    private Document update(String id, java.util.function.UnaryOperator<Document> change) throws IOException {
        try {
            return documents.update(id, change);
        } catch (org.chartvault.document.DocumentNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sha256Of(String documentId) throws IOException {
        return documents.find(documentId).orElseThrow().sha256();
    }


    @Override
    public void close() throws IOException {
        jobs.close();
        index.close();
        store.close();
    }
}
