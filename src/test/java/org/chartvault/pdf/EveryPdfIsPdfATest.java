package org.chartvault.pdf;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.CaptureStream;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.ScannedPage;
import org.chartvault.testing.VeraPdf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of PDF ChartVault writes, made by a running ChartVault over HTTP from uploaded scans and born-digital
 * files, is PDF/A-2b as veraPDF judges it, keeps its text extractable, and where ChartVault promises the same bytes
 * when it makes the file again, has them. The one exception is a file cut from a born-digital upload, whose copied
 * page content ChartVault cannot vouch for: it says so by not claiming PDF/A.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryPdfIsPdfATest {
    private static final ChartGenerator GENERATOR = new ChartGenerator();

    /** A PDF ChartVault wrote: words its text must hold (none for image-only files), and the file made again. */
    record Made(byte[] pdf, List<String> words, byte[] again) {
    }

    @TempDir
    static Path data;
    private RunningChartVault vault;
    private final Map<String, Made> made = new LinkedHashMap<>();
    private byte[] cutFromBornDigital;

    @BeforeAll
    void makeEveryKindOfPdf() throws Exception {
        vault = RunningChartVault.start(data);
        Client admin = vault.admin(); // every role: one login for all the work below

        // A scanning-room stream: two patients' notes behind separator sheets, bitonal G4 TIFF, cut at the sheets.
        Patient first = GENERATOR.patient(7101), second = GENERATOR.patient(7102);
        List<ChartDocument> notes = List.of(GENERATOR.document(first, 7111, "PROGRESS NOTE", 1),
                GENERATOR.document(second, 7112, "PROGRESS NOTE", 1));
        CaptureStream stream = CaptureStream.withSeparators(notes,
                new CaptureStream.Options(300, 0.5, 0, 0, 0, false, 150), 71);
        List<String> streamed = ids(upload(admin, Map.of(), "ward-stream.tif",
                ChartFiles.tiff(stream.pages(), ChartFiles.TiffCompression.CCITT_G4)));
        assertEquals(2, streamed.size(), "cut at the separator sheets");
        String ocrd = streamed.get(0);
        made.put("searchable PDF of a scanned document (OCR text)",
                new Made(get(admin, "/api/documents/" + ocrd + "/pdf"), List.of(longestWord(admin, ocrd)), null));
        made.put("original of a document cut from a scanned TIFF",
                new Made(get(admin, "/api/documents/" + ocrd + "/original"), List.of(), null));

        // An image-only scanned PDF of two pages, cut in two by a reviewer.
        Patient third = GENERATOR.patient(7103);
        List<ScannedPage> scans = List.of(GENERATOR.document(third, 7121, "CONSULTATION", 1).pages().get(0).scan(300),
                GENERATOR.document(third, 7122, "CONSULTATION", 1).pages().get(0).scan(300));
        String scannedPdf = single(upload(admin, indexing(third, LocalDate.of(2024, 3, 1)), "consults.pdf",
                ChartFiles.scannedPdf(scans)));
        Response cut = admin.post("/api/documents/" + scannedPdf + "/split", Map.of("atPage", 2));
        assertEquals(201, cut.status(), cut::toString);
        made.put("original of a document cut from a scanned PDF",
                new Made(get(admin, "/api/documents/" + cut.json().get("documentId").asText() + "/original"), List.of(), null));

        // A born-digital PDF (text in PDFBox's standard fonts, not embedded) of two pages, cut in two.
        Patient fourth = GENERATOR.patient(7104);
        String bornDigital = single(upload(admin, indexing(fourth, LocalDate.of(2024, 4, 1)), "letters.pdf",
                ChartFiles.bornDigitalPdf(GENERATOR.document(fourth, 7131, "REFERRAL", 2).pages())));
        made.put("searchable PDF of a born-digital document (its text layer)",
                new Made(get(admin, "/api/documents/" + bornDigital + "/pdf"), List.of(longestWord(admin, bornDigital)), null));
        Response bornCut = admin.post("/api/documents/" + bornDigital + "/split", Map.of("atPage", 2));
        assertEquals(201, bornCut.status(), bornCut::toString);
        cutFromBornDigital = get(admin, "/api/documents/" + bornCut.json().get("documentId").asText() + "/original");

        // A document without page images is produced as a native and a slip sheet. Here: its page is recorded as a
        // scanned page whose image is gone (a born-digital page's image and searchable PDF would be made again).
        Patient fifth = GENERATOR.patient(7105);
        String unreadable = single(upload(admin, indexing(fifth, LocalDate.of(2024, 5, 1)), "note.pdf",
                ChartFiles.bornDigitalPdf(GENERATOR.document(fifth, 7151, "REFERRAL", 1).pages())));
        var store = vault.app().store();
        String pageKey = org.chartvault.document.StoredLayout.pageContent(unreadable, 1);
        var page = org.chartvault.Json.read(store.getBytes(pageKey), org.chartvault.document.PageContent.class);
        store.put(pageKey, org.chartvault.Json.bytes(new org.chartvault.document.PageContent(page.number(), page.width(),
                page.height(), page.dpi(), org.chartvault.document.PageContent.SOURCE_OCR, 0, 0, page.confidence(),
                page.text(), page.words(), false)), "application/json");
        store.delete(org.chartvault.document.StoredLayout.pageImage(unreadable, 1));
        store.delete("documents/" + unreadable + "/searchable.pdf");

        // A legal hold on all of them, and its production.
        Response hold = admin.post("/api/holds", Map.of("name", "Archive v. Validator", "matter", "2026-CV-0020",
                "mrns", List.of(first.mrn(), second.mrn(), third.mrn(), fifth.mrn())));
        assertEquals(201, hold.status(), hold::toString);
        String exportId = export(admin, hold.json().get("holdId").asText());
        Map<String, byte[]> produced = unzip(get(admin, "/api/exports/" + exportId + "/download"));
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        vault.app().exports().rebuild(exportId, rebuilt);
        Map<String, byte[]> again = unzip(rebuilt.toByteArray());
        Map<String, String[]> rows = manifest(produced.get("manifest.csv"));
        String image = rows.get("image:" + ocrd)[0], slip = rows.get("image:" + unreadable)[0];
        String nativeCut = rows.get("native:" + ocrd)[0];
        made.put("production image, Bates-stamped",
                new Made(produced.get(image), List.of(bates(image), longestWord(admin, ocrd)), again.get(image)));
        made.put("production slip sheet", new Made(produced.get(slip), List.of(bates(slip), "native form only"), again.get(slip)));
        made.put("production native of a document cut from a scan", new Made(produced.get(nativeCut), List.of(), again.get(nativeCut)));
        made.put("production chain-of-custody report", new Made(produced.get("chain-of-custody.pdf"),
                List.of("Chain of custody", exportId), again.get("chain-of-custody.pdf")));

        // A release of the first patient's note, and the patient's accounting of disclosures.
        Response release = admin.post("/api/releases", Map.of("mrn", first.mrn(), "requester", "Dana Whitfield",
                "purpose", "Continuity of care", "items", List.of(Map.of("documentId", ocrd))));
        assertEquals(201, release.status(), release::toString);
        String releaseId = release.json().get("releaseId").asText();
        Response packet = admin.post("/api/releases/" + releaseId + "/packet", Map.of());
        assertEquals(201, packet.status(), packet::toString);
        vault.app().store().delete("releases/" + releaseId + "/packet.pdf");
        Response reproduced = admin.post("/api/releases/" + releaseId + "/packet", Map.of());
        made.put("release packet", new Made(packet.body(),
                List.of("Release of Information", "Dana Whitfield", longestWord(admin, ocrd)), reproduced.body()));
        made.put("accounting of disclosures", new Made(get(admin, "/api/patients/" + first.mrn() + "/disclosures.pdf"),
                List.of("Accounting of Disclosures", "Dana Whitfield"), null));
        Response given = admin.post("/api/patients/" + first.mrn() + "/accountings", Map.of("requestedBy", "The patient"));
        assertEquals(201, given.status(), given::toString);
        made.put("accounting given to the patient", new Made(get(admin, "/api/patients/" + first.mrn() + "/accountings/"
                + given.json().get("accountingId").asText() + "/pdf"), List.of("Accounting of Disclosures", "Dana Whitfield"), null));
        made.put("patient access report", new Made(get(admin, "/api/patients/" + first.mrn() + "/access-report.pdf"),
                List.of("Patient access report", first.mrn(), "Produced a release packet"), null));

        // Separator sheets, printed twice.
        String sheet = "/api/separator-sheets?mrn=" + second.mrn() + "&documentType=Progress%20Note&serviceDate=2024-01-05";
        made.put("separator sheet", new Made(get(admin, sheet), List.of("CHARTVAULT SEPARATOR SHEET", second.mrn()),
                get(admin, sheet)));

        // Last, as it destroys what is past its retention: a purge and its certificate of destruction.
        Patient sixth = GENERATOR.patient(7106);
        String expired = single(upload(admin, indexing(sixth, LocalDate.of(2001, 2, 3)), "old-letter.pdf",
                ChartFiles.bornDigitalPdf(GENERATOR.document(sixth, 7141, "REFERRAL", 1).pages())));
        String list = admin.post("/api/retention/runs", Map.of("dryRun", true)).json().get("runId").asText();
        assertEquals(200, admin.post("/api/retention/runs/" + list + "/approval", Map.of()).status());
        Response purge = admin.post("/api/retention/runs", Map.of("dryRun", false, "note", "annual purge", "list", list,
                "witness", "Wes Witness"));
        assertEquals(201, purge.status(), purge::toString);
        made.put("certificate of destruction", new Made(get(admin, "/api/retention/runs/"
                + purge.json().get("runId").asText() + "/certificate"), List.of("Certificate of destruction", expired), null));
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    List<String> kinds() {
        return List.copyOf(made.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void isPdfA2bAsVeraPdfJudgesItAndKeepsItsText(String kind) throws IOException {
        Made pdf = made.get(kind);

        assertEquals(List.of(), VeraPdf.failedRules(pdf.pdf()), kind + ": the PDF/A-2b rules veraPDF finds broken");
        String text = text(pdf.pdf()).replaceAll("\\s+", " ");
        for (String word : pdf.words()) assertTrue(text.contains(word), kind + ": '" + word + "' in its text:\n" + text);
        if (pdf.again() != null) assertArrayEquals(pdf.pdf(), pdf.again(), kind + ": made again, the same bytes");
    }

    @Test
    void aFileCutFromABornDigitalUploadDoesNotClaimPdfAItsContentDoesNotMeet() throws IOException {
        try (PDDocument pdf = Loader.loadPDF(cutFromBornDigital)) {
            PDMetadata metadata = pdf.getDocumentCatalog().getMetadata();
            assertNotNull(metadata, "it still has its metadata and output intent");
            assertFalse(new String(metadata.toByteArray(), StandardCharsets.UTF_8).contains("pdfaid"), "no PDF/A claim");
            assertFalse(new PDFTextStripper().getText(pdf).isBlank(), "its own text layer is copied with the page");
        }
        List<String> failed = VeraPdf.failedRules(cutFromBornDigital);
        assertTrue(failed.stream().anyMatch(rule -> rule.startsWith("6.2.11.4.1")),
                "the standard fonts it copies are not embedded: " + failed);
    }

    private static JsonNode upload(Client client, Map<String, String> fields, String name, byte[] file) {
        Response answer = client.upload(fields, new Part(name, file));
        assertEquals(202, answer.status(), answer::toString);
        return client.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(5));
    }

    private static Map<String, String> indexing(Patient patient, LocalDate serviceDate) {
        return Map.of("mrn", patient.mrn(), "patientName", patient.printedName(), "serviceDate", serviceDate.toString());
    }

    private static List<String> ids(JsonNode batch) {
        List<String> ids = new ArrayList<>();
        batch.get("documents").forEach(d -> ids.add(d.get("documentId").asText()));
        return ids;
    }

    private static String single(JsonNode batch) {
        List<String> ids = ids(batch);
        assertEquals(1, ids.size(), batch::toString);
        return ids.get(0);
    }

    private static byte[] get(Client client, String path) {
        Response answer = client.get(path);
        assertEquals(200, answer.status(), () -> path + ": " + answer);
        return answer.body();
    }

    /** The longest word of the document's first page as ChartVault read it: its PDFs must give it back. */
    private static String longestWord(Client client, String documentId) {
        JsonNode words = client.get("/api/documents/" + documentId + "/pages/1/words").json().get("words");
        List<String> texts = new ArrayList<>();
        words.forEach(w -> texts.add(w.get("text").asText()));
        return texts.stream().filter(t -> t.matches("[A-Za-z]+")).max(Comparator.comparingInt(String::length)).orElseThrow();
    }

    private static String export(Client client, String holdId) throws InterruptedException {
        Response started = client.post("/api/holds/" + holdId + "/exports", Map.of("batesPrefix", "PDFA"));
        assertEquals(202, started.status(), started::toString);
        String exportId = started.json().get("exportId").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (!client.get("/api/exports/" + exportId).json().get("status").asText().equals("done")) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("export not done in time");
            Thread.sleep(200);
        }
        return exportId;
    }

    /** Manifest rows by "kind:documentId" (native, image, text). */
    private static Map<String, String[]> manifest(byte[] csv) {
        List<String[]> lines = new String(csv, StandardCharsets.UTF_8).lines().map(l -> l.split(",", -1)).toList();
        List<String> header = List.of(lines.get(0));
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String[] row : lines.subList(1, lines.size())) {
            rows.put(row[header.indexOf("kind")] + ":" + row[header.indexOf("documentId")], row);
        }
        return rows;
    }

    /** "IMAGES/PDFA000003.pdf" is stamped PDFA000003 on its first page. */
    private static String bates(String path) {
        return path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.'));
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) files.put(entry.getName(), in.readAllBytes());
        }
        return files;
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
