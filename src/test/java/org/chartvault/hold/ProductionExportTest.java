package org.chartvault.hold;

import org.chartvault.testing.ProductionFiles;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/**
 * A production export of a hold, built by the running service and opened here the way a litigation-support team
 * would load it: the manifest's hashes, the Bates numbers printed on the pages, the load files' paths.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionExportTest {
    @TempDir
    static Path data;
    private RunningChartVault vault;
    private RunningChartVault.Client legal;
    private String holdId;
    private List<String> documents;

    @BeforeAll
    void holdThreeDocuments() throws IOException {
        vault = RunningChartVault.start(data);
        legal = vault.user("lee.legal", "legal");
        RunningChartVault.Client scanner = vault.admin(); // uploads as the administrator: one login fewer
        List<String> batches = List.of(
                ChartUploads.send(scanner, 601, "PX-1", LocalDate.of(2024, 1, 5), 2),
                ChartUploads.send(scanner, 602, "PX-1", LocalDate.of(2023, 6, 7), 1),
                ChartUploads.send(scanner, 603, "PX-2", LocalDate.of(2022, 2, 2), 2),
                ChartUploads.send(scanner, 604, "PX-9", LocalDate.of(2024, 1, 5), 1)); // not held, not produced
        List<String> all = batches.stream().map(b -> ChartUploads.processed(scanner, b)).toList();
        documents = all.subList(0, 3);
        RunningChartVault.Response hold = legal.post("/api/holds",
                Map.of("name", "Roe v. Northgate", "matter", "2026-CV-0777", "mrns", List.of("PX-1", "PX-2")));
        assertEquals(201, hold.status(), hold::toString);
        holdId = hold.json().get("holdId").asText();
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void productionZipHasVerifiableFilesContinuousBatesNumbersAndLoadFilesThatPointIntoIt() throws Exception {
        String exportId = export("SMITH");
        byte[] zip = download(exportId);
        Map<String, byte[]> files = ProductionFiles.unzip(zip);

        // every file but the manifest (and the custody report, which hashes the manifest) is in the manifest, hashes match
        List<String[]> manifest = ProductionFiles.csv(files.get("manifest.csv"));
        assertEquals(List.of("path", "sha256", "bytes", "documentId", "batesRange"),
                Arrays.asList(manifest.get(0)).subList(0, 5));
        List<String> listed = new ArrayList<>();
        for (String[] row : manifest.subList(1, manifest.size())) {
            byte[] content = files.get(row[0]);
            assertTrue(content != null, "manifest names a file the ZIP lacks: " + row[0]);
            assertEquals(row[1], sha256(content), row[0]);
            assertEquals(Long.parseLong(row[2]), content.length, row[0]);
            listed.add(row[0]);
        }
        List<String> unlisted = new ArrayList<>(files.keySet());
        unlisted.removeAll(listed);
        assertEquals(List.of("manifest.csv", "chain-of-custody.pdf"), unlisted);

        // DAT: one line per held document, paths exist, Bates ranges continuous across the production
        List<List<String>> dat = ProductionFiles.dat(files.get("DATA/production.dat"));
        List<String> header = dat.get(0);
        assertEquals(List.of("BEGBATES", "ENDBATES"), header.subList(0, 2));
        assertEquals(documents.size(), dat.size() - 1);
        // the matter's numbers continue from its earlier productions (other tests of this class), so start where it began
        JsonNode status = legal.get("/api/exports/" + exportId).json();
        int first = Integer.parseInt(status.get("batesBegin").asText().substring("SMITH".length()));
        int expected = first;
        List<String> allPages = new ArrayList<>();
        for (List<String> line : dat.subList(1, dat.size())) {
            Map<String, String> field = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) field.put(header.get(i), line.get(i));
            for (String path : List.of("NATIVEPATH", "IMAGEPATH", "TEXTPATH")) {
                assertTrue(files.containsKey(field.get(path)), field.get(path) + " is not in the ZIP");
            }
            assertEquals(String.format("SMITH%06d", expected), field.get("BEGBATES"));
            int pages = Integer.parseInt(field.get("PAGECOUNT"));
            assertEquals(String.format("SMITH%06d", expected + pages - 1), field.get("ENDBATES"));
            assertTrue(documents.contains(field.get("DOCID")));
            // the numbers are printed on the pages, in order, one per page
            try (PDDocument pdf = Loader.loadPDF(files.get(field.get("IMAGEPATH")))) {
                assertEquals(pages, pdf.getNumberOfPages());
                for (int p = 1; p <= pages; p++) {
                    PDFTextStripper stripper = new PDFTextStripper();
                    stripper.setStartPage(p);
                    stripper.setEndPage(p);
                    String bates = String.format("SMITH%06d", expected + p - 1);
                    assertTrue(stripper.getText(pdf).contains(bates), bates + " is not on its page");
                    allPages.add(bates);
                }
            }
            expected += pages;
        }
        assertEquals(5, allPages.size(), "2 + 1 + 2 pages");

        // OPT: one line per page, document breaks on first pages, image paths in the ZIP
        List<String> opt = new String(files.get("DATA/production.opt"), StandardCharsets.UTF_8).lines().toList();
        assertEquals(allPages, opt.stream().map(l -> l.split(",", -1)[0]).toList());
        assertEquals(documents.size(), opt.stream().filter(l -> l.split(",", -1)[3].equals("Y")).count());
        for (String line : opt) {
            String[] cells = line.split(",", -1);
            assertEquals(7, cells.length, line);
            assertTrue(files.containsKey(cells[2]), cells[2]);
        }

        // the chain-of-custody report names the requester and the manifest's hash
        try (PDDocument report = Loader.loadPDF(files.get("chain-of-custody.pdf"))) {
            String text = new PDFTextStripper().getText(report);
            assertTrue(text.contains("lee.legal"), text);
            assertTrue(text.contains(sha256(files.get("manifest.csv"))), text);
        }
        assertEquals(sha256(zip), status.get("zipSha256").asText());
        assertEquals(String.format("SMITH%06d", first + 4), status.get("batesEnd").asText());
        assertEquals("2026-CV-0777", status.get("matter").asText());
    }

    @Test
    void runningTheSameExportAgainGivesTheSameBytes() throws Exception {
        String first = export("ROE");
        byte[] stored = download(first);
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream();
        vault.app().exports().rebuild(first, rebuilt);
        assertArrayEquals(stored, rebuilt.toByteArray(), "the same export built twice");

        // a second export of the same hold produces the same natives under the matter's next Bates numbers
        Map<String, byte[]> a = ProductionFiles.unzip(stored);
        String second = export("ROE");
        Map<String, byte[]> b = ProductionFiles.unzip(download(second));
        assertEquals(nativesByDocument(a), nativesByDocument(b));
        long firstEnd = Long.parseLong(legal.get("/api/exports/" + first).json().get("batesEnd").asText().substring(3));
        long secondBegin = Long.parseLong(legal.get("/api/exports/" + second).json().get("batesBegin").asText().substring(3));
        assertTrue(secondBegin > firstEnd, "numbers are never repeated within the matter");
        assertNotEquals(sha256(a.get("chain-of-custody.pdf")), sha256(b.get("chain-of-custody.pdf")));
    }

    /** documentId to the SHA-256 of its native, from the manifest. */
    private static Map<String, String> nativesByDocument(Map<String, byte[]> files) {
        Map<String, String> natives = new java.util.TreeMap<>();
        for (String[] row : ProductionFiles.csv(files.get("manifest.csv"))) {
            if (row.length > 7 && row[7].equals("native")) natives.put(row[3], row[1]);
        }
        return natives;
    }

    @Test
    void exportsRefuseBadNumberingAndUnknownIds() {
        assertEquals(400, legal.post("/api/holds/" + holdId + "/exports", Map.of("batesPrefix", "no spaces")).status());
        assertEquals(404, legal.get("/api/exports/exp_00000000000000000000000000").status());
        assertEquals(404, legal.post("/api/holds/hold_00000000000000000000000000/exports", Map.of()).status());
    }

    private String export(String prefix) {
        RunningChartVault.Response started = legal.post("/api/holds/" + holdId + "/exports", Map.of("batesPrefix", prefix));
        assertEquals(202, started.status(), started::toString);
        String exportId = started.json().get("exportId").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (true) {
            JsonNode status = legal.get("/api/exports/" + exportId).json();
            String state = status.get("status").asText();
            if (state.equals("done")) return exportId;
            assertEquals("running", state, status::toString);
            if (Instant.now().isAfter(deadline)) throw new AssertionError("export not done in time: " + status);
            RunningChartVault.Response early = legal.get("/api/exports/" + exportId + "/download");
            if (early.status() != 200) assertEquals("not-ready", early.json().get("error").asText());
            sleep();
        }
    }

    private byte[] download(String exportId) {
        RunningChartVault.Response zip = legal.get("/api/exports/" + exportId + "/download");
        assertEquals(200, zip.status(), zip::toString);
        return zip.body();
    }


    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
