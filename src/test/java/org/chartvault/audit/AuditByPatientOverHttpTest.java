package org.chartvault.audit;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.fhir.FhirIds;
import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.VeraPdf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail asked by document and by patient lists every kind of access, over HTTP: the upload, views, page
 * views, downloads, prints, releases and packets, holds, exports and FHIR reads; and nothing of another patient.
 * The patient access report lists exactly those entries.
 */
class AuditByPatientOverHttpTest {
    /** What the trail of one patient's document must show after the accesses made below. */
    private static final Set<String> EVERY_KIND = Set.of(AuditActions.UPLOAD, AuditActions.VIEW_DOCUMENT,
            AuditActions.VIEW_PAGE_IMAGE, AuditActions.DOWNLOAD_ORIGINAL, AuditActions.DOWNLOAD_PDF,
            AuditActions.PRINT_DOCUMENT, AuditActions.RELEASE_CREATE, AuditActions.PACKET_PRODUCE,
            AuditActions.HOLD_CREATE, AuditActions.EXPORT, AuditActions.EXPORT_COMPLETE, AuditActions.EXPORT_DOWNLOAD);

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client admin, scanner, clerk, legal;
    static Patient patient, other;
    static String documentId, otherDocumentId;

    @BeforeAll
    static void accessEveryWay() throws Exception {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        scanner = vault.user("ap-scanner", "scanner");
        clerk = vault.user("ap-clerk", "roi");
        legal = vault.user("ap-legal", "legal");
        ChartGenerator generator = new ChartGenerator();
        patient = generator.patient(5201);
        other = generator.patient(5202);
        documentId = ArchivedCharts.bornDigital(scanner, generator.document(patient, 31, "DISCHARGE SUMMARY", 1), "DISCHARGE SUMMARY");
        otherDocumentId = ArchivedCharts.bornDigital(scanner, generator.document(other, 32, "CONSULTATION", 1), "CONSULTATION");

        String doc = "/api/documents/" + documentId;
        ok(clerk.get(doc));
        ok(clerk.get(doc + "/pages/1/image"));
        ok(clerk.get(doc + "/original"));
        ok(clerk.get(doc + "/pdf"));
        ok(clerk.get(doc + "/print"));
        ok(clerk.get("/api/search?mrn=" + patient.mrn()));
        ok(clerk.get("/fhir/DocumentReference/" + FhirIds.ofDocument(documentId)));
        ok(clerk.get("/fhir/Binary/" + FhirIds.ofDocument(documentId)));
        Response release = clerk.post("/api/releases", Map.of("mrn", patient.mrn(),
                "requester", Map.of("name", "Dana Whitfield", "address", "12 Harbour Street, Portland ME 04101"),
                "purpose", "Continuity of care", "items", List.of(Map.of("documentId", documentId))));
        assertEquals(201, release.status(), release.toString());
        ok(clerk.post("/api/releases/" + release.json().get("releaseId").asText() + "/packet", Map.of()));
        Response hold = legal.post("/api/holds", Map.of("name", "Matter 5201", "mrns", List.of(patient.mrn())));
        assertEquals(201, hold.status(), hold.toString());
        Response export = legal.post("/api/holds/" + hold.json().get("holdId").asText() + "/exports", Map.of());
        assertEquals(202, export.status(), export.toString());
        String exportId = export.json().get("exportId").asText();
        Instant until = Instant.now().plus(Duration.ofMinutes(3));
        while (!"done".equals(legal.get("/api/exports/" + exportId).json().get("status").asText())) {
            if (Instant.now().isAfter(until)) throw new AssertionError("export not done in time");
            Thread.sleep(200);
        }
        ok(legal.get("/api/exports/" + exportId + "/download"));
        // another patient's record, read by the same clerk: never part of the first patient's trail
        ok(clerk.get("/api/documents/" + otherDocumentId));
        ok(clerk.get("/api/documents/" + otherDocumentId + "/print"));
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void theTrailOfADocumentListsEveryKindOfAccessToIt() {
        List<JsonNode> entries = entries("documentId=" + documentId);
        Set<String> kinds = actions(entries);
        assertTrue(kinds.containsAll(EVERY_KIND), "missing: " + missing(kinds));
        long fhirAndApiViews = entries.stream().filter(e -> e.get("action").asText().equals(AuditActions.VIEW_DOCUMENT)).count();
        assertTrue(fhirAndApiViews >= 2, "the API view and the FHIR DocumentReference read: " + fhirAndApiViews);
        long originals = entries.stream().filter(e -> e.get("action").asText().equals(AuditActions.DOWNLOAD_ORIGINAL)).count();
        assertTrue(originals >= 2, "the API download and the FHIR Binary read: " + originals);
        for (JsonNode e : entries) assertTrue(names(e, documentId), "an entry about something else: " + e);
    }

    @Test
    void theTrailOfAPatientListsEveryAccessToTheirDocumentsAndSearchesIntoThemAndNothingOfOthers() {
        List<JsonNode> entries = entries("mrn=" + patient.mrn());
        Set<String> kinds = actions(entries);
        assertTrue(kinds.containsAll(EVERY_KIND), "missing: " + missing(kinds));
        assertTrue(kinds.contains(AuditActions.SEARCH), "the search filtered by the patient's MRN");
        for (JsonNode e : entries) {
            assertFalse(e.toString().contains(otherDocumentId), "another patient's document in the trail: " + e);
            assertFalse(e.toString().contains(other.mrn()), "another patient in the trail: " + e);
        }
        List<JsonNode> others = entries("mrn=" + other.mrn());
        assertTrue(actions(others).containsAll(Set.of(AuditActions.UPLOAD, AuditActions.VIEW_DOCUMENT, AuditActions.PRINT_DOCUMENT)));
        for (JsonNode e : others) assertFalse(e.toString().contains(documentId), "the first patient's document: " + e);
    }

    @Test
    void aSearchWithoutAnMrnIsInTheTrailOfThePatientsItReturned() {
        String words = URLEncoder.encode("\"" + patient.lastName() + "\"", StandardCharsets.UTF_8);
        Response found = clerk.get("/api/search?q=" + words);
        assertEquals(200, found.status(), found.toString());
        assertTrue(found.json().get("total").asLong() > 0, "the patient's name is on their page");
        List<JsonNode> searches = entries("mrn=" + patient.mrn() + "&action=search");
        assertTrue(searches.stream().anyMatch(e -> e.get("target").get("id").asText().contains(patient.lastName())),
                "the name search reached into the patient's record: " + searches);
    }

    @Test
    void thePatientAccessReportListsExactlyTheAuditedAccesses() throws Exception {
        Response report = legal.get("/api/patients/" + patient.mrn() + "/access-report");
        assertEquals(200, report.status(), report.toString());
        List<Long> reported = new ArrayList<>();
        report.json().get("accesses").forEach(a -> reported.add(a.get("seq").asLong()));
        long last = reported.isEmpty() ? 0 : reported.get(0);
        List<Long> trail = new ArrayList<>();
        for (JsonNode e : entries("mrn=" + patient.mrn())) if (e.get("seq").asLong() <= last) trail.add(e.get("seq").asLong());
        assertEquals(trail, reported);
        JsonNode first = report.json().get("accesses").get(0);
        assertFalse(first.get("label").asText().isBlank());
        assertTrue(report.json().get("accesses").findValues("clientAddress").stream().anyMatch(a -> !a.isNull()),
                "where each access came from");

        // itself audited, and in a period with nothing in it, empty
        assertTrue(actions(entries("mrn=" + patient.mrn())).contains(AuditActions.PATIENT_ACCESS_REPORT));
        JsonNode past = legal.get("/api/patients/" + patient.mrn() + "/access-report?from=2001-01-01&to=2001-12-31").json();
        assertEquals(0, past.get("accesses").size());

        Response pdf = legal.get("/api/patients/" + patient.mrn() + "/access-report.pdf");
        assertEquals(200, pdf.status());
        assertEquals("application/pdf", pdf.header("Content-Type"));
        assertEquals(List.of(), VeraPdf.failedRules(pdf.body()), "PDF/A-2b");
        assertEquals(403, clerk.get("/api/patients/" + patient.mrn() + "/access-report").status());
        assertEquals(400, legal.get("/api/patients/" + patient.mrn() + "/access-report?from=2024-02-01&to=2024-01-01").status());
    }

    @Test
    void actionsHaveLabelsAPersonCanPickFrom() {
        Response r = admin.get("/api/audit/actions");
        assertEquals(200, r.status());
        Set<String> listed = new TreeSet<>();
        for (JsonNode a : r.json().get("actions")) {
            listed.add(a.get("action").asText());
            assertFalse(a.get("label").asText().isBlank());
            assertFalse(a.get("label").asText().equals(a.get("action").asText()), "a label in words: " + a);
        }
        assertEquals(new TreeSet<>(AuditActions.KNOWN), listed);
        assertEquals(403, clerk.get("/api/audit/actions").status());
    }

    private static boolean names(JsonNode entry, String id) {
        JsonNode target = entry.get("target");
        if (target != null && target.get("id").asText().equals(id)) return true;
        JsonNode details = entry.get("details");
        return details != null && (details.path("documentIds").asText().contains(id) || details.path("documentId").asText().equals(id));
    }

    private static List<JsonNode> entries(String filter) {
        Response r = admin.get("/api/audit?limit=1000&" + filter);
        assertEquals(200, r.status(), r.toString());
        List<JsonNode> out = new ArrayList<>();
        r.json().get("entries").forEach(out::add);
        return out;
    }

    private static Set<String> actions(List<JsonNode> entries) {
        Set<String> out = new TreeSet<>();
        entries.forEach(e -> out.add(e.get("action").asText()));
        return out;
    }

    private static Set<String> missing(Set<String> kinds) {
        Set<String> missing = new TreeSet<>(EVERY_KIND);
        missing.removeAll(kinds);
        return missing;
    }

    private static void ok(Response r) {
        assertTrue(r.status() < 300, r.toString());
    }
}
