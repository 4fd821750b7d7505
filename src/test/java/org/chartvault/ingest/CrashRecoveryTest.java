package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real ChartVault process is killed with SIGKILL at random moments while it processes acknowledged
 * batches, several times over. After the last restart every acknowledged document is there exactly once,
 * its original intact, its pages searchable once each, and the audit chain verifies.
 */
class CrashRecoveryTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);

    @TempDir
    Path data;

    /** What was acknowledged: document id -> (SHA-256 of the upload, a word on its pages, page count). */
    private record Acknowledged(String sha256, String word, int pages) {
    }

    @Test
    void everyAcknowledgedDocumentSurvivesRepeatedKillsExactlyOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("CrashRecoveryTest seed " + seed);
        Map<String, Acknowledged> acknowledged = new LinkedHashMap<>();
        int port = freePort();
        int kills = 0;
        for (int round = 0; round < 3; round++) {
            Process service = start(port, round);
            try {
                Client scanner = RunningChartVault.remote(port).admin();
                acknowledged.putAll(uploadBatch(scanner, round, random));
                Thread.sleep(500 + random.nextInt(4000));
            } finally {
                service.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no final commit
                kills++;
            }
        }
        Process service = start(port, 99);
        try {
            Client admin = RunningChartVault.remote(port).admin();
            awaitSettled(admin, acknowledged.keySet(), Duration.ofMinutes(5));
            for (Map.Entry<String, Acknowledged> e : acknowledged.entrySet()) {
                String id = e.getKey();
                JsonNode document = admin.get("/api/documents/" + id).json();
                assertTrue(document.get("status").asText().matches("indexed|needs-review"), document.toString());
                Response original = admin.get("/api/documents/" + id + "/original");
                assertEquals(e.getValue().sha256(), sha256(original.body()), "original of " + id);
                JsonNode hits = admin.get("/api/search?q=" + e.getValue().word() + "&limit=100").json().get("hits");
                List<Integer> pagesFound = new ArrayList<>();
                for (JsonNode hit : hits) if (hit.get("documentId").asText().equals(id)) pagesFound.add(hit.get("page").asInt());
                assertEquals(e.getValue().pages(), pagesFound.size(), "each page of " + id + " found exactly once: " + pagesFound);
            }
            assertEquals(acknowledged.size(), storedDocuments(), "no document stored twice or left over");
            JsonNode verify = admin.get("/api/audit/verify").json();
            assertTrue(verify.get("valid").asBoolean(), verify.toString());
            assertEquals(3, kills);
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private Map<String, Acknowledged> uploadBatch(Client scanner, int round, Random random) {
        List<Part> parts = new ArrayList<>();
        Map<String, Acknowledged> byFile = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            long seed = round * 100L + i;
            ChartDocument document = GENERATOR.document(seed, 1 + random.nextInt(2));
            String word = familyName(document.pages().get(0));
            byte[] bytes = i < 5
                    ? ChartFiles.bornDigitalPdf(document.pages())
                    : ChartFiles.png(document.pages().get(0).scan(300).apply(Degradation.skew(1)));
            int pages = i < 5 ? document.pages().size() : 1;
            String name = "round" + round + "-" + i + (i < 5 ? ".pdf" : ".png");
            parts.add(new Part(name, bytes));
            byFile.put(name, new Acknowledged(sha256(bytes), word, pages));
        }
        Response answer = scanner.upload(Map.of("mrn", "7700" + round), parts.toArray(Part[]::new));
        assertEquals(202, answer.status(), answer.toString());
        Map<String, Acknowledged> result = new LinkedHashMap<>();
        for (JsonNode d : answer.json().get("documents")) {
            assertEquals("queued", d.get("status").asText(), d.toString());
            result.put(d.get("documentId").asText(), byFile.get(d.get("file").asText()));
        }
        return result;
    }

    private void awaitSettled(Client client, Iterable<String> ids, Duration deadline) throws InterruptedException {
        Instant until = Instant.now().plus(deadline);
        for (String id : ids) {
            while (true) {
                Response r = client.get("/api/documents/" + id);
                assertEquals(200, r.status(), "acknowledged document " + id + " is missing: " + r);
                String status = r.json().get("status").asText();
                if (status.matches("indexed|needs-review|failed")) break;
                if (Instant.now().isAfter(until)) throw new AssertionError(id + " still " + status);
                Thread.sleep(250);
            }
        }
    }

    private long storedDocuments() throws IOException {
        try (Stream<Path> folders = Files.list(data.resolve("store/documents"))) {
            return folders.filter(Files::isDirectory).count();
        }
    }

    private Process start(int port, int round) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), "org.chartvault.Main", "serve");
        builder.environment().put("CHARTVAULT_DATA", data.toString());
        builder.environment().put("CHARTVAULT_PORT", String.valueOf(port));
        builder.environment().put("CHARTVAULT_ADMIN_PASSWORD", RunningChartVault.ADMIN_PASSWORD);
        builder.environment().put("CHARTVAULT_OCR_WORKERS", "2");
        builder.environment().put("CHARTVAULT_ARGON2_MEMORY_KIB", "8192");
        builder.environment().put("CHARTVAULT_ARGON2_ITERATIONS", "1");
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        builder.redirectErrorStream(true).redirectOutput(data.resolveSibling(data.getFileName() + "-run" + round + ".log").toFile());
        Process process = builder.start();
        Instant until = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) throw new AssertionError("ChartVault exited with " + process.exitValue());
            try {
                if (RunningChartVault.remote(port).anonymous().get("/api/health").status() == 200) return process;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("ChartVault did not start within 90 s");
    }

    private static String familyName(ChartPage page) {
        return page.indexing().patientName().split(",")[0].strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
