package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.audit.MovableClock;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clock, fees and letters of release requests over HTTP, on a running ChartVault whose clock the test holds:
 * 30 days and one extension with its written notice (45 CFR 164.524(b)(2)), fees a patient may and may not be
 * charged (164.524(c)(4)), a third party's packet held until paid, and the denial letter's required content
 * (164.524(d)(2)). Charts are born-digital PDFs, so nothing waits for OCR.
 */
class ReleaseClockFeesLettersTest {
    /** Tokens last 90 days, so the clock moves by days only. */
    static final MovableClock clock = new MovableClock(Instant.parse("2026-05-04T14:00:00Z"));

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client admin, clerk;
    static Patient patient;
    static String patientName, noteId;

    @BeforeAll
    static void archive() throws Exception {
        vault = RunningChartVault.start(data, Map.of(), clock);
        admin = vault.admin();
        clerk = vault.user("clerk21", "roi");
        ChartGenerator generator = new ChartGenerator();
        patient = generator.patient(7201);
        noteId = ChartUploads.bornDigital(admin, generator.document(patient, 71, "PROGRESS NOTE", 2), "PROGRESS NOTE");
        patientName = admin.get("/api/documents/" + noteId).json().get("patientName").asText();
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    static LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A right-of-access request by the patient, received on {@code received}. */
    static JsonNode patientRequest(LocalDate received) {
        return created(request("right-of-access", Map.of("name", patientName), received));
    }

    static Map<String, Object> request(String type, Object requester, LocalDate received) {
        Map<String, Object> body = new HashMap<>();
        body.put("mrn", patient.mrn());
        body.put("requestType", type);
        body.put("requester", requester);
        body.put("purpose", "Personal copy");
        body.put("receivedDate", received.toString());
        body.put("items", List.of(Map.of("documentId", noteId)));
        return body;
    }

    static JsonNode created(Map<String, Object> body) {
        Response created = clerk.post("/api/releases", body);
        assertEquals(201, created.status(), created.toString());
        return created.json();
    }

    static byte[] letterPdf(String releaseId, String letterId) {
        Response pdf = clerk.get("/api/releases/" + releaseId + "/letters/" + letterId);
        assertEquals(200, pdf.status(), pdf.toString());
        assertEquals("application/pdf", pdf.header("Content-Type"));
        return pdf.body();
    }

    static String letterText(String releaseId, String letterId) {
        return String.join(" ", ChartUploads.pageTexts(letterPdf(releaseId, letterId))).replaceAll("\\s+", " ");
    }

    @Test
    void theClockRunsThirtyDaysAndOneExtensionWithItsWrittenNoticeMovesItAtMostThirtyMore() {
        LocalDate received = today().minusDays(20);
        JsonNode logged = patientRequest(received);
        String id = logged.get("releaseId").asText();
        assertEquals(received.plusDays(30).toString(), logged.get("dueDate").asText());
        assertEquals(10, logged.get("daysLeft").asInt());

        Response moved = clerk.patch("/api/releases/" + id, Map.of("dueDate", received.plusDays(45).toString()));
        assertEquals(400, moved.status(), "the due date is not moved by hand: " + moved);
        assertEquals("due-date-fixed", moved.json().get("error").asText());
        assertTrue(moved.json().get("message").asText().contains("extension"), moved.toString());
        Response later = clerk.post("/api/releases", new HashMap<>(Map.of("mrn", patient.mrn(), "requestType", "right-of-access",
                "requester", Map.of("name", patientName), "purpose", "Copy", "dueDate", today().plusDays(40).toString())));
        assertEquals(400, later.status(), "nor logged later than the rule: " + later);

        clock.advance(Duration.ofDays(3));
        assertEquals(7, clerk.get("/api/releases/" + id).json().get("daysLeft").asInt(), "the clock runs with the days");

        Response noReason = clerk.post("/api/releases/" + id + "/extension", Map.of("newDueDate", received.plusDays(60).toString()));
        assertEquals(400, noReason.status(), noReason.toString());
        Response tooFar = clerk.post("/api/releases/" + id + "/extension",
                Map.of("reason", "Records are at the off-site warehouse", "newDueDate", received.plusDays(61).toString()));
        assertEquals(400, tooFar.status(), "more than 30 days: " + tooFar);

        Response extended = clerk.post("/api/releases/" + id + "/extension",
                Map.of("reason", "The records are stored off site and are being retrieved."));
        assertEquals(200, extended.status(), extended.toString());
        JsonNode after = extended.json();
        assertEquals(received.plusDays(60).toString(), after.get("dueDate").asText(), "30 more days by default");
        assertEquals(37, after.get("daysLeft").asInt());
        JsonNode extension = after.get("extension");
        assertEquals("The records are stored off site and are being retrieved.", extension.get("reason").asText());
        assertEquals(received.plusDays(30).toString(), extension.get("firstDueDate").asText());
        assertEquals(today().toString(), extension.get("notifiedOn").asText(), "the day of the notice is recorded");
        assertEquals("clerk21", extension.get("by").asText());

        JsonNode notice = after.get("letters").get(0);
        assertEquals("extension-notice", notice.get("kind").asText(), "the written notice is kept with the request");
        String text = letterText(id, notice.get("letterId").asText());
        assertTrue(text.contains("The records are stored off site and are being retrieved."), text);
        assertTrue(text.contains(received.plusDays(60).toString()), "the new date: " + text);

        Response again = clerk.post("/api/releases/" + id + "/extension", Map.of("reason", "Still busy"));
        assertEquals(409, again.status(), again.toString());
        assertEquals("extension-used", again.json().get("error").asText());

        Response retyped = clerk.patch("/api/releases/" + id, Map.of("requestType", "treatment-payment-operations"));
        assertEquals(200, retyped.status(), retyped.toString());
        assertEquals(received.plusDays(60).toString(), retyped.json().get("dueDate").asText(),
                "the date the requester was told stays after a change of type");
    }

    @Test
    void aSecondExtensionIsRefusedEvenWhenTwoClerksExtendAtOnce() throws Exception {
        String id = patientRequest(today().minusDays(5)).get("releaseId").asText();
        Client other = vault.user("clerk22", "roi");
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Response>> racing = new ArrayList<>();
        for (Client c : List.of(clerk, other)) {
            racing.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return c.post("/api/releases/" + id + "/extension", Map.of("reason", "Waiting for the outside records of " + c));
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var r : racing) statuses.add(r.get().status());
        statuses.sort(null);
        assertEquals(List.of(200, 409), statuses, "one extension between the two clerks");
        JsonNode release = clerk.get("/api/releases/" + id).json();
        assertEquals(1, release.get("letters").size(), "one notice");
    }

    @Test
    void changingTheTypeRecomputesTheDueDateAndAStateRuleCanShortenIt() {
        JsonNode settings = admin.get("/api/release-settings").json();
        List<Object> types = new ArrayList<>(Json.read(Json.bytes(settings.get("requestTypes")), List.class));
        types.add(Map.of("type", "state-access", "name", "Patient's access under state law", "regulation",
                "45 CFR 164.524; state law (15 days)", "needs", "nothing", "dueDays", 15, "feeRule", "patient-access",
                "accounted", false));
        assertEquals(200, admin.send("PUT", "/api/release-settings", "application/json",
                Json.bytes(Map.of("requestTypes", types))).status());
        try {
            LocalDate received = today().minusDays(2);
            String id = patientRequest(received).get("releaseId").asText();
            Response retyped = clerk.patch("/api/releases/" + id, Map.of("requestType", "state-access"));
            assertEquals(200, retyped.status(), retyped.toString());
            assertEquals(received.plusDays(15).toString(), retyped.json().get("dueDate").asText());
        } finally {
            assertEquals(200, admin.send("PUT", "/api/release-settings", "application/json",
                    Json.bytes(Map.of("requestTypes", Json.read(Json.bytes(settings.get("requestTypes")), List.class)))).status());
        }
    }

    @Test
    void anOverdueRequestComesFirstAndCannotBeExtendedAndAdministratorsSeeIt() {
        String late = patientRequest(today().minusDays(33)).get("releaseId").asText();
        patientRequest(today().minusDays(1));
        JsonNode list = clerk.get("/api/releases?status=received,in-progress").json();
        JsonNode first = list.get("releases").get(0);
        assertTrue(first.get("overdue").asBoolean(), "overdue first: " + list);
        assertTrue(first.get("daysLeft").asInt() < 0);
        assertTrue(list.get("overdueCount").asInt() >= 1);

        Response tooLate = clerk.post("/api/releases/" + late + "/extension", Map.of("reason", "We forgot"));
        assertEquals(409, tooLate.status(), tooLate.toString());
        assertEquals("too-late-to-extend", tooLate.json().get("error").asText());

        JsonNode seen = admin.get("/api/releases?overdue=true").json();
        assertTrue(seen.get("releases").findValuesAsText("releaseId").contains(late), "an administrator sees it: " + seen);
    }

    @Test
    void aPatientIsNeverChargedASearchOrRetrievalFee() {
        String id = patientRequest(today()).get("releaseId").asText();
        Response retrieval = clerk.post("/api/releases/" + id + "/fee", Map.of("method", "cost-based", "lines", List.of(
                Map.of("kind", "labor", "description", "Copying, 10 minutes", "amount", 5.00),
                Map.of("kind", "retrieval", "description", "Retrieval fee", "amount", 15.00))));
        assertEquals(400, retrieval.status(), retrieval.toString());
        assertEquals("fee-not-allowed", retrieval.json().get("error").asText());
        assertTrue(retrieval.json().get("message").asText().contains("searching for or retrieving"), retrieval.toString());
        assertNull(clerk.get("/api/releases/" + id).json().get("fee").textValue(), "nothing was charged");

        Response flat = clerk.post("/api/releases/" + id + "/fee", Map.of("method", "flat-electronic"));
        assertEquals(200, flat.status(), flat.toString());
        assertEquals(0, new BigDecimal("6.50").compareTo(flat.json().get("fee").get("total").decimalValue()));

        Response costBased = clerk.post("/api/releases/" + id + "/fee", Map.of("lines", List.of(
                Map.of("kind", "labor", "description", "Copying, 10 minutes", "amount", "5.00"),
                Map.of("kind", "supplies", "description", "Paper", "amount", 0.40),
                Map.of("kind", "postage", "amount", 1.51))));
        assertEquals(200, costBased.status(), costBased.toString());
        assertEquals("cost-based", costBased.json().get("fee").get("method").asText());
        assertEquals(0, new BigDecimal("6.91").compareTo(costBased.json().get("fee").get("balance").decimalValue()));

        Response waived = clerk.post("/api/releases/" + id + "/fee/waiver", Map.of("reason", "Financial hardship"));
        assertEquals(200, waived.status(), waived.toString());
        assertEquals(0, waived.json().get("fee").get("balance").decimalValue().signum());
        assertEquals("Financial hardship", waived.json().get("fee").get("waiver").get("reason").asText());
    }

    @Test
    void aThirdPartysPacketWaitsForPaymentWhenConfiguredAndAPatientsNever() {
        assertEquals(200, admin.send("PUT", "/api/release-settings", "application/json", Json.bytes(Map.of("fees",
                Map.of("thirdPartyBaseFee", 20, "thirdPartyPerPage", "0.50", "holdThirdPartyUntilPaid", true)))).status());
        try {
            Map<String, Object> body = request("legal-process", Map.of("organization", "Hale & Burrows LLP"), today());
            body.put("legalOrder", Map.of("kind", "court-order", "issuedBy", "Superior Court of Cumberland County",
                    "reference", "CV-2026-0441", "issuedOn", today().minusDays(2).toString()));
            String firm = created(body).get("releaseId").asText();
            Response quoted = clerk.post("/api/releases/" + firm + "/fee", Map.of());
            assertEquals(200, quoted.status(), quoted.toString());
            assertEquals(0, new BigDecimal("21.00").compareTo(quoted.json().get("fee").get("total").decimalValue()),
                    "base fee and two pages: " + quoted);

            Response held = clerk.post("/api/releases/" + firm + "/packet", Map.of());
            assertEquals(409, held.status(), held.toString());
            assertEquals("unpaid", held.json().get("error").asText());
            assertEquals(201, clerk.post("/api/releases/" + firm + "/payments",
                    Map.of("amount", 11, "method", "check", "reference", "4417")).status());
            assertEquals(409, clerk.post("/api/releases/" + firm + "/packet", Map.of()).status(), "$10 still owed");
            Response tooMuch = clerk.post("/api/releases/" + firm + "/payments", Map.of("amount", 50, "method", "check"));
            assertEquals(400, tooMuch.status(), tooMuch.toString());
            assertEquals(201, clerk.post("/api/releases/" + firm + "/payments", Map.of("amount", "10.00", "method", "card")).status());
            assertEquals(201, clerk.post("/api/releases/" + firm + "/packet", Map.of()).status(), "paid: released");

            Response invoice = clerk.post("/api/releases/" + firm + "/letters", Map.of("kind", "invoice"));
            assertEquals(201, invoice.status(), invoice.toString());
            String text = letterText(firm, invoice.json().get("letterId").asText());
            assertTrue(text.contains("$21.00") && text.contains("$0.00") && text.contains("4417"), text);

            Map<String, Object> untyped = request("not-stated", Map.of("name", patientName), today());
            untyped.remove("requestType");
            String logged = created(untyped).get("releaseId").asText();
            assertEquals(200, clerk.post("/api/releases/" + logged + "/fee", Map.of()).status(), "a schedule fee, the old default");
            assertEquals(201, clerk.post("/api/releases/" + logged + "/packet", Map.of()).status(),
                    "the patient's own request logged without a type is not held either");

            String own = patientRequest(today()).get("releaseId").asText();
            assertEquals(200, clerk.post("/api/releases/" + own + "/fee", Map.of("method", "flat-electronic")).status());
            Response patientsPacket = clerk.post("/api/releases/" + own + "/packet", Map.of());
            assertEquals(201, patientsPacket.status(), "a patient's copy never waits for payment: " + patientsPacket);
        } finally {
            admin.send("PUT", "/api/release-settings", "application/json",
                    Json.bytes(Map.of("fees", Map.of("holdThirdPartyUntilPaid", false))));
        }
    }

    @Test
    void theDenialLetterGivesTheGroundsTheReviewRightsAndHowToComplainToTheSecretary() {
        String id = patientRequest(today()).get("releaseId").asText();
        Response notDenied = clerk.post("/api/releases/" + id + "/letters", Map.of("kind", "denial", "reviewable", true));
        assertEquals(409, notDenied.status(), notDenied.toString());
        String grounds = "A licensed health care professional has determined that access is reasonably likely to endanger "
                + "the life or physical safety of the individual.";
        assertEquals(200, clerk.patch("/api/releases/" + id, Map.of("status", "denied", "reason", grounds)).status());
        Response unsaid = clerk.post("/api/releases/" + id + "/letters", Map.of("kind", "denial"));
        assertEquals(400, unsaid.status(), "whether it can be reviewed must be said: " + unsaid);

        Response letter = clerk.post("/api/releases/" + id + "/letters", Map.of("kind", "denial", "reviewable", true));
        assertEquals(201, letter.status(), letter.toString());
        String text = letterText(id, letter.json().get("letterId").asText());
        assertTrue(text.contains(grounds), "the basis: " + text);
        assertTrue(text.contains("reviewed by a licensed health care professional"), "the review right: " + text);
        assertTrue(text.contains("To ask for a review, write to"), "how to ask for it: " + text);
        assertTrue(text.contains("Secretary of the U.S. Department of Health and Human Services"), "the Secretary: " + text);
        assertTrue(text.contains("Office for Civil Rights") && text.contains("1-800-368-1019"), text);
        assertTrue(text.contains("Privacy Officer"), "the hospital's contact: " + text);
        assertEquals(List.of(), org.chartvault.testing.VeraPdf.failedRules(letterPdf(id, letter.json().get("letterId").asText())),
                "the letter is PDF/A-2b like the other PDFs");

        JsonNode letters = clerk.get("/api/releases/" + id + "/letters").json().get("letters");
        assertEquals(1, letters.size());
        assertEquals("denial", letters.get(0).get("kind").asText());
        JsonNode audit = admin.get("/api/audit?action=release-letter-produce").json();
        assertTrue(audit.toString().contains(id), "the letter is audited");
    }

    @Test
    void anAdministratorEditsTheTemplatesButTheDenialKeepsWhatTheRuleRequires() {
        Response stripped = admin.send("PUT", "/api/letter-templates/denial", "application/json", Json.bytes(Map.of(
                "title", "Denial", "body", "Dear {{requester}}, no. {{grounds}}")));
        assertEquals(400, stripped.status(), stripped.toString());
        assertTrue(stripped.json().get("message").asText().contains("Secretary of HHS"), stripped.toString());
        assertEquals(403, clerk.send("PUT", "/api/letter-templates/acknowledgement", "application/json",
                Json.bytes(Map.of("title", "Hi", "body", "Hello"))).status());
        Response unknown = admin.send("PUT", "/api/letter-templates/acknowledgement", "application/json",
                Json.bytes(Map.of("title", "Received", "body", "Dear {{requester}}, {{favoriteColor}}")));
        assertEquals(400, unknown.status(), unknown.toString());

        assertEquals(200, admin.send("PUT", "/api/letter-templates", "application/json",
                Json.bytes(Map.of("hospital", "Northfield Community Hospital", "contact", "HIM Department, 555-0142"))).status());
        Response edited = admin.send("PUT", "/api/letter-templates/acknowledgement", "application/json", Json.bytes(Map.of(
                "title", "We received your request", "body", "Dear {{requester}},\n\nWe will answer by {{dueDate}}. {{hospital}}")));
        assertEquals(200, edited.status(), edited.toString());
        try {
            JsonNode request = patientRequest(today());
            String id = request.get("releaseId").asText();
            Response letter = clerk.post("/api/releases/" + id + "/letters", Map.of("kind", "acknowledgement"));
            assertEquals(201, letter.status(), letter.toString());
            String text = letterText(id, letter.json().get("letterId").asText());
            assertTrue(text.contains("We will answer by " + request.get("dueDate").asText() + ". Northfield Community Hospital"), text);
            assertFalse(text.contains("{{"), text);
        } finally {
            admin.send("PUT", "/api/letter-templates/acknowledgement", "application/json", Json.bytes(Map.of(
                    "title", LetterTemplate.DEFAULTS.get(0).title(), "body", LetterTemplate.DEFAULTS.get(0).body())));
        }
    }
}
