package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.document.Document;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several scanning stations upload while several clerks search, for three minutes (bounded; set
 * {@code -Dchartvault.load.minutes}): mostly born-digital PDFs of one to three pages, now and then a scanned page.
 * No request fails, every acknowledged document is processed and found, page by page, with its original intact.
 * Latencies are printed (p50/p95/p99 of uploads and searches, and of upload-to-processed), never asserted.
 */
@Tag("long")
class SustainedLoadTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);
    private static final Duration LOAD = Duration.ofMinutes(Long.getLong("chartvault.load.minutes", 3));
    private static final int SCANNERS = 4;
    private static final int CLERKS = 3;

    @TempDir
    Path data;

    private record Sent(String sha256, String word, String mrn, int pages) {
    }

    private final Map<String, Sent> acknowledged = new ConcurrentHashMap<>();
    private final List<Long> uploadNanos = new CopyOnWriteArrayList<>();
    private final List<Long> searchNanos = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicLong seeds = new AtomicLong(300_000);
    private final AtomicLong pagesSent = new AtomicLong();

    @Test
    void uploadsAndSearchesFromSeveralClientsForMinutesLoseNothingAndFailNothing() throws Exception {
        Instant started;
        Instant loadEnded;
        try (RunningChartVault server = RunningChartVault.start(data)) {
            List<Client> scanners = new ArrayList<>();
            for (int i = 0; i < SCANNERS; i++) scanners.add(server.user("station-" + i, "scanner"));
            List<Client> clerks = new ArrayList<>();
            for (int i = 0; i < CLERKS; i++) clerks.add(server.user("clerk-" + i, "roi"));

            started = Instant.now();
            Instant until = started.plus(LOAD);
            ExecutorService clients = Executors.newFixedThreadPool(SCANNERS + CLERKS);
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < SCANNERS; i++) {
                Client scanner = scanners.get(i);
                long seed = 7_000 + i;
                running.add(clients.submit(() -> scan(scanner, new Random(seed), until)));
            }
            for (int i = 0; i < CLERKS; i++) {
                Client clerk = clerks.get(i);
                long seed = 8_000 + i;
                running.add(clients.submit(() -> search(clerk, new Random(seed), until)));
            }
            for (Future<?> client : running) client.get();
            clients.shutdown();
            loadEnded = Instant.now();

            Client admin = server.admin();
            admin.awaitSettled(acknowledged.keySet(), Duration.ofMinutes(15));
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, Sent> e : acknowledged.entrySet()) {
                String problem = AcknowledgedDocuments.problem(admin, e.getKey(), e.getValue().sha256(), e.getValue().word(),
                        e.getValue().mrn(), e.getValue().pages());
                if (problem != null) wrong.add(e.getKey() + ": " + problem);
            }
            assertEquals(List.of(), errors, "requests failed under load");
            assertEquals(List.of(), wrong, "acknowledged documents not processed, intact and found");
            JsonNode verify = admin.get("/api/audit/verify").json();
            assertTrue(verify.get("valid").asBoolean(), verify.toString());
        }
        List<Long> processing = new ArrayList<>();
        try (LocalDiskStore store = new LocalDiskStore(data.resolve("store"))) {
            assertEquals(List.of(), ArchiveConsistency.violations(store));
            List<Document> documents = ArchiveConsistency.documents(store);
            assertEquals(acknowledged.size(), documents.size(), "documents stored besides the acknowledged ones");
            for (Document d : documents) processing.add(Duration.between(d.uploadedAt(), d.updatedAt()).toNanos());
        }
        double seconds = Duration.between(started, loadEnded).toMillis() / 1000.0;
        System.out.printf("Load: %d scanners and %d clerks for %.0f s: %d uploads (%d documents, %d pages), %d searches%n",
                SCANNERS, CLERKS, seconds, uploadNanos.size(), acknowledged.size(), pagesSent.get(), searchNanos.size());
        System.out.println("  uploads    " + percentiles(uploadNanos));
        System.out.println("  searches   " + percentiles(searchNanos));
        System.out.println("  upload to processed " + percentiles(processing));
        assertTrue(uploadNanos.size() >= SCANNERS && searchNanos.size() >= CLERKS, "the clients hardly ran");
    }

    /** A scanning station: a batch of one to three documents of one patient every few seconds. */
    private Void scan(Client scanner, Random random, Instant until) throws InterruptedException {
        while (Instant.now().isBefore(until)) {
            List<ChartDocument> documents = GENERATOR.chart(seeds.incrementAndGet(), 1 + random.nextInt(3));
            List<Part> parts = new ArrayList<>();
            Map<String, Sent> byName = new HashMap<>();
            for (ChartDocument document : documents) {
                boolean scan = random.nextInt(10) == 0;
                List<ChartPage> pages = scan ? document.pages().subList(0, 1) : document.pages();
                byte[] bytes = scan ? ChartFiles.png(pages.get(0).scan(300).apply(Degradation.skew(0.6)))
                        : ChartFiles.bornDigitalPdf(pages);
                String name = "doc-" + seeds.incrementAndGet() + (scan ? ".png" : ".pdf");
                parts.add(new Part(name, bytes));
                byName.put(name, new Sent(org.chartvault.testing.Hashes.sha256(bytes), AcknowledgedDocuments.searchWord(pages.get(0)),
                        pages.get(0).indexing().mrn(), pages.size()));
                pagesSent.addAndGet(pages.size());
            }
            String mrn = documents.get(0).indexing().mrn();
            long start = System.nanoTime();
            Response answer = scanner.upload(Map.of("mrn", mrn), parts.toArray(Part[]::new));
            uploadNanos.add(System.nanoTime() - start);
            if (answer.status() != 202) {
                errors.add("upload: " + answer);
            } else {
                for (JsonNode d : answer.json().get("documents")) {
                    if (!d.get("status").asText().equals("queued")) errors.add("upload not queued: " + d);
                    else acknowledged.put(d.get("documentId").asText(), byName.get(d.get("file").asText()));
                }
            }
            Thread.sleep(2_000 + random.nextInt(4_000));
        }
        return null;
    }

    /** A clerk: a patient's pages by name and MRN, words, phrases, listings, a page of hits further down. */
    private Void search(Client clerk, Random random, Instant until) throws InterruptedException {
        List<String> words = List.of("patient", "history", "blood", "pressure", "medication", "discharge", "pain",
                "follow", "normal", "allergies");
        while (Instant.now().isBefore(until)) {
            List<Sent> known = new ArrayList<>(acknowledged.values());
            String query = switch (random.nextInt(5)) {
                case 0 -> known.isEmpty() ? "q=patient" : patientQuery(known.get(random.nextInt(known.size())));
                case 1 -> "q=" + words.get(random.nextInt(words.size())) + "&limit=50";
                case 2 -> "q=" + encode("\"blood pressure\"") + "&offset=20&limit=20";
                case 3 -> "q=" + encode(words.get(random.nextInt(words.size())) + " AND NOT " + words.get(random.nextInt(words.size())));
                default -> known.isEmpty() ? "q=history" : "mrn=" + known.get(random.nextInt(known.size())).mrn();
            };
            long start = System.nanoTime();
            Response answer = clerk.get("/api/search?" + query);
            searchNanos.add(System.nanoTime() - start);
            if (answer.status() != 200) errors.add("search " + query + ": " + answer);
            Thread.sleep(200 + random.nextInt(600));
        }
        return null;
    }

    private static String patientQuery(Sent sent) {
        return "q=" + sent.word() + "&mrn=" + sent.mrn() + "&limit=100";
    }


    /** "p50 12 ms  p95 40 ms  p99 90 ms  max 120 ms (n=300)". */
    static String percentiles(List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        if (sorted.isEmpty()) return "(none)";
        return String.format(Locale.ROOT, "p50 %s  p95 %s  p99 %s  max %s (n=%d)", millis(at(sorted, 0.50)),
                millis(at(sorted, 0.95)), millis(at(sorted, 0.99)), millis(sorted.getLast()), sorted.size());
    }

    private static long at(List<Long> sorted, double share) {
        int index = (int) Math.ceil(share * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String millis(long nanos) {
        return nanos >= 10_000_000_000L ? String.format(Locale.ROOT, "%.1f s", nanos / 1e9) : (nanos / 1_000_000) + " ms";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
