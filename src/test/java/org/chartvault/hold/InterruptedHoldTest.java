package org.chartvault.hold;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.document.StoredLayout;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.FaultInjectingStore;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Placing a hold that storage interrupts part-way: the request fails with 503, and the job recorded before the hold
 * finishes it (on this node here; on another node when this one dies): every covered document ends held, in its
 * record and in the store, and a hold released before the job got to it leaves no document held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterruptedHoldTest {
    private static final LocalDate SERVED = LocalDate.of(2025, 6, 2);

    @TempDir
    static Path data;
    private FaultInjectingStore store;
    private RunningChartVault vault;
    private RunningChartVault.Client admin, legal, scanner;

    @BeforeAll
    void start() throws Exception {
        store = new FaultInjectingStore(new LocalDiskStore(data.resolve("store")));
        vault = RunningChartVault.start(data, Map.of(), store);
        admin = vault.admin();
        legal = vault.user("lena.legal", "legal");
        scanner = vault.user("sam.scanner", "scanner");
    }

    @AfterEach
    void heal() {
        store.heal();
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void aHoldStorageInterruptsWhilePlacingIsFinishedByTheWorkers() throws Exception {
        List<String> covered = archived("IH-2001", 3, 301);

        store.failNextWrite(StoredLayout.DOCUMENTS); // the first document's record, after the hold itself is stored
        RunningChartVault.Response placed = legal.post("/api/holds",
                Map.of("name", "Reyes v. Northgate", "matter", "2026-CV-0107", "mrns", List.of("IH-2001")));
        assertEquals(503, placed.status(), placed::toString);
        assertFalse(store.writeFailurePending());
        String holdId = holdNamed("Reyes v. Northgate");

        awaitNoHoldJob();
        assertTrue(vault.app().holds().get(holdId).applied(), "the hold's record says it is in place");
        for (String id : covered) awaitHolds(id, List.of(holdId));
        JsonNode hold = legal.get("/api/holds/" + holdId).json();
        assertEquals(covered.stream().sorted().toList(), texts(hold.get("documentIds")), hold::toString);
        for (String id : covered) {
            assertEquals(409, admin.delete("/api/documents/" + id).status(), "held " + id + " cannot be deleted");
            assertTrue(store.isLegalHold(StoredLayout.pageImage(id, 1)), "the store holds the page of " + id);
        }
    }

    @Test
    void aHoldReleasedBeforeItsInterruptedPlacingIsFinishedLeavesNoDocumentHeld() throws Exception {
        List<String> covered = archived("IH-2002", 2, 401);
        // documents are held in id order: the first is held, and storage fails as the second is about to be
        String second = covered.stream().sorted().toList().get(1);
        String secondsObjects = StoredLayout.DOCUMENTS + second + "/";
        store.whenWriting(secondsObjects, () -> store.failNextWrite(secondsObjects));
        RunningChartVault.Response placed = legal.post("/api/holds",
                Map.of("name", "Okafor v. Northgate", "matter", "2026-CV-0108", "mrns", List.of("IH-2002")));
        assertEquals(503, placed.status(), placed::toString);
        String holdId = holdNamed("Okafor v. Northgate");
        String first = covered.stream().sorted().toList().get(0);
        assertEquals(List.of(holdId), texts(admin.get("/api/documents/" + first).json().get("holds")),
                "the first document was held before storage failed");
        RunningChartVault.Response released = legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "filed in error"));
        assertEquals(200, released.status(), released::toString);

        awaitNoHoldJob();
        for (String id : covered) {
            assertEquals(List.of(), texts(admin.get("/api/documents/" + id).json().get("holds")), id);
            assertFalse(store.isLegalHold(StoredLayout.pageImage(id, 1)), "the store's hold on " + id + " is lifted");
        }
        assertEquals(204, admin.delete("/api/documents/" + first).status(), "the document held before the failure is free again");
    }

    private List<String> archived(String mrn, int documents, long seed) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < documents; i++) ids.add(ChartUploads.processed(scanner, ChartUploads.send(scanner, seed + i, mrn, SERVED, 1)));
        return ids;
    }

    private String holdNamed(String name) {
        JsonNode all = legal.get("/api/holds").json();
        for (JsonNode hold : all.has("holds") ? all.get("holds") : all) {
            if (name.equals(hold.get("name").asText())) return hold.get("holdId").asText();
        }
        throw new AssertionError("no hold named " + name + " in " + all);
    }

    private void awaitHolds(String documentId, List<String> holds) throws InterruptedException {
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        List<String> now;
        while (!(now = texts(admin.get("/api/documents/" + documentId).json().get("holds"))).equals(holds)) {
            if (Instant.now().isAfter(until)) throw new AssertionError(documentId + " has holds " + now + ", not " + holds);
            Thread.sleep(100);
        }
    }

    private void awaitNoHoldJob() throws Exception {
        Instant until = Instant.now().plus(Duration.ofMinutes(1));
        while (holdJobsStored() > 0) {
            if (Instant.now().isAfter(until)) throw new AssertionError("the hold's job never finished");
            Thread.sleep(100);
        }
    }

    /** Legal-hold jobs in the queue's records (the embedded queue keeps one object per job under jobs/). */
    private long holdJobsStored() throws java.io.IOException {
        long count = 0;
        for (String key : store.real().list("jobs/")) {
            try (var in = store.real().get(key)) {
                if (HoldService.JOB_KIND.equals(MAPPER.readTree(in).path("kind").asText())) count++;
            }
        }
        return count;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
