package org.chartvault.db;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.audit.AuditKey;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.InProcessS3;
import org.chartvault.testing.Postgres;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two ChartVault processes on one PostgreSQL and one S3 bucket, one of them killed (SIGKILL) or stopped (SIGSTOP past
 * its job lease) while both read scanned documents: the other finishes every acknowledged document, and a stalled
 * node that wakes up finds its jobs handed over and writes none of its late results.
 */
class NodeTakeoverTest {
    private static final String PASSWORD = "Night-Desk-Ward-4-Keys";
    /** Short, so that taking over is seconds away; the default is a minute. */
    private static final int LEASE_SECONDS = 6;

    @TempDir
    Path dir;
    InProcessS3 s3;
    ServiceProcess nodeA, nodeB;
    final ChartGenerator generator = new ChartGenerator();

    @AfterEach
    void stop() throws Exception {
        if (nodeA != null) {
            signal(nodeA, "CONT");
            nodeA.close();
        }
        if (nodeB != null) nodeB.close();
        if (s3 != null) s3.close();
    }

    @Test
    void documentsOfAKilledNodeAreFinishedByTheOther() throws Exception {
        startTwoNodes();
        Client scanner = nodeA.service().login("scanner-t", PASSWORD);
        String batchId = uploadScans(scanner, 9700);
        awaitStarted(scanner, batchId);
        nodeA.kill();
        JsonNode batch = nodeB.service().withToken(scanner.token()).awaitBatch(batchId, Duration.ofMinutes(4));
        assertAllProcessed(batch);
    }

    @Test
    void aNodeStoppedPastItsLeaseLosesItsJobsAndItsLateResultsAreRefused() throws Exception {
        startTwoNodes();
        Client scanner = nodeA.service().login("scanner-t", PASSWORD);
        String batchId = uploadScans(scanner, 9800);
        awaitStarted(scanner, batchId);
        signal(nodeA, "STOP");
        JsonNode batch = nodeB.service().withToken(scanner.token()).awaitBatch(batchId, Duration.ofMinutes(4));
        assertAllProcessed(batch);
        signal(nodeA, "CONT");
        // node A wakes with the jobs it held when it stopped; they were handed over, so its workers drop them
        Instant until = Instant.now().plusSeconds(60);
        String log = "";
        while (Instant.now().isBefore(until) && !(log = Files.readString(dir.resolve("a.log"))).contains("handed")) {
            Thread.sleep(500);
        }
        JsonNode after = nodeB.service().withToken(scanner.token()).get("/api/batches/" + batchId).json();
        assertAllProcessed(after);
        if (log.contains("handed")) {
            assertTrue(log.contains("no longer this worker's") || log.contains("was handed to another worker"), log);
        }
    }

    private void startTwoNodes() throws Exception {
        s3 = InProcessS3.start();
        Map<String, String> shared = new HashMap<>(s3.chartVaultSettings("takeover"));
        shared.putAll(Postgres.environment(Postgres.freshDatabase()));
        shared.put("CHARTVAULT_AUDIT_KEY", Base64.getEncoder().encodeToString(AuditKey.generate().secret()));
        shared.put("CHARTVAULT_JOB_LEASE_SECONDS", String.valueOf(LEASE_SECONDS));
        nodeA = ServiceProcess.start(dir.resolve("a"), dir.resolve("a.log"), shared);
        nodeB = ServiceProcess.start(dir.resolve("b"), dir.resolve("b.log"), shared);
        Response created = nodeA.service().admin().post("/api/users",
                Map.of("username", "scanner-t", "password", PASSWORD, "roles", List.of("scanner")));
        assertEquals(201, created.status(), created.toString());
    }

    /** Four documents of three scanned pages each: enough OCR for both nodes' workers to be busy at once. */
    private String uploadScans(Client scanner, long seed) {
        List<Part> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            var pages = generator.document(seed + i, 3).pages().stream().map(p -> p.scan(300)).toList();
            files.add(new Part("scan-" + i + ".tif", ChartFiles.tiff(pages, ChartFiles.TiffCompression.LZW)));
        }
        Response receipt = scanner.upload(Map.of(), files.toArray(Part[]::new));
        assertEquals(202, receipt.status(), receipt.toString());
        return receipt.json().get("batchId").asText();
    }

    /** Until some page has been read: jobs are claimed and in the middle of their work. */
    private static void awaitStarted(Client scanner, String batchId) throws InterruptedException {
        Instant until = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(until)) {
            JsonNode batch = scanner.get("/api/batches/" + batchId).json();
            if (batch.get("pagesDone").asInt() >= 1) return;
            Thread.sleep(100);
        }
        throw new AssertionError("no page of batch " + batchId + " was read within two minutes");
    }

    private static void assertAllProcessed(JsonNode batch) {
        assertEquals("done", batch.get("status").asText(), batch.toString());
        assertEquals(4, batch.get("documents").size(), batch.toString());
        for (JsonNode document : batch.get("documents")) {
            String status = document.get("status").asText();
            assertTrue(status.equals("indexed") || status.equals("needs-review"), "every acknowledged document finished: " + batch);
            assertEquals(3, document.get("pages").asInt(), "each page read once, none lost: " + batch);
        }
    }

    private static void signal(ServiceProcess node, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).inheritIO().start().waitFor();
    }
}
