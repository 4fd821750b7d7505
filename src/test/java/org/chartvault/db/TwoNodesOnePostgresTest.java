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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two ChartVault JVM processes on one PostgreSQL and one shared S3 bucket, driven from outside over HTTP: what one
 * node does holds on the other. (Search across nodes is the cluster's: here search is only asked of the node that
 * indexed.)
 */
class TwoNodesOnePostgresTest {
    private static final String PASSWORD = "Night-Desk-Ward-4-Keys";

    @TempDir
    static Path dir;
    static InProcessS3 s3;
    static ServiceProcess nodeA, nodeB;
    static RunningChartVault a, b;
    static final ChartGenerator generator = new ChartGenerator();

    @BeforeAll
    static void startTwoNodes() throws Exception {
        s3 = InProcessS3.start();
        Map<String, String> shared = new HashMap<>(s3.chartVaultSettings("two-nodes"));
        shared.putAll(Postgres.environment(Postgres.freshDatabase()));
        // the audit key is kept outside the store, so every node is given the same one
        shared.put("CHARTVAULT_AUDIT_KEY", Base64.getEncoder().encodeToString(AuditKey.generate().secret()));
        // one after the other: the first creates the administrator, the second finds it
        nodeA = ServiceProcess.start(dir.resolve("a"), dir.resolve("a.log"), shared);
        nodeB = ServiceProcess.start(dir.resolve("b"), dir.resolve("b.log"), shared);
        a = nodeA.service();
        b = nodeB.service();
        for (String name : List.of("scanner-two", "legal-two", "guessed-two", "roaming-two")) {
            String role = name.startsWith("legal") ? "legal" : name.startsWith("scanner") ? "scanner" : "roi";
            Response created = a.admin().post("/api/users", Map.of("username", name, "password", PASSWORD, "roles", List.of(role)));
            assertEquals(201, created.status(), created.toString());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (nodeA != null) nodeA.close();
        if (nodeB != null) nodeB.close();
        if (s3 != null) s3.close();
    }

    @Test
    void theSameFileSentToBothNodesAtOnceBecomesOneDocument() throws Exception {
        Client onA = a.login("scanner-two", PASSWORD);
        Client onB = b.withToken(tokenOf(onA)); // one token, valid on both nodes
        for (int round = 0; round < 3; round++) {
            byte[] file = ChartFiles.bornDigitalPdf(generator.document(8800 + round, 1).pages());
            CyclicBarrier together = new CyclicBarrier(4);
            List<CompletableFuture<Response>> sent = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Client client = i % 2 == 0 ? onA : onB;
                String name = "same-" + i + ".pdf";
                sent.add(CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return client.upload(Map.of(), new Part(name, file));
                }));
            }
            List<String> queued = new ArrayList<>();
            List<String> named = new ArrayList<>();
            for (CompletableFuture<Response> s : sent) {
                JsonNode entry = s.get().json().get("documents").get(0);
                if (entry.get("status").asText().equals("queued")) queued.add(entry.get("documentId").asText());
                else named.add(entry.get("documentId").asText());
            }
            assertEquals(1, queued.size(), "round " + round + ": one document across both nodes, got " + queued);
            for (String n : named) assertEquals(queued.get(0), n, "the duplicates name it");
        }
    }

    @Test
    void aHoldPlacedThroughOneNodeBlocksADeleteThroughTheOther() throws Exception {
        Client scanner = a.login("scanner-two", PASSWORD);
        String mrn = "66000001";
        Response receipt = scanner.upload(Map.of("mrn", mrn),
                new Part("held.pdf", ChartFiles.bornDigitalPdf(generator.document(8900, 1).pages())));
        JsonNode batch = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
        String id = batch.get("documents").get(0).get("documentId").asText();
        Response hold = a.login("legal-two", PASSWORD).post("/api/holds", Map.of("name", "Two nodes", "mrns", List.of(mrn)));
        assertEquals(201, hold.status(), hold.toString());
        assertEquals(1, hold.json().get("documentsHeld").asInt(), hold.toString());
        Response delete = b.admin().delete("/api/documents/" + id);
        assertEquals(409, delete.status(), "node B sees node A's hold: " + delete);
        assertEquals(200, b.admin().get("/api/documents/" + id + "/original").status());
    }

    @Test
    void aLogoutThroughOneNodeEndsTheSessionOnTheOther() {
        Client onA = a.browser("roaming-two", PASSWORD);
        Client sameCookieOnB = b.withSessionOf(onA);
        assertEquals(200, sameCookieOnB.get("/api/session").status(), "a session opened on A works on B");
        assertEquals(204, onA.delete("/api/session").status());
        assertEquals(401, sameCookieOnB.get("/api/session").status(), "logged out everywhere");
    }

    @Test
    void fiveWrongPasswordsSpreadOverBothNodesLockTheAccount() {
        for (int i = 0; i < 5; i++) {
            RunningChartVault node = i % 2 == 0 ? a : b;
            assertEquals(401, node.anonymous().post("/api/session",
                    Map.of("username", "guessed-two", "password", "Wrong-" + i + "-guess-x")).status());
        }
        for (RunningChartVault node : List.of(a, b)) {
            Response right = node.anonymous().post("/api/session", Map.of("username", "guessed-two", "password", PASSWORD));
            assertEquals(401, right.status(), "locked on every node: " + right);
        }
    }

    @Test
    void theAuditTrailOfBothNodesIsOneChainThatVerifies() throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Void>> busy = new ArrayList<>();
        for (RunningChartVault node : List.of(a, b)) {
            Client admin = node.admin();
            busy.add(CompletableFuture.runAsync(() -> {
                await(together);
                for (int i = 0; i < 20; i++) admin.get("/api/search?q=chest");
            }));
        }
        for (CompletableFuture<Void> f : busy) f.get();
        for (RunningChartVault node : List.of(a, b)) {
            JsonNode verified = node.admin().get("/api/audit/verify").json();
            assertTrue(verified.get("valid").asBoolean(), verified.toString());
            assertTrue(verified.get("entries").asLong() >= 40, verified.toString());
        }
    }

    @Test
    void batchProgressOnOneNodeReachesAWatcherConnectedToTheOther() throws Exception {
        Client onA = a.login("scanner-two", PASSWORD);
        // scanned pages, read by OCR on node A: long enough to connect to node B while they are in progress
        var pages = generator.document(8950, 3).pages().stream().map(p -> p.scan(300)).toList();
        Response receipt = onA.upload(Map.of(), new Part("scan.tif",
                ChartFiles.tiff(pages, ChartFiles.TiffCompression.LZW)));
        String batchId = receipt.json().get("batchId").asText();
        java.net.http.HttpRequest watch = java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.url("/api/batches/" + batchId + "/events")))
                .header("Authorization", "Bearer " + onA.token()).header("Accept", "text/event-stream").build();
        List<String> statuses = new java.util.concurrent.CopyOnWriteArrayList<>();
        CompletableFuture<Void> reading = java.net.http.HttpClient.newHttpClient()
                .sendAsync(watch, java.net.http.HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body().filter(line -> line.startsWith("data:")).forEach(line -> {
                    try {
                        statuses.add(org.chartvault.Json.mapper().readTree(line.substring(5)).get("status").asText());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
        reading.get(3, java.util.concurrent.TimeUnit.MINUTES); // the stream ends when node B sees the batch done
        assertEquals("done", statuses.get(statuses.size() - 1), statuses.toString());
        assertEquals("processing", statuses.get(0), "connected while node A was still reading: " + statuses);
    }

    @Test
    void anAmendmentRequestIsExtendedOnceWhenBothNodesExtendItAtOnce() throws Exception {
        Client scanner = a.login("scanner-two", PASSWORD);
        Response receipt = scanner.upload(Map.of("mrn", "66000002"),
                new Part("amended.pdf", ChartFiles.bornDigitalPdf(generator.document(8950, 1).pages())));
        JsonNode batch = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
        String documentId = batch.get("documents").get(0).get("documentId").asText();
        Client onA = a.login("roaming-two", PASSWORD);
        Client onB = b.withToken(tokenOf(onA));
        Response logged = onA.post("/api/amendments", Map.of("documentId", documentId, "requester", "The patient",
                "whatIsWrong", "Wrong date.", "requestedChange", "The right date."));
        assertEquals(201, logged.status(), logged.toString());
        String id = logged.json().get("amendmentId").asText();
        String newDue = java.time.LocalDate.parse(logged.json().get("firstDueDate").asText()).plusDays(20).toString();
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Response>> sent = new ArrayList<>();
        for (Client client : List.of(onA, onB)) {
            sent.add(CompletableFuture.supplyAsync(() -> {
                await(together);
                return client.post("/api/amendments/" + id + "/extension", Map.of("reason", "Records off site", "newDueDate", newDue));
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Response> r : sent) statuses.add(r.get().status());
        statuses.sort(Integer::compare);
        assertEquals(List.of(200, 409), statuses, "one extension across both nodes (the amendment's lock is PostgreSQL's)");
        assertEquals(newDue, onB.get("/api/amendments/" + id).json().get("dueDate").asText(), "node B reads node A's record");
    }

    private static String tokenOf(Client client) {
        return client.token();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
