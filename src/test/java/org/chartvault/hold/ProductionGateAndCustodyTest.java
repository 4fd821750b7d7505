package org.chartvault.hold;

import org.chartvault.testing.ProductionFiles;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Productions a court accepts, over HTTP: psychotherapy notes and Part 2 records leave only under a legal basis that
 * opens their category (withheld and listed otherwise); a production to a non-party is in the patient's accounting
 * of disclosures, one to a party is not; the load file names the hospital as custodian; the custody report names the
 * recipient, the delivery, who scanned each document, and carries the custodian's FRE 902(11) certification.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionGateAndCustodyTest {
    private static final String HOSPITAL = "Mercy General Hospital";

    @TempDir
    static Path data;
    private RunningChartVault vault;
    private RunningChartVault.Client legal, clerk;
    private String mrn, holdId, progress, therapy, sud;

    @BeforeAll
    void holdAChartWithProtectedRecords() throws IOException {
        vault = RunningChartVault.start(data, Map.of("CHARTVAULT_HOSPITAL_NAME", HOSPITAL,
                "CHARTVAULT_CUSTODIAN_NAME", "Dana Whitfield", "CHARTVAULT_CUSTODIAN_TITLE", "Director of HIM"));
        RunningChartVault.Client admin = vault.admin();
        legal = vault.user("leo.legal", "legal");
        clerk = vault.user("ruth.roi", "roi");
        String csv = admin.get("/api/document-types?format=csv").text();
        RunningChartVault.Response types = admin.send("PUT", "/api/document-types", "text/csv", (csv.stripTrailing()
                + "\nPsychiatry Note,28628-6,Substance Use Disorder Treatment,\nPsychology Note,34792-2,Psychotherapy Note,\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, types.status(), types::toString);
        ChartGenerator generator = new ChartGenerator();
        Patient patient = generator.patient(9201);
        mrn = patient.mrn();
        progress = ChartUploads.ofItsPatient(admin, generator.document(patient, 9211, "PROGRESS NOTE", 2), null);
        therapy = ChartUploads.ofItsPatient(admin, generator.document(patient, 9212, "PROGRESS NOTE", 1), "Psychotherapy Note");
        sud = ChartUploads.ofItsPatient(admin, generator.document(patient, 9213, "PROGRESS NOTE", 1),
                "Substance Use Disorder Treatment");
        RunningChartVault.Response hold = legal.post("/api/holds", Map.of("name", "Whitfield records",
                "matter", "Roe v. Mercy, 26-CV-311", "mrns", List.of(mrn)));
        assertEquals(201, hold.status(), hold::toString);
        holdId = hold.json().get("holdId").asText();
        assertEquals(3, hold.json().get("documentsHeld").asInt());
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void aSubpoenaFromANonPartyGetsNoProtectedRecordsAndIsAccountedAsADisclosure() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("recipient", Map.of("name", "Records custodian", "organization", "Acme Insurance Co.",
                "address", "1 Main St, Springfield", "party", false));
        request.put("delivery", Map.of("method", "secure file transfer", "date", "2026-12-08"));
        String exportId = done(legal.post("/api/holds/" + holdId + "/exports", request));

        JsonNode status = legal.get("/api/exports/" + exportId).json();
        assertEquals(2, status.get("pages").asInt(), "only the progress note's two pages: " + status);
        assertEquals(2, status.get("withheld").size(), status::toString);
        String withheld = status.get("withheld").toString();
        assertTrue(withheld.contains(therapy) && withheld.contains(sud), withheld);
        assertTrue(withheld.contains("42 CFR 2.64"), "says what would open Part 2 records: " + withheld);

        Map<String, byte[]> files = ProductionFiles.unzip(legal.get("/api/exports/" + exportId + "/download").body());
        List<List<String>> dat = ProductionFiles.dat(files.get("DATA/production.dat"));
        assertEquals(2, dat.size(), "a header and the progress note");
        Map<String, String> line = fields(dat);
        assertEquals(progress, line.get("DOCID"));
        assertEquals(HOSPITAL, line.get("CUSTODIAN"), "the custodian is the hospital, not the patient");
        assertEquals(mrn, line.get("MRN"));

        String report = text(files.get("chain-of-custody.pdf"));
        for (String expected : List.of("Acme Insurance Co.", "not a party to the matter", "secure file transfer",
                "2026-12-08", "scanned by admin", "902(11)", "Dana Whitfield", "Director of HIM", HOSPITAL,
                "regularly conducted activity", "Signature", therapy, sud)) {
            assertTrue(report.contains(expected), "the custody report lacks '" + expected + "':\n" + report);
        }
        String batch = vault.app().documents().get(progress).batchId();
        assertTrue(report.contains(batch), "the scan's batch is named");

        // the patient's accounting lists the production, under the recipient's name (HHS FAQ 710)
        JsonNode accounting = clerk.get("/api/patients/" + mrn + "/disclosures").json();
        JsonNode entry = find(accounting, exportId);
        assertTrue(entry != null, "the production to a non-party is in the accounting: " + accounting);
        assertTrue(entry.toString().contains("Acme Insurance Co."), entry::toString);
        assertEquals(2, entry.get("pages").asInt());
    }

    @Test
    void aCourtOrderAndAnAuthorizationOpenTheirCategoriesAndAProductionToAPartyIsNotAccounted() throws Exception {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("recipient", Map.of("organization", "Hale & Ruiz LLP, counsel for plaintiff", "party", true));
        request.put("delivery", Map.of("method", "encrypted USB drive by courier"));
        request.put("protectedRecords", List.of(
                Map.of("category", "42 CFR Part 2", "basis", "court-order",
                        "reference", "Order of Judge Park, 2026-11-30, 26-CV-311, findings under 42 CFR 2.64"),
                Map.of("category", "psychotherapy notes", "basis", "authorization",
                        "reference", "signed by the patient 2026-11-02, expires 2027-05-02")));
        String exportId = done(legal.post("/api/holds/" + holdId + "/exports", request));
        JsonNode status = legal.get("/api/exports/" + exportId).json();
        assertEquals(4, status.get("pages").asInt(), status::toString);
        assertEquals(0, status.get("withheld").size(), status::toString);
        Map<String, byte[]> files = ProductionFiles.unzip(legal.get("/api/exports/" + exportId + "/download").body());
        String report = text(files.get("chain-of-custody.pdf"));
        assertTrue(report.contains("Order of Judge Park"), report);
        assertTrue(report.contains("(a party to the matter)"), report);

        JsonNode accounting = clerk.get("/api/patients/" + mrn + "/disclosures").json();
        assertEquals(null, find(accounting, exportId), "a production to a party is not a disclosure to account for");
    }

    @Test
    void aBasisThatCannotOpenItsCategoryOrAnUnsaidPartyIsRefusedClearly() {
        RunningChartVault.Response authorizationForPart2 = legal.post("/api/holds/" + holdId + "/exports",
                Map.of("protectedRecords", List.of(Map.of("category", "substance-use-disorder", "basis", "authorization",
                        "reference", "form of 2026-01-01"))));
        assertEquals(400, authorizationForPart2.status(), authorizationForPart2::toString);
        assertTrue(authorizationForPart2.json().get("message").asText().contains("court order"));
        RunningChartVault.Response unknown = legal.post("/api/holds/" + holdId + "/exports",
                Map.of("protectedRecords", List.of(Map.of("category", "genetic tests", "basis", "court-order",
                        "reference", "order"))));
        assertEquals(400, unknown.status(), unknown::toString);
        RunningChartVault.Response noReference = legal.post("/api/holds/" + holdId + "/exports",
                Map.of("protectedRecords", List.of(Map.of("category", "Part 2", "basis", "court-order"))));
        assertEquals(400, noReference.status(), noReference::toString);
        RunningChartVault.Response partyUnsaid = legal.post("/api/holds/" + holdId + "/exports",
                Map.of("recipient", Map.of("name", "Someone")));
        assertEquals(400, partyUnsaid.status(), partyUnsaid::toString);
        assertTrue(partyUnsaid.json().get("message").asText().contains("party"));
        assertFalse(Set.of(200, 202).contains(authorizationForPart2.status()));
    }

    private String done(RunningChartVault.Response started) throws InterruptedException {
        assertEquals(202, started.status(), started::toString);
        String exportId = started.json().get("exportId").asText();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            JsonNode status = legal.get("/api/exports/" + exportId).json();
            if (status.get("status").asText().equals("done")) return exportId;
            assertEquals("running", status.get("status").asText(), status::toString);
            if (Instant.now().isAfter(deadline)) throw new AssertionError("export not done: " + status);
            Thread.sleep(100); // polling the job's status: the condition is the export being done
        }
    }

    private static Map<String, String> fields(List<List<String>> dat) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < dat.get(0).size(); i++) fields.put(dat.get(0).get(i), dat.get(1).get(i));
        return fields;
    }

    private static JsonNode find(JsonNode accounting, String id) {
        List<JsonNode> found = new ArrayList<>();
        accounting.forEach(e -> {
            if (e.get("releaseId").asText().equals(id)) found.add(e);
        });
        return found.isEmpty() ? null : found.get(0);
    }

    private static String text(byte[] pdf) throws IOException {
        try (var document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
