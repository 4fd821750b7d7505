package org.chartvault.patient;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The patient view over HTTP: who the patient is, their documents grouped by type and date, only those the caller may see. */
class PatientViewOverHttpTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client scanner, indexer, clerk;
    static Patient patient;
    static ChartDocument summary, olderNote, newerNote, treatment, otherPatients;
    static String summaryId, olderNoteId, newerNoteId, treatmentId, otherId;

    @BeforeAll
    static void archive() throws Exception {
        vault = RunningChartVault.start(data);
        scanner = vault.user("pv-scanner", "scanner");
        indexer = vault.user("pv-indexer", "indexer");
        clerk = vault.user("pv-clerk", "roi");
        // a local type filed under the default 42 CFR Part 2 category: readers roi and legal, not indexers
        ArchivedCharts.addDocumentTypes(vault.admin(), "Psychiatry Note,28628-6,Substance Use Disorder Treatment,");
        ChartGenerator generator = new ChartGenerator();
        patient = generator.patient(5101);
        ArchivedCharts.registerPatients(vault.admin(), patient.mrn() + "," + patient.lastName() + "," + patient.firstName()
                + "," + patient.birthDate() + "," + (patient.sex() == Patient.Sex.FEMALE ? "F" : "M"));
        summary = generator.document(patient, 11, "DISCHARGE SUMMARY", 1);
        List<ChartDocument> notes = new ArrayList<>(List.of(generator.document(patient, 12, "PROGRESS NOTE", 1),
                generator.document(patient, 13, "PROGRESS NOTE", 1)));
        notes.sort(Comparator.comparing(d -> d.indexing().serviceDate()));
        olderNote = notes.get(0);
        newerNote = notes.get(1);
        treatment = generator.document(patient, 14, "PROGRESS NOTE", 1);
        otherPatients = generator.document(generator.patient(5102), 21, "CONSULTATION", 1);
        var a = CompletableFuture.supplyAsync(() -> ArchivedCharts.bornDigital(scanner, summary, "DISCHARGE SUMMARY"));
        var b = CompletableFuture.supplyAsync(() -> ArchivedCharts.bornDigital(scanner, olderNote, "PROGRESS NOTE"));
        var c = CompletableFuture.supplyAsync(() -> ArchivedCharts.bornDigital(scanner, newerNote, "PROGRESS NOTE"));
        var d = CompletableFuture.supplyAsync(() -> ArchivedCharts.bornDigital(scanner, treatment, "Substance Use Disorder Treatment"));
        var e = CompletableFuture.supplyAsync(() -> ArchivedCharts.bornDigital(scanner, otherPatients, "CONSULTATION"));
        summaryId = a.get();
        olderNoteId = b.get();
        newerNoteId = c.get();
        treatmentId = d.get();
        otherId = e.get();
        // registration merges an older record into the patient's (HL7 ADT A40)
        String a40 = String.join("\r",
                "MSH|^~\\&|REG|NORTHGATE|CHARTVAULT|HIM|20240106120000||ADT^A40^ADT_A39|MSG05101|P|2.5.1",
                "EVN|A40|20240106120000",
                "PID|1||" + patient.mrn() + "^^^NORTHGATE^MR||" + patient.lastName().toUpperCase() + "^"
                        + patient.firstName().toUpperCase() + "||" + patient.birthDate().toString().replace("-", ""),
                "MRG|OLD-5101^^^NORTHGATE^MR");
        Response ack = vault.admin().send("POST", "/api/hl7/adt", "x-application/hl7-v2+er7", a40.getBytes(StandardCharsets.UTF_8));
        assertTrue(ack.text().contains("MSA|AA"), ack.toString());
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void patientViewNamesThePatientAndGroupsTheirDocumentsByTypeNewestFirst() {
        Response r = indexer.get("/api/patients/" + patient.mrn() + "/documents");
        assertEquals(200, r.status(), r.toString());
        JsonNode view = r.json();
        assertEquals(patient.mrn(), view.get("mrn").asText());
        assertTrue(view.get("registered").asBoolean());
        assertTrue(view.get("patientName").asText().toUpperCase().contains(patient.lastName().toUpperCase()), view.toString());
        assertEquals(patient.birthDate().toString(), view.get("birthDate").asText());
        assertEquals(List.of("OLD-5101"), texts(view.get("mergedMrns")));
        assertEquals(3, view.get("documentsTotal").asInt());

        JsonNode groups = view.get("groups");
        assertEquals(2, groups.size(), groups.toString());
        assertTrue(groups.get(0).get("documentType").asText().equalsIgnoreCase("discharge summary"), groups.toString());
        assertTrue(groups.get(1).get("documentType").asText().equalsIgnoreCase("progress note"), groups.toString());
        assertEquals(List.of(summaryId), ids(groups.get(0)));
        assertEquals(List.of(newerNoteId, olderNoteId), ids(groups.get(1)), "newest date of service first");
        JsonNode newest = groups.get(1).get("documents").get(0);
        assertEquals(newerNote.indexing().serviceDate(), LocalDate.parse(newest.get("serviceDate").asText()));
        assertEquals(patient.mrn(), newest.get("mrn").asText());
    }

    @Test
    void protectedRecordsAreLeftOutForRolesThatAreNotTheirReaders() {
        Set<String> indexerSees = allIds(indexer.get("/api/patients/" + patient.mrn() + "/documents").json());
        assertEquals(Set.of(summaryId, olderNoteId, newerNoteId), indexerSees);
        assertFalse(indexerSees.contains(treatmentId));
        assertFalse(indexerSees.contains(otherId), "another patient's document is never listed");

        JsonNode clerkView = clerk.get("/api/patients/" + patient.mrn() + "/documents").json();
        assertEquals(Set.of(summaryId, olderNoteId, newerNoteId, treatmentId), allIds(clerkView), "roi reads Part 2 records");
        assertEquals(4, clerkView.get("documentsTotal").asInt());
    }

    @Test
    void theViewIsAuditedAsAViewOfThePatientNamingTheDocumentsListed() {
        assertEquals(200, indexer.get("/api/patients/" + patient.mrn() + "/documents").status());
        JsonNode entries = vault.admin().get("/api/audit?action=view-patient&user=pv-indexer").json().get("entries");
        assertTrue(entries.size() >= 1, entries.toString());
        JsonNode entry = entries.get(0);
        assertEquals("patient", entry.get("target").get("type").asText());
        assertEquals(patient.mrn(), entry.get("target").get("id").asText());
        Set<String> named = new TreeSet<>(List.of(entry.get("details").get("documentIds").asText().split(" ")));
        assertEquals(new TreeSet<>(Set.of(summaryId, olderNoteId, newerNoteId)), named);
    }

    @Test
    void onlySearchingRolesOpenThePatientViewAndAnMrnMustLookLikeOne() {
        assertEquals(403, scanner.get("/api/patients/" + patient.mrn() + "/documents").status());
        Response bad = indexer.get("/api/patients/not%20an%20mrn/documents");
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.json().get("message").asText().contains("MRN"));
        JsonNode unknown = indexer.get("/api/patients/NOBODY-1/documents").json();
        assertFalse(unknown.get("registered").asBoolean());
        assertEquals(0, unknown.get("documentsTotal").asInt());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> ids(JsonNode group) {
        List<String> out = new ArrayList<>();
        group.get("documents").forEach(d -> out.add(d.get("documentId").asText()));
        return out;
    }

    private static Set<String> allIds(JsonNode view) {
        Set<String> out = new TreeSet<>();
        view.get("groups").forEach(g -> out.addAll(ids(g)));
        return out;
    }
}
