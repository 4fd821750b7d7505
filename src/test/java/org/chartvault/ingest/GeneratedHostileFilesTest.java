package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.HostileFiles;
import org.chartvault.testing.HostileFiles.Expect;
import org.chartvault.testing.HostileFiles.Hostile;
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
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Generated hostile files through the real upload path, in the test JVM's heap: cut-off and empty files, headers
 * declaring 10^10 pixels, lying page counts, PDF and ZIP bombs, objects nested tens of thousands deep, zip-slip
 * paths and misleading names (see {@link HostileFiles}). Each is refused or fails with a reason a person can read,
 * or (a good file under a wrong name) is processed as what it really is. All of it settles within a bounded time,
 * no thread dies of an OutOfMemoryError or a StackOverflowError, /api/health answers throughout, and a good batch
 * sent alongside by another scanner is processed.
 */
class GeneratedHostileFilesTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);
    /** A hang detector, not a speed target: every hostile file must have settled by then. */
    private static final Duration BOUND = Duration.ofMinutes(4);
    /** Failure reasons that mean an OutOfMemoryError was caught somewhere: the limits should have stopped it first. */
    private static final String OUT_OF_MEMORY_REASON = "needs more memory";

    @TempDir
    static Path data;
    static RunningChartVault server;
    static final List<String> threadDeaths = Collections.synchronizedList(new ArrayList<>());
    static Thread.UncaughtExceptionHandler previousHandler;

    @BeforeAll
    static void start() throws IOException {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> threadDeaths.add(thread.getName() + ": " + e));
        server = RunningChartVault.start(data);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    @Test
    void everyGeneratedHostileFileIsRefusedOrFailsWithAReasonWhileAGoodBatchIsProcessed() throws Exception {
        Client attacker = server.user("compromised-scanner", "scanner");
        Client scanner = server.user("day-shift", "scanner");
        ChartDocument sample = GENERATOR.document(901, 2);
        byte[] goodPdf = ChartFiles.bornDigitalPdf(sample.pages().subList(0, 1));
        byte[] goodPng = ChartFiles.png(sample.pages().get(0).scan(300).apply(Degradation.gaussianNoise(4, 9)));
        byte[] goodTiff = ChartFiles.tiff(List.of(sample.pages().get(0).scan(300).apply(Degradation.binarize(150)),
                sample.pages().get(1).scan(300).apply(Degradation.binarize(150))), ChartFiles.TiffCompression.CCITT_G4);
        byte[] goodJpeg = ChartFiles.jpeg(sample.pages().get(1).scan(300), 0.7f);
        List<Hostile> hostile = HostileFiles.all(goodPdf, goodPng, goodTiff, goodJpeg);
        Map<String, Hostile> byName = new LinkedHashMap<>();
        for (Hostile h : hostile) byName.put(h.fileName(), h);

        HealthWatch health = HealthWatch.start(server.anonymous());
        long started = System.nanoTime();
        // the good batch goes in from another scanner while the hostile files are being received and processed
        CompletableFuture<Response> good = CompletableFuture.supplyAsync(() -> scanner.upload(Map.of("mrn", "62000001"),
                goodBatch().toArray(Part[]::new)));
        List<String> batchIds = new ArrayList<>();
        Map<String, JsonNode> receipts = new LinkedHashMap<>();
        for (List<Hostile> group : groups(hostile, 4)) {
            Response answer = attacker.upload(Map.of(), group.stream().map(h -> new Part(h.fileName(), h.bytes())).toArray(Part[]::new));
            assertEquals(202, answer.status(), answer.toString());
            batchIds.add(answer.json().get("batchId").asText());
            for (JsonNode d : answer.json().get("documents")) receipts.put(d.get("file").asText(), d);
        }
        Response goodAnswer = good.get(2, TimeUnit.MINUTES);
        assertEquals(202, goodAnswer.status(), goodAnswer.toString());

        Map<String, JsonNode> settled = new LinkedHashMap<>();
        for (String batchId : batchIds) {
            JsonNode batch = attacker.awaitBatch(batchId, BOUND.minusNanos(System.nanoTime() - started));
            for (JsonNode d : batch.get("documents")) settled.put(d.get("file").asText(), d);
        }
        JsonNode goodBatch = scanner.awaitBatch(goodAnswer.json().get("batchId").asText(), Duration.ofMinutes(3));
        health.stop();
        double seconds = (System.nanoTime() - started) / 1e9;

        List<String> wrong = new ArrayList<>();
        for (Hostile h : hostile) {
            // a ZIP that was opened is answered entry by entry, as "archive.zip/entry"
            List<String> answered = receipts.keySet().stream()
                    .filter(f -> f.equals(h.fileName()) || f.startsWith(h.fileName() + "/")).toList();
            if (answered.isEmpty()) wrong.add(h + ": no answer for it");
            for (String file : answered) {
                JsonNode receipt = receipts.get(file);
                JsonNode outcome = settled.get(file);
                String problem = outcome == null ? "missing from its batch" : judge(h, receipt, outcome);
                System.out.printf("%-34s %-18s %-13s %s%n", file, h.expect(), outcome == null ? "-" : outcome.get("status").asText(),
                        outcome == null ? "" : reason(receipt, outcome));
                if (problem != null) wrong.add(h + " -> " + file + ": " + problem);
            }
        }
        // entries of ZIPs that were looked at one by one are answered under the archive's name
        for (String file : settled.keySet()) {
            if (!byName.containsKey(file) && !byName.containsKey(file.substring(0, Math.max(0, file.indexOf('/'))))) {
                wrong.add("an answer for a file never sent: " + file);
            }
        }
        System.out.printf("Hostile files settled in %.1f s; peak heap %d MiB of %d MiB%n", seconds,
                peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertEquals(List.of(), wrong);

        for (JsonNode d : goodBatch.get("documents")) {
            assertTrue(d.get("status").asText().matches("indexed|needs-review"), "good file not processed: " + goodBatch);
        }
        assertEquals(List.of(), threadDeaths, "threads died");
        assertEquals(0, health.failures(), "the service stopped answering /api/health");
        assertTrue(health.answers() > 0);
        assertEquals(200, server.anonymous().get("/api/health").status());
    }

    /** Null when the outcome is one the file's expectation allows, else what was wrong. */
    private static String judge(Hostile h, JsonNode receipt, JsonNode outcome) {
        String received = receipt.get("status").asText();
        String status = outcome.get("status").asText();
        String reason = reason(receipt, outcome);
        if (reason.contains(OUT_OF_MEMORY_REASON)) return "ran out of memory before a limit stopped it: " + reason;
        boolean refused = received.equals("rejected");
        boolean failed = status.equals("failed");
        boolean processed = status.matches("indexed|needs-review");
        if ((refused || failed) && reason.strip().length() < 15) return "no reason a person can act on: " + outcome;
        return switch (h.expect()) {
            case REFUSED -> refused ? null : "not refused at upload: " + outcome;
            case REFUSED_OR_FAILED -> refused || failed ? null : "not refused and not failed: " + outcome;
            case SETTLES -> refused || failed || processed ? null : "did not settle: " + outcome;
            case PROCESSED -> processed ? null : "a readable file was not processed: " + outcome;
        };
    }

    private static String reason(JsonNode receipt, JsonNode outcome) {
        JsonNode error = receipt.hasNonNull("error") ? receipt.get("error") : outcome.get("error");
        return error == null || error.isNull() ? "" : error.asText();
    }

    private static List<Part> goodBatch() {
        List<Part> parts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ChartDocument document = GENERATOR.document(950 + i, 1);
            parts.add(new Part("good-" + i + ".pdf", ChartFiles.bornDigitalPdf(document.pages())));
        }
        ChartDocument scanned = GENERATOR.document(960, 1);
        parts.add(new Part("good-scan.tif", ChartFiles.tiff(List.of(scanned.pages().get(0).scan(300)
                .apply(Degradation.skew(1).then(Degradation.binarize(150)))), ChartFiles.TiffCompression.CCITT_G4)));
        return parts;
    }

    private static <T> List<List<T>> groups(List<T> all, int count) {
        List<List<T>> groups = new ArrayList<>();
        for (int i = 0; i < count; i++) groups.add(new ArrayList<>());
        for (int i = 0; i < all.size(); i++) groups.get(i % count).add(all.get(i));
        return groups;
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }
}
