package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.FaultInjectingStore;
import org.chartvault.testing.FaultInjectingStore.Operation;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Storage comes and goes while scanners keep uploading and documents are processed: for two minutes it is healthy
 * for a few seconds, then down, stalled, slow or full for a few seconds, at random. Every upload is answered 202 or
 * 503, nothing else; what got a 503 is sent again once storage is back; and at the end every acknowledged
 * document is processed (no transient failure turned into a failed document), intact and found, the audit chain
 * verifies, and nothing in the store half-exists.
 */
@Tag("long")
class StorageFlappingTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);
    private static final Duration CHAOS = Duration.ofMinutes(Long.getLong("chartvault.flapping.minutes", 2));
    private static final int SCANNERS = 3;

    @TempDir
    Path data;

    private record Sent(String name, byte[] bytes, String sha256, String word, String mrn, int pages) {
    }

    private final Map<String, Sent> acknowledged = new ConcurrentHashMap<>();
    private final List<List<Sent>> refused = new CopyOnWriteArrayList<>();
    private final List<String> wrongAnswers = new CopyOnWriteArrayList<>();
    private final AtomicLong seeds = new AtomicLong(500_000);
    private final AtomicInteger outages = new AtomicInteger();

    @Test
    void whatStorageFailsIsRefusedWith503AndEverythingAcknowledgedCompletesWhenItReturns() throws Exception {
        long seed = System.nanoTime();
        System.out.println("StorageFlappingTest seed " + seed);
        FaultInjectingStore store = new FaultInjectingStore(new LocalDiskStore(data.resolve("store")));
        try (RunningChartVault server = RunningChartVault.start(data, Map.of(), store)) {
            List<Client> scanners = new ArrayList<>();
            for (int i = 0; i < SCANNERS; i++) scanners.add(server.user("station-" + i, "scanner"));
            Instant until = Instant.now().plus(CHAOS);
            ExecutorService threads = Executors.newFixedThreadPool(SCANNERS + 1);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < SCANNERS; i++) {
                Client scanner = scanners.get(i);
                Random random = new Random(seed + i);
                running.add(threads.submit(() -> scan(scanner, random, until)));
            }
            running.add(threads.submit(() -> flap(store, new Random(seed), until)));
            for (Future<?> f : running) f.get();
            threads.shutdown();
            store.heal();

            Client admin = server.admin();
            for (List<Sent> again : refused) {
                Response answer = admin.upload(Map.of("mrn", again.get(0).mrn()), parts(again));
                assertEquals(202, answer.status(), "sending again once storage is back: " + answer);
                record(again, answer);
            }
            admin.awaitSettled(acknowledged.keySet(), Duration.ofMinutes(10));
            List<String> wrong = new ArrayList<>(wrongAnswers);
            for (Map.Entry<String, Sent> e : acknowledged.entrySet()) {
                String problem = AcknowledgedDocuments.problem(admin, e.getKey(), e.getValue().sha256(), e.getValue().word(),
                        e.getValue().mrn(), e.getValue().pages());
                if (problem != null) wrong.add(e.getKey() + " (" + e.getValue().name() + "): " + problem);
            }
            assertEquals(List.of(), wrong);
            JsonNode verify = admin.get("/api/audit/verify").json();
            assertTrue(verify.get("valid").asBoolean(), verify.toString());
            awaitNoJobs(store);
            assertEquals(List.of(), ArchiveConsistency.violations(store.real()));
            System.out.printf("%d outages, %d faults injected, %d documents acknowledged, %d upload(s) refused and sent again%n",
                    outages.get(), store.faultsInjected(), acknowledged.size(), refused.size());
            assertTrue(outages.get() >= 5 && !refused.isEmpty(), "storage hardly failed: nothing was proved");
        }
    }

    /** Healthy for 3-8 s, then one kind of failure for 1-4 s, until the time is up. */
    private Void flap(FaultInjectingStore store, Random random, Instant until) throws InterruptedException {
        while (Instant.now().isBefore(until)) {
            Thread.sleep(3_000 + random.nextInt(5_000));
            switch (random.nextInt(5)) {
                case 0 -> store.down(Operation.ALL);
                case 1 -> store.down(Operation.WRITES);
                case 2 -> store.stall(Operation.ALL, Duration.ofMillis(800));
                case 3 -> store.diskFull(16 * 1024);
                default -> store.slow(Operation.ALL, Duration.ofMillis(150));
            }
            outages.incrementAndGet();
            Thread.sleep(1_000 + random.nextInt(3_000));
            store.heal();
        }
        return null;
    }

    /** A batch of one or two born-digital documents of one patient every second or so. */
    private Void scan(Client scanner, Random random, Instant until) throws InterruptedException {
        while (Instant.now().isBefore(until)) {
            List<ChartDocument> documents = GENERATOR.chart(seeds.incrementAndGet(), 1 + random.nextInt(2));
            List<Sent> files = new ArrayList<>();
            for (ChartDocument document : documents) {
                byte[] bytes = ChartFiles.bornDigitalPdf(document.pages());
                files.add(new Sent("doc-" + seeds.incrementAndGet() + ".pdf", bytes, org.chartvault.testing.Hashes.sha256(bytes),
                        AcknowledgedDocuments.searchWord(document.pages().get(0)), document.indexing().mrn(), document.pages().size()));
            }
            Response answer = scanner.upload(Map.of("mrn", files.get(0).mrn()), parts(files));
            if (answer.status() == 202) {
                record(files, answer);
            } else if (answer.status() == 503 && answer.json().get("error").asText().equals("storage-unavailable")) {
                refused.add(files);
            } else {
                wrongAnswers.add("an upload was answered neither 202 nor 503 storage-unavailable: " + answer);
            }
            Thread.sleep(500 + random.nextInt(1_000));
        }
        return null;
    }

    private void record(List<Sent> files, Response answer) {
        Map<String, Sent> byName = new HashMap<>();
        for (Sent sent : files) byName.put(sent.name(), sent);
        for (JsonNode d : answer.json().get("documents")) {
            if (!d.get("status").asText().matches("queued|duplicate")) {
                wrongAnswers.add("a good file was not taken: " + d);
                continue;
            }
            acknowledged.put(d.get("documentId").asText(), byName.get(d.get("file").asText()));
        }
    }

    private static Part[] parts(List<Sent> files) {
        return files.stream().map(f -> new Part(f.name(), f.bytes())).toArray(Part[]::new);
    }


    /** Jobs whose completion storage refused run once more and then go. */
    private static void awaitNoJobs(FaultInjectingStore store) throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(6));
        while (!store.real().list("jobs/").isEmpty()) {
            if (Instant.now().isAfter(until)) throw new AssertionError("jobs left: " + store.real().list("jobs/"));
            Thread.sleep(500);
        }
    }
}
