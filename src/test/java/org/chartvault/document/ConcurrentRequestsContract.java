package org.chartvault.document;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.chartvault.testing.Hashes.sha256;

/**
 * Requests that race, released together by a barrier, over HTTP against a real server, each round checked from
 * the outside (the API) and the inside (the objects in storage). A few rounds here; {@code -Dchartvault.raceRounds}
 * runs more (the long suite runs a hundred). Run on the embedded default ({@link ConcurrentRequestsTest}) and with
 * the shared state in PostgreSQL ({@link ConcurrentRequestsOnPostgresTest}).
 */
abstract class ConcurrentRequestsContract {
    static final int ROUNDS = Integer.getInteger("chartvault.raceRounds", 3);

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client admin, scanner, otherScanner, legal;
    static final ChartGenerator generator = new ChartGenerator();
    static ExecutorService threads;

    /** The server the races run against: the embedded default, or (a subclass) with its shared state elsewhere. */
    static void startWith(Map<String, String> settings) throws IOException {
        threads = Executors.newVirtualThreadPerTaskExecutor();
        vault = RunningChartVault.start(data, settings);
        admin = vault.admin();
        scanner = vault.user("race-scanner", "scanner");
        otherScanner = vault.user("race-scanner-2", "scanner");
        legal = vault.user("race-legal", "legal");
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
        if (vault != null) vault.close();
    }

    @Test
    void identicalUploadsBecomeExactlyOneDocumentAndItsOriginalSurvivesTheOthersDeletion() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            byte[] file = chart(9000 + round);
            List<Response> answers = together(4, i -> (i % 2 == 0 ? scanner : admin)
                    .upload(Map.of(), new Part("same-" + i + ".pdf", file)));
            List<String> queued = new ArrayList<>();
            int winner = -1;
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(202, answers.get(i).status(), answers.get(i).toString());
                JsonNode entry = answers.get(i).json().get("documents").get(0);
                if (entry.get("status").asText().equals("queued")) {
                    queued.add(entry.get("documentId").asText());
                    winner = i;
                } else {
                    assertEquals("duplicate", entry.get("status").asText(), entry.toString());
                }
            }
            assertEquals(1, queued.size(), "round " + round + ": one document, the rest duplicates: " + answers);
            for (int i = 0; i < answers.size(); i++) {
                if (i == winner) continue;
                JsonNode named = answers.get(i).json().get("documents").get(0).get("documentId");
                // the administrator (odd requests) may see every document; the scanner only their own uploads
                boolean maySee = i % 2 == 1 || winner % 2 == 0;
                if (maySee) assertEquals(queued.get(0), named.asText(), "a duplicate names that document: " + answers);
                else assertTrue(named.isNull(), "another user's document is not named: " + answers);
            }
            String sha = sha256(file);
            assertEquals(List.of(queued.get(0)), owners(sha), "storage: the original has one owner");
            assertOriginalIntact(queued.get(0), file);
        }
    }

    @Test
    void uploadRacingTheDeletionOfItsDuplicateNeverLosesAnAcknowledgedOriginal() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            byte[] file = chart(9100 + round);
            String first = processed(scanner.upload(Map.of(), new Part("first.pdf", file)));
            List<Response> answers = together(2, i -> i == 0
                    ? admin.delete("/api/documents/" + first)
                    : scanner.upload(Map.of(), new Part("again.pdf", file)));
            assertEquals(204, answers.get(0).status(), answers.get(0).toString());
            JsonNode entry = answers.get(1).json().get("documents").get(0);
            String status = entry.get("status").asText();
            if (status.equals("queued")) {
                String second = entry.get("documentId").asText();
                scanner.awaitBatch(answers.get(1).json().get("batchId").asText(), Duration.ofMinutes(2));
                assertOriginalIntact(second, file);
                assertEquals(List.of(second), owners(sha256(file)));
            } else {
                assertEquals("duplicate", status, "round " + round + ": " + answers.get(1));
                // told "archived already" just before the deletion took that document: it is gone now, and a new
                // upload is accepted again with its original stored
                String third = processed(scanner.upload(Map.of(), new Part("third.pdf", file)));
                assertOriginalIntact(third, file);
            }
        }
    }

    @Test
    void deletionRacingAHoldEndsHeldAndCompleteOrDeletedAndNotHeld() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String mrn = String.format("77%06d", round);
            byte[] file = chart(9200 + round);
            String id = processed(scanner.upload(Map.of("mrn", mrn), new Part("held.pdf", file)));
            List<Response> answers = together(2, i -> i == 0
                    ? admin.delete("/api/documents/" + id)
                    : legal.post("/api/holds", Map.of("name", "Race " + mrn, "mrns", List.of(mrn))));
            Response hold = answers.get(1);
            assertEquals(201, hold.status(), hold.toString());
            String holdId = hold.json().get("holdId").asText();
            Response document = admin.get("/api/documents/" + id);
            JsonNode heldIds = legal.get("/api/holds/" + holdId).json().get("documentIds");
            if (document.status() == 200) {
                assertEquals(409, answers.get(0).status(), "round " + round + ": the hold came first, so the deletion was refused");
                assertTrue(document.json().get("holds").toString().contains(holdId), document.toString());
                assertTrue(heldIds.toString().contains(id), heldIds.toString());
                assertOriginalIntact(id, file);
                assertEquals(200, admin.get("/api/documents/" + id + "/pages/1/text").status(), "held and complete");
            } else {
                assertEquals(404, document.status(), document.toString());
                assertEquals(204, answers.get(0).status(), answers.get(0).toString());
                assertFalse(heldIds.toString().contains(id), "round " + round + ": a deleted document is not held: " + heldIds);
                assertTrue(vault.app().store().list("documents/" + id + "/").isEmpty(), "deleted completely");
            }
            assertEquals(200, legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "race round over")).status());
        }
    }

    @Test
    void mergeRacingADeletionOrAHoldOfEitherSideLeavesEveryPageSomewhereOrNowhereOnPurpose() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String mrn = String.format("78%06d", round);
            String into = processed(scanner.upload(Map.of("mrn", mrn), new Part("into.pdf", chart(9300 + round))));
            byte[] fromFile = chart(9400 + round);
            String from = processed(scanner.upload(Map.of("mrn", mrn), new Part("from.pdf", fromFile)));
            boolean holdRound = round % 2 == 1;
            List<Response> answers = together(2, i -> i == 0
                    ? scanner.post("/api/documents/" + into + "/merge", Map.of("documentId", from))
                    : holdRound ? legal.post("/api/holds", Map.of("name", "Merge race " + mrn, "mrns", List.of(mrn)))
                    : admin.delete("/api/documents/" + from));
            Response merge = answers.get(0);
            Response into1 = admin.get("/api/documents/" + into);
            Response from1 = admin.get("/api/documents/" + from);
            if (merge.status() == 200) {
                assertEquals(2, into1.json().get("pages").size(), "round " + round + ": joined: " + into1);
                assertEquals(404, from1.status(), "the joined document is part of the other now");
                if (!holdRound) assertEquals(404, answers.get(1).status(), "nothing left to delete: " + answers.get(1));
            } else {
                assertTrue(merge.status() == 404 || merge.status() == 409, "round " + round + ": " + merge);
                assertEquals(1, into1.json().get("pages").size(), "not joined: " + into1);
                if (holdRound) {
                    assertTrue(from1.json().get("holds").size() > 0, "held, so not joined: " + from1);
                    assertOriginalIntact(from, fromFile);
                } else {
                    assertEquals(404, from1.status(), "deleted first: " + from1);
                }
            }
            if (holdRound) {
                String holdId = answers.get(1).json().get("holdId").asText();
                assertEquals(200, legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "round over")).status());
            }
        }
    }

    @Test
    void twoCorrectionsOfOneDocumentNeverLoseOneUnseen() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String id = processed(scanner.upload(Map.of(), new Part("corrected.pdf", chart(9500 + round))));
            Client indexer = admin;
            long version = admin.get("/api/documents/" + id).json().get("version").asLong();
            // both made against the same version: one is applied, the other refused with the current version
            List<Response> guarded = together(2, i -> indexer.sendWithHeaders("PATCH", "/api/documents/" + id,
                    "application/json", org.chartvault.Json.bytes(Map.of("encounter", "V-guarded-" + i)),
                    Map.of("If-Match", "\"" + version + "\"")));
            long applied = guarded.stream().filter(r -> r.status() == 200).count();
            assertEquals(1, applied, "round " + round + ": one applied, one refused: " + guarded);
            Response refused = guarded.stream().filter(r -> r.status() != 200).findFirst().orElseThrow();
            assertEquals(409, refused.status(), refused.toString());
            assertEquals("stale", refused.json().get("error").asText());
            assertEquals(version + 1, refused.json().get("currentVersion").asLong());
            // without a version, two changes of different fields are both applied
            List<Response> both = together(2, i -> indexer.patch("/api/documents/" + id,
                    i == 0 ? Map.of("encounter", "V-both") : Map.of("serviceDate", "2021-03-04")));
            for (Response r : both) assertEquals(200, r.status(), r.toString());
            JsonNode now = admin.get("/api/documents/" + id).json();
            assertEquals("V-both", now.get("encounter").asText(), "round " + round + ": " + now);
            assertEquals("2021-03-04", now.get("serviceDate").asText(), "round " + round + ": " + now);
        }
    }

    @Test
    void splitRacingACorrectionKeepsBoth() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            byte[] file = ChartFiles.bornDigitalPdf(generator.document(9600 + round, 3).pages());
            String id = processed(scanner.upload(Map.of(), new Part("split.pdf", file)));
            String encounter = "V-split-" + round;
            List<Response> answers = together(2, i -> i == 0
                    ? scanner.post("/api/documents/" + id + "/split", Map.of("atPage", 2))
                    : admin.patch("/api/documents/" + id, Map.of("encounter", encounter)));
            assertEquals(201, answers.get(0).status(), answers.get(0).toString());
            assertEquals(200, answers.get(1).status(), answers.get(1).toString());
            JsonNode original = admin.get("/api/documents/" + id).json();
            assertEquals(1, original.get("pages").size(), "round " + round + ": the split stands: " + original);
            assertEquals(encounter, original.get("encounter").asText(), "and so does the correction: " + original);
        }
    }

    private static byte[] chart(long seed) {
        ChartDocument document = generator.document(seed, 1);
        return ChartFiles.bornDigitalPdf(document.pages());
    }

    private static String processed(Response receipt) {
        assertEquals(202, receipt.status(), receipt.toString());
        JsonNode batch = scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
        return batch.get("documents").get(0).get("documentId").asText();
    }

    /** What the original's owners record in storage lists. */
    private static List<String> owners(String sha) throws IOException {
        ObjectStore store = vault.app().store();
        JsonNode owners = org.chartvault.Json.mapper().readTree(store.getBytes(StorageKeys.originalOwner(sha)));
        List<String> ids = new ArrayList<>();
        owners.get("documentIds").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    private static void assertOriginalIntact(String documentId, byte[] file) {
        Response original = admin.get("/api/documents/" + documentId + "/original");
        assertEquals(200, original.status(), "the acknowledged original is there: " + original);
        assertArrayEquals(file, original.body());
    }

    /** Runs the requests at the same moment and returns their answers in order. */
    private static List<Response> together(int count, java.util.function.IntFunction<Response> request) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(count);
        List<Future<Response>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            Callable<Response> call = () -> {
                barrier.await();
                return request.apply(n);
            };
            sent.add(threads.submit(call));
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : sent) answers.add(f.get());
        return answers;
    }

}
