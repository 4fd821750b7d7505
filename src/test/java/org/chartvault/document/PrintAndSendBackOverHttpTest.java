package org.chartvault.document;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** From the viewer: printing a document (its own pages, audited as a print) and sending it back to indexing. */
class PrintAndSendBackOverHttpTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client indexer, clerk;
    static String documentId;

    @BeforeAll
    static void archive() throws Exception {
        vault = RunningChartVault.start(data);
        Client scanner = vault.user("pb-scanner", "scanner");
        indexer = vault.user("pb-indexer", "indexer");
        clerk = vault.user("pb-clerk", "roi");
        ChartGenerator generator = new ChartGenerator();
        documentId = ArchivedCharts.bornDigital(scanner, generator.document(generator.patient(5401), 51, "PROGRESS NOTE", 2),
                "PROGRESS NOTE");
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void printOpensTheDocumentsOwnPagesAsAPdfAndIsAuditedAsAPrint() throws Exception {
        Response print = clerk.get("/api/documents/" + documentId + "/print");
        assertEquals(200, print.status(), print.toString());
        assertEquals("application/pdf", print.header("Content-Type"));
        assertTrue(print.header("Content-Disposition").startsWith("inline"), "opened in the browser to print, not saved");
        try (PDDocument pdf = Loader.loadPDF(print.body())) {
            assertEquals(2, pdf.getNumberOfPages());
        }
        JsonNode entries = vault.admin().get("/api/audit?action=print-document&documentId=" + documentId).json().get("entries");
        assertEquals(1, entries.size(), entries.toString());
        assertEquals("pb-clerk", entries.get(0).get("user").asText());
        assertEquals(403, indexer.get("/api/documents/" + documentId + "/print").status(), "printing is a disclosure: release roles only");
    }

    @Test
    void sendBackToIndexingPutsTheDocumentInTheReviewQueueWithTheReason() {
        Response refused = clerk.post("/api/documents/" + documentId + "/review", Map.of("reason", "wrong patient?"));
        assertEquals(403, refused.status(), "indexers send documents back");
        Response noReason = indexer.post("/api/documents/" + documentId + "/review", Map.of());
        assertEquals(400, noReason.status());

        Response sent = indexer.post("/api/documents/" + documentId + "/review", Map.of("reason", "Date of service looks wrong"));
        assertEquals(200, sent.status(), sent.toString());
        assertEquals("needs-review", sent.json().get("status").asText());
        JsonNode queue = indexer.get("/api/review").json().get("documents");
        JsonNode waiting = null;
        for (JsonNode d : queue) if (d.get("documentId").asText().equals(documentId)) waiting = d;
        assertTrue(waiting != null, "in the review queue: " + queue);
        assertTrue(waiting.get("reviewReasons").toString().contains("Date of service looks wrong"), waiting.toString());
        JsonNode audited = vault.admin().get("/api/audit?action=send-to-review&documentId=" + documentId).json().get("entries");
        assertEquals(2, audited.size(), "the refused try without a reason, and the one that went through: " + audited);
        assertEquals("success", audited.get(0).get("outcome").asText());
        assertEquals("Date of service looks wrong", audited.get(0).get("details").get("result").asText());
        assertEquals("failed", audited.get(1).get("outcome").asText());
        assertEquals(404, indexer.post("/api/documents/doc_00000000000000000000000000/review", Map.of("reason", "x")).status());
    }
}
