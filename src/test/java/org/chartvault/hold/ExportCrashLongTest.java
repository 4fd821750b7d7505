package org.chartvault.hold;

import org.chartvault.testing.ProductionFiles;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.chartvault.testing.ServiceProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/**
 * A real ChartVault process is killed with SIGKILL while it builds a legal-hold production: once just after the
 * export was requested (the job recorded, perhaps not yet started), twice part-way through the documents (at a random
 * point of the progress), and once after the last document was written, while the load files, manifest and custody
 * report are written and the ZIP is stored. After each restart the export is still running (never failed, never
 * served before it is done); after the last restart it finishes on its own, and its ZIP is complete and correct: every
 * held document exactly once with its original byte for byte, every file's SHA-256 and size as the manifest says,
 * Bates numbers continuous across the production and printed on their pages, load files pointing into the ZIP. An
 * export of the same hold run afterwards without interruption gives the same files. The audit chain verifies, the
 * request and the completion are each audited once, and no job or work file is left behind.
 */
@Tag("long")
class ExportCrashLongTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);
    /** Held documents: enough that building the production takes some seconds. {@code -Dchartvault.exportcrash.documents=N}. */
    private static final int DOCUMENTS = Integer.getInteger("chartvault.exportcrash.documents", 64);
    private static final int HELD_PATIENTS = 4;
    private static final int FILES_PER_UPLOAD = 4;
    private static final String PREFIX = "CRASH";
    private static final Duration POLL = Duration.ofMillis(25);

    @TempDir
    Path data;
    @TempDir
    Path logs;

    /** A document as sent: its original's SHA-256 and its page count. */
    private record Sent(String sha256, int pages) {
    }

    /** What the test saw of the export the moment it killed the service. */
    private record Kill(String when, String status, int documentsDone) {
    }

    private final String legalPassword = "Pw-" + UUID.randomUUID();

    @Test
    void anExportKilledMidwayFinishesAfterRestartWithEveryDocumentOnce() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("ExportCrashLongTest seed " + seed);
        Path log = logs.resolve("chartvault.log");

        // ---- documents of four held patients and one not held, processed (born-digital: no OCR) ----
        Map<String, Sent> held = new HashMap<>();
        ServiceProcess service = ServiceProcess.start(data, log, Map.of());
        String holdId, exportId;
        List<Kill> kills = new ArrayList<>();
        try {
            Client admin = service.service().admin();
            Response user = admin.post("/api/users", Map.of("username", "lee.legal", "password", legalPassword,
                    "roles", List.of("legal")));
            assertEquals(201, user.status(), user::toString);
            List<String> heldMrns = new ArrayList<>();
            for (int p = 0; p < HELD_PATIENTS; p++) {
                int documents = DOCUMENTS / HELD_PATIENTS + (p < DOCUMENTS % HELD_PATIENTS ? 1 : 0);
                heldMrns.add(archive(admin, 7_000L + p, documents, held));
            }
            Map<String, Sent> notHeld = new HashMap<>();
            archive(admin, 7_900L, 3, notHeld);

            Client legal = legal(service);
            Response hold = legal.post("/api/holds", Map.of("name", "Crash v. Northgate", "matter", "2026-CV-0999",
                    "mrns", heldMrns));
            assertEquals(201, hold.status(), hold::toString);
            holdId = hold.json().get("holdId").asText();
            assertEquals(held.keySet(), Set.copyOf(LegalHoldHttpTest.texts(legal.get("/api/holds/" + holdId).json()
                    .get("documentIds"))), "the hold covers exactly the held patients' documents");
            int totalPages = held.values().stream().mapToInt(Sent::pages).sum();
            System.out.printf("%d held documents (%d pages), %d not held%n", held.size(), totalPages, notHeld.size());

            // ---- kill 1: just after the request was acknowledged ----
            Instant requested = Instant.now();
            Response started = legal.post("/api/holds/" + holdId + "/exports", Map.of("batesPrefix", PREFIX));
            assertEquals(202, started.status(), started::toString);
            exportId = started.json().get("exportId").asText();
            Thread.sleep(random.nextInt(300));
            kills.add(kill(service, legal, exportId, "just after the request"));
        } catch (Throwable t) {
            service.kill();
            throw t;
        }

        // ---- kills 2 and 3: part-way through the documents, at a random point each; kill 4: after the last one ----
        int lastSeen = kills.getLast().documentsDone();
        for (int round = 0; round < 3; round++) {
            service = ServiceProcess.start(data, log, Map.of());
            try {
                Client legal = legal(service);
                assertStillRunningOrDone(legal, exportId);
                int total = held.size();
                // above what the previous run left recorded, so only this run's progress can reach it
                int target = round < 2 ? Math.min(total - 1, lastSeen + 1 + random.nextInt(Math.max(1, (total - lastSeen) / 2)))
                        : total;
                String when = round < 2 ? "at document " + target + " of " + total : "after the last document";
                awaitProgress(legal, exportId, target, Duration.ofMinutes(5));
                kills.add(kill(service, legal, exportId, when));
                lastSeen = kills.getLast().documentsDone();
            } catch (Throwable t) {
                service.kill();
                throw t;
            }
        }
        kills.forEach(k -> System.out.printf("killed %s: export %s, %d document(s) recorded done%n", k.when(),
                k.status(), k.documentsDone()));
        assertTrue(kills.stream().filter(k -> k.status().equals("running")).count() >= 3,
                "too few kills landed while the production was being built to prove anything: " + kills);

        // ---- the last restart: the export finishes on its own; then an uninterrupted export of the same hold ----
        service = ServiceProcess.start(data, log, Map.of());
        try {
            Client legal = legal(service);
            assertStillRunningOrDone(legal, exportId);
            JsonNode status = awaitDone(legal, exportId, Duration.ofMinutes(5));
            byte[] zip = download(legal, exportId);
            Map<String, byte[]> files = verifyProduction(zip, held);
            assertEquals(sha256(zip), status.get("zipSha256").asText(), "the recorded hash is the served ZIP's");
            assertEquals(zip.length, status.get("zipBytes").asLong());
            assertEquals(sha256(files.get("manifest.csv")), status.get("manifestSha256").asText());
            assertEquals(PREFIX + "000001", status.get("batesBegin").asText());
            int totalPages = held.values().stream().mapToInt(Sent::pages).sum();
            assertEquals(String.format("%s%06d", PREFIX, totalPages), status.get("batesEnd").asText());
            assertEquals(held.size(), status.get("documentsDone").asInt());
            Response custody = legal.get("/api/exports/" + exportId + "/custody-report");
            assertEquals(200, custody.status(), custody::toString);
            assertArrayEquals(files.get("chain-of-custody.pdf"), custody.body(), "the custody report kept beside the ZIP");

            // the reference: the same documents held for another matter, whose Bates numbers start at 1 as well
            // (a second production of the same matter would continue its numbers)
            Response referenceHold = legal.post("/api/holds", Map.of("name", "Crash reference", "matter", "2026-CV-1000",
                    "mrns", LegalHoldHttpTest.texts(legal.get("/api/holds/" + holdId).json().get("mrns"))));
            assertEquals(201, referenceHold.status(), referenceHold::toString);
            Response again = legal.post("/api/holds/" + referenceHold.json().get("holdId").asText() + "/exports",
                    Map.of("batesPrefix", PREFIX));
            assertEquals(202, again.status(), again::toString);
            String uninterrupted = again.json().get("exportId").asText();
            awaitDone(legal, uninterrupted, Duration.ofMinutes(5));
            Map<String, byte[]> reference = ProductionFiles.unzip(download(legal, uninterrupted));
            assertEquals(reference.keySet(), files.keySet());
            for (String path : reference.keySet()) {
                if (path.equals("chain-of-custody.pdf")) continue; // names its own export id and request time
                assertArrayEquals(reference.get(path), files.get(path), path + " differs from an uninterrupted export");
            }

            Client admin = service.service().admin();
            JsonNode verify = admin.get("/api/audit/verify").json();
            assertTrue(verify.get("valid").asBoolean(), verify.toString());
            List<JsonNode> requests = auditEntries(admin, "export", exportId);
            assertEquals(1, requests.size(), "the request is audited once: " + requests);
            List<JsonNode> completions = auditEntries(admin, "export-complete", exportId);
            // once, or twice when a kill fell between its audit entry and its record: never missing, never different
            assertTrue(completions.size() == 1 || completions.size() == 2, "the completion is audited: " + completions);
            for (JsonNode completion : completions) {
                assertEquals("success", completion.get("outcome").asText());
                assertEquals(sha256(zip), completion.get("details").get("zipSha256").asText());
            }
        } finally {
            service.stop();
        }

        try (LocalDiskStore store = new LocalDiskStore(data.resolve("store"))) {
            assertEquals(List.of(), store.list("jobs/"), "jobs left over");
            assertEquals(Set.of("exports/" + exportId + "/export.json", "exports/" + exportId + "/production.zip",
                    "exports/" + exportId + "/chain-of-custody.pdf"), Set.copyOf(store.list("exports/" + exportId + "/")));
        }
        try (Stream<Path> left = Files.list(data.resolve("tmp"))) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList(),
                    "work files of the production (patient data) left in the work folder");
        }
    }

    /**
     * Uploads {@code documents} born-digital documents of patient {@code patientSeed} in batches, waits until each is
     * processed, and records them in {@code sent}; returns the patient's MRN.
     */
    private static String archive(Client admin, long patientSeed, int documents, Map<String, Sent> sent) {
        List<ChartDocument> chart = GENERATOR.chart(patientSeed, documents);
        String mrn = chart.getFirst().indexing().mrn();
        for (int from = 0; from < chart.size(); from += FILES_PER_UPLOAD) {
            Map<String, Sent> byName = new HashMap<>();
            List<Part> parts = new ArrayList<>();
            for (int i = from; i < Math.min(chart.size(), from + FILES_PER_UPLOAD); i++) {
                ChartDocument document = chart.get(i);
                byte[] pdf = ChartFiles.bornDigitalPdf(document.pages());
                String name = "chart-" + patientSeed + "-" + i + ".pdf";
                byName.put(name, new Sent(sha256(pdf), document.pages().size()));
                parts.add(new Part(name, pdf));
            }
            Response answer = admin.upload(Map.of("mrn", mrn), parts.toArray(Part[]::new));
            assertEquals(202, answer.status(), answer::toString);
            JsonNode batch = admin.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(5));
            for (JsonNode d : batch.get("documents")) {
                String status = d.get("status").asText();
                if (!status.matches("indexed|needs-review")) throw new AssertionError("not processed: " + d);
                Sent file = byName.get(d.get("file").asText());
                assertNotNull(file, "an answer for a file never sent: " + d);
                assertEquals(null, sent.put(d.get("documentId").asText(), file), "one document per file");
            }
        }
        return mrn;
    }

    private Client legal(ServiceProcess service) {
        return service.service().login("lee.legal", legalPassword);
    }

    /** Kills the service, recording the last state of the export read just before. */
    private static Kill kill(ServiceProcess service, Client legal, String exportId, String when) throws InterruptedException {
        JsonNode status = legal.get("/api/exports/" + exportId).json();
        service.kill();
        return new Kill(when, status.get("status").asText(), status.get("documentsDone").asInt());
    }

    /** After a restart the export is as the kill left it: running (to be resumed) or done; never failed, never half-served. */
    private static void assertStillRunningOrDone(Client legal, String exportId) {
        JsonNode status = legal.get("/api/exports/" + exportId).json();
        String state = status.get("status").asText();
        assertTrue(state.equals("running") || state.equals("done"), "after a restart: " + status);
        if (state.equals("running")) assertNotReady(legal, exportId);
    }

    /** While running, nothing is served as the production: neither the ZIP nor the custody report. */
    private static void assertNotReady(Client legal, String exportId) {
        for (String part : List.of("/download", "/custody-report")) {
            Response early = legal.get("/api/exports/" + exportId + part);
            if (early.status() == 200) {
                // it may have become done since the status was read; then it must be recorded done now
                JsonNode status = legal.get("/api/exports/" + exportId).json();
                assertEquals("done", status.get("status").asText(), part + " was served while the export was running");
                if (part.equals("/download")) {
                    assertEquals(status.get("zipSha256").asText(), sha256(early.body()), "the ZIP served is not the recorded one");
                }
                continue;
            }
            assertEquals(409, early.status(), early::toString);
            assertEquals("not-ready", early.json().get("error").asText());
        }
    }

    /** Polls until the running export has {@code target} documents written (or is done), checking nothing is served early. */
    private static void awaitProgress(Client legal, String exportId, int target, Duration limit) throws InterruptedException {
        Instant until = Instant.now().plus(limit);
        int polls = 0;
        while (true) {
            JsonNode status = legal.get("/api/exports/" + exportId).json();
            String state = status.get("status").asText();
            if (state.equals("done") || status.get("documentsDone").asInt() >= target) return;
            assertEquals("running", state, status::toString);
            if (++polls % 20 == 0) assertNotReady(legal, exportId); // not every poll: the kill must land on time
            if (Instant.now().isAfter(until)) throw new AssertionError("export made no progress: " + status);
            Thread.sleep(POLL.toMillis());
        }
    }

    private static JsonNode awaitDone(Client legal, String exportId, Duration limit) throws InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (true) {
            JsonNode status = legal.get("/api/exports/" + exportId).json();
            String state = status.get("status").asText();
            if (state.equals("done")) return status;
            assertEquals("running", state, status::toString);
            assertNotReady(legal, exportId);
            if (Instant.now().isAfter(until)) throw new AssertionError("export not done in time: " + status);
            Thread.sleep(200);
        }
    }

    private static byte[] download(Client legal, String exportId) {
        Response zip = legal.get("/api/exports/" + exportId + "/download");
        assertEquals(200, zip.status(), zip::toString);
        return zip.body();
    }

    /**
     * Checks the production as a litigation-support team loads it and returns its files by path: a whole ZIP (central
     * directory and entries agree, no name twice), every file as the manifest says, every held document once with its
     * original's bytes, Bates numbers continuous and on their pages, load files pointing into the ZIP.
     */
    private Map<String, byte[]> verifyProduction(byte[] zip, Map<String, Sent> held) throws IOException {
        Map<String, byte[]> files = ProductionFiles.unzip(zip);
        Path onDisk = Files.createTempFile(logs, "production-", ".zip");
        Files.write(onDisk, zip);
        try (ZipFile central = new ZipFile(onDisk.toFile())) {
            assertEquals(List.copyOf(files.keySet()), central.stream().map(ZipEntry::getName).toList(),
                    "the central directory lists exactly the entries written");
        }

        List<String[]> manifest = ProductionFiles.csv(files.get("manifest.csv"));
        assertEquals(List.of("path", "sha256", "bytes", "documentId", "batesRange", "batesBegin", "batesEnd", "kind",
                        "sourceSha256", "sourcePages"),
                Arrays.asList(manifest.getFirst()));
        Set<String> listed = new HashSet<>();
        Map<String, Integer> nativesPerDocument = new HashMap<>();
        for (String[] row : manifest.subList(1, manifest.size())) {
            byte[] content = files.get(row[0]);
            assertNotNull(content, "the manifest names a file the ZIP lacks: " + row[0]);
            assertEquals(row[1], sha256(content), row[0]);
            assertEquals(Long.parseLong(row[2]), content.length, row[0]);
            assertTrue(listed.add(row[0]), "listed twice: " + row[0]);
            if (row[7].equals("native")) {
                nativesPerDocument.merge(row[3], 1, Integer::sum);
                Sent sent = held.get(row[3]);
                assertNotNull(sent, "a document that is not held was produced: " + row[3]);
                assertEquals(sent.sha256(), row[1], "the original of " + row[3] + " as uploaded");
            }
        }
        assertEquals(held.keySet(), nativesPerDocument.keySet(), "every held document is produced");
        assertEquals(Set.of(1), Set.copyOf(nativesPerDocument.values()), "each exactly once");
        Set<String> unlisted = new HashSet<>(files.keySet());
        unlisted.removeAll(listed);
        assertEquals(Set.of("manifest.csv", "chain-of-custody.pdf"), unlisted);

        List<List<String>> dat = ProductionFiles.dat(files.get("DATA/production.dat"));
        List<String> header = dat.getFirst();
        assertEquals(held.size(), dat.size() - 1, "one load-file line per held document");
        long next = 1;
        List<String> allPages = new ArrayList<>();
        Set<String> docIds = new HashSet<>();
        for (List<String> line : dat.subList(1, dat.size())) {
            Map<String, String> field = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) field.put(header.get(i), line.get(i));
            assertTrue(docIds.add(field.get("DOCID")), "twice in the load file: " + field.get("DOCID"));
            for (String path : List.of("NATIVEPATH", "IMAGEPATH", "TEXTPATH")) {
                assertTrue(files.containsKey(field.get(path)), field.get(path) + " is not in the ZIP");
            }
            int pages = Integer.parseInt(field.get("PAGECOUNT"));
            assertEquals(held.get(field.get("DOCID")).pages(), pages, "pages of " + field.get("DOCID"));
            assertEquals(bates(next), field.get("BEGBATES"), "Bates numbers continue across documents");
            assertEquals(bates(next + pages - 1), field.get("ENDBATES"));
            try (PDDocument pdf = Loader.loadPDF(files.get(field.get("IMAGEPATH")))) {
                assertEquals(pages, pdf.getNumberOfPages());
                PDFTextStripper stripper = new PDFTextStripper();
                for (int p = 1; p <= pages; p++) {
                    stripper.setStartPage(p);
                    stripper.setEndPage(p);
                    String number = bates(next + p - 1);
                    assertTrue(stripper.getText(pdf).contains(number), number + " is not on its page");
                    allPages.add(number);
                }
            }
            next += pages;
        }
        assertEquals(held.keySet(), docIds);
        List<String> opt = new String(files.get("DATA/production.opt"), StandardCharsets.UTF_8).lines().toList();
        assertEquals(allPages, opt.stream().map(l -> l.split(",", -1)[0]).toList(), "one Opticon line per page, in order");
        for (String line : opt) assertTrue(files.containsKey(line.split(",", -1)[2]), line);

        try (PDDocument report = Loader.loadPDF(files.get("chain-of-custody.pdf"))) {
            String text = new PDFTextStripper().getText(report);
            assertTrue(text.contains(sha256(files.get("manifest.csv"))), "the custody report names the manifest's hash");
        }
        return files;
    }

    private static String bates(long n) {
        return String.format("%s%06d", PREFIX, n);
    }

    /** Audit entries of {@code action} on this export. */
    private static List<JsonNode> auditEntries(Client admin, String action, String exportId) {
        Response page = admin.get("/api/audit?action=" + action + "&limit=1000");
        assertEquals(200, page.status(), page::toString);
        assertFalse(page.json().get("more").asBoolean());
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : page.json().get("entries")) {
            JsonNode target = entry.get("target");
            if (target != null && exportId.equals(target.get("id").asText())) found.add(entry);
        }
        return Collections.unmodifiableList(found);
    }

}
