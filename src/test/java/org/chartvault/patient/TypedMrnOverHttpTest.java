package org.chartvault.patient;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An MRN typed by a person (a correction, a legal hold, a separator sheet, a release request) is checked against the
 * hospital's MRN pattern and the patient registry by the server, whatever the screen did: a typo is stopped with a
 * sentence, an unknown MRN needs a confirmation with a reason, which is audited, and a known one brings its patient.
 */
class TypedMrnOverHttpTest {
    private static final Map<String, String> EIGHT_DIGITS = Map.of("CHARTVAULT_MRN_PATTERN", "\\d{8}");
    private static final String OKAFOR = "00412345";
    private static final String NOT_REGISTERED = "00819345";
    private static final String TYPO = "0081934";
    private static final String OTHER_CAMPUS = "00819346";

    @TempDir
    static Path registered;
    @TempDir
    static Path unregistered;
    static RunningChartVault vault;
    static RunningChartVault empty;

    @BeforeAll
    static void start() throws IOException {
        vault = RunningChartVault.start(registered, EIGHT_DIGITS);
        Response imported = vault.admin().send("POST", "/api/patients/import", "text/csv",
                ("mrn,last_name,first_name,birth_date,sex\n" + OKAFOR + ",Okafor,Marguerite,1961-04-23,F\n"
                        + "00500001,Lindqvist,Bruno,1950-02-01,M\n").getBytes());
        assertEquals(200, imported.status(), imported.toString());
        empty = RunningChartVault.start(unregistered, EIGHT_DIGITS);
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
        if (empty != null) empty.close();
    }

    @Test
    void aSevenDigitTypoIsStoppedWithASentenceAndNothingIsSaved() {
        RunningChartVault.Client admin = vault.admin();
        String id = upload(admin, "typo.pdf", 1);
        long version = admin.get("/api/documents/" + id).json().get("version").asLong();

        Response typo = admin.patch("/api/documents/" + id, Map.of("mrn", TYPO));
        assertEquals(422, typo.status(), typo.toString());
        assertEquals("mrn-format", typo.json().get("error").asText());
        String message = typo.json().get("message").asText();
        assertTrue(message.startsWith("MRN " + TYPO + " does not have the form of this hospital's MRNs"), message);
        assertTrue(message.contains("confirmUnknownMrn"), message);
        JsonNode after = admin.get("/api/documents/" + id).json();
        assertEquals(version, after.get("version").asLong(), "nothing was saved");
        assertTrue(after.get("mrn").isNull());
    }

    @Test
    void anUnknownMrnNeedsAReasonWhichIsAuditedAndKeepsTheDocumentInReview() {
        RunningChartVault.Client admin = vault.admin();
        String id = upload(admin, "outside-record.pdf", 1);

        Response refused = admin.patch("/api/documents/" + id, Map.of("mrn", NOT_REGISTERED, "documentType", "Referral"));
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("mrn-not-in-registry", refused.json().get("error").asText());
        assertTrue(refused.json().get("message").asText().startsWith("MRN " + NOT_REGISTERED + " is not in the patient registry"),
                refused.toString());

        Response kept = admin.patch("/api/documents/" + id, Map.of("mrn", NOT_REGISTERED, "documentType", "Referral",
                "confirmUnknownMrn", Map.of("reason", "Registered this morning; the ADT feed is behind")));
        assertEquals(200, kept.status(), kept.toString());
        JsonNode document = kept.json();
        assertEquals(NOT_REGISTERED, document.get("mrn").asText());
        assertEquals("needs-review", document.get("status").asText(), "kept, but a second look is due");
        JsonNode reason = only(document.get("reasons"), "unknown-mrn-kept");
        assertEquals("mrn", reason.get("field").asText());
        assertTrue(reason.get("text").asText().contains("not in the patient registry"), reason.toString());
        assertTrue(reason.get("text").asText().contains("Registered this morning; the ADT feed is behind"), reason.toString());
        assertTrue(ids(admin.get("/api/review?limit=100").json().get("documents")).contains(id), "still in the review queue");

        assertEquals(List.of(NOT_REGISTERED + " (mrn-not-in-registry): Registered this morning; the ADT feed is behind"),
                kept(admin.get("/api/audit?documentId=" + id + "&action=update-document").json().get("entries")));

        // a reviewer who agrees confirms it as is: it leaves the queue, and that is audited too
        Response confirmed = admin.post("/api/documents/" + id + "/confirm", Map.of());
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals("indexed", confirmed.json().get("status").asText());
        assertEquals(0, confirmed.json().get("reasons").size());
        assertFalse(ids(admin.get("/api/review?limit=100").json().get("documents")).contains(id), "gone from the queue");
        assertEquals(1, admin.get("/api/audit?documentId=" + id + "&action=review-confirm").json().get("entries").size());
    }

    /**
     * Two reviewers on the same version of a document kept in review with an unknown MRN, at once: one confirms it
     * as is, the other corrects it to a registered MRN. Whatever the order, exactly one wins and the other is told
     * the record changed; the document is as the winner left it.
     */
    @Test
    void confirmingAsIsAndCorrectingTheSameVersionAtOnceLetExactlyOneWin() throws Exception {
        RunningChartVault.Client admin = vault.admin();
        for (int round = 0; round < 3; round++) {
            String id = upload(admin, "race-" + round + ".pdf", 1);
            assertEquals(200, admin.patch("/api/documents/" + id, Map.of("mrn", NOT_REGISTERED, "documentType", "Referral",
                    "confirmUnknownMrn", Map.of("reason", "Outside record, registration pending"))).status());
            String version = "\"" + admin.get("/api/documents/" + id).json().get("version").asText() + "\"";
            byte[] fix = org.chartvault.Json.bytes(Map.of("mrn", OKAFOR));
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                var confirm = two.submit(() -> {
                    together.await();
                    return admin.sendWithHeaders("POST", "/api/documents/" + id + "/confirm", "application/json",
                            "{}".getBytes(), Map.of("If-Match", version));
                });
                var correct = two.submit(() -> {
                    together.await();
                    return admin.sendWithHeaders("PATCH", "/api/documents/" + id, "application/json", fix,
                            Map.of("If-Match", version));
                });
                Response confirmed = confirm.get(), corrected = correct.get();
                assertEquals(List.of(200, 409), java.util.stream.Stream.of(confirmed.status(), corrected.status()).sorted().toList(),
                        confirmed + " / " + corrected);
                JsonNode now = admin.get("/api/documents/" + id).json();
                assertEquals("indexed", now.get("status").asText(), "either way it has left review");
                if (corrected.status() == 200) {
                    assertEquals(OKAFOR, now.get("mrn").asText());
                    assertEquals("OKAFOR, MARGUERITE", now.get("patientName").asText());
                    assertEquals("stale", confirmed.json().get("error").asText());
                } else {
                    assertEquals(NOT_REGISTERED, now.get("mrn").asText(), "confirmed as it was");
                    assertEquals("stale", corrected.json().get("error").asText());
                }
            } finally {
                two.shutdownNow();
            }
        }
    }

    @Test
    void aDocumentWithoutPatientOrTypeCannotBeConfirmedAsIs() {
        RunningChartVault.Client admin = vault.admin();
        String id = upload(admin, "nobody.pdf", 1);
        Response refused = admin.post("/api/documents/" + id + "/confirm", Map.of());
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("not-confirmable", refused.json().get("error").asText());
        assertEquals("needs-review", admin.get("/api/documents/" + id).json().get("status").asText());
    }

    @Test
    void typingARegisteredMrnSetsThePatientAndASearchByThatPatientFindsTheDocument() {
        RunningChartVault.Client admin = vault.admin();
        String id = upload(admin, "okafor-referral.pdf", 1);

        Response saved = admin.patch("/api/documents/" + id, Map.of("mrn", OKAFOR, "documentType", "Referral"));
        assertEquals(200, saved.status(), saved.toString());
        assertEquals("OKAFOR, MARGUERITE", saved.json().get("patientName").asText(), "the registry's patient came with the MRN");
        assertEquals("1961-04-23", saved.json().get("birthDate").asText());
        assertEquals("indexed", saved.json().get("status").asText());

        awaitTrue(() -> documentIds(admin.get("/api/search?q=patient:okafor").json()).contains(id), "found by the patient's name");
        assertTrue(documentIds(admin.get("/api/search?mrn=" + OKAFOR).json()).contains(id), "found by the MRN filter");
        JsonNode hit = admin.get("/api/search?q=patient:okafor").json().get("hits").get(0);
        assertEquals("OKAFOR, MARGUERITE", hit.get("patientName").asText());
    }

    @Test
    void theCheckAsTheScreenAsksForItShowsNameAndBirthDateOrWhatIsWrong() {
        RunningChartVault.Client scanner = vault.user("mrn-scanner", "scanner");
        JsonNode known = scanner.get("/api/mrn-check?mrn=" + OKAFOR).json();
        assertTrue(known.get("acceptable").asBoolean());
        assertEquals("OKAFOR, MARGUERITE", known.get("patientName").asText());
        assertEquals("1961-04-23", known.get("birthDate").asText());
        assertFalse(known.get("registryEmpty").asBoolean());

        JsonNode typo = scanner.get("/api/mrn-check?mrn=" + TYPO).json();
        assertFalse(typo.get("acceptable").asBoolean());
        assertEquals("mrn-format", typo.get("problem").asText());
        JsonNode unknown = scanner.get("/api/mrn-check?mrn=" + NOT_REGISTERED).json();
        assertEquals("mrn-not-in-registry", unknown.get("problem").asText());
        assertNull(unknown.path("patientName").textValue());
    }

    @Test
    void aHoldOnAnUnknownMrnIsPreviewedAndRefusedUnlessConfirmed() {
        RunningChartVault.Client admin = vault.admin();
        String id = upload(admin, "bruno-note.pdf", 1);
        assertEquals(200, admin.patch("/api/documents/" + id, Map.of("mrn", "00500001", "documentType", "Progress note")).status());

        JsonNode preview = admin.post("/api/holds/preview", Map.of("mrns", List.of("00500001", OTHER_CAMPUS))).json();
        assertEquals(1, preview.get("documentsMatching").asInt(), preview.toString());
        assertEquals("LINDQVIST, BRUNO", preview.get("patients").get(0).get("patientName").asText());
        assertEquals("mrn-not-in-registry", preview.get("patients").get(1).get("problem").asText());

        Map<String, Object> hold = new HashMap<>(Map.of("name", "Lindqvist v. County", "mrns", List.of("00500001", OTHER_CAMPUS)));
        Response refused = admin.post("/api/holds", hold);
        assertEquals(422, refused.status(), refused.toString());
        assertTrue(refused.json().get("message").asText().contains("MRN " + OTHER_CAMPUS + " is not in the patient registry"));
        assertEquals(0, admin.get("/api/holds").json().get("holds").size(), "no hold was placed");

        hold.put("confirmUnknownMrn", Map.of("reason", "Plaintiff's MRN from the other campus"));
        Response placed = admin.post("/api/holds", hold);
        assertEquals(201, placed.status(), placed.toString());
        assertEquals(1, placed.json().get("documentsHeld").asInt());
        String holdId = placed.json().get("holdId").asText();
        assertEquals(List.of(OTHER_CAMPUS + " (mrn-not-in-registry): Plaintiff's MRN from the other campus"),
                kept(admin.get("/api/audit?action=hold-create").json().get("entries")));
        assertEquals(200, admin.post("/api/holds/" + holdId + "/release", Map.of("reason", "test over")).status());
    }

    @Test
    void aSeparatorSheetForAnUnknownMrnIsRefusedWithoutConfirmation() {
        RunningChartVault.Client admin = vault.admin();
        Response refused = admin.get("/api/separator-sheets?mrn=" + NOT_REGISTERED + "&documentType=Referral");
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("mrn-not-in-registry", refused.json().get("error").asText());
        Response typo = admin.get("/api/separator-sheets?mrn=" + TYPO);
        assertEquals(422, typo.status());
        assertEquals("mrn-format", typo.json().get("error").asText());
        assertEquals(200, admin.get("/api/separator-sheets?mrn=" + OKAFOR + "&documentType=Referral").status());
        Response confirmed = admin.get("/api/separator-sheets?mrn=" + NOT_REGISTERED
                + "&confirmUnknownMrn=Newborn%2C%20not%20registered%20yet");
        assertEquals(200, confirmed.status(), confirmed.toString());
        assertEquals(List.of(NOT_REGISTERED + " (mrn-not-in-registry): Newborn, not registered yet"),
                kept(admin.get("/api/audit?action=separator-sheet").json().get("entries")));
    }

    @Test
    void aReleaseRequestForAnUnknownMrnIsRefusedWithoutConfirmation() {
        RunningChartVault.Client admin = vault.admin();
        Response refused = admin.post("/api/releases", Map.of("mrn", TYPO, "requester", "Acme Life Insurance",
                "purpose", "Insurance", "items", List.of()));
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("mrn-format", refused.json().get("error").asText());
        assertTrue(refused.json().get("message").asText().startsWith("MRN " + TYPO), refused.toString());
    }

    @Test
    void withAnEmptyRegistryThePatternAloneApplies() {
        RunningChartVault.Client admin = empty.admin();
        JsonNode check = admin.get("/api/mrn-check?mrn=" + NOT_REGISTERED).json();
        assertTrue(check.get("acceptable").asBoolean(), check.toString());
        assertTrue(check.get("registryEmpty").asBoolean());
        assertNull(check.path("patientName").textValue());

        String id = upload(admin, "before-the-feed.pdf", 1);
        Response typo = admin.patch("/api/documents/" + id, Map.of("mrn", TYPO));
        assertEquals(422, typo.status(), typo.toString());
        assertEquals("mrn-format", typo.json().get("error").asText());
        Response saved = admin.patch("/api/documents/" + id, Map.of("mrn", NOT_REGISTERED, "documentType", "Referral"));
        assertEquals(200, saved.status(), saved.toString());
        assertEquals("indexed", saved.json().get("status").asText(), "no registry to disagree with");
        assertEquals(201, admin.post("/api/holds", Map.of("name", "Early matter", "mrns", List.of(NOT_REGISTERED))).status());
    }

    @Test
    void splitPartsAreNamedFromTheOriginalTitleOnceAndTheirReasonNamesNoId() {
        RunningChartVault.Client admin = vault.admin();
        String id = upload(admin, "admission.pdf", 3);
        Response first = admin.post("/api/documents/" + id + "/split", Map.of("atPage", 2));
        assertEquals(201, first.status(), first.toString());
        assertEquals("admission, pages 2–3.pdf", first.json().get("fileName").asText());
        assertEquals("admission, page 1.pdf", admin.get("/api/documents/" + id).json().get("fileName").asText());
        String reason = only(first.json().get("reasons"), "split-off").get("text").asText();
        assertFalse(reason.contains("doc_"), reason);
        assertTrue(reason.contains("admission.pdf"), reason);

        String part = first.json().get("documentId").asText();
        Response again = admin.post("/api/documents/" + part + "/split", Map.of("atPage", 2));
        assertEquals(201, again.status(), again.toString());
        assertEquals("admission, page 3.pdf", again.json().get("fileName").asText(), "not nested");
        assertEquals("admission, page 2.pdf", admin.get("/api/documents/" + part).json().get("fileName").asText());
    }

    // ---- helpers ----

    private static JsonNode only(JsonNode reasons, String code) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode r : reasons) if (code.equals(r.get("code").asText())) found.add(r);
        assertEquals(1, found.size(), reasons.toString());
        return found.get(0);
    }

    /** The unusual MRNs kept, as the audit entries record them. */
    private static List<String> kept(JsonNode entries) {
        List<String> kept = new ArrayList<>();
        for (JsonNode e : entries) if (e.path("details").has("unusualMrnKept")) kept.add(e.get("details").get("unusualMrnKept").asText());
        return kept;
    }

    private static List<String> ids(JsonNode documents) {
        List<String> ids = new ArrayList<>();
        for (JsonNode d : documents) ids.add(d.get("documentId").asText());
        return ids;
    }

    private static List<String> documentIds(JsonNode searchAnswer) {
        return ids(searchAnswer.get("hits"));
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        Instant until = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.get()) {
            if (Instant.now().isAfter(until)) throw new AssertionError("never " + what);
            try {
                Thread.sleep(100); // a pause between polls, not a timed assertion
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A born-digital PDF (text layer, no OCR) of {@code pages} pages that names no patient: it waits for review. */
    static String upload(RunningChartVault.Client client, String name, int pages) {
        JsonNode receipt = client.upload(Map.of(), new RunningChartVault.Part(name, pdf(name, pages))).json();
        client.awaitBatch(receipt.get("batchId").asText(), Duration.ofSeconds(60));
        return receipt.get("documents").get(0).get("documentId").asText();
    }

    private static byte[] pdf(String name, int pages) {
        try (PDDocument pdf = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int n = 1; n <= pages; n++) {
                PDPage page = new PDPage(PDRectangle.LETTER);
                pdf.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(pdf, page)) {
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
                    content.beginText();
                    content.newLineAtOffset(72, 700);
                    content.showText("Continued care notes for " + name + ", sheet " + n + ". Vital signs stable, plan unchanged.");
                    content.endText();
                }
            }
            pdf.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
