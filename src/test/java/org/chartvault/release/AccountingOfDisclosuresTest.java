package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.SignedForms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounting of disclosures as 45 CFR 164.528 defines it, over HTTP: one release of each request type, a production
 * to a non-party and disclosures entered by hand; the accounting lists only what the rule requires, six years back, and
 * leaves out what a suspension covers while it is in force; the accounting given is kept; an ADT merge carries the
 * history. Every chart is a born-digital PDF, so nothing waits for OCR.
 */
class AccountingOfDisclosuresTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client clerk;
    static ChartGenerator generator = new ChartGenerator();
    static Patient patient;
    static String patientName, noteId;
    static final LocalDate TODAY = LocalDate.now();
    /** Request type → the recipient of its release. */
    static final Map<String, String> RECIPIENTS = new LinkedHashMap<>();

    @BeforeAll
    static void oneReleaseOfEachType() throws Exception {
        vault = RunningChartVault.start(data);
        Client admin = vault.admin();
        clerk = vault.user("clerk12", "roi");
        patient = generator.patient(7201);
        ChartDocument note = generator.document(patient, 71, "PROGRESS NOTE", 1);
        noteId = ChartUploads.bornDigital(admin, note, "PROGRESS NOTE");
        patientName = admin.get("/api/documents/" + noteId).json().get("patientName").asText();
        for (String type : List.of("right-of-access", "third-party-authorization", "treatment-payment-operations",
                "legal-process", "public-health", "law-enforcement", "other-164-512")) {
            String recipient = type.equals("right-of-access") ? patientName : "Recipient for " + type;
            RECIPIENTS.put(type, recipient);
            Map<String, Object> body = new HashMap<>();
            body.put("mrn", patient.mrn());
            body.put("requestType", type);
            body.put("requester", type.equals("right-of-access") ? Map.of("name", recipient)
                    : Map.of("organization", recipient, "address", "1 Main Street, Portland ME"));
            body.put("purpose", "Purpose of " + type);
            body.put("items", List.of(Map.of("documentId", noteId)));
            if (type.equals("third-party-authorization")) body.put("authorization", SignedForms.authorization());
            if (type.equals("legal-process")) {
                body.put("legalOrder", Map.of("kind", "court-order", "issuedBy", "Superior Court of Cumberland County",
                        "reference", "CV-2026-0201", "issuedOn", TODAY.minusDays(3).toString()));
            }
            Response created = clerk.post("/api/releases", body);
            assertEquals(201, created.status(), created.toString());
            String id = created.json().get("releaseId").asText();
            if (type.equals("third-party-authorization")) {
                Response attached = clerk.postFiles("/api/releases/" + id + "/authorization", Map.of(),
                        new RunningChartVault.Part("signed.png", org.chartvault.testing.ChartFiles.png(generator.page(92).scan(100))));
                assertEquals(200, attached.status(), attached.toString());
            }
            Response packet = clerk.post("/api/releases/" + id + "/packet", Map.of());
            assertEquals(201, packet.status(), type + ": " + packet);
        }
        // a production to a non-party, as the hold package records it (HHS FAQ 710), and a request still open
        new ReleaseRepository(vault.app().store(), null, Clock.systemUTC()).saveDisclosure(new Disclosure(
                "exp_0000000000000000000000000a", patient.mrn(), patientName, TODAY.minusDays(2),
                new Requester(null, "Nonparty Insurance Co.", "9 Harbor Road, Bangor ME"),
                "Production in legal proceedings, matter Doe v. Roe", "legal process (45 CFR 164.512(e))",
                List.of(new ReleasedDocument(noteId, "Progress note", TODAY.minusYears(1), List.of(1), null, false)), 1,
                "legal1"));
        assertEquals(201, clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requestType", "public-health",
                "requester", Map.of("organization", "Never Released Agency"), "purpose", "Pending",
                "items", List.of(Map.of("documentId", noteId)))).status());
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    private static Response enter(String mrn, Map<String, Object> body) {
        return clerk.post("/api/patients/" + mrn + "/disclosures", body);
    }

    private static Map<String, Object> manual(String type, String organization, LocalDate date) {
        Map<String, Object> body = new HashMap<>();
        body.put("date", date.toString());
        body.put("recipient", Map.of("organization", organization, "address", "286 Water Street, Augusta ME"));
        body.put("purpose", "Purpose " + organization);
        body.put("description", "Immunization record and lab results of " + date.minusDays(1));
        body.put("requestType", type);
        // registration knows only the patients an ADT message brought: the others are confirmed, as a clerk would
        body.put("confirmUnknownMrn", Map.of("reason", "Patient registered before the feed"));
        return body;
    }

    private static Set<String> recipientsIn(JsonNode entries) {
        Set<String> found = new TreeSet<>();
        for (JsonNode d : entries) found.add(d.get("requester").asText());
        return found;
    }

    private static JsonNode accounting(String mrn, LocalDate requestDate) {
        Response r = clerk.get("/api/patients/" + mrn + "/accounting" + (requestDate == null ? "" : "?requestDate=" + requestDate));
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    @Test
    void theAccountingLeavesOutExemptDisclosuresAndListsLegalProcessNonPartyProductionsAndManualPublicHealth() {
        assertEquals(201, enter(patient.mrn(), manual("public-health", "Maine CDC", TODAY.minusDays(10))).status());
        Response tpo = enter(patient.mrn(), manual("treatment-payment-operations", "Harbor Rehab Clinic", TODAY.minusDays(9)));
        assertEquals(201, tpo.status(), tpo.toString());
        assertFalse(tpo.json().get("accounted").asBoolean());
        assertTrue(tpo.json().get("exemption").asText().contains("164.528(a)(1)(i)"), "the answer says why it is not accounted: " + tpo);
        assertEquals(201, enter(patient.mrn(), manual("public-health", "Tumor Registry Long Ago", TODAY.minusYears(7))).status());

        JsonNode statement = accounting(patient.mrn(), null);
        Set<String> listed = recipientsIn(statement.get("disclosures"));
        assertEquals(new TreeSet<>(Set.of("Recipient for legal-process", "Recipient for public-health",
                "Recipient for law-enforcement", "Recipient for other-164-512", "Nonparty Insurance Co.", "Maine CDC")), listed);
        assertEquals(4, statement.get("leftOutExempt").asInt(), "to the patient, under an authorization, and two for TPO");
        assertEquals(TODAY.minusYears(6).toString(), statement.get("from").asText());
        for (JsonNode d : statement.get("disclosures")) {
            assertFalse(d.get("date").isNull() || d.get("purpose").asText().isBlank() || d.get("description").asText().isBlank(), d.toString());
            assertFalse(d.get("recipient").get("address").isNull(), "the recipient's address when known: " + d);
        }

        // the internal log keeps every disclosure made, saying why the accounting leaves one out
        JsonNode log = clerk.get("/api/patients/" + patient.mrn() + "/disclosures").json();
        assertEquals(7 + 1 + 3, log.size(), "seven releases, the production and three entries (not the open request): " + log);
        Map<String, String> exemptions = new HashMap<>();
        for (JsonNode d : log) exemptions.put(d.get("requester").asText(), d.get("exemption").isNull() ? null : d.get("exemption").asText());
        assertTrue(exemptions.get(patientName).contains("164.528(a)(1)(ii)"), exemptions.toString());
        assertTrue(exemptions.get("Recipient for third-party-authorization").contains("164.528(a)(1)(iv)"));
        assertTrue(exemptions.get("Recipient for treatment-payment-operations").contains("164.528(a)(1)(i)"));
        assertTrue(exemptions.get("Harbor Rehab Clinic").contains("164.528(a)(1)(i)"));
        assertNull(exemptions.get("Recipient for legal-process"));
        assertNull(exemptions.get("Tumor Registry Long Ago"), "accounted, but older than six years");
        assertFalse(listed.contains("Tumor Registry Long Ago"));

        // the PDF the patient receives says the same
        Response pdf = clerk.get("/api/patients/" + patient.mrn() + "/accounting.pdf");
        assertEquals(200, pdf.status(), pdf.toString());
        String text = String.join("\n", ChartUploads.pageTexts(pdf.body())).replaceAll("\\s+", " ");
        assertTrue(text.contains("Recipient for legal-process") && text.contains("Maine CDC") && text.contains("Nonparty Insurance Co."), text);
        assertTrue(text.contains("Immunization record and lab results"), "the description of what was disclosed: " + text);
        assertFalse(text.contains("Recipient for treatment-payment-operations") || text.contains("Harbor Rehab Clinic")
                || text.contains("Recipient for third-party-authorization"), text);
        // a request seven years ago covers none of today's disclosures, only the one of then
        assertEquals(Set.of("Tumor Registry Long Ago"), recipientsIn(accounting(patient.mrn(), TODAY.minusYears(7).plusDays(1)).get("disclosures")));
    }

    @Test
    void aDisclosureEnteredByHandNeedsEveryElementAndARealPastDate() {
        Response empty = enter(patient.mrn(), Map.of("confirmUnknownMrn", Map.of("reason", "Registered before the feed")));
        assertEquals(400, empty.status(), empty.toString());
        String message = empty.json().get("message").asText();
        for (String element : List.of("'date'", "'recipient.name' or 'recipient.organization'", "'purpose'", "'description'", "'requestType'")) {
            assertTrue(message.contains(element), "names " + element + ": " + message);
        }
        Map<String, Object> future = manual("public-health", "Future Registry", TODAY.plusDays(1));
        Response tomorrow = enter(patient.mrn(), future);
        assertEquals(400, tomorrow.status());
        assertTrue(tomorrow.json().get("message").asText().contains("in the future"), tomorrow.toString());
        Response unknownType = enter(patient.mrn(), manual("marketing", "Acme Mailers", TODAY));
        assertEquals(400, unknownType.status());
        assertTrue(unknownType.json().get("message").asText().contains("public-health"), "the known types are named: " + unknownType);
        Response badMrn = enter("not_an_mrn%21", manual("public-health", "Maine CDC", TODAY));
        assertEquals(400, badMrn.status(), badMrn.toString());

        Response entered = enter("ACCT-ENTRY-1", manual("law-enforcement", "Portland Police Department", TODAY));
        assertEquals(201, entered.status(), entered.toString());
        assertEquals("manual", entered.json().get("source").asText());
        assertEquals("clerk12", entered.json().get("releasedBy").asText());
        assertTrue(entered.json().get("releaseId").asText().startsWith("dsc_"));
        Response audit = vault.admin().get("/api/audit?user=clerk12");
        assertTrue(audit.text().contains("disclosure-enter"), "entering a disclosure is audited");
        assertEquals(403, vault.user("scanner12", "scanner").post("/api/patients/" + patient.mrn() + "/disclosures",
                manual("public-health", "Maine CDC", TODAY)).status(), "only ROI enters disclosures");
    }

    @Test
    void aSuspensionLeavesTheAgencysDisclosuresOutWhileInForceAndTheyComeBackAfter() {
        String mrn = "ACCT-SUSP-1";
        assertEquals(201, enter(mrn, manual("other-164-512", "State Health Oversight Board", TODAY.minusDays(90))).status());
        assertEquals(201, enter(mrn, manual("law-enforcement", "Portland Police Department", TODAY.minusDays(5))).status());
        assertEquals(201, enter(mrn, manual("legal-process", "Clerk of the Superior Court", TODAY.minusDays(5))).status());
        Response written = clerk.post("/api/patients/" + mrn + "/accounting-suspensions", Map.of(
                "recipient", "State Health Oversight Board", "agency", "health-oversight", "statement", "written",
                "statedBy", "Inspector R. Vale", "statedOn", TODAY.minusDays(60).toString(),
                "until", TODAY.minusDays(10).toString(), "reason", "Ongoing audit"));
        assertEquals(201, written.status(), written.toString());
        JsonNode during = accounting(mrn, TODAY.minusDays(20));
        assertEquals(Set.of(), recipientsIn(during.get("disclosures")),
                "left out of an accounting requested while the suspension was in force");
        assertEquals(1, during.get("leftOutSuspended").asInt());
        assertTrue(recipientsIn(accounting(mrn, null).get("disclosures")).contains("State Health Oversight Board"),
                "back in once it has ended");

        Response tooLong = clerk.post("/api/patients/" + mrn + "/accounting-suspensions", Map.of(
                "recipient", "Portland Police Department", "agency", "law-enforcement", "statement", "oral",
                "statedBy", "Det. K. Moss", "statedOn", TODAY.toString(), "until", TODAY.plusDays(45).toString()));
        assertEquals(400, tooLong.status(), "an oral statement suspends for 30 days at most: " + tooLong);
        assertTrue(tooLong.json().get("message").asText().contains("30 days"), tooLong.toString());
        Response oral = clerk.post("/api/patients/" + mrn + "/accounting-suspensions", Map.of(
                "recipient", "portland police  department", "agency", "law-enforcement", "statement", "oral",
                "statedBy", "Det. K. Moss", "statedOn", TODAY.toString()));
        assertEquals(201, oral.status(), oral.toString());
        assertEquals(TODAY.plusDays(30).toString(), oral.json().get("until").asText());
        assertEquals(Set.of("State Health Oversight Board", "Clerk of the Superior Court"),
                recipientsIn(accounting(mrn, null).get("disclosures")), "only the agency's own disclosures are suspended");
        assertEquals(Set.of("State Health Oversight Board", "Portland Police Department", "Clerk of the Superior Court"),
                recipientsIn(accounting(mrn, TODAY.minusDays(1)).get("disclosures")), "an accounting asked before the statement lists it");
        Response refused = clerk.post("/api/patients/" + mrn + "/accounting-suspensions", Map.of("recipient", "Someone",
                "agency", "marketing", "statement", "written", "statedBy", "x", "statedOn", TODAY.toString()));
        assertEquals(400, refused.status(), "only health oversight and law enforcement may suspend: " + refused);
        assertTrue(refused.json().get("message").asText().contains("'until'"), "and a written statement needs its end: " + refused);
        assertEquals(2, clerk.get("/api/patients/" + mrn + "/accounting-suspensions").json().size());
    }

    @Test
    void theAccountingGivenToThePatientIsKeptAsGiven() throws Exception {
        Response given = clerk.post("/api/patients/" + patient.mrn() + "/accountings", Map.of("requestedBy", patientName));
        assertEquals(201, given.status(), given.toString());
        String id = given.json().get("accountingId").asText();
        assertEquals("clerk12", given.json().get("producedBy").asText());
        assertEquals(TODAY.toString(), given.json().get("requestDate").asText());
        assertTrue(given.json().get("listed").size() >= 4, given.toString());
        JsonNode list = clerk.get("/api/patients/" + patient.mrn() + "/accountings").json();
        assertTrue(list.findValuesAsText("accountingId").contains(id), list.toString());
        Response pdf = clerk.get("/api/patients/" + patient.mrn() + "/accountings/" + id + "/pdf");
        assertEquals(200, pdf.status(), pdf.toString());
        assertEquals(given.json().get("sha256").asText(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf.body())));
        assertTrue(String.join(" ", ChartUploads.pageTexts(pdf.body())).contains("Accounting of Disclosures"));
        assertEquals(404, clerk.get("/api/patients/" + patient.mrn() + "/accountings/acc_nosuchaccounting/pdf").status());
        assertEquals(404, clerk.get("/api/patients/OTHER-1/accountings/" + id + "/pdf").status(), "only under its own patient");
        assertEquals(400, clerk.post("/api/patients/" + patient.mrn() + "/accountings", Map.of()).status(), "who asked is required");
    }

    @Test
    void anAdtMergeCarriesTheRetiredMrnsDisclosureHistoryToTheSurvivingMrn() throws Exception {
        Patient survivor = generator.patient(7301);
        String retired = "OLD-7301";
        assertEquals(201, enter(retired, manual("public-health", "County Health Office", TODAY.minusDays(30))).status());
        assertEquals(201, clerk.post("/api/patients/" + retired + "/accounting-suspensions", Map.of(
                "recipient", "County Health Office", "agency", "health-oversight", "statement", "written",
                "statedBy", "Director A. Pike", "statedOn", TODAY.minusDays(40).toString(),
                "until", TODAY.minusDays(35).toString())).status());
        String a40 = String.join("\r",
                "MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20260106120000||ADT^A40^ADT_A39|MSG07301|P|2.5.1",
                "EVN|A40|20260106120000",
                "PID|1||" + survivor.mrn() + "^^^NORTHGATE^MR||" + survivor.lastName().toUpperCase() + "^"
                        + survivor.firstName().toUpperCase() + "||" + survivor.birthDate().toString().replace("-", ""),
                "MRG|" + retired + "^^^NORTHGATE^MR");
        Response ack = vault.admin().send("POST", "/api/hl7/adt", "x-application/hl7-v2+er7", a40.getBytes(StandardCharsets.UTF_8));
        assertTrue(ack.text().contains("MSA|AA"), ack.toString());

        JsonNode moved = clerk.get("/api/patients/" + survivor.mrn() + "/disclosures").json();
        assertEquals(1, moved.size(), moved.toString());
        assertEquals("County Health Office", moved.get(0).get("requester").asText());
        assertEquals(retired, moved.get(0).get("mergedFrom").asText());
        assertEquals(Set.of("County Health Office"), recipientsIn(accounting(survivor.mrn(), null).get("disclosures")));
        assertEquals(1, clerk.get("/api/patients/" + survivor.mrn() + "/accounting-suspensions").json().size());
        assertEquals(0, clerk.get("/api/patients/" + retired + "/disclosures").json().size(), "nothing left under the retired MRN");
        // after the merge, a statement or an accounting asked under the retired MRN is the survivor's
        Response late = clerk.post("/api/patients/" + retired + "/accounting-suspensions", Map.of(
                "recipient", "County Health Office", "agency", "health-oversight", "statement", "oral",
                "statedBy", "Director A. Pike", "statedOn", TODAY.toString()));
        assertEquals(survivor.mrn(), late.json().get("mrn").asText(), late.toString());
        assertEquals(Set.of(), recipientsIn(accounting(survivor.mrn(), null).get("disclosures")), "suspended now");
        assertEquals(survivor.mrn(), clerk.post("/api/patients/" + retired + "/accountings",
                Map.of("requestedBy", "The patient")).json().get("mrn").asText());
        // a release logged under the retired MRN before the merge and released after it is the survivor's too
        new ReleaseRepository(vault.app().store(), null, Clock.systemUTC()).saveDisclosure(new Disclosure(
                "rel_late", retired, null, TODAY, new Requester(null, "Late Court Clerk", null), "Subpoena", null, List.of(),
                1, "clerk12", RequestType.LEGAL_PROCESS, "Legal process", true, "Billing records", Disclosure.Source.MANUAL, null));
        assertEquals(Set.of("Late Court Clerk"), recipientsIn(accounting(survivor.mrn(), null).get("disclosures")));
        String trail = vault.admin().get("/api/audit?action=patient-merge").text();
        assertTrue(trail.contains("disclosuresMoved"), "the merge's audit entry says what moved: " + trail);
    }

    @Test
    void theSameMergeDeliveredTwiceAtOnceMovesEachEntryOnceAndLeavesNothingBehind() throws Exception {
        Patient survivor = generator.patient(7401);
        String retired = "OLD-7401";
        int entries = 24;
        for (int i = 0; i < entries; i++) {
            assertEquals(201, enter(retired, manual("public-health", "Registry " + i, TODAY.minusDays(i + 1))).status());
        }
        assertEquals(201, clerk.post("/api/patients/" + retired + "/accountings", Map.of("requestedBy", "The patient")).status());
        String a40 = String.join("\r",
                "MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20260106120000||ADT^A40^ADT_A39|MSG07401|P|2.5.1",
                "EVN|A40|20260106120000",
                "PID|1||" + survivor.mrn() + "^^^NORTHGATE^MR||" + survivor.lastName().toUpperCase() + "^"
                        + survivor.firstName().toUpperCase() + "||" + survivor.birthDate().toString().replace("-", ""),
                "MRG|" + retired + "^^^NORTHGATE^MR");
        Client admin = vault.admin();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        List<java.util.concurrent.CompletableFuture<Response>> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            sent.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return admin.send("POST", "/api/hl7/adt", "x-application/hl7-v2+er7", a40.getBytes(StandardCharsets.UTF_8));
            }));
        }
        for (var answer : sent) assertTrue(answer.get().text().contains("MSA|AA"), answer.get().toString());
        JsonNode moved = clerk.get("/api/patients/" + survivor.mrn() + "/disclosures").json();
        assertEquals(entries, moved.size(), "each entry once: " + moved);
        assertEquals(1, clerk.get("/api/patients/" + survivor.mrn() + "/accountings").json().size());
        assertEquals(0, clerk.get("/api/patients/" + retired + "/disclosures").json().size());
        assertEquals(0, clerk.get("/api/patients/" + retired + "/accountings").json().size());
    }
}
