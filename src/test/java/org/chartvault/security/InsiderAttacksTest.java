package org.chartvault.security;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.fhir.FhirIds;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The findings of the internal security review, each replayed over HTTP against a real server as the user who
 * found it attacked: a scanner, an indexer, a release clerk, someone guessing passwords, a script holding a token.
 */
class InsiderAttacksTest {
    private static final String PASSWORD = "Ward-7-Night-Shift-Desk";
    /** A local type that the default "psychotherapy notes" category covers. */
    private static final String PSYCHOTHERAPY_NOTE = "Psychotherapy Note";

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client admin, scannerA, scannerB, indexer, clerk, legal;
    static final ChartGenerator generator = new ChartGenerator();
    static Patient patient;
    static ChartDocument ordinary, protectedNote;
    static byte[] ordinaryFile;
    static String ordinaryId, othersId, protectedId;

    @BeforeAll
    static void archive() throws Exception {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        String csv = admin.get("/api/document-types?format=csv").text();
        Response types = admin.send("PUT", "/api/document-types", "text/csv",
                (csv.stripTrailing() + "\nPsychiatry Note,28628-6," + PSYCHOTHERAPY_NOTE + ",\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, types.status(), types.toString());
        scannerA = vault.user("scanner-a", "scanner");
        scannerB = vault.user("scanner-b", "scanner");
        indexer = vault.user("indexer-1", "indexer");
        clerk = vault.user("clerk-1", "roi");
        legal = vault.user("legal-1", "legal");
        patient = generator.patient(5101);
        ordinary = generator.document(patient, 51, "PROGRESS NOTE", 1);
        protectedNote = generator.document(patient, 52, "PROGRESS NOTE", 1); // filed as a psychotherapy note below
        ChartDocument others = generator.document(generator.patient(5202), 53, "CONSULTATION", 1);
        ordinaryFile = ChartFiles.bornDigitalPdf(ordinary.pages());
        var a = CompletableFuture.supplyAsync(() -> upload(scannerA, ordinary, "PROGRESS NOTE", ordinaryFile));
        var b = CompletableFuture.supplyAsync(() -> upload(scannerB, others, "CONSULTATION", ChartFiles.bornDigitalPdf(others.pages())));
        var c = CompletableFuture.supplyAsync(() -> upload(scannerA, protectedNote, PSYCHOTHERAPY_NOTE,
                ChartFiles.bornDigitalPdf(protectedNote.pages())));
        ordinaryId = a.get();
        othersId = b.get();
        protectedId = c.get();
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    // ---- 1. a scanner takes another user's document ----

    @Test
    void scannerCannotMergeAnotherUsersDocument() {
        Response merge = scannerB.post("/api/documents/" + othersId + "/merge", Map.of("documentId", ordinaryId));
        assertEquals(404, merge.status(), "the other scanner's document is not theirs to take: " + merge);
        Response still = scannerA.get("/api/documents/" + ordinaryId);
        assertEquals(200, still.status(), still.toString());
        assertEquals(1, still.json().get("pages").size(), "the owner's document is untouched");
        assertEquals(1, scannerB.get("/api/documents/" + othersId).json().get("pages").size());
    }

    @Test
    void reuploadOfAnotherUsersFileDoesNotNameTheirDocument() {
        Response receipt = scannerB.upload(Map.of(), new Part("again.pdf", ordinaryFile));
        assertEquals(202, receipt.status(), receipt.toString());
        JsonNode entry = receipt.json().get("documents").get(0);
        assertEquals("duplicate", entry.get("status").asText());
        assertTrue(entry.get("documentId").isNull(), "another user's document id is not handed out: " + entry);
        JsonNode batch = scannerB.get("/api/batches/" + receipt.json().get("batchId").asText()).json();
        assertFalse(batch.toString().contains(ordinaryId), batch.toString());
        Response own = scannerA.upload(Map.of(), new Part("mine-again.pdf", ordinaryFile));
        assertEquals(ordinaryId, own.json().get("documents").get(0).get("documentId").asText(),
                "the uploader is still told which of their documents it duplicates");
    }

    // ---- 2. protected records on the side routes ----

    @Test
    void indexerReadsNoPartOfAProtectedRecordOnAnyRoute() {
        String doc = "/api/documents/" + protectedId;
        for (String path : List.of(doc, doc + "/history", doc + "/pages/1/text", doc + "/pages/1/image",
                doc + "/pages/1/thumbnail", doc + "/pages/1/words", doc + "/pages/1/hits?q=note")) {
            Response r = indexer.get(path);
            assertEquals(404, r.status(), path + " " + r);
        }
        Response listed = indexer.get("/api/documents?mrn=" + patient.mrn());
        assertFalse(listed.text().contains(protectedId), "not listed: " + listed);
        assertTrue(listed.text().contains(ordinaryId), "the patient's other records are: " + listed);
        Response queue = indexer.get("/api/review?limit=100");
        assertFalse(queue.text().contains(protectedId), queue.toString());
        assertEquals(200, clerk.get(doc + "/pages/1/text").status(), "a release clerk is on the category's list");
        String scan = clerk.get(doc).json().get("sourceScans").get(0).get("sha256").asText();
        assertEquals(404, indexer.get("/api/sources/" + scan + "/file").status(), "nor through the scan it came in");
        assertEquals(200, admin.get("/api/sources/" + scan + "/file").status());
    }

    @Test
    void searchNeitherShowsNorCountsAProtectedRecordToThoseOutsideItsList() {
        String word = protectedNote.indexing().encounter();
        Response asIndexer = indexer.get("/api/search?q=" + word);
        assertEquals(200, asIndexer.status(), asIndexer.toString());
        assertEquals(0, asIndexer.json().get("total").asInt(), "not even counted: " + asIndexer);
        Response byPatient = indexer.get("/api/search?mrn=" + patient.mrn());
        assertEquals(1, byPatient.json().get("total").asInt(), "only the ordinary page: " + byPatient);
        Response asClerk = clerk.get("/api/search?q=" + word);
        assertEquals(1, asClerk.json().get("total").asInt(), asClerk.toString());
    }

    @Test
    void everyReadOfAProtectedRecordIsAuditedWithItsCategory() {
        assertEquals(200, clerk.get("/api/documents/" + protectedId + "/original").status());
        JsonNode entries = admin.get("/api/audit?documentId=" + protectedId + "&action=download-original&limit=100")
                .json().get("entries");
        assertTrue(entries.size() >= 1, entries.toString());
        assertTrue(entries.toString().contains("psychotherapy-notes"), "the category is recorded: " + entries);
    }

    @Test
    void readersAnAdministratorSetsApplyOnTheApiAndOverFhirAlike() {
        String category = "/api/sensitive-categories/psychotherapy-notes";
        JsonNode defaults = admin.get("/api/sensitive-categories").json().get("categories");
        JsonNode current = null;
        for (JsonNode c : defaults) if (c.get("category").asText().equals("psychotherapy-notes")) current = c;
        assertTrue(current != null && current.get("readers").toString().contains("roi"), String.valueOf(defaults));
        Map<String, Object> legalOnly = new LinkedHashMap<>(Json.mapper().convertValue(current, Map.class));
        legalOnly.put("readers", List.of("legal"));
        assertEquals(200, admin.send("PUT", category, "application/json", Json.bytes(legalOnly)).status());
        try {
            assertEquals(404, clerk.get("/api/documents/" + protectedId + "/pages/1/text").status());
            assertEquals(404, clerk.get("/fhir/DocumentReference/" + FhirIds.ofDocument(protectedId)).status());
            assertEquals(0, clerk.get("/api/search?q=" + protectedNote.indexing().encounter()).json().get("total").asInt());
            Response release = clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Patient (self)",
                    "purpose", "Personal copy", "items", List.of(Map.of("documentId", protectedId))));
            assertEquals(404, release.status(), "a release cannot name what the clerk may not see: " + release);
            assertEquals(200, legal.get("/api/documents/" + protectedId + "/pages/1/text").status());
            assertEquals(200, legal.get("/fhir/DocumentReference/" + FhirIds.ofDocument(protectedId)).status());
        } finally {
            Map<String, Object> restored = new LinkedHashMap<>(legalOnly);
            restored.put("readers", List.of("roi", "legal"));
            assertEquals(200, admin.send("PUT", category, "application/json", Json.bytes(restored)).status());
        }
        assertEquals(200, clerk.get("/fhir/DocumentReference/" + FhirIds.ofDocument(protectedId)).status());
    }

    @Test
    void productionOfAHoldCoveringProtectedRecordsNeedsSomeoneWhoMayReadThem() {
        Response hold = legal.post("/api/holds", Map.of("name", "Vega v. Hospital", "mrns", List.of(patient.mrn())));
        assertEquals(201, hold.status(), hold.toString());
        String holdId = hold.json().get("holdId").asText();
        assertEquals(2, hold.json().get("documentsHeld").asInt(), "a hold preserves protected records too: " + hold);
        String category = "/api/sensitive-categories/psychotherapy-notes";
        Map<String, Object> roiOnly = new LinkedHashMap<>(Map.of("name", "Psychotherapy notes",
                "documentTypes", List.of("PSYCHOTHERAPY NOTE"), "aliases", List.of("psychotherapy"), "readers", List.of("roi")));
        assertEquals(200, admin.send("PUT", category, "application/json", Json.bytes(roiOnly)).status());
        try {
            Response export = legal.post("/api/holds/" + holdId + "/exports", Map.of());
            assertEquals(403, export.status(), "legal may not read them now, so may not produce them: " + export);
            assertEquals("protected-records", export.json().get("error").asText());
        } finally {
            roiOnly.put("readers", List.of("roi", "legal"));
            assertEquals(200, admin.send("PUT", category, "application/json", Json.bytes(roiOnly)).status());
            assertEquals(200, legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "test over")).status());
        }
    }

    @Test
    void protectedRecordLeavesOnlyUnderAnAttachedSignedAuthorizationThatNamesIt() {
        Response saidSo = clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Dr. Vega",
                "purpose", "Continuity of care", "items", List.of(Map.of("documentId", protectedId)),
                "authorization", org.chartvault.testing.SignedForms.psychotherapyNotes(
                        "expires", LocalDate.now().plusMonths(6).toString())));
        assertEquals(201, saidSo.status(), saidSo.toString());
        assertEquals(0, saidSo.json().get("pages").asInt(), "a request that merely says so releases nothing: " + saidSo);
        String id = saidSo.json().get("releaseId").asText();
        Response attached = clerk.postFiles("/api/releases/" + id + "/authorization", Map.of(),
                new Part("signed.png", ChartFiles.png(generator.page(54).scan(100))));
        assertEquals(200, attached.status(), attached.toString());
        assertEquals(1, attached.json().get("pages").asInt(), "the signed form on file lets it in: " + attached);
    }

    // ---- 3. the lockout race ----

    @Test
    void parallelWrongPasswordsGetNoExtraGuesses() throws Exception {
        admin.post("/api/users", Map.of("username", "guessed", "password", PASSWORD, "roles", List.of("roi")));
        int guesses = 20;
        CyclicBarrier together = new CyclicBarrier(guesses);
        List<CompletableFuture<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            String guess = "Wrong-guess-number-" + i;
            sent.add(CompletableFuture.supplyAsync(() -> {
                await(together);
                return vault.anonymous().post("/api/session", Map.of("username", "guessed", "password", guess)).status();
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()));
        }
        for (CompletableFuture<Integer> s : sent) assertEquals(401, s.get());
        JsonNode checked = admin.get("/api/audit?user=guessed&action=login-failed&limit=100").json().get("entries");
        long passwordsChecked = 0;
        for (JsonNode e : checked) if (e.toString().contains("wrong-password")) passwordsChecked++;
        assertTrue(passwordsChecked <= 5, passwordsChecked + " of " + guesses + " parallel guesses were checked; the lockout allows 5");
        Response right = vault.anonymous().post("/api/session", Map.of("username", "guessed", "password", PASSWORD));
        assertEquals(401, right.status(), "the account is locked: " + right);
    }

    // ---- 4. tokens that never die ----

    @Test
    void tokensEndWhenThePasswordIsChangedOrResetOrARoleIsTakenAway() {
        admin.post("/api/users", Map.of("username", "scripted", "password", PASSWORD, "roles", List.of("roi", "indexer")));
        Client owner = vault.browser("scripted", PASSWORD);
        String beforeChange = token(owner);
        Response changed = owner.post("/api/me/password", Map.of("currentPassword", PASSWORD, "newPassword", PASSWORD + "-2"));
        assertEquals(204, changed.status(), changed.toString());
        assertEquals(401, vault.withToken(beforeChange).get("/api/session").status(), "a password change ends the tokens");

        Client again = vault.browser("scripted", PASSWORD + "-2");
        String beforeReset = token(again);
        assertEquals(200, admin.patch("/api/users/scripted", Map.of("password", PASSWORD + "-3")).status());
        assertEquals(401, vault.withToken(beforeReset).get("/api/session").status(), "an administrator's reset ends them");

        Client third = vault.browser("scripted", PASSWORD + "-3");
        String beforeDemotion = token(third);
        assertEquals(200, vault.withToken(beforeDemotion).get("/api/session").status());
        assertEquals(200, admin.patch("/api/users/scripted", Map.of("roles", List.of("roi"))).status());
        assertEquals(401, vault.withToken(beforeDemotion).get("/api/session").status(), "losing a role ends them");
    }

    @Test
    void tokenCannotMintTokensAndCarriesItsExpiry() {
        Response minted = clerk.post("/api/tokens", Map.of("name", "another"));
        assertEquals(403, minted.status(), "a token cannot create tokens: " + minted);
        JsonNode listed = clerk.get("/api/tokens").json().get("tokens");
        assertTrue(listed.size() >= 1);
        for (JsonNode t : listed) assertFalse(t.get("expires").isNull(), "every token shows when it ends: " + t);
    }

    // ---- 6. smaller findings ----

    @Test
    void downloadingAPacketChangesNothing() {
        Response created = clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requester", "Patient (self)",
                "purpose", "Personal copy", "items", List.of(Map.of("documentId", ordinaryId))));
        String id = created.json().get("releaseId").asText();
        Response early = clerk.get("/api/releases/" + id + "/packet");
        assertEquals(404, early.status(), early.toString());
        assertEquals("received", clerk.get("/api/releases/" + id).json().get("status").asText(), "a GET released nothing");
        assertFalse(clerk.get("/api/patients/" + patient.mrn() + "/disclosures").text().contains(id), "nor recorded a disclosure");
        assertEquals(201, clerk.post("/api/releases/" + id + "/packet", Map.of()).status());
        assertTrue(clerk.get("/api/patients/" + patient.mrn() + "/disclosures").text().contains(id));
    }

    @Test
    void loginTakesJsonFromChartVaultsOwnPagesOnly() {
        byte[] body = Json.bytes(Map.of("username", "clerk-1", "password", "irrelevant"));
        Response form = vault.anonymous().send("POST", "/api/session", "text/plain", body);
        assertEquals(415, form.status(), "a cross-site form can send text/plain without a preflight: " + form);
        Response foreign = vault.anonymous().sendWithHeaders("POST", "/api/session", "application/json", body,
                Map.of("Origin", "https://evil.example"));
        assertEquals(403, foreign.status(), foreign.toString());
        Response own = vault.anonymous().sendWithHeaders("POST", "/api/session", "application/json",
                Json.bytes(Map.of("username", "legal-1x", "password", "wrong")), Map.of("Origin", vault.url("")));
        assertEquals(401, own.status(), "our own origin reaches the password check: " + own);
    }

    @Test
    void reviewQueueBatchReadsExportStatusAndBothSidesOfAMergeAreAudited() {
        indexer.get("/api/review");
        Response receipt = scannerA.upload(Map.of(), new Part("audit.pdf", ChartFiles.bornDigitalPdf(generator.document(55).pages())));
        String batchId = receipt.json().get("batchId").asText();
        JsonNode batch = scannerA.awaitBatch(batchId, Duration.ofMinutes(2));
        String first = batch.get("documents").get(0).get("documentId").asText();
        Response second = scannerA.upload(Map.of(), new Part("audit-2.pdf", ChartFiles.bornDigitalPdf(generator.document(56).pages())));
        String secondId = scannerA.awaitBatch(second.json().get("batchId").asText(), Duration.ofMinutes(2))
                .get("documents").get(0).get("documentId").asText();
        assertEquals(200, scannerA.post("/api/documents/" + first + "/merge", Map.of("documentId", secondId)).status());
        String entries = admin.get("/api/audit?limit=1000").json().get("entries").toString();
        assertTrue(entries.contains("\"action\":\"review-queue-view\""), "the review queue read is audited");
        assertTrue(entries.contains("\"action\":\"batch-view\""), "a batch read is audited");
        JsonNode onSecond = admin.get("/api/audit?documentId=" + secondId + "&action=update-document").json().get("entries");
        assertNotEquals(0, onSecond.size(), "the merged-away document's trail shows the merge");
    }

    private static String token(Client session) {
        Response issued = session.post("/api/tokens", Map.of("name", "script"));
        assertEquals(201, issued.status(), issued.toString());
        return issued.json().get("token").asText();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String upload(Client scanner, ChartDocument document, String documentType, byte[] file) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", document.indexing().mrn());
        fields.put("patientName", document.indexing().patientName());
        fields.put("birthDate", document.indexing().birthDate().toString());
        fields.put("documentType", documentType);
        fields.put("serviceDate", document.indexing().serviceDate().toString());
        fields.put("encounter", document.indexing().encounter());
        Response receipt = scanner.upload(fields, new Part("chart.pdf", file));
        assertEquals(202, receipt.status(), receipt.toString());
        JsonNode batch = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
        return batch.get("documents").get(0).get("documentId").asText();
    }
}
