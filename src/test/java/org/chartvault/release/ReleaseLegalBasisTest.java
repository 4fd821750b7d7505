package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
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

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The legal basis of every release over HTTP: request types and what each needs on file, structured authorizations
 * (every 164.508(c) element, no shortcuts, revocation, psychotherapy notes alone), Part 2 consents and court orders,
 * and the 2024 §2.32 notice in the packet. Every chart is a born-digital PDF, so nothing waits for OCR.
 */
class ReleaseLegalBasisTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client clerk;
    static ChartGenerator generator = new ChartGenerator();
    static Patient patient;
    static String patientName, noteId, part2Id, notesId;

    @BeforeAll
    static void archiveCharts() throws Exception {
        vault = RunningChartVault.start(data);
        Client admin = vault.admin();
        clerk = vault.user("clerk9", "roi");
        ChartUploads.addDocumentTypes(admin, "Psychiatry Note,28628-6,Substance Use Disorder Treatment,",
                "Psychology Note,34792-2,Psychotherapy Note,");
        patient = generator.patient(6101);
        ChartDocument note = generator.document(patient, 61, "PROGRESS NOTE", 1);
        ChartDocument part2 = generator.document(patient, 62, "PROGRESS NOTE", 1);
        ChartDocument notes = generator.document(patient, 63, "PROGRESS NOTE", 1);
        noteId = ChartUploads.bornDigital(admin, note, "PROGRESS NOTE");
        part2Id = ChartUploads.bornDigital(admin, part2, "Substance Use Disorder Treatment");
        notesId = ChartUploads.bornDigital(admin, notes, "Psychotherapy Note");
        patientName = admin.get("/api/documents/" + noteId).json().get("patientName").asText();
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    private static Map<String, Object> request(String type, Object requester, String... documentIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("mrn", patient.mrn());
        body.put("requestType", type);
        body.put("requester", requester);
        body.put("purpose", "Purpose of " + type);
        body.put("items", java.util.Arrays.stream(documentIds).map(id -> Map.of("documentId", id)).toList());
        return body;
    }

    private static String created(Map<String, Object> body) {
        Response created = clerk.post("/api/releases", body);
        assertEquals(201, created.status(), created.toString());
        return created.json().get("releaseId").asText();
    }

    private static void attachScan(String releaseId, int seed) {
        Response attached = clerk.postFiles("/api/releases/" + releaseId + "/authorization", Map.of(),
                new RunningChartVault.Part("signed.png", ChartFiles.png(generator.page(seed).scan(100))));
        assertEquals(200, attached.status(), attached.toString());
    }

    private static String coverOf(String releaseId) {
        Response packet = clerk.post("/api/releases/" + releaseId + "/packet", Map.of());
        assertEquals(201, packet.status(), packet.toString());
        return ChartUploads.pageTexts(packet.body()).get(0).replaceAll("\\s+", " ");
    }

    @Test
    void oneRequestOfEachTypeReachesItsPacketWithItsLegalBasis() {
        Map<String, String> regulations = new java.util.LinkedHashMap<>();
        regulations.put("right-of-access", "45 CFR 164.524");
        regulations.put("third-party-authorization", "45 CFR 164.508");
        regulations.put("treatment-payment-operations", "45 CFR 164.506");
        regulations.put("legal-process", "45 CFR 164.512(e)");
        regulations.put("public-health", "45 CFR 164.512(b)");
        regulations.put("law-enforcement", "45 CFR 164.512(f)");
        regulations.put("other-164-512", "45 CFR 164.512");
        for (var type : regulations.entrySet()) {
            Map<String, Object> body = request(type.getKey(), type.getKey().equals("right-of-access")
                    ? Map.of("name", patientName) : Map.of("organization", "Recipient for " + type.getKey()), noteId);
            if (type.getKey().equals("third-party-authorization")) body.put("authorization", SignedForms.authorization());
            if (type.getKey().equals("legal-process")) {
                body.put("legalOrder", Map.of("kind", "court-order", "issuedBy", "Superior Court of Cumberland County",
                        "reference", "CV-2026-0113", "issuedOn", LocalDate.now().minusDays(3).toString()));
            }
            String id = created(body);
            if (type.getKey().equals("third-party-authorization")) attachScan(id, 91);
            JsonNode release = clerk.get("/api/releases/" + id).json();
            assertEquals(type.getKey(), release.get("requestType").asText());
            assertTrue(release.get("legalBasis").asText().contains(type.getValue()), release.get("legalBasis").toString());
            String cover = coverOf(id);
            assertTrue(cover.contains("Legal basis") && cover.contains(type.getValue()), type.getKey() + ":\n" + cover);
        }
        // a copy the patient sends to someone they name rests on their signed request
        Map<String, Object> directed = request("right-of-access", Map.of("name", "Dr. Imogen Hale"), noteId);
        directed.put("directive", Map.of("signedBy", patientName, "signedOn", LocalDate.now().toString(),
                "recipient", "Dr. Imogen Hale, Harbor Family Practice"));
        String id = created(directed);
        assertTrue(coverOf(id).contains("164.524(c)(3)(ii)"));
        assertEquals(400, clerk.post("/api/releases", Map.of("mrn", patient.mrn(), "requestType", "right-of-access",
                "requester", "Dr. Hale", "purpose", "Copy", "directive", Map.of("signedBy", patientName))).status(),
                "a directive without its date and recipient is refused");
    }

    @Test
    void typesAreConfigurableAndARequestWithoutOneIsRecordedAsNotStated() {
        Client admin = vault.admin();
        JsonNode settings = clerk.get("/api/release-settings").json();
        List<Map<String, Object>> types = new java.util.ArrayList<>();
        for (JsonNode t : settings.get("requestTypes")) {
            Map<String, Object> type = org.chartvault.Json.read(org.chartvault.Json.bytes(t), Map.class);
            if (t.get("type").asText().equals("right-of-access")) type.put("dueDays", 15); // a state's shorter deadline
            types.add(type);
        }
        assertEquals("nothing", settings.get("requestTypes").get(0).get("needs").asText());
        Response changed = admin.send("PUT", "/api/release-settings", "application/json",
                org.chartvault.Json.bytes(Map.of("requestTypes", types)));
        assertEquals(200, changed.status(), changed.toString());
        try {
            JsonNode access = clerk.post("/api/releases", request("right-of-access", Map.of("name", patientName), noteId)).json();
            assertEquals(LocalDate.parse(access.get("receivedDate").asText()).plusDays(15).toString(), access.get("dueDate").asText());
        } finally {
            Map<String, Object> restored = new HashMap<>();
            restored.put("requestTypes", org.chartvault.Json.read(org.chartvault.Json.bytes(settings.get("requestTypes")), List.class));
            assertEquals(200, admin.send("PUT", "/api/release-settings", "application/json", org.chartvault.Json.bytes(restored)).status());
        }
        Response unknown = clerk.post("/api/releases", request("marketing", "Acme Mailers", noteId));
        assertEquals(400, unknown.status(), unknown.toString());
        assertTrue(unknown.json().get("message").asText().contains("right-of-access"), "the known types are named: " + unknown);

        Map<String, Object> untyped = request("x", "Northgate Insurance Co.", noteId);
        untyped.remove("requestType");
        String id = created(untyped);
        JsonNode release = clerk.get("/api/releases/" + id).json();
        assertEquals("not-stated", release.get("requestType").asText());
        assertTrue(release.get("legalBasis").asText().startsWith("Not stated"), release.get("legalBasis").toString());
        assertTrue(coverOf(id).contains("Not stated"), "and it is released under the rules it had before types");
    }

    @Test
    void eachTypeRefusesToReleaseWithoutWhatItNeeds() {
        String thirdParty = created(request("third-party-authorization", "Whitfield & Ortiz LLP", noteId));
        Response refused = clerk.post("/api/releases/" + thirdParty + "/packet", Map.of());
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("authorization-required", refused.json().get("error").asText());

        String legal = created(request("legal-process", "Whitfield & Ortiz LLP", noteId, part2Id));
        Response noOrder = clerk.post("/api/releases/" + legal + "/packet", Map.of());
        assertEquals(409, noOrder.status(), noOrder.toString());
        assertEquals("legal-order-required", noOrder.json().get("error").asText());
        Response subpoena = clerk.patch("/api/releases/" + legal, Map.of("legalOrder", Map.of("kind", "subpoena",
                "issuedBy", "Whitfield & Ortiz LLP", "reference", "Subpoena 22-41", "issuedOn", LocalDate.now().toString())));
        assertEquals(400, subpoena.status(), "a subpoena needs the satisfactory assurance: " + subpoena);
        Response withAssurance = clerk.patch("/api/releases/" + legal, Map.of("legalOrder", Map.of("kind", "subpoena",
                "issuedBy", "Whitfield & Ortiz LLP", "reference", "Subpoena 22-41", "issuedOn", LocalDate.now().toString(),
                "assurance", "Written notice to the patient, no objection within 14 days")));
        assertEquals(200, withAssurance.status(), withAssurance.toString());
        assertEquals(1, withAssurance.json().get("excluded").size(), "a subpoena never releases Part 2 records");
        assertTrue(withAssurance.json().get("excluded").get(0).get("reason").asText().contains("2.64"));
        Response order = clerk.patch("/api/releases/" + legal, Map.of("legalOrder", Map.of("kind", "court-order",
                "issuedBy", "Superior Court", "reference", "CV-2026-0114", "issuedOn", LocalDate.now().toString(),
                "part2Findings", true)));
        assertEquals(0, order.json().get("excluded").size(), "a court order with the §2.64 findings does: " + order);
        String cover = coverOf(legal);
        assertTrue(cover.contains("with the findings of 42 CFR 2.64"), cover);

        // the patient's own Part 2 records are theirs to have; psychotherapy notes are outside the right of access
        Response access = clerk.post("/api/releases", request("right-of-access", Map.of("name", patientName), part2Id, notesId));
        assertEquals(201, access.status(), access.toString());
        assertEquals(1, access.json().get("included").size(), access.toString());
        assertEquals(part2Id, access.json().get("included").get(0).get("documentId").asText());
        assertTrue(access.json().get("excluded").get(0).get("reason").asText().contains("164.524(a)(1)(i)"));
    }

    @Test
    void shortcutAndDefectiveAuthorizationsAreRefusedSayingWhatIsMissing() {
        for (Object shortcut : List.of("on file", true, 1)) {
            Map<String, Object> body = request("third-party-authorization", "Northgate Insurance Co.", noteId);
            body.put("authorization", shortcut);
            Response refused = clerk.post("/api/releases", body);
            assertEquals(400, refused.status(), shortcut + ": " + refused);
            assertEquals("bad-authorization", refused.json().get("error").asText());
        }
        Map<String, Object> defective = SignedForms.authorization();
        defective.remove("recipient");
        defective.remove("expires");
        defective.put("statements", Map.of("rightToRevoke", true, "treatmentNotConditioned", false, "redisclosure", true));
        Map<String, Object> body = request("third-party-authorization", "Northgate Insurance Co.", noteId);
        body.put("authorization", defective);
        Response refused = clerk.post("/api/releases", body);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("defective-authorization", refused.json().get("error").asText());
        String message = refused.json().get("message").asText();
        assertTrue(message.contains("to whom") && message.contains("expiration date or event")
                && message.contains("treatment is not conditioned"), message);
        assertFalse(message.contains("who signed"), "only what is missing is named: " + message);

        Map<String, Object> saidTrue = SignedForms.authorization("statements", Map.of("rightToRevoke", "true",
                "treatmentNotConditioned", "true", "redisclosure", "true"));
        body.put("authorization", saidTrue);
        assertEquals(400, clerk.post("/api/releases", body).status(), "a statement is true or false, not a string");

        Map<String, Object> representative = SignedForms.authorization("representative", Map.of("name", "Rosa Lind"));
        body.put("authorization", representative);
        Response noAuthority = clerk.post("/api/releases", body);
        assertEquals(400, noAuthority.status());
        assertTrue(noAuthority.json().get("message").asText().contains("representative's authority"), noAuthority.toString());

        Map<String, Object> consent = SignedForms.part2Consent(patientName);
        consent.remove("patientName");
        body.put("authorization", consent);
        Response noPatient = clerk.post("/api/releases", body);
        assertEquals(400, noPatient.status());
        assertTrue(noPatient.json().get("message").asText().contains("42 CFR 2.31"), noPatient.toString());
    }

    @Test
    void aRevokedAuthorizationReleasesNothingMoreButWhatWentOutStays() {
        Map<String, Object> first = request("third-party-authorization", "Northgate Insurance Co.", noteId);
        first.put("authorization", SignedForms.authorization());
        String released = created(first);
        attachScan(released, 92);
        coverOf(released);
        String authorizationId = clerk.get("/api/releases/" + released).json().get("authorization").get("authorizationId").asText();

        Map<String, Object> second = request("third-party-authorization", "Northgate Insurance Co.", noteId);
        second.put("authorization", Map.of("authorizationId", authorizationId));
        String pending = created(second);
        assertEquals(authorizationId, clerk.get("/api/releases/" + pending).json().get("authorization").get("authorizationId").asText());
        assertEquals(200, clerk.get("/api/releases/" + pending + "/authorization").status(), "the reused form's scan is kept with it");

        assertEquals(400, clerk.post("/api/releases/" + released + "/authorization/revocation",
                Map.of("on", LocalDate.now().toString())).status(), "how it was received is required");
        Response revoked = clerk.post("/api/releases/" + released + "/authorization/revocation",
                Map.of("on", LocalDate.now().toString(), "receivedAs", "Signed letter from the patient, received by mail"));
        assertEquals(200, revoked.status(), revoked.toString());
        assertEquals("released", revoked.json().get("status").asText());
        assertEquals(200, clerk.get("/api/releases/" + released + "/packet").status(), "what went out stays released");

        Response later = clerk.post("/api/releases/" + pending + "/packet", Map.of());
        assertEquals(409, later.status(), later.toString());
        assertEquals("authorization-revoked", later.json().get("error").asText());
        Response another = clerk.post("/api/releases", second);
        assertEquals(409, another.status(), "no new request rests on it either: " + another);
        assertEquals("authorization-revoked", another.json().get("error").asText());
        assertEquals(409, clerk.post("/api/releases/" + released + "/authorization/revocation",
                Map.of("on", LocalDate.now().toString(), "receivedAs", "again")).status(), "revoked once");
    }

    @Test
    void aRevocationRacingThePacketEitherStopsItOrComesAfterIt() throws Exception {
        for (int round = 0; round < 3; round++) {
            Map<String, Object> body = request("third-party-authorization", "Northgate Insurance Co.", noteId);
            body.put("authorization", SignedForms.authorization());
            String id = created(body);
            attachScan(id, 95 + round);
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            var packet = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                await(together);
                return clerk.post("/api/releases/" + id + "/packet", Map.of());
            });
            var revocation = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                await(together);
                return clerk.post("/api/releases/" + id + "/authorization/revocation",
                        Map.of("on", LocalDate.now().toString(), "receivedAs", "Patient's letter"));
            });
            assertEquals(200, revocation.get().status(), revocation.get().toString());
            JsonNode release = clerk.get("/api/releases/" + id).json();
            JsonNode revoked = release.get("authorization").get("revocation");
            assertEquals("clerk9", revoked.get("recordedBy").asText());
            if (packet.get().status() == 201) {
                // updatedAt: when the released record was written, the packet stored and the disclosure recorded
                assertTrue(java.time.Instant.parse(release.get("updatedAt").asText())
                                .isBefore(java.time.Instant.parse(revoked.get("recordedAt").asText())),
                        "a packet that went out was complete before the revocation was recorded: " + release);
            } else {
                assertEquals(409, packet.get().status(), packet.get().toString());
                assertEquals("authorization-revoked", packet.get().json().get("error").asText());
                assertEquals("received", release.get("status").asText());
                assertEquals(404, clerk.get("/api/releases/" + id + "/packet").status(), "nothing was produced");
            }
        }
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aPsychotherapyNotesAuthorizationCannotBeCombinedWithAnother() {
        Map<String, Object> body = request("third-party-authorization", "Dr. Vega", noteId, notesId);
        body.put("authorization", SignedForms.authorization("sensitiveCategories", List.of("psychotherapy notes")));
        Response combinedInOrdinary = clerk.post("/api/releases", body);
        assertEquals(400, combinedInOrdinary.status(), combinedInOrdinary.toString());
        assertTrue(combinedInOrdinary.json().get("message").asText().contains("164.508(b)(3)(ii)"));

        body.put("authorization", SignedForms.psychotherapyNotes("sensitiveCategories",
                List.of("psychotherapy notes", "42 CFR Part 2")));
        Response notesAndMore = clerk.post("/api/releases", body);
        assertEquals(400, notesAndMore.status(), notesAndMore.toString());
        assertTrue(notesAndMore.json().get("message").asText().contains("164.508(b)(3)(ii)"));

        body.put("authorization", SignedForms.psychotherapyNotes("documentTypes", List.of("Psychotherapy Note", "Progress Note")));
        assertEquals(400, clerk.post("/api/releases", body).status(), "nor by document type");

        Map<String, Object> alone = request("third-party-authorization", "Dr. Vega", notesId);
        alone.put("authorization", SignedForms.psychotherapyNotes());
        String id = created(alone);
        attachScan(id, 93);
        assertEquals(1, clerk.get("/api/releases/" + id).json().get("included").size(), "standing alone it releases the notes");
    }

    @Test
    void packetWithPart2RecordsCarriesThe2024NoticeWordForWordAndTheConsentsScope() {
        Map<String, Object> body = request("third-party-authorization", "Harbor Recovery Clinic", part2Id);
        body.put("authorization", SignedForms.part2Consent(patientName, "recipient", "Harbor Recovery Clinic",
                "description", "Substance use disorder treatment records, 2025"));
        String id = created(body);
        attachScan(id, 94);
        Response packet = clerk.post("/api/releases/" + id + "/packet", Map.of());
        assertEquals(201, packet.status(), packet.toString());
        List<String> pages = ChartUploads.pageTexts(packet.body());
        String cover = String.join(" ", pages.subList(0, pages.size() - 1)).replaceAll("\\s+", " ");
        String notice = String.join(" ", PacketWriter.PART2_NOTICE).replaceAll("\\s+", " ");
        assertTrue(notice.startsWith("This record which has been disclosed to you is protected by Federal confidentiality "
                + "rules (42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony")
                && notice.endsWith("NOT sufficient to meet the required elements of written consent to further use or "
                + "redisclose the record (see 42 CFR 2.31)."), "the notice is the 2024 text: " + notice);
        assertTrue(cover.contains(notice), "the cover carries the notice word for word:\n" + cover);
        assertFalse(cover.contains("is NOT sufficient for this purpose"), "not the pre-2024 text");
        assertTrue(cover.contains("42 CFR 2.32(b)") && cover.contains("Harbor Recovery Clinic")
                && cover.contains("Substance use disorder treatment records, 2025"), "and the consent's scope:\n" + cover);
        assertTrue(pages.get(pages.size() - 1).contains(PacketWriter.PART2_PAGE_NOTICE), "the released page has Statement 2");
    }
}
