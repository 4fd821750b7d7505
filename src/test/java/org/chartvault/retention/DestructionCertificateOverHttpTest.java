package org.chartvault.retention;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.document.StoredLayout;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Patient;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.chartvault.testing.Hashes.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Destruction over HTTP, as AHIMA's certificate asks for it: a list approved by a person before anything is
 * destroyed, the destroyer and witness named, and a certificate that says truthfully what was not destroyed.
 */
class DestructionCertificateOverHttpTest {
    @TempDir
    Path data;

    @Test
    void aCertificateAfterPurgingOneOfTwoDocumentsCutFromOneScanSaysTheSourceScanWasKept() throws Exception {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            RunningChartVault.Client admin = vault.admin();
            RunningChartVault.Client legal = vault.user("lena.legal", "legal");
            ChartGenerator generator = new ChartGenerator();
            Patient old = generator.patient(9301), recent = generator.patient(9302);
            List<ChartPage> pages = List.of(generator.document(old, 9311, "PROGRESS NOTE", 1).pages().get(0),
                    generator.document(recent, 9312, "PROGRESS NOTE", 1).pages().get(0));
            byte[] scan = ChartFiles.bornDigitalPdf(pages);

            // one scan, cut by a reviewer into two documents: one seen in 2001, one in 2025
            RunningChartVault.Response sent = admin.upload(Map.of("mrn", old.mrn(), "documentType", "Progress note",
                    "serviceDate", "2001-02-03"), new RunningChartVault.Part("two-patients.pdf", scan));
            assertEquals(202, sent.status(), sent::toString);
            JsonNode batch = admin.awaitBatch(sent.json().get("batchId").asText(), Duration.ofMinutes(2));
            String first = batch.get("documents").get(0).get("documentId").asText();
            RunningChartVault.Response cut = admin.post("/api/documents/" + first + "/split", Map.of("atPage", 2));
            assertEquals(201, cut.status(), cut::toString);
            String second = cut.json().get("documentId").asText();
            assertEquals(200, admin.patch("/api/documents/" + first, Map.of("mrn", old.mrn(), "serviceDate", "2001-02-03")).status());
            assertEquals(200, admin.patch("/api/documents/" + second, Map.of("mrn", recent.mrn(), "serviceDate", "2025-03-04")).status());

            // the schedule counts from the patient's last encounter and keeps the master patient index for good
            RunningChartVault.Response rules = admin.send("PUT", "/api/retention/rules", "application/json", ("{\"defaultRule\":"
                    + "{\"yearsAfterService\":10,\"basis\":\"last-encounter\"},\"documentTypes\":[{\"documentType\":"
                    + "\"Master patient index\",\"permanent\":true}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(200, rules.status(), rules::toString);
            JsonNode schedule = legal.get("/api/retention/rules").json();
            assertEquals("last-encounter", schedule.get("defaultRule").get("basis").asText());
            assertTrue(schedule.get("documentTypes").get(0).get("permanent").asBoolean());
            RunningChartVault.Response badBasis = admin.send("PUT", "/api/retention/rules", "application/json",
                    "{\"defaultRule\":{\"yearsAfterService\":10,\"basis\":\"discharge\"}}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(400, badBasis.status(), badBasis::toString);
            assertTrue(badBasis.json().get("message").asText().contains("last-encounter"), badBasis::toString);

            // the old document was produced in litigation before: that copy is outside the archive's control
            String holdId = legal.post("/api/holds", Map.of("name", "Old dispute", "matter", "2003-CV-1",
                    "mrns", List.of(old.mrn()))).json().get("holdId").asText();
            String exportId = legal.post("/api/holds/" + holdId + "/exports", Map.of()).json().get("exportId").asText();
            awaitDone(legal, exportId);
            assertEquals(200, legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "case closed")).status());

            // no purge without an approved list; the list is approved by a person, then carried out with a witness
            RunningChartVault.Response unlisted = legal.post("/api/retention/runs", Map.of("dryRun", false));
            assertEquals(409, unlisted.status(), unlisted::toString);
            assertEquals("approval-required", unlisted.json().get("error").asText());
            JsonNode list = legal.post("/api/retention/runs", Map.of("dryRun", true)).json();
            String listId = list.get("runId").asText();
            assertEquals("awaiting-approval", list.get("status").asText());
            assertEquals(List.of(first), ids(list.get("eligible")));
            RunningChartVault.Response early = legal.post("/api/retention/runs", Map.of("dryRun", false, "list", listId,
                    "witness", "Walt Whitcomb, HIM supervisor"));
            assertEquals(409, early.status(), "an unapproved list destroys nothing: " + early);
            assertEquals(200, admin.get("/api/documents/" + first).status());
            RunningChartVault.Response approved = admin.post("/api/retention/runs/" + listId + "/approval",
                    Map.of("note", "reviewed against the schedule"));
            assertEquals(200, approved.status(), approved::toString);
            assertEquals("admin", approved.json().get("approvedBy").asText());
            assertEquals(400, legal.post("/api/retention/runs", Map.of("dryRun", false, "list", listId)).status(),
                    "the witness is required");
            RunningChartVault.Response purge = legal.post("/api/retention/runs", Map.of("dryRun", false, "list", listId,
                    "witness", "Walt Whitcomb, HIM supervisor", "method", "Deleted from storage; backups expire in 35 days"));
            assertEquals(201, purge.status(), purge::toString);
            String runId = purge.json().get("runId").asText();
            assertEquals(List.of(first), ids(purge.json().get("destroyed")));

            assertEquals(404, admin.get("/api/documents/" + first).status());
            assertEquals(200, admin.get("/api/documents/" + second).status());
            assertTrue(vault.app().store().exists(StoredLayout.original(sha256(scan))), "the scan stays for its sibling");

            JsonNode certificate = legal.get("/api/retention/runs/" + runId + "/certificate.json").json();
            assertEquals(listId, certificate.get("listId").asText());
            assertEquals("admin", certificate.get("approvedBy").asText());
            assertEquals("lena.legal", certificate.get("destroyedBy").asText());
            assertEquals("Walt Whitcomb, HIM supervisor", certificate.get("witness").asText());
            assertEquals("Deleted from storage; backups expire in 35 days", certificate.get("method").asText());
            assertEquals("2001-02-03", certificate.get("inclusiveFrom").asText());
            assertTrue(certificate.get("statement").asText()
                    .contains("destroyed in the normal course of business under a proper retention schedule"));
            String kept = certificate.get("notDestroyed").toString();
            assertTrue(kept.contains(sha256(scan)) && kept.contains("kept") && kept.contains(second), kept);
            String outside = certificate.get("copiesOutsideTheArchive").toString();
            assertTrue(outside.contains(exportId), outside);

            String pdf;
            try (var document = Loader.loadPDF(legal.get("/api/retention/runs/" + runId + "/certificate").body())) {
                pdf = new PDFTextStripper().getText(document).replaceAll("\\s+", " ");
            }
            for (String expected : List.of("NOT destroyed: source scan " + sha256(scan).substring(0, 20), "Witnessed by",
                    "Walt Whitcomb", "Copies outside the archive's control", exportId, "normal course of business")) {
                assertTrue(pdf.contains(expected), "the certificate lacks '" + expected + "': " + pdf);
            }
        }
    }

    private static List<String> ids(JsonNode items) {
        List<String> ids = new java.util.ArrayList<>();
        items.forEach(i -> ids.add(i.get("documentId").asText()));
        return ids;
    }

    private static void awaitDone(RunningChartVault.Client legal, String exportId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (!legal.get("/api/exports/" + exportId).json().get("status").asText().equals("done")) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("export not done: " + legal.get("/api/exports/" + exportId));
            Thread.sleep(100); // polling the job's status: the condition is the export being done
        }
    }
}
