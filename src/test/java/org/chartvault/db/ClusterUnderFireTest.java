package org.chartvault.db;

import com.fasterxml.jackson.databind.JsonNode;
import io.minio.IsObjectLegalHoldEnabledArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.errors.ErrorResponseException;
import org.chartvault.audit.AuditKey;
import org.chartvault.testing.Ceph;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.Hashes;
import org.chartvault.testing.OpenSearch;
import org.chartvault.testing.Patient;
import org.chartvault.testing.Postgres;
import org.chartvault.testing.ProductionFiles;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The cluster proof: ChartVault JVM processes on the real engines (PostgreSQL, an OpenSearch node in its own JVM,
 * Ceph's radosgw with Object Lock), uploads and searches spread round-robin over them, while nodes are killed with
 * SIGKILL during OCR, a hold's placement (whatever it had done of it) and an export, one is stopped with SIGSTOP past its job lease and
 * continued, and a fourth is added mid-run. Afterwards, asked from outside: every acknowledged document is there
 * once with its original's SHA-256 and every page read once; every node finds the same pages; the hold covers
 * documents ingested through every node and the storage engine refuses their deletion; the audit trail is one
 * chain that verifies on every node; the export holds every held document.
 */
@Tag("long")
class ClusterUnderFireTest {
    private static final Logger log = LoggerFactory.getLogger(ClusterUnderFireTest.class);
    private static final String PASSWORD = "Cluster-Night-Shift-7";
    private static final int LEASE_SECONDS = 6;
    private static final Duration SETTLE = Duration.ofMinutes(8);
    /** Documents uploaded in all: two OCR workers per node on a two-core machine read about one page a second. */
    private static final int MAX_DOCUMENTS = 60;
    /** Documents of the patient who is held: enough to come in through several nodes. */
    private static final int HELD_DOCUMENTS = 8;

    @TempDir
    Path dir;
    final List<ServiceProcess> nodes = new CopyOnWriteArrayList<>();
    final ChartGenerator generator = new ChartGenerator();
    final List<Patient> patients = List.of(generator.patient(4101), generator.patient(4102), generator.patient(4103));
    final Map<String, Uploaded> acknowledged = new ConcurrentHashMap<>();
    final AtomicInteger unanswered = new AtomicInteger();
    final AtomicInteger serverErrors = new AtomicInteger();
    final AtomicInteger refusals = new AtomicInteger();
    final AtomicLong seeds = new AtomicLong(60_000);
    final AtomicInteger next = new AtomicInteger();
    Map<String, String> shared;
    String bucket;
    String token;
    /** Legal staff search; scanning staff upload. */
    String searchToken;

    record Uploaded(String documentId, String mrn, String sha256, int pages, String node) {
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (ServiceProcess node : nodes) {
            signal(node, "CONT");
            node.close();
        }
    }

    @Test
    void acknowledgedWorkSurvivesKillsStallsAndANewNodeAndEveryNodeAnswersTheSame() throws Exception {
        bucket = "cluster-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        shared = new HashMap<>(Map.of("CHARTVAULT_STORAGE", "minio", "MINIO_ENDPOINT", Ceph.endpoint(),
                "MINIO_ACCESS_KEY", Ceph.ACCESS_KEY, "MINIO_SECRET_KEY", Ceph.SECRET_KEY, "MINIO_BUCKET", bucket,
                "MINIO_OBJECT_LOCK", "true",
                "CHARTVAULT_AUDIT_KEY", Base64.getEncoder().encodeToString(AuditKey.generate().secret()),
                "CHARTVAULT_JOB_LEASE_SECONDS", String.valueOf(LEASE_SECONDS)));
        shared.putAll(Postgres.environment(Postgres.freshDatabase()));
        shared.put("CHARTVAULT_SEARCH_URL", OpenSearch.url());
        shared.put("CHARTVAULT_SEARCH_INDEX", bucket);
        for (int i = 0; i < 3; i++) nodes.add(start(i));
        for (String[] user : List.of(new String[] {"scanner-c", "scanner"}, new String[] {"legal-c", "legal"})) {
            Response created = node(0).admin().post("/api/users",
                    Map.of("username", user[0], "password", PASSWORD, "roles", List.of(user[1])));
            assertEquals(201, created.status(), created.toString());
        }
        String legalToken = nodes.get(0).service().login("legal-c", PASSWORD).token();
        token = nodes.get(0).service().login("scanner-c", PASSWORD).token();
        searchToken = legalToken;

        AtomicBoolean running = new AtomicBoolean(true);
        Set<String> heldPatient = ConcurrentHashMap.newKeySet();
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 2; w++) workers.add(load.submit(() -> uploadUntil(running, heldPatient)));
        workers.add(load.submit(() -> searchUntil(running)));
        try {
            awaitAcknowledged(4);
            awaitSomePageRead();

            log.info("fault 1: SIGKILL node 0 during OCR, then start it again on what it left");
            nodes.get(0).kill();
            nodes.set(0, start(0));

            log.info("fault 2: SIGSTOP node 1 past its job lease, then SIGCONT");
            signal(nodes.get(1), "STOP");
            Thread.sleep(Duration.ofSeconds(LEASE_SECONDS + 6));
            signal(nodes.get(1), "CONT");

            log.info("fault 3: a fourth node joins mid-run");
            nodes.add(start(3));
            awaitAcknowledged(Math.min(MAX_DOCUMENTS, acknowledged.size() + 4));

            log.info("fault 4: a hold placed through node 2, which is killed while it places it");
            String held = patients.get(0).mrn();
            heldPatient.add(held);
            awaitSettled(idsOf(held));
            String holdId = placeHoldKillingItsNode(legalToken, held);

            log.info("fault 5: an export started through node 3, which is killed while it runs");
            Response export = nodes.get(3).service().withToken(legalToken).post("/api/holds/" + holdId + "/exports", Map.of());
            if (export.status() == 409) { // the hold a kill interrupted is not in place yet: no partial production
                assertEquals("hold-being-placed", export.json().get("error").asText(), export.toString());
                awaitApplied(legalToken, holdId);
                export = nodes.get(3).service().withToken(legalToken).post("/api/holds/" + holdId + "/exports", Map.of());
            }
            assertEquals(202, export.status(), export.toString());
            String exportId = export.json().get("exportId").asText();
            nodes.get(3).kill();
            nodes.set(3, start(3));

            awaitAcknowledged(Math.min(MAX_DOCUMENTS, acknowledged.size() + 4));
            running.set(false);
            for (Future<?> worker : workers) worker.get();

            checkEveryAcknowledgedDocumentOnceWithItsOriginal();
            checkEveryNodeFindsTheSamePages();
            checkTheHoldCoversEveryNodesDocumentsOnTheStorageEngine(legalToken, holdId, held);
            checkTheExportHoldsEveryHeldDocument(legalToken, exportId, held);
            checkOneAuditChain();
            assertEquals(0, serverErrors.get(), "no 5xx from a running node (see the log)");
            assertEquals(0, refusals.get(), "no upload or search refused (see the log)");
            log.info("cluster run: {} documents acknowledged, {} requests unanswered by a killed or stopped node",
                    acknowledged.size(), unanswered.get());
            checkTheExportIsWhatOneNodeAloneProduces(legalToken, exportId, held);
        } finally {
            running.set(false);
            load.shutdownNow();
        }
    }

    // ---- the load ----

    private void uploadUntil(AtomicBoolean running, Set<String> heldPatient) {
        while (running.get()) {
            if (acknowledged.size() >= MAX_DOCUMENTS) {
                sleep(200); // enough work in the queue: keep the kills landing on work in hand, not on a backlog
                continue;
            }
            long seed = seeds.incrementAndGet();
            // the patient to be held gets a chart of a few documents; a hold's placement is answered when it is applied
            List<Patient> open = patients.stream().filter(p -> !heldPatient.contains(p.mrn()))
                    .filter(p -> p != patients.getFirst() || idsOf(p.mrn()).size() < HELD_DOCUMENTS).toList();
            Patient patient = open.get((int) (seed % open.size()));
            ChartDocument document = generator.document(patient, seed, ChartGenerator.DOCUMENT_TYPES.get(
                    (int) (seed % ChartGenerator.DOCUMENT_TYPES.size())), 2);
            boolean scanned = seed % 2 == 0;
            byte[] file = scanned
                    ? ChartFiles.tiff(document.pages().stream().map(p -> p.scan(300)).toList(), ChartFiles.TiffCompression.LZW)
                    : ChartFiles.bornDigitalPdf(document.pages());
            int n = next.getAndIncrement() % nodes.size();
            try {
                Response receipt = nodes.get(n).service().withToken(token)
                        .upload(Map.of("mrn", patient.mrn()), new Part("chart-" + seed + (scanned ? ".tif" : ".pdf"), file));
                if (receipt.status() == 202) {
                    JsonNode entry = receipt.json().get("documents").get(0);
                    if (entry.get("status").asText().equals("queued")) {
                        String id = entry.get("documentId").asText();
                        acknowledged.put(id, new Uploaded(id, patient.mrn(), Hashes.sha256(file), 2, "node-" + n));
                    }
                } else {
                    if (receipt.status() >= 500) serverErrors.incrementAndGet();
                    else refusals.incrementAndGet();
                    log.warn("upload to node {} answered {}", n, receipt);
                }
            } catch (UncheckedIOException | IllegalStateException killed) {
                unanswered.incrementAndGet();
            }
        }
    }

    private void searchUntil(AtomicBoolean running) {
        while (running.get()) {
            int n = next.getAndIncrement() % nodes.size();
            Patient patient = patients.get(n % patients.size());
            try {
                Response r = nodes.get(n).service().withToken(searchToken).get("/api/search?q=" + patient.lastName()
                        + "&mrn=" + patient.mrn());
                if (r.status() != 200) {
                    if (r.status() >= 500) serverErrors.incrementAndGet();
                    else refusals.incrementAndGet();
                    log.warn("search on node {} answered {}", n, r);
                }
            } catch (UncheckedIOException | IllegalStateException killed) {
                unanswered.incrementAndGet();
            }
        }
    }

    // ---- what must hold afterwards ----

    private void checkEveryAcknowledgedDocumentOnceWithItsOriginal() {
        Map<String, String> statuses = awaitSettled(acknowledged.keySet());
        int i = 0;
        for (Uploaded up : acknowledged.values()) {
            assertTrue(statuses.get(up.documentId()).matches("indexed|needs-review"),
                    up + " finished: " + statuses.get(up.documentId()));
            Client reader = node(i++).withToken(token);
            JsonNode document = reader.get("/api/documents/" + up.documentId()).json();
            assertEquals(up.pages(), document.get("pages").size(), "each page read once, none lost or doubled: " + document);
        }
        Client legal = node(1).login("legal-c", PASSWORD);
        for (Uploaded up : acknowledged.values()) {
            byte[] original = legal.get("/api/documents/" + up.documentId() + "/original").body();
            assertEquals(up.sha256(), Hashes.sha256(original), "the original of " + up);
        }
        for (Patient patient : patients) {
            JsonNode listed = legal.get("/api/documents?mrn=" + patient.mrn()).json().get("documents");
            List<String> ids = new ArrayList<>();
            listed.forEach(d -> ids.add(d.get("documentId").asText()));
            assertEquals(ids.size(), new HashSet<>(ids).size(), "no document twice: " + ids);
            Set<String> expected = new TreeSet<>(idsOf(patient.mrn()));
            Set<String> extra = new TreeSet<>(ids);
            extra.removeAll(expected);
            assertTrue(ids.containsAll(expected), "every acknowledged document of " + patient.mrn() + " is there");
            // an upload whose answer a kill swallowed may still have been stored: never more than those
            assertTrue(extra.size() <= unanswered.get(), "documents nobody acknowledged: " + extra);
        }
    }

    private void checkEveryNodeFindsTheSamePages() {
        for (Patient patient : patients) {
            String query = "/api/search?limit=100&q=" + URLEncoder.encode(patient.lastName(), StandardCharsets.UTF_8)
                    + "&mrn=" + patient.mrn();
            String first = null;
            for (int n = 0; n < nodes.size(); n++) {
                Response searched = node(n).withToken(searchToken).get(query);
                assertEquals(200, searched.status(), "node " + n + ": " + searched);
                JsonNode answer = searched.json();
                StringBuilder pages = new StringBuilder("total " + answer.get("total").asLong());
                Set<String> documents = new HashSet<>();
                for (JsonNode hit : answer.get("hits")) {
                    pages.append(' ').append(hit.get("documentId").asText()).append('#').append(hit.get("page").asInt());
                    documents.add(hit.get("documentId").asText());
                }
                if (first == null) {
                    first = pages.toString();
                    assertTrue(documents.containsAll(idsOf(patient.mrn())),
                            "every acknowledged document of " + patient.mrn() + " is searchable: " + first);
                } else {
                    assertEquals(first, pages.toString(), "node " + n + " finds the same pages as node 0");
                }
            }
        }
    }

    private void checkTheHoldCoversEveryNodesDocumentsOnTheStorageEngine(String legalToken, String holdId, String mrn)
            throws Exception {
        Set<String> expected = idsOf(mrn);
        Set<String> held = new HashSet<>();
        awaitApplied(legalToken, holdId).get("documentIds").forEach(id -> held.add(id.asText()));
        assertTrue(held.containsAll(expected), "the hold covers the patient's documents, whichever node ingested them: "
                + expected + " held " + held);
        for (String extra : held) {
            // an upload whose answer a kill swallowed may still have been stored: held too, as the patient's
            if (!expected.contains(extra)) {
                assertEquals(mrn, node(1).withToken(token).get("/api/documents/" + extra).json().get("mrn").asText(), extra);
            }
        }
        Set<String> throughNodes = new HashSet<>();
        acknowledged.values().stream().filter(u -> u.mrn().equals(mrn)).forEach(u -> throughNodes.add(u.node()));
        assertTrue(throughNodes.size() > 1, "the held documents came in through several nodes: " + throughNodes);
        try (MinioClient keys = MinioClient.builder().endpoint(Ceph.endpoint())
                .credentials(Ceph.ACCESS_KEY, Ceph.SECRET_KEY).build()) {
            for (String id : expected) {
                String original = "originals/" + acknowledged.get(id).sha256();
                awaitHeldOnStorage(keys, original);
                String version = keys.statObject(StatObjectArgs.builder().bucket(bucket).object(original).build()).versionId();
                try {
                    keys.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(original).versionId(version).build());
                    fail("the storage engine deleted the held original " + original);
                } catch (ErrorResponseException refused) {
                    assertEquals(403, refused.response().code(), original);
                }
            }
        }
    }

    /**
     * Sends the hold to node 2 and kills node 2 as soon as the hold is stored, while it holds the documents. Answered or not,
     * the hold is found through another node; if the kill came before it was stored, it is placed again there. A
     * hold whose placing the kill interrupted is finished by the job recorded before it, on another node.
     */
    private String placeHoldKillingItsNode(String legalToken, String mrn) throws Exception {
        Map<String, Object> hold = Map.of("name", "Cluster v. General", "matter", "2026-CV-4101", "mrns", List.of(mrn));
        ExecutorService placing = Executors.newSingleThreadExecutor();
        try {
            Future<Response> answer = placing.submit(() -> nodes.get(2).service().withToken(legalToken).post("/api/holds", hold));
            // killed the moment the hold is stored, while node 2 is still holding the patient's documents one by one
            Client watcher = node(0).withToken(legalToken);
            Instant until = Instant.now().plusSeconds(60);
            while (!answer.isDone() && holdNamed(watcher, (String) hold.get("name")) == null && Instant.now().isBefore(until)) {
                Thread.sleep(10);
            }
            nodes.get(2).kill();
            try {
                Response placed = answer.get();
                log.info("the hold was answered {} before node 2 died", placed.status());
            } catch (java.util.concurrent.ExecutionException killed) {
                unanswered.incrementAndGet();
                log.info("node 2 died before it answered the hold");
            }
        } finally {
            placing.shutdownNow();
        }
        nodes.set(2, start(2));
        Client legal = node(0).withToken(legalToken);
        String stored = holdNamed(legal, (String) hold.get("name"));
        if (stored != null) {
            log.info("when node 2 died the hold listed {} of the patient's {} documents",
                    legal.get("/api/holds/" + stored).json().get("documentIds").size(), idsOf(mrn).size());
            return stored;
        }
        log.info("the kill came before the hold was stored; placing it again through node 0");
        Response again = legal.post("/api/holds", hold);
        assertEquals(201, again.status(), again.toString());
        return again.json().get("holdId").asText();
    }

    /** The hold once its placing is finished, by the node that began it or by a worker that took it over. */
    private JsonNode awaitApplied(String legalToken, String holdId) {
        Instant until = Instant.now().plus(SETTLE);
        JsonNode hold;
        while (!(hold = node(1).withToken(legalToken).get("/api/holds/" + holdId).json()).get("applied").asBoolean()) {
            if (Instant.now().isAfter(until)) fail("the hold was never finished: " + hold);
            sleep(500);
        }
        return hold;
    }

    private static String holdNamed(Client legal, String name) {
        for (JsonNode existing : legal.get("/api/holds").json().get("holds")) {
            if (existing.get("name").asText().equals(name)) return existing.get("holdId").asText();
        }
        return null;
    }

    private void checkTheExportHoldsEveryHeldDocument(String legalToken, String exportId, String mrn) {
        Client legal = node(0).withToken(legalToken);
        JsonNode export = awaitExport(legal, exportId);
        int held = legal.get("/api/holds/" + export.get("holdId").asText()).json().get("documentIds").size();
        assertTrue(held >= idsOf(mrn).size());
        assertEquals(held, export.get("documentsTotal").asInt(), export.toString());
        assertEquals(2L * held, export.get("pages").asLong(), "every page of every held document once");
        Response zip = legal.get("/api/exports/" + exportId + "/download");
        assertEquals(200, zip.status());
        assertEquals(export.get("zipSha256").asText(), Hashes.sha256(zip.body()), "the production as recorded");
    }

    /**
     * The production made while its node was killed, byte for byte what one node alone makes of the same documents:
     * the other nodes are stopped, and node 0 exports them again under another matter (whose Bates numbers start at 1
     * too; a second production of the same matter would continue its numbers). The custody report names its own
     * export and request time, so it is left out; so would be a slip sheet (a document produced in its native form
     * only), which none of these documents needs: every one settles with its pages read.
     */
    private void checkTheExportIsWhatOneNodeAloneProduces(String legalToken, String exportId, String mrn) throws Exception {
        for (int n = 1; n < nodes.size(); n++) nodes.get(n).close(); // every job from now on runs on node 0
        Client legal = node(0).withToken(legalToken);
        Response hold = legal.post("/api/holds", Map.of("name", "Cluster reference", "matter", "2026-CV-4102",
                "mrns", List.of(mrn)));
        assertEquals(201, hold.status(), hold.toString());
        Response again = legal.post("/api/holds/" + hold.json().get("holdId").asText() + "/exports", Map.of());
        assertEquals(202, again.status(), again.toString());
        String referenceId = again.json().get("exportId").asText();
        assertEquals("done", awaitExport(legal, referenceId).get("status").asText());
        Map<String, byte[]> reference = ProductionFiles.unzip(legal.get("/api/exports/" + referenceId + "/download").body());
        Map<String, byte[]> files = ProductionFiles.unzip(legal.get("/api/exports/" + exportId + "/download").body());
        assertEquals(reference.keySet(), files.keySet(), "the same files as one node's export");
        for (String path : reference.keySet()) {
            if (path.equals("chain-of-custody.pdf")) continue;
            assertArrayEquals(reference.get(path), files.get(path), path + " differs from one node's export");
        }
        log.info("the export equals one node's export of the same {} files (custody report aside)", files.size());
    }

    private JsonNode awaitExport(Client legal, String exportId) {
        Instant until = Instant.now().plus(SETTLE);
        JsonNode export;
        while (!(export = legal.get("/api/exports/" + exportId).json()).get("status").asText().matches("done|failed")) {
            if (Instant.now().isAfter(until)) fail("the export did not finish: " + export);
            sleep(500);
        }
        assertEquals("done", export.get("status").asText(), export.toString());
        return export;
    }

    private void checkOneAuditChain() {
        Long entries = null;
        for (int n = 0; n < nodes.size(); n++) {
            JsonNode verified = node(n).admin().get("/api/audit/verify").json();
            assertTrue(verified.get("valid").asBoolean(), "node " + n + ": " + verified);
            long count = verified.get("entries").asLong();
            // each verify is itself audited: a later node may see a few more entries, never a separate chain
            if (entries != null) assertTrue(count >= entries && count <= entries + 4, "one chain: " + entries + " vs " + count);
            entries = count;
        }
    }

    // ---- helpers ----

    private ServiceProcess start(int index) throws Exception {
        return ServiceProcess.start(dir.resolve("node-" + index), dir.resolve("node-" + index + ".log"), shared);
    }

    private org.chartvault.testing.RunningChartVault node(int index) {
        return nodes.get(index % nodes.size()).service();
    }

    private Set<String> idsOf(String mrn) {
        Set<String> ids = new TreeSet<>();
        acknowledged.values().stream().filter(u -> u.mrn().equals(mrn)).forEach(u -> ids.add(u.documentId()));
        return ids;
    }

    private Map<String, String> awaitSettled(Set<String> ids) {
        return node(0).withToken(token).awaitSettled(new ArrayList<>(ids), SETTLE);
    }

    private void awaitAcknowledged(int count) {
        Instant until = Instant.now().plus(Duration.ofMinutes(4));
        while (acknowledged.size() < count) {
            if (Instant.now().isAfter(until)) fail("only " + acknowledged.size() + " uploads acknowledged in four minutes");
            sleep(200);
        }
    }

    /** Until some scanned page has been read somewhere: OCR jobs are claimed and in the middle of their work. */
    private void awaitSomePageRead() {
        Instant until = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(until)) {
            for (Uploaded up : acknowledged.values()) {
                JsonNode document = node(2).withToken(token).get("/api/documents/" + up.documentId()).json();
                if (document.get("pages").size() > 0) return;
            }
            sleep(200);
        }
        fail("no page was read within four minutes");
    }

    private void awaitHeldOnStorage(MinioClient keys, String key) throws Exception {
        // the object holds are set by the hold's job; a kill of the placing node hands that job to another
        Instant until = Instant.now().plus(SETTLE);
        while (true) {
            try {
                if (keys.isObjectLegalHoldEnabled(IsObjectLegalHoldEnabledArgs.builder().bucket(bucket).object(key)
                        .build())) return;
            } catch (ErrorResponseException notYet) {
                if (!"ObjectLockConfigurationNotFoundError".equals(notYet.errorResponse().code())) throw notYet;
            }
            if (Instant.now().isAfter(until)) fail("the storage engine never held " + key);
            Thread.sleep(500);
        }
    }

    private static void signal(ServiceProcess node, String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, String.valueOf(node.pid())).inheritIO().start().waitFor();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
