package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wrong-patient check and "redact every occurrence" over HTTP, on born-digital charts (their words come from
 * the text layer, so nothing waits for OCR): another patient's page filed into a chart by mistake stops the
 * release until the clerk removes it or confirms it with a reason; a page that names nobody is flagged too; and a
 * phrase or a Social Security number found by search and accepted is gone from the packet's text and blacked out
 * in its image.
 */
class ReleasePatientCheckTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client admin, clerk;
    static ChartGenerator generator = new ChartGenerator();
    static Patient alice, bruno;
    static String aliceNote, misfiled, nameless, withSecrets;

    @BeforeAll
    static void archiveCharts() throws Exception {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        clerk = vault.user("checker", "roi");
        alice = generator.patient(6101);
        bruno = generator.patient(6202);
        ChartDocument a = generator.document(alice, 61, "PROGRESS NOTE", 2);
        ChartDocument b = generator.document(bruno, 62, "CONSULTATION", 1);
        aliceNote = ChartUploads.bornDigital(admin, a, "PROGRESS NOTE");
        // Bruno's consultation, filed under Alice by a scanner who typed her values: the misfile the check exists for
        misfiled = ChartUploads.upload(admin, a.indexing(), "CONSULTATION", "misfiled.pdf", ChartFiles.bornDigitalPdf(b.pages()));
        nameless = ChartUploads.upload(admin, a.indexing(), "PROGRESS NOTE", "flowsheet.pdf", ChartFiles.bornDigitalPdf(List.of(
                page(a.indexing(), "NURSING FLOWSHEET (continued)", "Vital signs stable overnight.",
                        "Ambulated in the hallway twice with assistance."))));
        withSecrets = ChartUploads.upload(admin, a.indexing(), "PROGRESS NOTE", "social.pdf", ChartFiles.bornDigitalPdf(List.of(
                page(a.indexing(), "SOCIAL WORK NOTE", "Patient: " + alice.printedName() + "    MRN: " + alice.mrn(),
                        "SSN: 123-45-6789 on the insurance card.", "Sister Zebulon Quimby called from 555-867-5309.",
                        "Zebulon Quimby will drive her home.", "Prognosis good."))));
    }

    /** A one-page chart of plain lines, one text run each, down the left margin. */
    private static ChartPage page(Indexing indexing, String... lines) {
        List<ChartPage.Line> printed = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            printed.add(new ChartPage.Line(90 + 22 * i, List.of(new ChartPage.Run(lines[i], 72, ChartPage.Style.BODY)), lines[i]));
        }
        return new ChartPage(indexing, 1, 1, ChartPage.Typeface.DEFAULT, printed);
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    private static String release(String... documentIds) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (String id : documentIds) items.add(Map.of("documentId", id));
        Response created = clerk.post("/api/releases", Map.of("mrn", alice.mrn(), "requester", "Patient (self)",
                "purpose", "Personal copy", "items", items));
        assertEquals(201, created.status(), created.toString());
        return created.json().get("releaseId").asText();
    }

    private static JsonNode flagged(String releaseId, String documentId, int page) {
        Response check = clerk.get("/api/releases/" + releaseId + "/patient-check");
        assertEquals(200, check.status(), check.toString());
        for (JsonNode p : check.json().get("flagged")) {
            if (p.get("documentId").asText().equals(documentId) && p.get("page").asInt() == page) return p;
        }
        return null;
    }

    @Test
    void anotherPatientsPageStopsTheReleaseUntilTheClerkRemovesIt() {
        String id = release(aliceNote, misfiled);
        Response refused = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("patient-check", refused.json().get("error").asText());
        assertTrue(refused.json().get("message").asText().contains("page 1 of " + misfiled), refused.toString());
        assertEquals("received", clerk.get("/api/releases/" + id).json().get("status").asText(), "nothing was released");

        JsonNode page = flagged(id, misfiled, 1);
        assertTrue(page != null, "the misfiled page is flagged");
        assertEquals("other-patient", page.get("problem").asText());
        assertTrue(page.get("why").asText().contains(bruno.mrn()), page.toString());
        assertTrue(page.get("found").toString().contains(bruno.mrn()), "it shows what was read: " + page);
        assertEquals(null, flagged(id, aliceNote, 1), "Alice's own pages pass");
        assertEquals(null, flagged(id, aliceNote, 2), "a continuation page passes on its footer's MRN");

        Response removed = clerk.post("/api/releases/" + id + "/patient-check/decisions",
                Map.of("documentId", misfiled, "page", 1, "decision", "remove", "reason", "Bruno's consultation, misfiled"));
        assertEquals(200, removed.status(), removed.toString());
        assertFalse(removed.json().get("items").toString().contains(misfiled), "the page left the release");
        assertEquals("remove", removed.json().get("pageDecisions").get(0).get("decision").asText());

        Response packet = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(201, packet.status(), packet.toString());
        String text = String.join("\n", ChartUploads.pageTexts(packet.body()));
        assertFalse(text.contains(bruno.mrn()), "nothing of Bruno's went out");

        String trail = admin.get("/api/audit?action=release-update").text();
        assertTrue(trail.contains("patient check: remove page 1 of " + misfiled), "the decision is audited: " + trail);
    }

    @Test
    void aConfirmedPageIsReleasedAndAConfirmationNeedsAReason() {
        String id = release(misfiled);
        Response noReason = clerk.post("/api/releases/" + id + "/patient-check/decisions",
                Map.of("documentId", misfiled, "page", 1, "decision", "confirm"));
        assertEquals(400, noReason.status(), noReason.toString());
        assertEquals("reason-required", noReason.json().get("error").asText());
        assertEquals(409, clerk.post("/api/releases/" + id + "/packet", Map.of()).status());

        Response confirmed = clerk.post("/api/releases/" + id + "/patient-check/decisions", Map.of("documentId", misfiled,
                "page", 1, "decision", "confirm", "reason", "Consultant's letter about Alice, addressed to Bruno's file by the clinic"));
        assertEquals(200, confirmed.status(), confirmed.toString());
        JsonNode page = flagged(id, misfiled, 1);
        assertEquals("confirm", page.get("decision").get("decision").asText(), "still shown, with the decision");
        assertEquals(0, clerk.get("/api/releases/" + id + "/patient-check").json().get("waiting").asInt());
        Response packet = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(201, packet.status(), packet.toString());
    }

    @Test
    void aPageThatNamesNoPatientIsFlagged() {
        String id = release(nameless);
        JsonNode page = flagged(id, nameless, 1);
        assertTrue(page != null, "a page with no MRN, name or birth date is flagged");
        assertEquals("no-identifiers", page.get("problem").asText());
        assertEquals(409, clerk.post("/api/releases/" + id + "/packet", Map.of()).status());
        Response bad = clerk.post("/api/releases/" + id + "/patient-check/decisions",
                Map.of("documentId", nameless, "page", 1, "decision", "keep", "reason", "x"));
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("bad-decision", bad.json().get("error").asText());
    }

    @Test
    void everyOccurrenceFoundAndAcceptedIsGoneFromThePacketsTextAndImage() {
        String id = release(withSecrets);
        Response none = clerk.post("/api/releases/" + id + "/redaction-proposals", Map.of("pattern", "[0-9]+"));
        assertEquals(400, none.status(), "no regular expressions from callers: " + none);

        Response ssn = clerk.post("/api/releases/" + id + "/redaction-proposals", Map.of("pattern", "ssn"));
        assertEquals(200, ssn.status(), ssn.toString());
        assertEquals(1, ssn.json().get("pages").size(), ssn.toString());
        assertEquals("123-45-6789", ssn.json().get("pages").get(0).get("boxes").get(0).get("text").asText());
        Response phone = clerk.post("/api/releases/" + id + "/redaction-proposals", Map.of("pattern", "phone"));
        assertTrue(phone.json().toString().contains("555-867-5309"), phone.toString());
        Response name = clerk.post("/api/releases/" + id + "/redaction-proposals", Map.of("phrase", "zebulon quimby"));
        JsonNode boxes = name.json().get("pages").get(0).get("boxes");
        assertEquals(4, boxes.size(), "both occurrences, a box a word: " + name);

        List<Rectangle> proposed = new ArrayList<>();
        for (JsonNode b : boxes) proposed.add(new Rectangle(b.get("x").asInt(), b.get("y").asInt(), b.get("width").asInt(), b.get("height").asInt()));
        for (Map<String, Object> query : List.of(Map.<String, Object>of("pattern", "ssn"), Map.<String, Object>of("pattern", "phone"),
                Map.<String, Object>of("phrase", "Zebulon Quimby"))) {
            Map<String, Object> body = new java.util.HashMap<>(query);
            body.put("documentId", withSecrets);
            body.put("page", 1);
            Response accepted = clerk.post("/api/releases/" + id + "/redaction-proposals/accept", body);
            assertEquals(200, accepted.status(), accepted.toString());
        }
        assertEquals(6, clerk.get("/api/releases/" + id).json().get("redactions").size(), "1 SSN + 1 phone + 4 name words");

        Response packet = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(201, packet.status(), packet.toString());
        List<String> texts = ChartUploads.pageTexts(packet.body());
        String released = texts.get(texts.size() - 1);
        for (String gone : List.of("6789", "123-45", "867-5309", "Zebulon", "Quimby")) {
            assertFalse(released.contains(gone), gone + " cannot be extracted: " + released);
        }
        assertTrue(released.contains("insurance") && released.contains("drive"), "the rest of the page is there: " + released);
        BufferedImage image = ChartUploads.imageOn(packet.body(), texts.size() - 1);
        for (Rectangle box : proposed) {
            assertTrue(ChartUploads.brightest(image, box) < 40, "the pixels under " + box + " are black");
        }
    }
}
