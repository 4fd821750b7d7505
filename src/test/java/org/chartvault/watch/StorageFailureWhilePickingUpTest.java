package org.chartvault.watch;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.testing.FaultInjectingStore;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.chartvault.watch.Drops.PATIENCE;
import static org.chartvault.watch.Drops.await;
import static org.chartvault.watch.Drops.awaitFile;
import static org.chartvault.watch.Drops.lastBatchOf;
import static org.chartvault.watch.Drops.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A file leaves its watched folder only once its original is stored and its job recorded: while storage refuses
 * the original, the file stays where the scanner put it, the folder shows the problem, and the first round after
 * storage is back files it, once.
 */
class StorageFailureWhilePickingUpTest {
    @TempDir
    static Path root;
    static FaultInjectingStore store;
    static RunningChartVault server;
    static Client admin;

    @BeforeAll
    static void start() throws IOException {
        Path data = root.resolve("data");
        store = new FaultInjectingStore(new LocalDiskStore(data.resolve("store")));
        server = RunningChartVault.start(data, Map.of("CHARTVAULT_WATCH_POLL_MS", Drops.POLL_MS), store);
        admin = server.admin();
        server.user("night-desk", "scanner");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void fileWhoseOriginalCannotBeStoredStaysInTheFolderAndIsFiledOnceStorageIsBack() throws IOException {
        Path folder = Files.createDirectories(root.resolve("scans/night"));
        Drops.watch(admin, "night", folder, "night-desk", Map.of());
        store.down(Set.of(FaultInjectingStore.Operation.PUT), "originals/");
        Drops.Chart chart = Drops.chart();
        Path file = folder.resolve("night-0001.pdf");
        Files.write(file, chart.bytes());

        await(() -> store.faultsInjected() >= 2, "two rounds that could not store the original");
        assertTrue(Files.exists(file), "the file is kept while it is not archived");
        assertFalse(Files.exists(folder.resolve("archived")));
        await(() -> status(admin, "night").has("problem"), "the problem shown on the folder");
        assertTrue(status(admin, "night").get("problem").asText().contains("could not be archived"),
                status(admin, "night").toString());

        store.heal();
        awaitFile(folder.resolve("archived/night-0001.pdf"));
        assertFalse(Files.exists(file));
        JsonNode batch = admin.awaitBatch(lastBatchOf(admin, "night", null), PATIENCE);
        assertEquals(1, batch.get("documents").size(), batch.toString());
        JsonNode entry = batch.get("documents").get(0);
        assertEquals(chart.sha256(), admin.get("/api/documents/" + entry.get("documentId").asText()).json().get("sha256").asText());
        assertNull(status(admin, "night").get("problem"), "the problem is over once files are filed");
    }
}
