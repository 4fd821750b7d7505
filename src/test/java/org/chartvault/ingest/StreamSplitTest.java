package org.chartvault.ingest;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartvault.capture.CaptureRecord;
import org.chartvault.capture.CaptureService;
import org.chartvault.capture.DocumentTypeCatalog;
import org.chartvault.capture.StreamSplitter;
import org.chartvault.document.Document;
import org.chartvault.document.DocumentEvents;
import org.chartvault.document.DocumentFiles;
import org.chartvault.document.DocumentRepository;
import org.chartvault.document.DocumentStatus;
import org.chartvault.document.Indexing;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.OriginalOwners;
import org.chartvault.document.PageContent;
import org.chartvault.document.PageSummary;
import org.chartvault.document.ScanPage;
import org.chartvault.imaging.PageLimits;
import org.chartvault.index.LuceneSearchIndex;
import org.chartvault.jobs.JobWorkers;
import org.chartvault.originals.Originals;
import org.chartvault.patient.PatientRegistry;
import org.chartvault.storage.InProcessLocks;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.Locks;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.Hashes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The split stage alone, on a real store, repository, index and originals: a five-page stream whose third page is
 * a separator sheet, cut into the documents of pages 1-2 and 4-5. Filing is the next stage's; here each document is
 * only noted as handed on.
 */
class StreamSplitTest {
    private static final JobWorkers.Claim STILL_OURS = () -> { };

    @TempDir
    Path dir;

    private ObjectStore store;
    private DocumentRepository documents;
    private DocumentFiles files;
    private OriginalOwners owners;
    private CaptureService capture;
    private BatchRepository batches;
    private LuceneSearchIndex index;
    private Originals originals;
    private Document stream;
    private final List<Document> filed = new ArrayList<>();
    private final List<List<PageContent>> filedPages = new ArrayList<>();

    @BeforeEach
    void storeAStream() throws IOException {
        store = new LocalDiskStore(dir.resolve("store"));
        Locks locks = new InProcessLocks();
        documents = new DocumentRepository(store, locks, Clock.systemUTC());
        files = documents.files();
        owners = new OriginalOwners(store, locks);
        capture = new CaptureService(files, new DocumentTypeCatalog(store, locks, java.time.Duration.ofSeconds(1)), new PatientRegistry(store, locks, Clock.systemUTC()),
                Clock.systemUTC());
        batches = new BatchRepository(store, locks);
        index = new LuceneSearchIndex(dir.resolve("index"));
        Path work = java.nio.file.Files.createDirectories(dir.resolve("tmp"));
        originals = new Originals(documents, owners, capture, new DocumentEvents(), locks, new PageLimits(10, 150_000_000L), work);

        byte[] pdf = fivePagePdf();
        String sha = Hashes.sha256(pdf);
        files.storeUpload(sha, new ByteArrayInputStream(pdf), pdf.length, "application/pdf");
        owners.set(sha, List.of("doc_stream"));
        batches.save(new Batch("bat_1", "sam", Instant.now(), Indexing.EMPTY,
                List.of(new Batch.Entry("stream.pdf", "doc_stream", Batch.Entry.QUEUED, null))));
        List<PageSummary> pages = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            documents.savePage("doc_stream", new PageContent(n, 85, 110, 10, PageContent.SOURCE_OCR, 0, 0, 90.0,
                    "stream page " + n, List.of(), false));
            files.storePageImages("doc_stream", n, png(n), png(n));
            pages.add(new PageSummary(n, 90.0, PageContent.SOURCE_OCR, false, new ScanPage(sha, n)));
        }
        stream = documents.create(Document.received("doc_stream", new OriginalFile(sha, "stream.pdf", "application/pdf", pdf.length),
                "bat_1", "sam", Instant.now(), Indexing.EMPTY, 5).withPages(5, pages).withStatus(DocumentStatus.PROCESSING, null));
    }

    @AfterEach
    void closeIndex() throws IOException {
        index.close();
    }

    private StreamSplit split(StreamSplit.Filer filer) {
        return new StreamSplit(documents, originals, owners, capture, batches, index, new BatchEvents(), new DocumentEvents(),
                filer, () -> false);
    }

    private StreamSplit.Filer noting() {
        return (document, record, contents, part, problems, claim) -> {
            filed.add(document);
            filedPages.add(contents);
        };
    }

    private static final List<StreamSplitter.Part> PARTS = List.of(
            new StreamSplitter.Part(List.of(0, 1), null, List.of(), List.of()),
            new StreamSplitter.Part(List.of(3, 4), null, List.of(), List.of()));

    @Test
    void eachPartBecomesADocumentOfItsOwnPagesRenumberedFromOne() throws Exception {
        List<String> ids = split(noting()).split(stream, CaptureRecord.DEFAULT, documents.pages(stream), PARTS, STILL_OURS);

        assertEquals(2, ids.size());
        assertEquals(ids, filed.stream().map(Document::documentId).toList(), "each document is handed on to be filed, in order");
        Document second = documents.get(ids.get(1));
        assertEquals("stream.pdf [2 of 2].pdf", second.fileName(), "named for where it came from");
        assertEquals(List.of(1, 2), second.pages().stream().map(PageSummary::number).toList());
        assertEquals(List.of(new ScanPage(stream.sha256(), 4), new ScanPage(stream.sha256(), 5)),
                second.pages().stream().map(PageSummary::scan).toList(), "each page names where it lies in the stream");
        assertEquals(List.of("stream page 4", "stream page 5"), filedPages.get(1).stream().map(PageContent::text).toList());
        assertArrayEquals(png(5), files.pageImage(ids.get(1), 2), "the page image is copied with the page");
        assertEquals(List.of(4, 5), capture.record(ids.get(1)).sourcePages());
        assertTrue(!second.isWholeUpload() && !second.sha256().equals(stream.sha256()),
                "a document cut from the stream hands out a file of its own pages, not the other patients' ones");
    }

    @Test
    void theStreamGivesWayToItsDocumentsAndItsScanStaysTheirs() throws Exception {
        List<String> ids = split(noting()).split(stream, CaptureRecord.DEFAULT, documents.pages(stream), PARTS, STILL_OURS);

        assertTrue(documents.find("doc_stream").isEmpty(), "the stream's record is gone");
        assertTrue(documents.findPage("doc_stream", 1).isEmpty(), "and everything under it");
        assertEquals(ids, owners.owners(stream.sha256()), "the uploaded stream belongs to the documents cut from it");
        assertTrue(files.upload(stream.sha256()).isPresent(), "the uploaded stream is kept as their source scan");
        assertEquals(ids, batches.find("bat_1").orElseThrow().entries().stream().map(Batch.Entry::documentId).toList(),
                "the batch lists the new documents instead of the stream");
    }

    @Test
    void aSplitInterruptedPartWayFinishesTheSameDocumentsOnTheRerun() throws Exception {
        StreamSplit.Filer crashingOnTheSecond = (document, record, contents, part, problems, claim) -> {
            if (!filed.isEmpty()) throw new IOException("the node went down");
            noting().file(document, record, contents, part, problems, claim);
        };
        assertThrows(IOException.class, () -> split(crashingOnTheSecond)
                .split(stream, CaptureRecord.DEFAULT, documents.pages(stream), PARTS, STILL_OURS));
        String first = filed.get(0).documentId();
        assertTrue(documents.find("doc_stream").isPresent(), "the stream stays until every document of it is made");

        filed.clear();
        Document again = documents.get("doc_stream");
        List<String> ids = split(noting()).split(again, CaptureRecord.DEFAULT, documents.pages(again), PARTS, STILL_OURS);

        assertEquals(first, ids.get(0), "the stored plan names the same documents");
        assertEquals(2, documents.allIds().size(), "and no third one: " + documents.allIds());
        assertEquals(List.of("stream page 1", "stream page 2"),
                documents.pages(documents.get(first)).stream().map(PageContent::text).toList());
    }

    private static byte[] png(int n) throws IOException {
        BufferedImage image = new BufferedImage(85, 110, BufferedImage.TYPE_BYTE_GRAY);
        var g = image.createGraphics();
        g.fillRect(0, 0, 85, 110);
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(5, 5 + n * 10, 40, 6);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static byte[] fivePagePdf() throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            for (int n = 1; n <= 5; n++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                    content.newLineAtOffset(72, 700);
                    content.showText(n == 3 ? "SEPARATOR SHEET" : "Stream page " + n);
                    content.endText();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            pdf.save(out);
            return out.toByteArray();
        }
    }
}
