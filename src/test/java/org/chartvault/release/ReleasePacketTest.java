package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Release packets built over HTTP from generated chart pages (born-digital PDFs, and one scan that goes through
 * OCR), read back with PDFBox.
 */
class ReleasePacketTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client clerk, scanner;
    static ChartGenerator generator = new ChartGenerator();
    static Patient patient;
    static ChartDocument summary, scannedNote, treatment, otherPatients;
    static String summaryId, scannedId, treatmentId, otherId;

    @BeforeAll
    static void archiveCharts() throws Exception {
        vault = RunningChartVault.start(data);
        scanner = vault.user("scanner1", "scanner");
        clerk = vault.user("clerk1", "roi");
        // a local type filed under the default 42 CFR Part 2 category (LOINC: Psychiatry Note)
        ChartUploads.addDocumentTypes(vault.admin(), "Psychiatry Note,28628-6,Substance Use Disorder Treatment,");
        patient = generator.patient(4101);
        summary = generator.document(patient, 11, "DISCHARGE SUMMARY", 2);
        scannedNote = generator.document(patient, 12, "PROGRESS NOTE", 1);
        treatment = generator.document(patient, 13, "PROGRESS NOTE", 1);
        otherPatients = generator.document(generator.patient(4202), 21, "CONSULTATION", 1);
        var a = CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(scanner, summary, "DISCHARGE SUMMARY"));
        var b = CompletableFuture.supplyAsync(() -> ChartUploads.scanned(scanner, scannedNote));
        var c = CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(scanner, treatment, "Substance Use Disorder Treatment"));
        var d = CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(scanner, otherPatients, "CONSULTATION"));
        summaryId = a.get();
        scannedId = b.get();
        treatmentId = c.get();
        otherId = d.get();
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void packetHasCoverSheetThenEveryReleasedPageWithBatesNumbersInOrder() {
        Response created = clerk.post("/api/releases", Map.of(
                "mrn", patient.mrn(),
                "requester", Map.of("name", "Dana Whitfield", "organisation", "Whitfield & Ortiz LLP",
                        "address", "12 Harbour Street, Portland ME 04101"),
                "purpose", "Litigation: personal injury claim",
                "items", List.of(Map.of("documentId", summaryId), Map.of("documentId", scannedId))));
        assertEquals(201, created.status(), created.toString());
        String releaseId = created.json().get("releaseId").asText();
        assertEquals("received", created.json().get("status").asText());
        assertEquals(3, created.json().get("pages").asInt());

        Response packet = clerk.post("/api/releases/" + releaseId + "/packet", Map.of());
        assertEquals(201, packet.status(), packet.toString());
        assertEquals("application/pdf", packet.header("content-type"));
        List<String> pages = ChartUploads.pageTexts(packet.body());
        assertEquals(1 + 3, pages.size(), "one cover page and the three released pages");

        String cover = pages.get(0);
        for (String expected : List.of("Dana Whitfield", "Whitfield & Ortiz LLP", "12 Harbour Street", patient.printedName(),
                patient.mrn(), "Litigation: personal injury claim", "clerk1", "Total pages released: 3",
                summaryId, scannedId, "CV000001", "CV000003")) {
            assertTrue(cover.contains(expected), "cover sheet names " + expected + ":\n" + cover);
        }
        JsonNode release = clerk.get("/api/releases/" + releaseId).json();
        assertEquals("released", release.get("status").asText());
        assertTrue(cover.contains(release.get("releaseDate").asText()), "cover sheet has the release date");

        for (int n = 1; n <= 3; n++) {
            String bates = String.format("CV%06d", n);
            String page = pages.get(n);
            assertTrue(page.contains(bates), "page " + (n + 1) + " carries " + bates + ":\n" + page);
            for (int other = 1; other <= 3; other++) {
                if (other != n) assertFalse(page.contains(String.format("CV%06d", other)), "only its own Bates number");
            }
            String folded = page.replaceAll("\\s+", " ");
            assertTrue(folded.contains("CONFIDENTIAL") && folded.contains("redisclosure prohibited"), "confidentiality footer:\n" + page);
        }
        assertTrue(pages.get(1).contains(summary.indexing().encounter()), "summary page 1 text is searchable");
        assertTrue(pages.get(3).contains(scannedNote.indexing().encounter()), "the OCR'd page's text is searchable");
        assertEquals(1 + 3, release.get("packet").get("pages").asInt());
        assertEquals("CV000001", release.get("packet").get("firstBates").asText());
        assertEquals("CV000003", release.get("packet").get("lastBates").asText());
    }

    @Test
    void redactedLinesAreBlackInTheImageAndAbsentFromTheText() throws Exception {
        JsonNode bornWords = ChartUploads.words(clerk, summaryId, 1);
        JsonNode ocrWords = ChartUploads.words(clerk, scannedId, 1);
        Rectangle bornBox = ChartUploads.around(ChartUploads.lineOf(bornWords, "Encounter:"), 6);
        Rectangle ocrBox = ChartUploads.around(ChartUploads.lineOf(ocrWords, "Encounter:"), 6);
        String keptBorn = ChartUploads.lineOf(bornWords, "DOB:").stream().map(w -> w.get("text").asText())
                .filter(t -> t.contains("/")).findFirst().orElseThrow();
        String keptOcr = ChartUploads.lineOf(ocrWords, "DOB:").stream().map(w -> w.get("text").asText())
                .filter(t -> t.contains("/")).findFirst().orElseThrow();

        Response created = clerk.post("/api/releases", Map.of(
                "mrn", patient.mrn(), "requester", "Northgate Insurance Co.", "purpose", "Insurance claim review",
                "items", List.of(Map.of("documentId", summaryId, "pages", List.of(1)), Map.of("documentId", scannedId)),
                "redactions", List.of(ChartUploads.redaction(summaryId, 1, bornBox), ChartUploads.redaction(scannedId, 1, ocrBox))));
        assertEquals(201, created.status(), created.toString());
        byte[] pdf = clerk.post("/api/releases/" + created.json().get("releaseId").asText() + "/packet", Map.of()).body();
        List<String> pages = ChartUploads.pageTexts(pdf);
        assertEquals(3, pages.size());
        String all = String.join("\n", pages);

        for (ChartDocument document : List.of(summary, scannedNote)) {
            String encounter = document.indexing().encounter();
            assertFalse(all.contains(encounter), "redacted encounter " + encounter + " cannot be extracted");
            assertFalse(all.contains(encounter.substring(1)), "not even in part");
        }
        assertTrue(pages.get(1).contains(keptBorn), "text outside the box stays: " + keptBorn);
        assertTrue(pages.get(2).contains(keptOcr), "text outside the box stays on the OCR'd page: " + keptOcr);

        BufferedImage original = ImageIO.read(new ByteArrayInputStream(
                clerk.get("/api/documents/" + summaryId + "/pages/1/image").body()));
        assertTrue(ChartUploads.mean(original, bornBox) > 150, "the stored page is mostly white there");
        for (int i = 0; i < 2; i++) {
            Rectangle box = i == 0 ? bornBox : ocrBox;
            BufferedImage embedded = ChartUploads.imageOn(pdf, i + 1);
            Rectangle inside = new Rectangle(box.x + 2, box.y + 2, box.width - 4, box.height - 4);
            assertTrue(ChartUploads.brightest(embedded, inside) < 40,
                    "every pixel under the box is black in the embedded image of page " + (i + 2));
            Rectangle below = new Rectangle(box.x, box.y + box.height + 80, box.width, 30);
            assertTrue(ChartUploads.mean(embedded, below) > 150, "the page below the box is untouched");
        }
    }

    @Test
    void part2RecordIsLeftOutWithoutAnAuthorizationThatNamesItAndReleasedWithOne() {
        Map<String, Object> request = Map.of("mrn", patient.mrn(), "requester", "Dr. Lena Marsh, Bayview Clinic",
                "purpose", "Continuity of care",
                "items", List.of(Map.of("documentId", summaryId), Map.of("documentId", treatmentId)));
        Response without = clerk.post("/api/releases", request);
        assertEquals(201, without.status(), without.toString());
        JsonNode excluded = without.json().get("excluded");
        assertEquals(1, excluded.size(), excluded.toString());
        assertEquals(treatmentId, excluded.get(0).get("documentId").asText());
        assertEquals("substance-use-disorder", excluded.get(0).get("category").asText());
        assertTrue(excluded.get(0).get("reason").asText().contains("names this category"), excluded.toString());
        byte[] withoutPdf = clerk.post("/api/releases/" + without.json().get("releaseId").asText() + "/packet", Map.of()).body();
        List<String> withoutPages = ChartUploads.pageTexts(withoutPdf);
        assertEquals(1 + 2, withoutPages.size(), "cover and the two summary pages only");
        assertFalse(String.join("", withoutPages.subList(1, 3)).contains(treatment.indexing().encounter()));
        assertTrue(withoutPages.get(0).contains("Left out"), "the cover sheet says what was left out:\n" + withoutPages.get(0));

        Map<String, Object> authorized = new java.util.HashMap<>(request);
        authorized.put("authorization", org.chartvault.testing.SignedForms.part2Consent(patient.firstName() + " " + patient.lastName(),
                "reference", "signed consent", "signedOn", "2025-01-02"));
        Response with = clerk.post("/api/releases", authorized);
        assertEquals(201, with.status(), with.toString());
        assertEquals(1, with.json().get("excluded").size(), "saying there is a consent is not enough: " + with);
        Response attached = clerk.postFiles("/api/releases/" + with.json().get("releaseId").asText() + "/authorization",
                Map.of(), new RunningChartVault.Part("consent.png", org.chartvault.testing.ChartFiles.png(generator.page(79).scan(100))));
        assertEquals(200, attached.status(), attached.toString());
        assertEquals(0, attached.json().get("excluded").size(), "with the signed form on file it goes in: " + attached);
        byte[] withPdf = clerk.post("/api/releases/" + with.json().get("releaseId").asText() + "/packet", Map.of()).body();
        List<String> withPages = ChartUploads.pageTexts(withPdf);
        int cover = withPages.size() - 3; // the notice and the consent's scope may take the cover onto a second page
        assertTrue(cover >= 1, "a cover sheet and the three pages: " + withPages.size());
        assertTrue(withPages.get(cover + 2).contains(treatment.indexing().encounter()), "the Part 2 page is released");
        assertTrue(withPages.get(cover + 2).contains("42 CFR part 2 prohibits unauthorized use or disclosure"),
                "Part 2 pages carry Part 2's notice");
        assertFalse(withPages.get(cover).contains("42 CFR part 2 prohibits"), "other pages do not");
        assertTrue(String.join(" ", withPages.subList(0, cover)).replaceAll("\\s+", " ").contains("protected by Federal confidentiality rules (42 CFR part 2)"),
                "the cover sheet has the full redisclosure notice");
    }

    @Test
    void itemsOfAnotherPatientPagesThatDoNotExistAndOtherRolesAreRefused() {
        Response foreign = clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Someone",
                "purpose", "Personal", "items", List.of(Map.of("documentId", summaryId), Map.of("documentId", otherId))));
        assertEquals(400, foreign.status(), foreign.toString());
        assertEquals("wrong-patient", foreign.json().get("error").asText());
        assertTrue(foreign.json().get("message").asText().contains(otherId));

        Response missingPage = clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Someone",
                "purpose", "Personal", "items", List.of(Map.of("documentId", summaryId, "pages", List.of(1, 7)))));
        assertEquals(400, missingPage.status(), missingPage.toString());
        assertEquals("no-such-page", missingPage.json().get("error").asText());

        Response offPage = clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Someone",
                "purpose", "Personal", "items", List.of(Map.of("documentId", summaryId)),
                "redactions", List.of(Map.of("documentId", summaryId, "page", 1, "x", 90000, "y", 10, "width", 5, "height", 5))));
        assertEquals(400, offPage.status(), offPage.toString());

        Response notRoi = scanner.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Someone",
                "purpose", "Personal", "items", List.of(Map.of("documentId", summaryId))));
        assertEquals(403, notRoi.status(), "only release-of-information clerks (and admins) release records");
    }

    @Test
    void packetIsStoredHashedAndProducedAgainWithTheSameBytes() throws Exception {
        Response created = clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Patient (self)",
                "purpose", "Personal copy", "items", List.of(Map.of("documentId", summaryId, "pages", List.of(2)))));
        String id = created.json().get("releaseId").asText();
        assertEquals(404, clerk.get("/api/releases/" + id + "/packet").status(), "nothing to download before it is produced");
        Response first = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(201, first.status(), first.toString());
        Response again = clerk.get("/api/releases/" + id + "/packet");
        assertArrayEquals(first.body(), again.body());
        Response producedAgain = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(200, producedAgain.status(), "produced before: 200 and the same bytes");
        assertArrayEquals(first.body(), producedAgain.body());

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first.body()));
        assertEquals(sha, clerk.get("/api/releases/" + id).json().get("packet").get("sha256").asText());
        assertEquals(sha, first.header("X-Packet-SHA256"));

        vault.app().store().delete("releases/" + id + "/packet.pdf");
        assertEquals(404, clerk.get("/api/releases/" + id + "/packet").status(), "a GET does not produce anything");
        Response reproduced = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(200, reproduced.status(), reproduced.toString());
        assertArrayEquals(first.body(), reproduced.body(), "produced again from the record: the same bytes");
        try (PDDocument pdf = Loader.loadPDF(first.body())) {
            assertEquals(2, pdf.getNumberOfPages());
        }
    }
}
