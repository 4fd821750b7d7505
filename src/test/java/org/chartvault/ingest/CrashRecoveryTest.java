package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.ServiceProcess;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

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
        int kills = 0;
        for (int round = 0; round < 3; round++) {
            ServiceProcess service = start(round);
            try {
                Client scanner = service.service().admin();
                acknowledged.putAll(uploadBatch(scanner, round, random));
                Thread.sleep(500 + random.nextInt(4000));
            } finally {
                service.kill(); // SIGKILL: no shutdown hook, no final commit
                kills++;
            }
        }
        ServiceProcess service = start(99);
        try {
            Client admin = service.service().admin();
            admin.awaitSettled(acknowledged.keySet(), Duration.ofMinutes(5));
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
            service.close();
        }
    }

    private Map<String, Acknowledged> uploadBatch(Client scanner, int round, Random random) {
        List<Part> parts = new ArrayList<>();
        Map<String, Acknowledged> byFile = new LinkedHashMap<>();
        for (int i = 0; i < 6; i++) {
            long seed = round * 100L + i;
            ChartDocument document = GENERATOR.document(seed, 1 + random.nextInt(2));
            String word = AcknowledgedDocuments.searchWord(document.pages().get(0));
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


    private long storedDocuments() throws IOException {
        try (Stream<Path> folders = Files.list(data.resolve("store/documents"))) {
            return folders.filter(Files::isDirectory).count();
        }
    }

    private ServiceProcess start(int round) throws IOException, InterruptedException {
        return ServiceProcess.start(data, data.resolveSibling(data.getFileName() + "-run" + round + ".log"),
                Map.of("CHARTVAULT_ARGON2_MEMORY_KIB", "8192", "CHARTVAULT_ARGON2_ITERATIONS", "1"));
    }

}
