package org.chartvault.hold;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.document.DocumentOnHoldException;
import org.chartvault.document.StoredLayout;
import org.chartvault.storage.ObjectLockedException;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Legal holds through the API of a running ChartVault on local disk, and the walls below it: the document service
 * and the object store. Every document here has a recent date of service, except those of the purge test, so that the
 * purge destroys only what it means to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegalHoldHttpTest {
    private static final LocalDate RECENT = LocalDate.of(2025, 3, 14);

    @TempDir
    static Path data;
    private RunningChartVault vault;
    private RunningChartVault.Client admin, legal, scanner;
    private ObjectStore store;

    @BeforeAll
    void start() throws IOException {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        legal = vault.user("lena.legal", "legal");
        scanner = vault.user("sam.scanner", "scanner");
        store = vault.app().store();
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void heldDocumentCannotBeDeletedOrChangedUntilTheHoldIsReleased() throws Exception {
        String heldBatch = ChartUploads.send(scanner, 101, "HX-1001", RECENT, 2);
        String other = ChartUploads.upload(scanner, 102, "HX-1002", RECENT, 1);
        String held = ChartUploads.processed(scanner, heldBatch);

        RunningChartVault.Response placed = legal.post("/api/holds",
                Map.of("name", "Smith v. Northgate", "matter", "2026-CV-0042", "mrns", List.of("HX-1001")));
        assertEquals(201, placed.status(), placed::toString);
        String holdId = placed.json().get("holdId").asText();
        assertEquals(1, placed.json().get("documentsHeld").asInt());
        assertEquals(List.of(held), texts(legal.get("/api/holds/" + holdId).json().get("documentIds")));
        assertEquals(List.of(holdId), texts(admin.get("/api/documents/" + held).json().get("holds")));

        RunningChartVault.Response refused = admin.delete("/api/documents/" + held);
        assertEquals(409, refused.status(), refused::toString);
        assertEquals("on-hold", refused.json().get("error").asText());
        assertThrows(DocumentOnHoldException.class, () -> vault.app().documents().delete(held));
        assertThrows(DocumentOnHoldException.class, () -> vault.app().holds().requireNotHeld(held, "replacing a page"));

        // the store itself refuses, whoever asks: original, page image, page text, searchable PDF
        var document = vault.app().documents().get(held);
        assertThrows(ObjectLockedException.class, () -> store.delete(StoredLayout.original(document.sha256())));
        assertThrows(ObjectLockedException.class, () -> store.put(StoredLayout.pageImage(held, 1), new byte[]{1}, "image/png"));
        assertThrows(ObjectLockedException.class, () -> store.put(StoredLayout.pageContent(held, 2), new byte[]{1}, "application/json"));
        assertThrows(ObjectLockedException.class, () -> store.delete(StoredLayout.searchablePdf(held)));
        assertFalse(store.isLegalHold(StoredLayout.document(held)), "metadata stays correctable");

        // metadata corrections are allowed while held, and the earlier values stay readable
        RunningChartVault.Response corrected = admin.patch("/api/documents/" + held, Map.of("patientName", "SMITH, JOHN Q"));
        assertEquals(200, corrected.status(), corrected::toString);
        JsonNode history = admin.get("/api/documents/" + held + "/history").json().get("versions");
        assertTrue(StreamSupport.stream(history.spliterator(), false)
                .anyMatch(v -> !"SMITH, JOHN Q".equals(v.get("patientName").asText())), history::toString);

        assertEquals(204, admin.delete("/api/documents/" + other).status(), "a document under no hold can be deleted");

        RunningChartVault.Response released = legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "case settled"));
        assertEquals(200, released.status(), released::toString);
        assertEquals("released", released.json().get("status").asText());
        assertEquals("lena.legal", released.json().get("releasedBy").asText());
        assertEquals("case settled", released.json().get("releaseReason").asText());
        assertEquals(List.of(), texts(admin.get("/api/documents/" + held).json().get("holds")));
        assertFalse(store.isLegalHold(StoredLayout.original(document.sha256())));
        assertFalse(store.isLegalHold(StoredLayout.pageImage(held, 1)));

        assertEquals(204, admin.delete("/api/documents/" + held).status());
        assertFalse(store.exists(StoredLayout.original(document.sha256())));
        assertEquals(409, legal.post("/api/holds/" + holdId + "/release", Map.of()).status(), "released once only");
    }

    @Test
    void documentUploadedOrCorrectedAfterTheHoldIsHeldOnArrival() throws Exception {
        RunningChartVault.Response placed = legal.post("/api/holds",
                Map.of("name", "Doe subpoena", "matter", "M-77", "mrns", List.of("HX-2001")));
        assertEquals(201, placed.status(), placed::toString);
        String holdId = placed.json().get("holdId").asText();
        assertEquals(0, placed.json().get("documentsHeld").asInt());

        String later = ChartUploads.upload(scanner, 201, "HX-2001", RECENT, 1);
        String elsewhere = ChartUploads.upload(scanner, 202, "HX-2002", RECENT, 1);
        assertEquals(List.of(holdId), texts(admin.get("/api/documents/" + later).json().get("holds")));
        assertEquals(List.of(), texts(admin.get("/api/documents/" + elsewhere).json().get("holds")));
        assertEquals(409, admin.delete("/api/documents/" + later).status());
        // processing finished after the hold: its page images and searchable PDF are held in storage too
        assertTrue(store.isLegalHold(StoredLayout.pageImage(later, 1)));
        assertTrue(store.isLegalHold(StoredLayout.searchablePdf(later)));
        JsonNode found = legal.get("/api/search?q=" + java.net.URLEncoder.encode("hold:" + holdId, "UTF-8")).json();
        assertEquals(Set.of(later), documentIds(found));

        // a document corrected to the held patient is held from then on
        assertEquals(200, admin.patch("/api/documents/" + elsewhere, Map.of("mrn", "HX-2001")).status());
        assertEquals(List.of(holdId), texts(admin.get("/api/documents/" + elsewhere).json().get("holds")));
        assertEquals(Set.of(later, elsewhere),
                Set.copyOf(texts(legal.get("/api/holds/" + holdId).json().get("documentIds"))));
        assertEquals(409, admin.delete("/api/documents/" + elsewhere).status());
    }

    @Test
    void holdByQueryAndDateRangeHoldsOnlyWhatMatches() throws Exception {
        List<String> batches = List.of(ChartUploads.send(scanner, 301, "HX-3001", LocalDate.of(2024, 5, 1), 1),
                ChartUploads.send(scanner, 302, "HX-3001", LocalDate.of(2019, 5, 1), 1),
                ChartUploads.send(scanner, 303, "HX-3001", null, 1));
        String inRange = ChartUploads.processed(scanner, batches.get(0));
        String outOfRange = ChartUploads.processed(scanner, batches.get(1));
        String noDate = ChartUploads.processed(scanner, batches.get(2));
        // capture reads the date printed on the page; an indexer clears it to make the date of service unknown
        assertEquals(200, admin.send("PATCH", "/api/documents/" + noDate, "application/json",
                "{\"serviceDate\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).status());
        assertTrue(admin.get("/api/documents/" + noDate).json().get("serviceDate").isNull());
        RunningChartVault.Response placed = legal.post("/api/holds", Map.of("name", "Date-bounded", "mrns",
                List.of("HX-3001"), "from", "2024-01-01", "to", "2024-12-31"));
        assertEquals(201, placed.status(), placed::toString);
        Set<String> held = Set.copyOf(texts(legal.get("/api/holds/" + placed.json().get("holdId").asText())
                .json().get("documentIds")));
        assertEquals(Set.of(inRange, noDate), held, "an unknown date of service is held, out of range is not");
        assertFalse(held.contains(outOfRange));

        String printedMrn = new org.chartvault.testing.ChartGenerator().patient(301).mrn(); // on the page, not indexed
        RunningChartVault.Response byText = legal.post("/api/holds", Map.of("name", "By text", "query", printedMrn,
                "from", "2024-01-01", "to", "2024-12-31"));
        assertEquals(201, byText.status(), byText::toString);
        assertEquals(Set.of(inRange), Set.copyOf(texts(legal.get("/api/holds/" + byText.json().get("holdId").asText())
                .json().get("documentIds"))));
    }

    @Test
    void onlyLegalStaffPlaceHoldsAndBadRequestsAreRefusedClearly() {
        Map<String, Object> hold = Map.of("name", "x", "mrns", List.of("HX-4001"));
        assertEquals(403, scanner.post("/api/holds", hold).status());
        assertEquals(403, scanner.get("/api/holds").status());
        assertEquals(403, scanner.get("/api/retention/rules").status());
        assertEquals(403, scanner.post("/api/retention/runs", Map.of("dryRun", true)).status());
        assertEquals(403, scanner.post("/api/holds/hold_00000000000000000000000000/exports", Map.of()).status());
        assertEquals(401, vault.anonymous().get("/api/holds").status());
        assertEquals(201, admin.post("/api/holds", hold).status(), "administrators may do everything");

        assertEquals("bad-request", legal.post("/api/holds", Map.of("name", "nothing named")).json().get("error").asText());
        assertEquals(400, legal.post("/api/holds", Map.of("name", "typo", "mrn", "HX-4001")).status());
        assertEquals(400, legal.post("/api/holds", Map.of("mrns", List.of("HX-4001"))).status());
        assertEquals(400, legal.post("/api/holds", Map.of("name", "d", "mrns", List.of("A"), "from", "2024-02-30")).status());
        assertEquals(400, legal.post("/api/holds", Map.of("name", "d", "mrns", List.of("A"), "from", "2024-05-01",
                "to", "2024-01-01")).status());
        assertEquals("bad-query", legal.post("/api/holds", Map.of("name", "q", "query", "\"unclosed"))
                .json().get("error").asText());
        assertEquals(404, legal.get("/api/holds/hold_00000000000000000000000000").status());
        assertEquals(404, legal.get("/api/holds/../../etc").status());
        assertEquals(404, legal.post("/api/holds/hold_00000000000000000000000000/release", Map.of()).status());
    }

    @Test
    void purgeSkipsHeldDocumentsAndCertifiesExactlyWhatItDestroyed() throws Exception {
        LocalDate old = LocalDate.of(2001, 2, 3);
        String heldBatch = ChartUploads.send(scanner, 502, "HX-5002", old, 1);
        String expired = ChartUploads.upload(scanner, 501, "HX-5001", old, 1);
        String expiredButHeld = ChartUploads.processed(scanner, heldBatch);
        String holdId = legal.post("/api/holds", Map.of("name", "Keep 5002", "mrns", List.of("HX-5002")))
                .json().get("holdId").asText();

        assertEquals(403, legal.send("PUT", "/api/retention/rules", "application/json", "{}".getBytes()).status(), "the schedule is the administrators'");
        assertEquals(10, legal.get("/api/retention/rules").json().get("defaultRule").get("yearsAfterService").asInt());
        assertEquals(400, admin.send("PUT", "/api/retention/rules", "application/json",
                "{\"defaultRule\":{\"yearsAfterservice\":10}}".getBytes()).status(), "a misspelt period is refused");

        JsonNode dry = legal.post("/api/retention/runs", Map.of("dryRun", true)).json();
        assertTrue(dry.get("dryRun").asBoolean());
        assertEquals(Set.of(expired), ids(dry.get("eligible")));
        assertTrue(ids(dry.get("skipped")).contains(expiredButHeld));
        assertEquals(200, admin.get("/api/documents/" + expired).status(), "a dry run destroys nothing");

        assertEquals(200, admin.post("/api/retention/runs/" + dry.get("runId").asText() + "/approval", Map.of()).status());
        RunningChartVault.Response purge = legal.post("/api/retention/runs", Map.of("dryRun", false, "note", "annual purge",
                "list", dry.get("runId").asText(), "witness", "Wynn Witness"));
        assertEquals(201, purge.status(), purge::toString);
        String runId = purge.json().get("runId").asText();
        assertEquals(Set.of(expired), ids(purge.json().get("destroyed")));
        assertEquals(404, admin.get("/api/documents/" + expired).status());
        assertEquals(200, admin.get("/api/documents/" + expiredButHeld).status());
        JsonNode skippedHeld = StreamSupport.stream(purge.json().get("skipped").spliterator(), false)
                .filter(s -> s.get("documentId").asText().equals(expiredButHeld)).findFirst().orElseThrow();
        assertTrue(skippedHeld.get("reason").asText().contains(holdId), skippedHeld::toString);

        JsonNode certificate = legal.get("/api/retention/runs/" + runId + "/certificate.json").json();
        assertEquals(Set.of(expired), ids(certificate.get("destroyed")));
        assertEquals("admin", certificate.get("approvedBy").asText());
        assertEquals("lena.legal", certificate.get("destroyedBy").asText());
        RunningChartVault.Response pdf = legal.get("/api/retention/runs/" + runId + "/certificate");
        assertEquals(200, pdf.status());
        try (var document = Loader.loadPDF(pdf.body())) {
            String text = new PDFTextStripper().getText(document);
            assertTrue(text.contains(expired) && text.contains("HX-5001"), text);
        }
        assertEquals(404, legal.get("/api/retention/runs/" + dry.get("runId").asText() + "/certificate").status());
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Set<String> ids(JsonNode items) {
        Set<String> ids = new java.util.HashSet<>();
        items.forEach(i -> ids.add(i.get("documentId").asText()));
        return ids;
    }

    private static Set<String> documentIds(JsonNode searchResult) {
        Set<String> ids = new java.util.HashSet<>();
        searchResult.get("hits").forEach(h -> ids.add(h.get("documentId").asText()));
        return ids;
    }
}
