package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Corpus;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.ScannedPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/**
 * The archive's spine over HTTP, on real components: a batch of scans in every accepted format is uploaded,
 * acknowledged, OCR'd, indexed, found by the words on its pages and given back byte for byte.
 */
class SpineEndToEndTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);

    @TempDir
    static Path data;
    static RunningChartVault server;
    static Client scanner;
    static Client clerk;
    /** file name -> what was uploaded under it */
    static final Map<String, byte[]> uploaded = new LinkedHashMap<>();
    /** file name -> the chart pages printed in it */
    static final Map<String, List<ChartPage>> printed = new LinkedHashMap<>();
    static JsonNode receipt;
    static JsonNode batch;

    @BeforeAll
    static void uploadABatchAndWaitForIt() throws IOException {
        server = RunningChartVault.start(data);
        scanner = server.user("scan-desk", "scanner");
        clerk = server.user("roi-clerk", "roi");

        ChartDocument history = GENERATOR.document(11, "HISTORY AND PHYSICAL", 1);
        ScannedPage skewed = history.pages().get(0).scan(300)
                .apply(Degradation.skew(1.8).then(Degradation.gaussianNoise(6, 11)));
        add("history.png", ChartFiles.png(skewed), history.pages());

        ChartDocument nursing = GENERATOR.document(12, "NURSING ASSESSMENT", 2);
        List<ScannedPage> fax = List.of(
                nursing.pages().get(0).scan(300).apply(Degradation.binarize(150)),
                nursing.pages().get(1).scan(300).apply(Degradation.rotate(180).then(Degradation.binarize(150))));
        add("nursing-g4.tif", ChartFiles.tiff(fax, ChartFiles.TiffCompression.CCITT_G4), nursing.pages());

        ChartDocument discharge = GENERATOR.document(13, "DISCHARGE SUMMARY", 2);
        add("discharge-born-digital.pdf", ChartFiles.bornDigitalPdf(discharge.pages()), discharge.pages());

        ChartDocument referral = GENERATOR.document(14, "REFERRAL", 1);
        byte[] jpeg = ChartFiles.jpeg(referral.pages().get(0).scan(300), 0.7f);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            out.putNextEntry(new ZipEntry("clinic/referral.jpg"));
            out.write(jpeg);
        }
        uploaded.put("referrals.zip", zip.toByteArray());
        printed.put("referrals.zip/referral.jpg", referral.pages());

        Part[] parts = uploaded.entrySet().stream().map(e -> new Part(e.getKey(), e.getValue())).toArray(Part[]::new);
        Response answer = scanner.upload(Map.of("mrn", "40012345", "documentType", "Progress note",
                "serviceDate", "2024-03-05"), parts);
        assertEquals(202, answer.status(), answer.toString());
        receipt = answer.json();
        batch = scanner.awaitBatch(receipt.get("batchId").asText(), Duration.ofMinutes(6));
        uploaded.put("referrals.zip/referral.jpg", jpeg);
    }

    private static void add(String name, byte[] content, List<ChartPage> pages) {
        uploaded.put(name, content);
        printed.put(name, pages);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyFileIsAcknowledgedAsQueuedWithADocumentId() {
        JsonNode documents = receipt.get("documents");
        assertEquals(4, documents.size(), receipt.toString());
        for (JsonNode d : documents) {
            assertEquals("queued", d.get("status").asText(), d.toString());
            assertTrue(d.get("documentId").asText().startsWith("doc_"), d.toString());
        }
        assertEquals("referrals.zip/referral.jpg", documents.get(3).get("file").asText());
    }

    @Test
    void everyPageIsProcessedAndCounted() {
        assertEquals("done", batch.get("status").asText());
        assertEquals(6, batch.get("pagesTotal").asInt(), batch.toString());
        assertEquals(6, batch.get("pagesDone").asInt(), batch.toString());
        for (JsonNode d : batch.get("documents")) {
            assertTrue(List.of("indexed", "needs-review").contains(d.get("status").asText()), d.toString());
        }
    }

    @Test
    void everyDocumentIsFoundByTheWordsOnItsPages() {
        for (JsonNode d : batch.get("documents")) {
            String file = d.get("file").asText();
            List<ChartPage> pages = printed.get(file);
            for (int n = 1; n <= pages.size(); n++) {
                String word = distinctiveWord(pages.get(n - 1));
                Response found = clerk.get("/api/search?q=" + word + "&mrn=40012345");
                assertEquals(200, found.status(), found.toString());
                boolean hit = false;
                for (JsonNode h : found.json().get("hits")) {
                    hit |= h.get("documentId").asText().equals(d.get("documentId").asText()) && h.get("page").asInt() == n;
                }
                assertTrue(hit, "page " + n + " of " + file + " not found by '" + word + "': " + found);
            }
        }
    }

    @Test
    void originalsComeBackByteForByte() throws Exception {
        for (JsonNode d : batch.get("documents")) {
            Response original = clerk.get("/api/documents/" + d.get("documentId").asText() + "/original");
            assertEquals(200, original.status());
            byte[] expected = uploaded.get(d.get("file").asText());
            assertArrayEquals(expected, original.body(), d.get("file").asText());
            JsonNode document = clerk.get("/api/documents/" + d.get("documentId").asText()).json();
            assertEquals(sha256(expected), document.get("sha256").asText());
        }
    }

    @Test
    void upsideDownFaxPageIsStoredUprightAndReadable() {
        JsonNode nursing = documentOf("nursing-g4.tif");
        String id = nursing.get("documentId").asText();
        Response text = clerk.get("/api/documents/" + id + "/pages/2/text");
        assertEquals(200, text.status());
        String expected = distinctiveWord(printed.get("nursing-g4.tif").get(1));
        assertTrue(text.text().toLowerCase(Locale.ROOT).contains(expected), text.text());
        JsonNode words = clerk.get("/api/documents/" + id + "/pages/2/words").json();
        assertEquals(180, words.get("rotation").asInt());
        Response image = clerk.get("/api/documents/" + id + "/pages/2/image");
        assertEquals("image/png", image.header("content-type"));
    }

    @Test
    void searchablePdfCarriesTheTextOfEveryPage() throws Exception {
        JsonNode nursing = documentOf("nursing-g4.tif");
        Response pdf = clerk.get("/api/documents/" + nursing.get("documentId").asText() + "/pdf");
        assertEquals(200, pdf.status());
        try (PDDocument document = Loader.loadPDF(pdf.body())) {
            assertEquals(2, document.getNumberOfPages());
            String text = new PDFTextStripper().getText(document).toLowerCase(Locale.ROOT);
            for (ChartPage page : printed.get("nursing-g4.tif")) assertTrue(text.contains(distinctiveWord(page)), text);
        }
    }

    @Test
    void bornDigitalPagesAreIndexedFromTheirTextLayer() {
        JsonNode discharge = documentOf("discharge-born-digital.pdf");
        JsonNode words = clerk.get("/api/documents/" + discharge.get("documentId").asText() + "/pages/1/words").json();
        assertEquals("text-layer", words.get("source").asText());
    }

    @Test
    void reuploadingTheSameBytesIsRecognisedAsADuplicate() {
        Response again = scanner.upload(Map.of(), new Part("copy-of-history.png", uploaded.get("history.png")));
        assertEquals(202, again.status());
        JsonNode entry = again.json().get("documents").get(0);
        assertEquals("duplicate", entry.get("status").asText());
        assertEquals(documentOf("history.png").get("documentId").asText(), entry.get("documentId").asText());
    }

    @Test
    void uploadValuesIndexTheDocuments() {
        JsonNode document = clerk.get("/api/documents/" + documentOf("history.png").get("documentId").asText()).json();
        assertEquals("40012345", document.get("mrn").asText());
        assertEquals("2024-03-05", document.get("serviceDate").asText());
        Response filtered = clerk.get("/api/search?q=" + distinctiveWord(printed.get("history.png").get(0))
                + "&from=2024-03-01&to=2024-03-31");
        assertTrue(filtered.json().get("total").asInt() >= 1, filtered.toString());
        Response outside = clerk.get("/api/search?q=" + distinctiveWord(printed.get("history.png").get(0))
                + "&from=2025-01-01");
        assertEquals(0, outside.json().get("total").asInt(), outside.toString());
    }

    @Test
    void malformedQueryIsA400NotA500() {
        for (String q : List.of("%22unclosed", "(a%20AND", "AND", "*ology")) {
            Response bad = clerk.get("/api/search?q=" + q);
            assertEquals(400, bad.status(), q + " -> " + bad);
            assertEquals("bad-query", bad.json().get("error").asText());
        }
    }

    @Test
    void theShippedScanIsReadToo() throws IOException {
        Path scan = Corpus.scans().resolve("s01-history.png");
        Response answer = scanner.upload(Map.of("mrn", "40099999"), new Part("s01-history.png", Files.readAllBytes(scan)));
        JsonNode done = scanner.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(3));
        assertEquals("done", done.get("status").asText());
        Response found = clerk.get("/api/search?q=WOJCIECHOWSKI&mrn=40099999");
        assertEquals(1, found.json().get("total").asInt(), found.toString());
    }

    private static JsonNode documentOf(String file) {
        for (JsonNode d : batch.get("documents")) if (d.get("file").asText().equals(file)) return d;
        throw new AssertionError("no document for " + file);
    }

    /** The patient's family name as printed: long, rare, and on every page of the generated charts. */
    private static String distinctiveWord(ChartPage page) {
        String name = page.indexing().patientName();
        assertNotNull(name);
        String family = name.split(",")[0].strip().toLowerCase(Locale.ROOT);
        return family.replaceAll("[^a-z]", "");
    }

}
