package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Corpus;
import org.chartvault.testing.HealthWatch;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile and damaged files through the real upload path: each is refused with a reason or, if it can be
 * read at all, kept and settles (indexed, flagged for review or failed with a reason) — while the service keeps
 * answering and a good file sent with them is processed.
 */
class HostileUploadsTest {
    @TempDir
    static Path data;
    static RunningChartVault server;
    static Client scanner;

    @BeforeAll
    static void start() throws IOException {
        server = RunningChartVault.start(data);
        scanner = server.user("night-shift", "scanner");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyHostileFileIsRefusedWithAReasonAndTheGoodOneIsProcessed() throws Exception {
        byte[] good = ChartFiles.bornDigitalPdf(List.of(new ChartGenerator(ChartPage.Typeface.DEFAULT).page(77)));
        List<Part> parts = new ArrayList<>();
        for (Path file : Corpus.filesIn(Corpus.hostile())) parts.add(new Part(file.getFileName().toString(), Files.readAllBytes(file)));
        parts.add(new Part("good.pdf", good));

        HealthWatch health = HealthWatch.start(server.anonymous());
        Response answer = scanner.upload(Map.of(), parts.toArray(Part[]::new));
        assertEquals(202, answer.status(), answer.toString());
        JsonNode documents = answer.json().get("documents");
        for (JsonNode d : documents) {
            String file = d.get("file").asText();
            if (file.equals("good.pdf")) {
                assertEquals("queued", d.get("status").asText());
            } else {
                assertEquals("rejected", d.get("status").asText(), d.toString());
                assertTrue(d.get("error").asText().length() > 15, "no real reason for " + file + ": " + d);
                assertTrue(d.get("documentId").isNull(), d.toString());
            }
        }
        JsonNode batch = scanner.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(2));
        health.stop();
        JsonNode goodOne = null;
        for (JsonNode d : batch.get("documents")) if (d.get("file").asText().equals("good.pdf")) goodOne = d;
        assertTrue(goodOne != null && goodOne.get("status").asText().matches("indexed|needs-review"), batch.toString());
        assertEquals(0, health.failures(), "the service stopped answering /api/health during the batch");
        assertTrue(health.answers() > 0);
    }

    @Test
    void damagedFilesAreRefusedOrSettleWithoutHangingTheQueue() throws Exception {
        List<Part> parts = new ArrayList<>();
        for (Path file : Corpus.filesIn(Corpus.malformed())) parts.add(new Part(file.getFileName().toString(), Files.readAllBytes(file)));
        Response answer = scanner.upload(Map.of("mrn", "55500011"), parts.toArray(Part[]::new));
        assertEquals(202, answer.status(), answer.toString());
        Map<String, String> outcome = new HashMap<>();
        for (JsonNode d : answer.json().get("documents")) {
            outcome.put(d.get("file").asText(), d.get("status").asText());
            if (d.get("status").asText().equals("rejected")) assertFalse(d.get("error").asText().isBlank(), d.toString());
        }
        assertEquals(parts.size(), outcome.size());
        // Bounded: every kept file settles within the deadline (page time limit and limits on decoding).
        JsonNode batch = scanner.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(6));
        for (JsonNode d : batch.get("documents")) {
            String status = d.get("status").asText();
            assertTrue(status.matches("rejected|indexed|needs-review|failed"), d.toString());
            if (status.equals("failed")) assertFalse(d.get("error").asText("").isBlank(), "failed without a reason: " + d);
        }
        assertEquals(200, server.anonymous().get("/api/health").status());
    }
}
