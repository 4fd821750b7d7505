package org.chartvault.originals;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.Json;
import org.chartvault.testing.TesseractCommand;
import org.chartvault.document.Document;
import org.chartvault.document.OriginalFile;
import org.chartvault.document.PageSummary;
import org.chartvault.document.StoredLayout;
import org.chartvault.fhir.FhirIds;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.CaptureStream;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/**
 * A scan holding several patients' pages, cut into one document per patient (at separator sheets, or by a
 * reviewer), hands out nothing but each document's own pages: its original download, its FHIR Binary, its native
 * in a legal production. Checked over HTTP on a real server, by counting the pages of what comes back and reading
 * them (Tesseract for scanned pages, the text layer for born-digital ones) for whose chart they are.
 */
class OwnOriginalsOverHttpTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);
    /** Text of a PDF's pages (OCR or text layer), by the PDF's SHA-256: the same bytes are read once. */
    private static final Map<String, List<String>> READ = new ConcurrentHashMap<>();

    @TempDir
    static Path data;
    static RunningChartVault server;
    static Client admin, scanner, indexer, roi, legal;

    /** The scanned stream: three patients' one-page notes, each behind a separator sheet (G4 TIFF). */
    static List<Patient> streamed = new ArrayList<>();
    static byte[] streamTiff;
    static CaptureStream stream;
    static List<String> streamDocuments = new ArrayList<>();

    /** A born-digital PDF of three patients' pages, cut by a reviewer into three documents; the second then joined. */
    static List<Patient> reviewed = new ArrayList<>();
    static byte[] reviewedPdf;
    static String firstOfReviewed, thirdOfReviewed, joined;
    static Patient joinedPatient;

    static Patient whole;
    static byte[] wholePdf;
    static String wholeDocument;

    @BeforeAll
    static void scanAndCut() throws Exception {
        server = RunningChartVault.start(data);
        admin = server.admin();
        scanner = server.user("scan-desk", "scanner");
        indexer = server.user("qa-desk", "indexer");
        roi = server.user("roi-clerk", "roi");
        legal = server.user("counsel", "legal");
        List<Patient> patients = distinctPatients(7);
        streamed.addAll(patients.subList(0, 3));
        reviewed.addAll(patients.subList(3, 6));
        whole = patients.get(6);

        List<ChartDocument> notes = new ArrayList<>();
        for (int i = 0; i < 3; i++) notes.add(GENERATOR.document(streamed.get(i), 910 + i, "PROGRESS NOTE", 1));
        stream = CaptureStream.withSeparators(notes, new CaptureStream.Options(300, 0.5, 0, 0, 0, false, 150), 11);
        streamTiff = ChartFiles.tiff(stream.pages(), ChartFiles.TiffCompression.CCITT_G4);
        JsonNode batch = uploadAndWait(scanner, "ward-7-stream.tif", streamTiff);
        for (JsonNode entry : batch.get("documents")) streamDocuments.add(entry.get("documentId").asText());
        assertEquals(3, streamDocuments.size(), batch.toString());

        // One upload, three patients, no separator sheets: a reviewer cuts it, then joins the second patient's page
        // with another of that patient's documents scanned separately.
        List<ChartPage> pages = new ArrayList<>();
        for (int i = 0; i < 3; i++) pages.add(GENERATOR.document(reviewed.get(i), 920 + i, "CONSULTATION", 1).pages().get(0));
        reviewedPdf = ChartFiles.bornDigitalPdf(pages);
        firstOfReviewed = single(uploadAndWait(scanner, "three-patients.pdf", reviewedPdf));
        Response third = indexer.post("/api/documents/" + firstOfReviewed + "/split", Map.of("atPage", 3));
        assertEquals(201, third.status(), third.toString());
        thirdOfReviewed = third.json().get("documentId").asText();
        Response second = indexer.post("/api/documents/" + firstOfReviewed + "/split", Map.of("atPage", 2));
        assertEquals(201, second.status(), second.toString());
        joinedPatient = reviewed.get(1);
        byte[] laterNote = ChartFiles.bornDigitalPdf(GENERATOR.document(joinedPatient, 930, "DISCHARGE SUMMARY", 1).pages());
        joined = single(uploadAndWait(scanner, "later-note.pdf", laterNote));
        Response merged = indexer.post("/api/documents/" + joined + "/merge",
                Map.of("documentId", second.json().get("documentId").asText()));
        assertEquals(200, merged.status(), merged.toString());

        wholePdf = ChartFiles.bornDigitalPdf(GENERATOR.document(whole, 940, "OPERATIVE REPORT", 2).pages());
        wholeDocument = single(uploadAndWait(scanner, "operative-report.pdf", wholePdf));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void splitDocumentsOriginalHoldsOnlyItsOwnPages() throws Exception {
        for (int i = 0; i < 3; i++) {
            String id = streamDocuments.get(i);
            Response original = roi.get("/api/documents/" + id + "/original");
            assertEquals(200, original.status(), original.toString());
            assertOnlyPagesOf(original.body(), List.of(streamed.get(i)), streamed, "original of stream document " + (i + 1));
            assertEquals("application/pdf", original.header("content-type"));

            JsonNode document = roi.get("/api/documents/" + id).json();
            assertEquals(sha256(original.body()), document.get("sha256").asText(), "the document's sha256 is its original's");
            assertEquals(original.body().length, document.get("bytes").asLong());
            assertEquals("application/pdf", document.get("contentType").asText());
            assertTrue(document.get("fileName").asText().endsWith(".pdf"), document.toString());
            assertFalse(document.get("wholeUpload").asBoolean());
            int pageInStream = stream.documents().get(i).contentPages().get(0) + 1;
            assertEquals(sourceScans(sha256(streamTiff), List.of(pageInStream)), document.get("sourceScans").toString());
        }
    }

    @Test
    void fhirBinaryOfASplitDocumentHoldsOnlyItsOwnPages() throws Exception {
        for (int i = 0; i < 3; i++) {
            String fhirId = FhirIds.ofDocument(streamDocuments.get(i));
            Response binary = roi.get("/fhir/Binary/" + fhirId);
            assertEquals(200, binary.status(), binary.toString());
            assertOnlyPagesOf(binary.body(), List.of(streamed.get(i)), streamed, "FHIR Binary of stream document " + (i + 1));
            assertReferenceDescribes(fhirId, binary);
        }
        Response mergedBinary = roi.get("/fhir/Binary/" + FhirIds.ofDocument(joined));
        assertOnlyPagesOf(mergedBinary.body(), List.of(joinedPatient, joinedPatient), reviewed, "FHIR Binary of the joined document");
        assertReferenceDescribes(FhirIds.ofDocument(joined), mergedBinary);
    }

    @Test
    void productionNativeOfASplitDocumentHoldsOnlyItsPages() throws Exception {
        Response hold = legal.post("/api/holds", Map.of("name", "Doe v. Northgate", "matter", "2026-CV-0911",
                "mrns", streamed.stream().map(Patient::mrn).toList()));
        assertEquals(201, hold.status(), hold.toString());
        String holdId = hold.json().get("holdId").asText();
        try {
            Map<String, byte[]> files = unzip(export(holdId));
            List<String[]> manifest = new String(files.get("manifest.csv"), StandardCharsets.UTF_8).lines()
                    .map(line -> line.split(",", -1)).toList();
            List<String> header = List.of(manifest.get(0));
            Map<String, String[]> natives = new HashMap<>();
            for (String[] row : manifest) if (row[header.indexOf("kind")].equals("native")) natives.put(row[3], row);
            String custody = pdfText(files.get("chain-of-custody.pdf")).replaceAll("\\s+", "");
            for (int i = 0; i < 3; i++) {
                String[] row = natives.get(streamDocuments.get(i));
                assertNotNull(row, "a native row for stream document " + (i + 1));
                byte[] nativeFile = files.get(row[0]);
                assertOnlyPagesOf(nativeFile, List.of(streamed.get(i)), streamed, "production native " + row[0]);
                assertEquals(row[header.indexOf("batesBegin")], row[header.indexOf("batesEnd")], "one page, one Bates number");
                assertTrue(row[0].endsWith(".pdf"), row[0]);
                String pageInStream = Integer.toString(stream.documents().get(i).contentPages().get(0) + 1);
                assertEquals(sha256(streamTiff), row[header.indexOf("sourceSha256")], "the manifest names the source scan");
                assertEquals(pageInStream, row[header.indexOf("sourcePages")], "and the page in it");
                assertTrue(custody.contains("madeofscan" + sha256(streamTiff) + "page(s)" + pageInStream),
                        "the chain of custody names the source scan and page of " + row[0]);
            }
        } finally {
            assertEquals(200, legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "test done")).status());
        }
    }

    @Test
    void reviewerSplitDocumentsOriginalHoldsOnlyItsOwnPages() throws Exception {
        Map<String, Patient> cut = Map.of(firstOfReviewed, reviewed.get(0), thirdOfReviewed, reviewed.get(2));
        for (Map.Entry<String, Patient> part : cut.entrySet()) {
            Response original = roi.get("/api/documents/" + part.getKey() + "/original");
            assertEquals(200, original.status(), original.toString());
            assertOnlyPagesOf(original.body(), List.of(part.getValue()), reviewed, "original of a reviewer's cut");
            assertArrayEquals(original.body(), roi.get("/fhir/Binary/" + FhirIds.ofDocument(part.getKey())).body());
        }
        JsonNode third = roi.get("/api/documents/" + thirdOfReviewed).json();
        assertEquals(sourceScans(sha256(reviewedPdf), List.of(3)), third.get("sourceScans").toString());
    }

    @Test
    void mergedDocumentsOriginalHoldsOnlyItsOwnPages() throws Exception {
        Response original = roi.get("/api/documents/" + joined + "/original");
        assertEquals(200, original.status(), original.toString());
        assertOnlyPagesOf(original.body(), List.of(joinedPatient, joinedPatient), reviewed, "original of the joined document");
        JsonNode document = roi.get("/api/documents/" + joined).json();
        assertEquals(sha256(original.body()), document.get("sha256").asText());
        JsonNode scans = document.get("sourceScans");
        assertEquals(2, scans.size(), scans.toString());
        assertEquals("[2]", scans.get(1).get("pages").toString(), "the joined page is page 2 of the three-patient upload");
        assertEquals(sha256(reviewedPdf), scans.get(1).get("sha256").asText());
    }

    @Test
    void wholeFileDocumentStillReturnsTheExactUploadedBytes() {
        Response original = roi.get("/api/documents/" + wholeDocument + "/original");
        assertEquals(200, original.status(), original.toString());
        assertArrayEquals(wholePdf, original.body());
        assertArrayEquals(wholePdf, roi.get("/fhir/Binary/" + FhirIds.ofDocument(wholeDocument)).body());
        JsonNode document = roi.get("/api/documents/" + wholeDocument).json();
        assertEquals(sha256(wholePdf), document.get("sha256").asText());
        assertEquals("operative-report.pdf", document.get("fileName").asText());
        assertTrue(document.get("wholeUpload").asBoolean());
        assertEquals(sourceScans(sha256(wholePdf), List.of(1, 2)), document.get("sourceScans").toString());
    }

    @Test
    void sourceScanIsReachableOnlyByTheRolesThatManageCapture() {
        String source = "/api/sources/" + sha256(streamTiff);
        assertEquals(403, roi.get(source).status());
        assertEquals(403, legal.get(source).status());
        assertEquals(403, roi.get(source + "/file").status());
        assertEquals(403, legal.get(source + "/file").status());

        Response listed = indexer.get(source);
        assertEquals(200, listed.status(), listed.toString());
        Map<String, String> pagesByDocument = new LinkedHashMap<>();
        for (JsonNode cut : listed.json().get("documents")) {
            pagesByDocument.put(cut.get("documentId").asText(), cut.get("pages").toString());
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            expected.put(streamDocuments.get(i), "[" + (stream.documents().get(i).contentPages().get(0) + 1) + "]");
        }
        assertEquals(expected, pagesByDocument);

        Response file = scanner.get(source + "/file");
        assertEquals(200, file.status(), file.toString());
        assertArrayEquals(streamTiff, file.body(), "the scan is kept as uploaded");
        Client otherScanner = server.user("night-scanner", "scanner");
        assertEquals(404, otherScanner.get(source + "/file").status(), "scanning staff reach only the scans they uploaded");
    }

    @Test
    void deletingADocumentDeletesItsOwnOriginalAndTheScanGoesWithTheLastDocumentCutFromIt() throws Exception {
        List<Patient> two = distinctPatients(9).subList(7, 9);
        List<ChartPage> pages = List.of(GENERATOR.document(two.get(0), 950, "PROGRESS NOTE", 1).pages().get(0),
                GENERATOR.document(two.get(1), 951, "PROGRESS NOTE", 1).pages().get(0));
        byte[] pdf = ChartFiles.bornDigitalPdf(pages);
        String first = single(uploadAndWait(scanner, "two-patients.pdf", pdf));
        Response cut = indexer.post("/api/documents/" + first + "/split", Map.of("atPage", 2));
        assertEquals(201, cut.status(), cut.toString());
        String second = cut.json().get("documentId").asText();
        ObjectStore store = server.app().store();
        assertEquals(1, store.list(StoredLayout.ownOriginals(first)).size(), "the first part has an original of its own");

        assertEquals(204, admin.delete("/api/documents/" + first).status());
        assertEquals(List.of(), store.list(StoredLayout.ownOriginals(first)), "its own original went with it");
        assertTrue(store.exists(StoredLayout.original(sha256(pdf))), "the scan stays while a document cut from it remains");
        assertOnlyPagesOf(roi.get("/api/documents/" + second + "/original").body(), List.of(two.get(1)), two, "the other part");

        assertEquals(204, admin.delete("/api/documents/" + second).status());
        assertFalse(store.exists(StoredLayout.original(sha256(pdf))), "the scan goes with the last document cut from it");
        assertEquals(404, indexer.get("/api/sources/" + sha256(pdf)).status());
    }

    @Test
    void splitDocumentsStoredBeforeOwnOriginalsHandOutOnlyTheirPagesFromFirstUse() throws Exception {
        String id = streamDocuments.get(1);
        String made = roi.get("/api/documents/" + id).json().get("sha256").asText();
        storeAsBeforeOwnOriginals(id, sha256(streamTiff), "ward-7-stream.tif [2 of 3]", "image/tiff", streamTiff.length);
        assertEquals(sha256(streamTiff), Json.read(server.app().store().getBytes(StoredLayout.document(id)), Document.class).sha256());

        // two clerks at once: one file is made, both get it
        List<CompletableFuture<Response>> racing = List.of(
                CompletableFuture.supplyAsync(() -> roi.get("/api/documents/" + id + "/original")),
                CompletableFuture.supplyAsync(() -> roi.get("/api/documents/" + id + "/original")));
        byte[] first = racing.get(0).get(3, TimeUnit.MINUTES).body();
        assertArrayEquals(first, racing.get(1).get(3, TimeUnit.MINUTES).body());
        assertOnlyPagesOf(first, List.of(streamed.get(1)), streamed, "original of a document cut before own originals");
        assertEquals(made, sha256(first), "the same pages make the same file");
        assertEquals(List.of(StoredLayout.ownOriginal(id, made)), server.app().store().list(StoredLayout.ownOriginals(id)));
        JsonNode document = roi.get("/api/documents/" + id).json();
        assertEquals(made, document.get("sha256").asText());
        int pageInStream = stream.documents().get(1).contentPages().get(0) + 1;
        assertEquals(sourceScans(sha256(streamTiff), List.of(pageInStream)), document.get("sourceScans").toString());
    }

    @Test
    void reviewerCutsStoredBeforeOwnOriginalsAreCompletedAtStartFromTheirOwnPageImages() throws Exception {
        List<Patient> two = distinctPatients(11).subList(9, 11);
        List<ChartPage> pages = List.of(GENERATOR.document(two.get(0), 960, "PROGRESS NOTE", 1).pages().get(0),
                GENERATOR.document(two.get(1), 961, "PROGRESS NOTE", 1).pages().get(0));
        byte[] pdf = ChartFiles.bornDigitalPdf(pages);
        String first = single(uploadAndWait(scanner, "cut-long-ago.pdf", pdf));
        Response cut = indexer.post("/api/documents/" + first + "/split", Map.of("atPage", 2));
        assertEquals(201, cut.status(), cut.toString());
        String second = cut.json().get("documentId").asText();
        // ChartVault stored every page image at ingest back then (born-digital ones are drawn on demand now)
        for (String id : List.of(first, second)) assertEquals(200, roi.get("/api/documents/" + id + "/pages/1/image").status());
        // as a reviewer's split stored them: both name the whole upload, the first keeps its page count
        storeAsBeforeOwnOriginals(first, sha256(pdf), "cut-long-ago.pdf", "application/pdf", pdf.length);
        storeAsBeforeOwnOriginals(second, sha256(pdf), "cut-long-ago.pdf (split at page 2)", "application/pdf", pdf.length);
        ObjectStore store = server.app().store();
        Document trimmed = Json.read(store.getBytes(StoredLayout.document(first)), Document.class);
        store.put(StoredLayout.document(first), Json.bytes(trimmed.withPages(2, trimmed.pages())), "application/json");
        store.delete(StoredLayout.SCANS_RECORDED);

        assertTrue(server.app().originals().settleAll() >= 2);

        for (String id : List.of(first, second)) {
            Document completed = Json.read(store.getBytes(StoredLayout.document(id)), Document.class);
            assertEquals(1, store.list(StoredLayout.ownOriginals(id)).size(), "an original of its own was made at start");
            assertEquals("[{\"sha256\":\"" + sha256(pdf) + "\",\"pages\":null}]", Json.mapper().writeValueAsString(completed.sourceScans()),
                    "which page of the scan it is was not recorded then, and is not guessed");
        }
        assertOnlyPagesOf(roi.get("/api/documents/" + first + "/original").body(), List.of(two.get(0)), two, "first part");
        assertOnlyPagesOf(roi.get("/api/documents/" + second + "/original").body(), List.of(two.get(1)), two, "second part");
    }

    // ---- helpers ----

    /** Rewrites the document's record as ChartVault stored it before documents had originals of their own. */
    private static void storeAsBeforeOwnOriginals(String id, String scan, String fileName, String contentType, long bytes)
            throws IOException {
        ObjectStore store = server.app().store();
        Document current = Json.read(store.getBytes(StoredLayout.document(id)), Document.class);
        List<PageSummary> pages = current.pages().stream()
                .map(p -> new PageSummary(p.number(), p.confidence(), p.source(), p.blank())).toList();
        Document before = current.toBuilder().original(new OriginalFile(scan, fileName, contentType, bytes))
                .pages(current.pagesTotal(), pages).build();
        store.put(StoredLayout.document(id), Json.bytes(before), "application/json");
        for (String key : store.list(StoredLayout.ownOriginals(id))) store.delete(key);
    }

    /**
     * The PDF has exactly one page per entry of {@code owners}, and each page names its owner (MRN and family name)
     * and nobody else of {@code everyone}.
     */
    private static void assertOnlyPagesOf(byte[] pdf, List<Patient> owners, List<Patient> everyone, String what)
            throws Exception {
        assertEquals(owners.size(), pageCount(pdf), what + ": page count");
        List<String> pages = read(pdf);
        for (int p = 0; p < pages.size(); p++) {
            String text = pages.get(p);
            String letters = text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
            Patient owner = owners.get(p);
            assertTrue(text.contains(owner.mrn()), what + ", page " + (p + 1) + " shows MRN " + owner.mrn() + ":\n" + text);
            assertTrue(letters.contains(familyName(owner)), what + ", page " + (p + 1) + " names " + owner.lastName());
            for (Patient other : everyone) {
                if (owners.contains(other)) continue;
                assertFalse(text.contains(other.mrn()), what + ", page " + (p + 1) + " shows another patient's MRN");
                assertFalse(letters.contains(familyName(other)), what + ", page " + (p + 1) + " names " + other.lastName());
            }
        }
    }

    private static int pageCount(byte[] file) throws IOException {
        if (!isPdf(file)) return ChartFiles.readTiff(file).size();
        try (PDDocument document = Loader.loadPDF(file)) {
            return document.getNumberOfPages();
        }
    }

    private static boolean isPdf(byte[] file) {
        return new String(file, 0, Math.min(5, file.length), StandardCharsets.US_ASCII).equals("%PDF-");
    }

    /**
     * Each page's text: its text layer when it has one, else what Tesseract reads off it at 300 DPI. A TIFF (what a
     * scan was uploaded as) is read page by page too, so that a whole scan handed out shows as too many pages.
     */
    private static List<String> read(byte[] pdf) throws Exception {
        List<String> known = READ.get(sha256(pdf));
        if (known != null) return known;
        List<String> pages = new ArrayList<>();
        if (!isPdf(pdf)) {
            for (BufferedImage page : ChartFiles.readTiff(pdf)) pages.add(TesseractCommand.read(page, "--psm", "1"));
            READ.put(sha256(pdf), pages);
            return pages;
        }
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            for (int i = 0; i < document.getNumberOfPages(); i++) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setStartPage(i + 1);
                stripper.setEndPage(i + 1);
                String layer = stripper.getText(document);
                pages.add(layer.isBlank() ? TesseractCommand.read(renderer.renderImageWithDPI(i, 300, ImageType.GRAY), "--psm", "1") : layer);
            }
        }
        READ.put(sha256(pdf), pages);
        return pages;
    }

    private static String pdfText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    /** The DocumentReference's original entry describes exactly the bytes its Binary returned. */
    private static void assertReferenceDescribes(String fhirId, Response binary) throws Exception {
        JsonNode reference = roi.get("/fhir/DocumentReference/" + fhirId).json();
        JsonNode attachment = reference.get("content").get(0).get("attachment");
        assertEquals(binary.body().length, attachment.get("size").asLong());
        assertEquals(binary.header("content-type"), attachment.get("contentType").asText());
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(binary.body())),
                attachment.get("hash").asText());
        String sha256 = null;
        for (JsonNode extension : attachment.get("extension")) {
            if (extension.get("url").asText().endsWith("attachment-sha256")) sha256 = extension.get("valueString").asText();
        }
        assertEquals(sha256(binary.body()), sha256);
    }

    private static byte[] export(String holdId) throws InterruptedException {
        Response started = legal.post("/api/holds/" + holdId + "/exports", Map.of());
        assertEquals(202, started.status(), started.toString());
        String exportId = started.json().get("exportId").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!legal.get("/api/exports/" + exportId).json().get("status").asText().equals("done")) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("the production was not done in time");
            Thread.sleep(250);
        }
        Response zip = legal.get("/api/exports/" + exportId + "/download");
        assertEquals(200, zip.status(), zip.toString());
        return zip.body();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) files.put(entry.getName(), in.readAllBytes());
        }
        return files;
    }

    private static JsonNode uploadAndWait(Client client, String name, byte[] bytes) {
        Response answer = client.upload(Map.of(), new Part(name, bytes));
        assertEquals(202, answer.status(), answer.toString());
        return client.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(5));
    }

    private static String single(JsonNode batch) {
        assertEquals(1, batch.get("documents").size(), batch.toString());
        return batch.get("documents").get(0).get("documentId").asText();
    }

    /** {@code count} patients with different MRNs and family names, the same ones on every call. */
    private static List<Patient> distinctPatients(int count) {
        List<Patient> patients = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (long seed = 800; patients.size() < count; seed++) {
            Patient patient = GENERATOR.patient(seed);
            boolean clash = false;
            for (String name : seen) clash |= name.contains(familyName(patient)) || familyName(patient).contains(name);
            if (clash || !seen.add(familyName(patient))) continue;
            patients.add(patient);
        }
        return patients;
    }

    private static String familyName(Patient patient) {
        return patient.lastName().toUpperCase(Locale.ROOT).replaceAll("[^A-Z]", "");
    }

    private static String sourceScans(String sha256, List<Integer> pages) {
        return "[{\"sha256\":\"" + sha256 + "\",\"pages\":" + pages.toString().replace(" ", "") + "}]";
    }

}
