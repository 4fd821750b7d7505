package org.chartvault.amendment;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.audit.MovableClock;
import org.chartvault.testing.PdfPages;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.VeraPdf;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Amendments (45 CFR 164.526) over HTTP on a running ChartVault whose clock the test holds: the 60-day clock and its
 * one extension, the denial with its basis, the amendment in every later packet, and the document's access rule.
 */
class AmendmentsOverHttpTest {
    /** A fixed moment: every date below is counted from it. Tokens last 90 days, so the clock moves by days only. */
    static final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T15:00:00Z"));
    static final ChartGenerator generator = new ChartGenerator();

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client clerk, scanner, admin;
    static Patient patient;
    static String summaryId, progressId, consultId, protectedId;

    @BeforeAll
    static void archive() throws Exception {
        vault = RunningChartVault.start(data, Map.of(), clock);
        admin = vault.admin();
        scanner = vault.user("scanner1", "scanner");
        clerk = vault.user("clerk1", "roi");
        String csv = admin.get("/api/document-types?format=csv").text();
        Response types = admin.send("PUT", "/api/document-types", "text/csv",
                (csv.stripTrailing() + "\nPsychiatry Note,28628-6,Psychotherapy Note,\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, types.status(), types.toString());
        patient = generator.patient(5101);
        var a = CompletableFuture.supplyAsync(() -> upload(generator.document(patient, 31, "DISCHARGE SUMMARY", 2), "DISCHARGE SUMMARY"));
        var b = CompletableFuture.supplyAsync(() -> upload(generator.document(patient, 32, "PROGRESS NOTE", 1), "PROGRESS NOTE"));
        var c = CompletableFuture.supplyAsync(() -> upload(generator.document(patient, 33, "CONSULTATION", 1), "CONSULTATION"));
        var d = CompletableFuture.supplyAsync(() -> upload(generator.document(patient, 34, "PROGRESS NOTE", 1), "Psychotherapy Note"));
        summaryId = a.get();
        progressId = b.get();
        consultId = c.get();
        protectedId = d.get();
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    static LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    @Test
    void theClockRunsSixtyDaysFromReceiptAndOneExtensionAddsAtMostThirtyWithItsReason() {
        LocalDate received = today().minusDays(50);
        JsonNode logged = request(progressId, received);
        assertEquals("requested", logged.get("status").asText());
        assertEquals(received.plusDays(60).toString(), logged.get("dueDate").asText());
        assertEquals(10, logged.get("daysLeft").asInt());
        assertFalse(logged.get("overdue").asBoolean());
        String id = logged.get("amendmentId").asText();

        clock.advance(Duration.ofDays(4));
        assertEquals(6, clerk.get("/api/amendments/" + id).json().get("daysLeft").asInt(), "the clock runs with the days");

        Response noReason = clerk.post("/api/amendments/" + id + "/extension", Map.of("newDueDate", received.plusDays(90).toString()));
        assertEquals(400, noReason.status(), noReason.toString());
        assertEquals("bad-reason", noReason.json().get("error").asText());
        Response tooFar = clerk.post("/api/amendments/" + id + "/extension",
                Map.of("reason", "The author is on leave", "newDueDate", received.plusDays(91).toString()));
        assertEquals(400, tooFar.status(), "more than 30 days: " + tooFar);

        Response extended = clerk.post("/api/amendments/" + id + "/extension",
                Map.of("reason", "The attending physician who wrote the note is on leave until April.",
                        "newDueDate", received.plusDays(90).toString()));
        assertEquals(200, extended.status(), extended.toString());
        JsonNode after = extended.json();
        assertEquals(received.plusDays(90).toString(), after.get("dueDate").asText());
        assertEquals(received.plusDays(60).toString(), after.get("firstDueDate").asText());
        assertEquals(36, after.get("daysLeft").asInt());
        assertEquals("The attending physician who wrote the note is on leave until April.", after.get("extension").get("reason").asText());
        assertEquals(today().toString(), after.get("extension").get("notifiedOn").asText(), "the notice's date is recorded");
        assertEquals("clerk1", after.get("extension").get("by").asText());
    }

    @Test
    void aSecondExtensionIsRefusedEvenWhenTwoClerksExtendAtOnce() throws Exception {
        LocalDate received = today().minusDays(20);
        String id = request(consultId, received).get("amendmentId").asText();
        Client other = vault.user("clerk2", "roi");
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Response>> racing = new ArrayList<>();
        for (Client c : List.of(clerk, other)) {
            racing.add(CompletableFuture.supplyAsync(() -> {
                await(together);
                return c.post("/api/amendments/" + id + "/extension", Map.of("reason", "Records are off site",
                        "newDueDate", received.plusDays(75).toString()));
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var r : racing) statuses.add(r.get().status());
        statuses.sort(Integer::compare);
        assertEquals(List.of(200, 409), statuses, "exactly one extension: " + racing);

        Response again = clerk.post("/api/amendments/" + id + "/extension",
                Map.of("reason", "Still off site", "newDueDate", received.plusDays(90).toString()));
        assertEquals(409, again.status(), again.toString());
        assertEquals("extension-used", again.json().get("error").asText());
        assertTrue(again.json().get("message").asText().contains("one extension"), again.toString());
        assertEquals(received.plusDays(75).toString(), clerk.get("/api/amendments/" + id).json().get("dueDate").asText());

        // once the first 60 days are over, no extension can be given at all; the request is overdue and listed first
        String late = request(consultId, today().minusDays(61)).get("amendmentId").asText();
        Response tooLate = clerk.post("/api/amendments/" + late + "/extension",
                Map.of("reason", "Forgot", "newDueDate", today().plusDays(5).toString()));
        assertEquals(409, tooLate.status(), tooLate.toString());
        assertEquals("too-late-to-extend", tooLate.json().get("error").asText());
        JsonNode list = clerk.get("/api/amendments").json().get("amendments");
        assertEquals(late, list.get(0).get("amendmentId").asText(), "overdue first: " + list);
        assertTrue(list.get(0).get("overdue").asBoolean());
        assertEquals(-1, list.get(0).get("daysLeft").asInt());
    }

    @Test
    void aDenialRecordsItsBasisAndTellsThePatientTheirRights() {
        String id = request(consultId, today()).get("amendmentId").asText();
        Response early = clerk.post("/api/amendments/" + id + "/disagreement", Map.of("text", "I disagree."));
        assertEquals(409, early.status(), "nothing to disagree with before a denial: " + early);
        assertEquals("not-denied", early.json().get("error").asText());
        Response noBasis = clerk.post("/api/amendments/" + id + "/decision", Map.of("decision", "denied"));
        assertEquals(400, noBasis.status(), noBasis.toString());
        assertEquals("bad-basis", noBasis.json().get("error").asText());
        assertTrue(noBasis.json().get("message").asText().contains("accurate-and-complete"), "names the grounds: " + noBasis);

        Response denied = clerk.post("/api/amendments/" + id + "/decision", Map.of("decision", "denied",
                "basis", "accurate-and-complete", "explanation", "The recorded blood pressure matches the monitor's log.",
                "contact", "Pat Rivera, Privacy Officer, (207) 555-0142"));
        assertEquals(200, denied.status(), denied.toString());
        JsonNode decision = denied.json().get("decision");
        assertEquals("denied", denied.json().get("status").asText());
        assertEquals("accurate-and-complete", decision.get("basis").asText());
        assertEquals("clerk1", decision.get("by").asText());
        String notice = decision.get("notice").asText();
        for (String required : List.of("accurate and complete", "monitor's log", "statement disagreeing",
                "future disclosure", "Pat Rivera, Privacy Officer, (207) 555-0142",
                "Secretary of the U.S. Department of Health and Human Services")) {
            assertTrue(notice.contains(required), "the denial says " + required + ":\n" + notice);
        }
        assertFalse(denied.json().get("linked").asBoolean(), "a bare denial does not go with disclosures");

        Response rebutNothing = clerk.post("/api/amendments/" + id + "/rebuttal", Map.of("text", "We stand by it."));
        assertEquals(409, rebutNothing.status(), "no statement to rebut yet: " + rebutNothing);
        Response include = clerk.post("/api/amendments/" + id + "/include-with-disclosures", Map.of());
        assertEquals(200, include.status(), include.toString());
        assertTrue(include.json().get("linked").asBoolean(), "the patient asked: the denial goes with disclosures now");

        Response again = clerk.post("/api/amendments/" + id + "/decision", Map.of("decision", "accepted", "amendmentText", "x"));
        assertEquals(409, again.status(), again.toString());
        assertEquals("decided", again.json().get("error").asText());

        JsonNode entries = admin.get("/api/audit?documentId=" + consultId + "&action=amendment-update&limit=50").json().get("entries");
        assertTrue(entries.toString().contains("amendment " + id + ": denied (accurate-and-complete)"), "audited: " + entries);
        JsonNode shown = scanner.get("/api/documents/" + consultId + "/amendments").json().get("amendments");
        assertTrue(shown.toString().contains(id), "shown with the document to whoever may view it: " + shown);
    }

    @Test
    void anAcceptedAmendmentAndAStatementOfDisagreementGoWithEveryLaterPacket() throws Exception {
        String before = release(List.of(summaryId, progressId));
        byte[] earlier = clerk.get("/api/releases/" + before + "/packet").body();

        clock.advance(Duration.ofMinutes(1));
        String accepted = request(summaryId, today()).get("amendmentId").asText();
        Response accept = clerk.post("/api/amendments/" + accepted + "/decision", Map.of("decision", "accepted",
                "amendmentText", "Allergies: penicillin (hives). The entry 'no known drug allergies' was wrong."));
        assertEquals(200, accept.status(), accept.toString());
        assertTrue(accept.json().get("linked").asBoolean());
        String disputed = request(progressId, today()).get("amendmentId").asText();
        assertEquals(200, clerk.post("/api/amendments/" + disputed + "/decision", Map.of("decision", "denied",
                "basis", "accurate-and-complete")).status());
        Response statement = clerk.post("/api/amendments/" + disputed + "/disagreement",
                Map.of("text", "I never said I smoke. I have not smoked in twenty years."));
        assertEquals(200, statement.status(), statement.toString());
        assertEquals(200, clerk.post("/api/amendments/" + disputed + "/rebuttal",
                Map.of("text", "The nurse recorded the patient's answer at intake.")).status());

        clock.advance(Duration.ofMinutes(1));
        String after = release(List.of(summaryId, progressId));
        List<String> pages = PdfPages.texts(clerk.get("/api/releases/" + after + "/packet").body());
        assertEquals(1 + 2 + 1 + 1 + 1, pages.size(), "cover, summary (2), its amendment, note, its statement: " + pages.size());
        assertTrue(pages.get(0).contains("followed by 1 amendment(s)"), "the cover sheet says so:\n" + pages.get(0));
        assertTrue(pages.get(2).contains("CV000002"), "the summary's second page");
        String amendmentPage = pages.get(3).replaceAll("\\s+", " ");
        assertTrue(amendmentPage.contains("Amendment to the record") && amendmentPage.contains("penicillin (hives)")
                && amendmentPage.contains(summaryId), "right after the summary:\n" + amendmentPage);
        assertTrue(pages.get(4).contains("CV000003"), "then the note");
        String statementPage = pages.get(5).replaceAll("\\s+", " ");
        assertTrue(statementPage.contains("I never said I smoke") && statementPage.contains("recorded the patient's answer at intake")
                && statementPage.contains("accurate and complete"), "the dispute right after the note:\n" + statementPage);

        byte[] packet = clerk.get("/api/releases/" + after + "/packet").body();
        assertEquals(List.of(), VeraPdf.failedRules(packet), "the amendment pages keep the packet PDF/A-2b");

        // an amendment decided after the release does not change that packet, even when it must be produced again
        clock.advance(Duration.ofMinutes(1));
        String later = request(summaryId, today()).get("amendmentId").asText();
        assertEquals(200, clerk.post("/api/amendments/" + later + "/decision", Map.of("decision", "accepted",
                "amendmentText", "Discharge date corrected to the 4th.")).status());
        vault.app().store().delete("releases/" + after + "/packet.pdf");
        Response reproduced = clerk.post("/api/releases/" + after + "/packet", Map.of());
        assertEquals(200, reproduced.status(), "produced again with the same hash: " + reproduced);
        assertTrue(java.util.Arrays.equals(packet, reproduced.body()), "the same bytes as released");

        byte[] earlierAgain = clerk.get("/api/releases/" + before + "/packet").body();
        assertEquals(List.of(new String(earlier, StandardCharsets.ISO_8859_1)),
                List.of(new String(earlierAgain, StandardCharsets.ISO_8859_1)), "a packet released before is not changed");
        assertFalse(String.join("", PdfPages.texts(earlier)).contains("penicillin (hives)"));
    }

    @Test
    void aClerkWhoMayNotSeeTheDocumentIsAnsweredAsIfNeitherExisted() {
        String onProtected = admin.post("/api/amendments", newRequest(protectedId, today())).json().get("amendmentId").asText();
        assertNotNull(onProtected);
        String category = "/api/sensitive-categories/psychotherapy-notes";
        Map<String, Object> legalOnly = new LinkedHashMap<>(Map.of("name", "Psychotherapy notes",
                "documentTypes", List.of("PSYCHOTHERAPY NOTE"), "aliases", List.of("psychotherapy"), "readers", List.of("legal")));
        assertEquals(200, admin.send("PUT", category, "application/json", Json.bytes(legalOnly)).status());
        try {
            for (Response refused : List.of(
                    clerk.post("/api/amendments", newRequest(protectedId, today())),
                    clerk.get("/api/amendments/" + onProtected),
                    clerk.post("/api/amendments/" + onProtected + "/decision", Map.of("decision", "accepted", "amendmentText", "x")),
                    clerk.post("/api/amendments/" + onProtected + "/extension", Map.of("reason", "x", "newDueDate", today().plusDays(70).toString())),
                    clerk.get("/api/documents/" + protectedId + "/amendments"))) {
                assertEquals(404, refused.status(), refused.toString());
            }
            assertFalse(clerk.get("/api/amendments?status=all").text().contains(onProtected), "not listed either");
            assertEquals("requested", admin.get("/api/amendments/" + onProtected).json().get("status").asText(), "nothing changed");
        } finally {
            legalOnly.put("readers", List.of("roi", "legal"));
            assertEquals(200, admin.send("PUT", category, "application/json", Json.bytes(legalOnly)).status());
        }
        assertEquals(200, clerk.get("/api/amendments/" + onProtected).status(), "readable again once the clerk may see it");
    }

    // ---- helpers ----

    private static Map<String, Object> newRequest(String documentId, LocalDate received) {
        return Map.of("documentId", documentId, "requester", patient.printedName(), "receivedDate", received.toString(),
                "whatIsWrong", "The history says I smoke; I do not.", "requestedChange", "Record me as a non-smoker.");
    }

    private static JsonNode request(String documentId, LocalDate received) {
        Response created = clerk.post("/api/amendments", newRequest(documentId, received));
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    /** Releases the documents to the patient and returns the release id. */
    private static String release(List<String> documentIds) {
        Response created = clerk.post("/api/releases", Map.of("mrn", patient.mrn(),
                "requester", Map.of("name", patient.printedName()), "purpose", "Personal copy",
                "items", documentIds.stream().map(id -> Map.of("documentId", id)).toList()));
        assertEquals(201, created.status(), created.toString());
        String id = created.json().get("releaseId").asText();
        Response packet = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(201, packet.status(), packet.toString());
        return id;
    }

    private static String upload(ChartDocument document, String documentType) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("mrn", document.indexing().mrn());
        fields.put("patientName", document.indexing().patientName());
        fields.put("birthDate", document.indexing().birthDate().toString());
        fields.put("documentType", documentType);
        fields.put("serviceDate", document.indexing().serviceDate().toString());
        Response receipt = scanner.upload(fields, new RunningChartVault.Part("chart.pdf", ChartFiles.bornDigitalPdf(document.pages())));
        assertEquals(202, receipt.status(), receipt.toString());
        JsonNode batch = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
        return batch.get("documents").get(0).get("documentId").asText();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
