package org.chartvault.capture;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.CaptureStream;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scanning room's day over HTTP: one bitonal G4 stream of several patients' documents with ChartVault's own
 * separator sheets between them (skewed, some upside down, some plain "next document" sheets, some patient
 * labels) is uploaded once and comes back as separate documents filed to the right patient and type, with no
 * separator page left in them; then registration merges a patient and the documents follow.
 */
class ScannedStreamOverHttpTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);

    @TempDir
    static Path data;
    static RunningChartVault server;
    static Client admin;
    static CaptureStream stream;
    static JsonNode batch;

    @BeforeAll
    static void scanAStream() throws Exception {
        server = RunningChartVault.start(data);
        admin = server.admin();
        List<ChartDocument> documents = new ArrayList<>();
        StringBuilder registry = new StringBuilder("mrn,last_name,first_name,birth_date,sex\n");
        String[] types = {"DISCHARGE SUMMARY", "OPERATIVE REPORT", "PROGRESS NOTE"};
        for (int i = 0; i < types.length; i++) {
            Patient patient = GENERATOR.patient(900 + i);
            documents.add(GENERATOR.document(patient, 900 + i, types[i], 1));
            registry.append(patient.mrn()).append(',').append(patient.lastName()).append(',').append(patient.firstName())
                    .append(',').append(patient.birthDate()).append(',').append(patient.sex() == Patient.Sex.FEMALE ? "F" : "M").append('\n');
        }
        Response imported = admin.send("POST", "/api/patients/import", "text/csv", registry.toString().getBytes());
        assertEquals(200, imported.status(), imported.toString());
        stream = CaptureStream.withSeparators(documents, new CaptureStream.Options(300, 1.5, 0.34, 0.34, 0.34, false, 150), 9);
        byte[] tiff = ChartFiles.tiff(stream.pages(), ChartFiles.TiffCompression.CCITT_G4);
        Response answer = admin.upload(Map.of(), new Part("ward-4-stream.tif", tiff));
        assertEquals(202, answer.status(), answer.toString());
        batch = admin.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(5));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void streamIsSplitIntoOneDocumentPerSeparatorFiledToTheRightPatientAndType() throws Exception {
        JsonNode documents = batch.get("documents");
        assertEquals(stream.documents().size(), documents.size(), batch.toString());
        DocumentTypes types = DocumentTypes.standard();
        for (int i = 0; i < documents.size(); i++) {
            JsonNode entry = documents.get(i);
            assertEquals("ward-4-stream.tif [" + (i + 1) + " of " + documents.size() + "]", entry.get("file").asText());
            JsonNode document = admin.get("/api/documents/" + entry.get("documentId").asText()).json();
            var truth = stream.documents().get(i).truth();
            assertEquals(truth.mrn(), document.get("mrn").asText(), document.toString());
            assertEquals(types.resolve(truth.documentType()).orElseThrow().display(), document.get("documentType").asText());
            assertEquals(truth.serviceDate().toString(), document.get("serviceDate").asText());
            assertEquals("indexed", document.get("status").asText(), document.toString());
            assertEquals(stream.documents().get(i).contentPages().size(), document.get("pages").size());
        }
    }

    @Test
    void noSeparatorSheetIsLeftAsAPageOfAnyDocument() {
        for (JsonNode entry : batch.get("documents")) {
            JsonNode document = admin.get("/api/documents/" + entry.get("documentId").asText()).json();
            for (JsonNode page : document.get("pages")) {
                String text = admin.get("/api/documents/" + entry.get("documentId").asText() + "/pages/"
                        + page.get("number").asInt() + "/text").text().toUpperCase(Locale.ROOT);
                assertFalse(text.contains("SEPARATOR SHEET"), text);
            }
        }
    }

    @Test
    void separatorSheetsComeFromTheServiceAsPrintablePdfs() {
        // 12345678 is not in this registry: printed only on a person's word, with the reason
        Response refused = admin.get("/api/separator-sheets?mrn=12345678&documentType=18842-5&serviceDate=2024-05-01");
        assertEquals(422, refused.status(), refused.toString());
        assertEquals("mrn-not-in-registry", refused.json().get("error").asText());
        Response sheet = admin.get("/api/separator-sheets?mrn=12345678&documentType=18842-5&serviceDate=2024-05-01"
                + "&confirmUnknownMrn=Registered%20today%2C%20ADT%20not%20through%20yet");
        assertEquals(200, sheet.status(), sheet.toString());
        assertEquals("application/pdf", sheet.header("content-type"));
        Response blank = admin.get("/api/separator-sheets");
        assertEquals(200, blank.status());
        Response unknown = admin.get("/api/separator-sheets?documentType=grocery%20list");
        assertEquals(400, unknown.status());
        assertEquals("unknown-document-type", unknown.json().get("error").asText());
    }

    @Test
    void registrationMergeMovesTheDocumentsToTheSurvivingMrn() {
        String prior = stream.documents().get(2).truth().mrn();
        String documentId = batch.get("documents").get(2).get("documentId").asText();
        String register = "MSH|^~\\&|REG|HOSP|CHARTVAULT|HIM|20260101120000||ADT^A04^ADT_A01|MSG0001|P|2.5.1\r"
                + "PID|1||55500077^^^HOSP^MR||MERGED^PATIENT||19700101|F\r";
        Response registered = admin.send("POST", "/api/hl7/adt", "x-application/hl7-v2+er7", register.getBytes());
        assertTrue(registered.text().contains("MSA|AA"), registered.text());
        String merge = "MSH|^~\\&|REG|HOSP|CHARTVAULT|HIM|20260101120100||ADT^A40^ADT_A39|MSG0002|P|2.5.1\r"
                + "PID|1||55500077^^^HOSP^MR||MERGED^PATIENT||19700101|F\r"
                + "MRG|" + prior + "^^^HOSP^MR\r";
        Response merged = admin.send("POST", "/api/hl7/adt", "x-application/hl7-v2+er7", merge.getBytes());
        assertTrue(merged.text().contains("MSA|AA"), merged.text());
        assertEquals("55500077", admin.get("/api/documents/" + documentId).json().get("mrn").asText());
        Response audit = admin.get("/api/audit?action=patient-merge");
        assertEquals(1, audit.json().get("entries").size(), audit.toString());
    }

    @Test
    void everyDocumentCutFromTheStreamFindsItsUploadInTheAuditTrail() {
        String batchId = batch.get("batchId").asText();
        for (int i = 0; i < 2; i++) {
            String documentId = batch.get("documents").get(i).get("documentId").asText();
            JsonNode uploads = admin.get("/api/audit?action=upload&documentId=" + documentId).json().get("entries");
            assertEquals(1, uploads.size(), "the stream's upload, though it named the stream, not this document: " + uploads);
            assertEquals(batchId, uploads.get(0).get("target").get("id").asText());
            String mrn = stream.documents().get(i).truth().mrn();
            JsonNode byPatient = admin.get("/api/audit?action=upload&mrn=" + mrn).json().get("entries");
            assertEquals(1, byPatient.size(), "the patient's trail starts with the upload: " + byPatient);
        }
    }
}
