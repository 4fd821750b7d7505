package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.SignedForms;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The life of release requests over HTTP: the work list, denial, the signed authorization, the accounting of
 * disclosures (also across a restart), sensitive categories an administrator adds, and release settings.
 * Every chart here is a born-digital PDF, so nothing waits for OCR.
 */
class ReleaseWorkflowTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client admin, clerk;
    static ChartGenerator generator = new ChartGenerator();
    static Patient alice, bruno, carol, dave;
    static String aliceNote, brunoNote, aliceHiv, carolNote, daveNote;

    @BeforeAll
    static void archiveCharts() throws Exception {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        clerk = vault.user("clerk2", "roi");
        // a local type the HIV category added below protects (LOINC: Psychology Note, any unused code would do)
        ChartUploads.addDocumentTypes(admin, "Psychology Note,34792-2,HIV Test Result,");
        alice = generator.patient(5101);
        bruno = generator.patient(5202);
        ChartDocument a = generator.document(alice, 31, "PROGRESS NOTE", 1);
        ChartDocument b = generator.document(bruno, 32, "CONSULTATION", 1);
        ChartDocument hiv = generator.document(alice, 33, "LABORATORY REPORT", 1);
        // the accounting test's own patients: no other test releases their records
        carol = generator.patient(5303);
        dave = generator.patient(5404);
        ChartDocument c = generator.document(carol, 34, "REFERRAL", 1);
        ChartDocument d = generator.document(dave, 35, "RADIOLOGY REPORT", 1);
        var uploads = List.of(
                CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(admin, a, "PROGRESS NOTE")),
                CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(admin, b, "CONSULTATION")),
                CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(admin, hiv, "HIV Test Result")),
                CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(admin, c, "REFERRAL")),
                CompletableFuture.supplyAsync(() -> ChartUploads.bornDigital(admin, d, "RADIOLOGY REPORT")));
        aliceNote = uploads.get(0).get();
        brunoNote = uploads.get(1).get();
        aliceHiv = uploads.get(2).get();
        carolNote = uploads.get(3).get();
        daveNote = uploads.get(4).get();
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    private static String create(Client client, String mrn, Object requester, String purpose, String documentId) {
        Response created = client.post("/api/releases", Map.of("mrn", mrn, "requester", requester, "purpose", purpose,
                "items", List.of(Map.of("documentId", documentId))));
        assertEquals(201, created.status(), created.toString());
        return created.json().get("releaseId").asText();
    }

    private static Set<String> disclosed(Client client, String mrn) {
        Response r = client.get("/api/patients/" + mrn + "/disclosures");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.json().isArray(), "the accounting is a list");
        Set<String> ids = new HashSet<>();
        for (JsonNode d : r.json()) ids.add(d.get("releaseId").asText());
        return ids;
    }

    @Test
    void accountingListsEveryReleaseOfThePatientAndNoneOfOthersAndSurvivesARestart() throws Exception {
        String first = create(clerk, carol.mrn(), "Patient (self)", "Personal copy", carolNote);
        assertEquals(201, clerk.post("/api/releases/" + first + "/packet", Map.of()).status());
        String second = create(clerk, carol.mrn(), Map.of("name", "J. Ortiz", "organization", "Acme Life Insurance",
                "address", "PO Box 9, Hartford CT"), "Life insurance underwriting", carolNote);
        Response released = clerk.patch("/api/releases/" + second, Map.of("status", "released"));
        assertEquals(200, released.status(), released.toString());
        assertEquals("released", released.json().get("status").asText());
        String pending = create(clerk, carol.mrn(), "Someone waiting", "Not released yet", carolNote);
        String denied = create(clerk, carol.mrn(), "Someone refused", "Fishing expedition", carolNote);
        assertEquals(200, clerk.patch("/api/releases/" + denied, Map.of("status", "denied", "reason", "No valid authorization")).status());
        String daves = create(clerk, dave.mrn(), "Dave's attorney", "Litigation", daveNote);
        assertEquals(201, clerk.post("/api/releases/" + daves + "/packet", Map.of()).status());

        assertEquals(Set.of(first, second), disclosed(clerk, carol.mrn()), "released requests only, this patient's only");
        assertEquals(Set.of(daves), disclosed(clerk, dave.mrn()));
        assertEquals(Set.of(), disclosed(clerk, "00000000"));
        assertFalse(disclosed(clerk, carol.mrn()).contains(pending));

        JsonNode entry = null;
        for (JsonNode d : clerk.get("/api/patients/" + carol.mrn() + "/disclosures").json()) {
            if (d.get("releaseId").asText().equals(second)) entry = d;
        }
        assertEquals(LocalDate.now(java.time.ZoneOffset.UTC).toString(), entry.get("date").asText());
        assertEquals("J. Ortiz, Acme Life Insurance", entry.get("requester").asText());
        assertEquals("Life insurance underwriting", entry.get("purpose").asText());
        assertEquals(List.of(carolNote), List.of(entry.get("documents").get(0).asText()));
        assertEquals(1, entry.get("pages").asInt());

        Response report = clerk.get("/api/patients/" + carol.mrn() + "/disclosures.pdf");
        assertEquals(200, report.status(), report.toString());
        String text = String.join("\n", ChartUploads.pageTexts(report.body())).replaceAll("\\s+", " ");
        for (String expected : List.of("Accounting of Disclosures", carol.mrn(), first, second, "Acme Life Insurance",
                "PO Box 9, Hartford CT", "Life insurance underwriting", "Personal copy")) {
            assertTrue(text.contains(expected), "report names " + expected + ": " + text);
        }
        assertFalse(text.contains(daves) || text.contains("Dave's attorney"), "another patient's disclosures are not in it");
        assertFalse(text.contains(pending) || text.contains(denied), "only disclosures");
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        assertTrue(text.contains(today.minusYears(6) + " to " + today), "covers the six years before the request");
        String long_ago = String.join("\n", ChartUploads.pageTexts(clerk.get("/api/patients/" + carol.mrn()
                + "/disclosures?format=pdf&requestDate=" + today.minusYears(7)).body()));
        assertFalse(long_ago.contains(first), "a request seven years ago covers none of today's disclosures");

        vault.close();
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        assertEquals(Set.of(first, second), disclosed(admin, carol.mrn()), "the accounting survives a restart");
        assertEquals(Set.of(daves), disclosed(admin, dave.mrn()));
        clerk = vault.user("clerk3", "roi");
    }

    @Test
    void workListShowsOpenRequestsByDueDateAndFlagsOverdueOnes() {
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        Response late = clerk.post("/api/releases", Map.of("mrn", bruno.mrn(), "requester", "County Court",
                "purpose", "Subpoena", "receivedDate", today.minusDays(40).toString(),
                "items", List.of(Map.of("documentId", brunoNote))));
        assertEquals(201, late.status(), late.toString());
        assertEquals(today.minusDays(10).toString(), late.json().get("dueDate").asText(), "30 days after receipt");
        assertTrue(late.json().get("overdue").asBoolean());
        String lateId = late.json().get("releaseId").asText();
        String fresh = create(clerk, bruno.mrn(), "Bruno himself", "Personal copy", brunoNote);

        JsonNode overdue = clerk.get("/api/releases?overdue=true").json().get("releases");
        List<String> overdueIds = new ArrayList<>();
        overdue.forEach(r -> overdueIds.add(r.get("releaseId").asText()));
        assertTrue(overdueIds.contains(lateId) && !overdueIds.contains(fresh), overdue.toString());

        JsonNode dueSoon = clerk.get("/api/releases?status=received,in-progress&dueBefore=" + today.plusDays(1)).json().get("releases");
        List<String> dueIds = new ArrayList<>();
        dueSoon.forEach(r -> dueIds.add(r.get("releaseId").asText()));
        assertTrue(dueIds.contains(lateId) && !dueIds.contains(fresh), dueSoon.toString());

        assertEquals(200, clerk.patch("/api/releases/" + fresh, Map.of("status", "in-progress")).status());
        JsonNode inProgress = clerk.get("/api/releases?status=in-progress").json().get("releases");
        assertTrue(inProgress.toString().contains(fresh));
        assertFalse(inProgress.toString().contains(lateId));
        assertEquals(400, clerk.get("/api/releases?status=lost").status());
    }

    @Test
    void deniedRequestNeedsAReasonAndHasNoPacket() {
        String id = create(clerk, alice.mrn(), "Unknown caller", "Curiosity", aliceNote);
        Response noReason = clerk.patch("/api/releases/" + id, Map.of("status", "denied"));
        assertEquals(400, noReason.status());
        assertEquals("reason-required", noReason.json().get("error").asText());
        Response denied = clerk.patch("/api/releases/" + id, Map.of("status", "denied", "reason", "Identity not verified"));
        assertEquals("denied", denied.json().get("status").asText());
        assertEquals("Identity not verified", denied.json().get("denialReason").asText());
        assertEquals(409, clerk.post("/api/releases/" + id + "/packet", Map.of()).status());
        assertEquals(409, clerk.patch("/api/releases/" + id, Map.of("status", "released")).status());
        assertFalse(disclosed(clerk, alice.mrn()).contains(id));
    }

    @Test
    void signedAuthorizationIsStoredAsUploadedAndAnExpiredOneBlocksTheRelease() {
        String id = create(clerk, alice.mrn(), "Dr. Chen", "Second opinion", aliceNote);
        byte[] scan = ChartFiles.png(generator.page(77).scan(100));
        Response uploaded = multipart(clerk, "/api/releases/" + id + "/authorization", "signed-form.png", scan);
        assertEquals(200, uploaded.status(), uploaded.toString());
        assertEquals("image/png", uploaded.json().get("authorization").get("file").get("contentType").asText());
        Response back = clerk.get("/api/releases/" + id + "/authorization");
        assertEquals(200, back.status());
        assertArrayEquals(scan, back.body(), "the signed form is kept byte for byte");
        assertEquals(400, multipart(clerk, "/api/releases/" + id + "/authorization", "notes.txt",
                "not a scan".getBytes(StandardCharsets.UTF_8)).status());

        Response expired = clerk.patch("/api/releases/" + id, Map.of("authorization",
                SignedForms.authorization("signedOn", "2020-01-01", "expires", "2021-01-01")));
        assertEquals(409, expired.status(), expired.toString());
        assertEquals("authorization-expired", expired.json().get("error").asText());
        Response scoped = clerk.patch("/api/releases/" + id, Map.of("authorization",
                SignedForms.authorization("signedOn", "2025-01-01", "documentTypes", List.of("Discharge summary"))));
        assertEquals(200, scoped.status(), scoped.toString());
        assertEquals("image/png", scoped.json().get("authorization").get("file").get("contentType").asText(),
                "changing the scope keeps the uploaded form");
        assertEquals(0, scoped.json().get("included").size(), "a progress note is outside a discharge-summary authorization");
        assertTrue(scoped.json().get("excluded").get(0).get("reason").asText().contains("covers only"));
    }

    @Test
    void categoryAnAdministratorAddsIsProtectedLikeTheBuiltInOnes() {
        Map<String, Object> hiv = Map.of("name", "HIV test results", "documentTypes", List.of("HIV TEST RESULT"));
        assertEquals(403, clerk.send("PUT", "/api/sensitive-categories/hiv-test-results", "application/json",
                org.chartvault.Json.bytes(hiv)).status(), "only administrators edit the list");
        Response put = admin.send("PUT", "/api/sensitive-categories/hiv-test-results", "application/json", org.chartvault.Json.bytes(hiv));
        assertEquals(200, put.status(), put.toString());
        JsonNode listed = clerk.get("/api/sensitive-categories").json().get("categories");
        assertTrue(listed.toString().contains("hiv-test-results") && listed.toString().contains("substance-use-disorder"));

        Response without = clerk.post("/api/releases", Map.of("mrn", alice.mrn(), "requester", "Employer",
                "purpose", "Fitness for duty", "items", List.of(Map.of("documentId", aliceHiv))));
        assertEquals("hiv-test-results", without.json().get("excluded").get(0).get("category").asText());
        assertEquals(0, without.json().get("pages").asInt());
        Map<String, Object> named = new HashMap<>(Map.of("mrn", alice.mrn(), "requester", "Employer",
                "purpose", "Fitness for duty", "items", List.of(Map.of("documentId", aliceHiv)),
                "authorization", SignedForms.authorization("sensitiveCategories", List.of("HIV test results"))));
        Response saidSo = clerk.post("/api/releases", named);
        assertEquals(0, saidSo.json().get("pages").asInt(), "naming the category is not enough without the signed form: " + saidSo);
        Response with = multipart(clerk, "/api/releases/" + saidSo.json().get("releaseId").asText() + "/authorization",
                "signed-form.png", ChartFiles.png(generator.page(78).scan(100)));
        assertEquals(1, with.json().get("pages").asInt(), with.toString());
        assertEquals("hiv-test-results", with.json().get("included").get(0).get("category").asText());
    }

    @Test
    void aThirdPartyUnderThePatientsAuthorizationGetsNothingUntilTheSignedFormIsOnFile() {
        Patient erin = generator.patient(5505);
        String note = ChartUploads.bornDigital(admin, generator.document(erin, 36, "PROGRESS NOTE", 1), "PROGRESS NOTE");
        Map<String, Object> authorization = SignedForms.authorization("reference", "Form 22 signed by the patient");
        Response created = clerk.post("/api/releases", Map.of("mrn", erin.mrn(),
                "requester", Map.of("name", "Dana Whitfield", "organisation", "Whitfield & Ortiz LLP"),
                "purpose", "Personal injury claim", "authorization", authorization,
                "items", List.of(Map.of("documentId", note))));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("releaseId").asText();

        Response refused = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("authorization-required", refused.json().get("error").asText());
        assertTrue(refused.json().get("message").asText().contains("attach the signed authorization form"), refused.toString());
        Response byStatus = clerk.patch("/api/releases/" + id, Map.of("status", "released"));
        assertEquals(409, byStatus.status(), "releasing by status is refused the same way: " + byStatus);
        assertEquals(404, clerk.get("/api/releases/" + id + "/packet").status(), "nothing was produced");
        assertEquals("received", clerk.get("/api/releases/" + id).json().get("status").asText());

        assertEquals(200, multipart(clerk, "/api/releases/" + id + "/authorization", "signed-form.png",
                ChartFiles.png(generator.page(77).scan(100))).status());
        Response packet = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(201, packet.status(), "with the signed form on file it is released: " + packet);

        // the patient asking for their own records under the same kind of form needs no attachment
        String patientName = admin.get("/api/documents/" + note).json().get("patientName").asText();
        Response own = clerk.post("/api/releases", Map.of("mrn", erin.mrn(), "requester", Map.of("name", patientName),
                "purpose", "At the request of the patient", "authorization", authorization,
                "items", List.of(Map.of("documentId", note))));
        assertEquals(201, clerk.post("/api/releases/" + own.json().get("releaseId").asText() + "/packet", Map.of()).status());
    }

    @Test
    void batesNumbersAndDueDaysFollowTheSettings() {
        assertEquals(403, clerk.send("PUT", "/api/release-settings", "application/json",
                org.chartvault.Json.bytes(Map.of("dueDays", 10))).status());
        Response changed = admin.send("PUT", "/api/release-settings", "application/json",
                org.chartvault.Json.bytes(Map.of("batesPrefix", "NCH-", "batesDigits", 4, "dueDays", 15)));
        assertEquals(200, changed.status(), changed.toString());
        try {
            Response created = clerk.post("/api/releases", Map.of("mrn", bruno.mrn(), "requester", "Bruno himself",
                    "purpose", "Personal copy", "items", List.of(Map.of("documentId", brunoNote))));
            LocalDate received = LocalDate.parse(created.json().get("receivedDate").asText());
            assertEquals(received.plusDays(15).toString(), created.json().get("dueDate").asText());
            byte[] pdf = clerk.post("/api/releases/" + created.json().get("releaseId").asText() + "/packet", Map.of()).body();
            assertTrue(ChartUploads.pageTexts(pdf).get(1).contains("NCH-0001"));
        } finally {
            admin.send("PUT", "/api/release-settings", "application/json",
                    org.chartvault.Json.bytes(Map.of("batesPrefix", "CV", "batesDigits", 6, "dueDays", 30)));
        }
    }

    @Test
    void releasesPacketsAndAccountingViewsAreAudited() {
        String id = create(clerk, alice.mrn(), "Audit check", "Personal copy", aliceNote);
        clerk.post("/api/releases/" + id + "/packet", Map.of());
        clerk.get("/api/patients/" + alice.mrn() + "/disclosures");
        String entries = admin.get("/api/audit?limit=500").json().get("entries").toString();
        for (String action : List.of("release-create", "packet-produce", "release-update", "disclosures-view")) {
            assertTrue(entries.contains("\"action\":\"" + action + "\""), "audited: " + action);
        }
        assertTrue(entries.contains(id));
        assertTrue(admin.get("/api/audit/verify").json().get("valid").asBoolean());
    }

    private static Response multipart(Client client, String path, String fileName, byte[] content) {
        return client.postFiles(path, Map.of(), new RunningChartVault.Part(fileName, content));
    }
}
