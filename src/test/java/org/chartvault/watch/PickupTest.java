package org.chartvault.watch;

import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One pickup over the real ingest path of a running ChartVault, at the moments a round cannot be timed to hit:
 * files that vanish or change between the look at the folder and the read, and a lease lost meanwhile.
 */
class PickupTest {
    @TempDir
    static Path root;
    static RunningChartVault server;
    static Pickup pickup;

    @BeforeAll
    static void start() throws IOException {
        server = RunningChartVault.start(root.resolve("data"));
        server.user("ward-station", "scanner");
        pickup = new Pickup(server.app().ingest(), server.app().audit(), 512L << 20,
                Files.createDirectories(root.resolve("work")), ZoneOffset.UTC, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void fileThatVanishesAfterTheLookIsSkippedAndTheOthersAreFiled() throws IOException {
        Path folder = dropped("vanish", "taken-by-hand.pdf", "stays.pdf");
        List<FolderScan.Seen> seen = FolderScan.files(folder);
        Files.delete(folder.resolve("taken-by-hand.pdf"));

        Pickup.Result result = pickup.take(folder("vanish", folder), List.of("scanner"), seen, new Settling(), () -> true);

        assertEquals(1, result.archived(), result.toString());
        assertEquals(0, result.notCleared());
        assertEquals(List.of("stays.pdf"), Drops.names(folder.resolve("archived")));
        assertEquals(1, server.app().batches().find(result.batchIds().get(0)).orElseThrow().entries().size());
        assertEquals(List.of(), Drops.names(root.resolve("work")), "no work copy is left behind");
    }

    @Test
    void fileThatChangesAfterTheLookIsLeftToSettleAgain() throws IOException {
        Path folder = dropped("changing", "still-scanning.pdf");
        List<FolderScan.Seen> seen = FolderScan.files(folder);
        Files.write(folder.resolve("still-scanning.pdf"), new byte[]{'\n'}, StandardOpenOption.APPEND);

        Pickup.Result result = pickup.take(folder("changing", folder), List.of("scanner"), seen, new Settling(), () -> true);

        assertEquals(Pickup.Result.NOTHING, result);
        assertTrue(Files.exists(folder.resolve("still-scanning.pdf")));
        assertFalse(Files.exists(folder.resolve("archived")));
    }

    @Test
    void nothingIsFiledWhenTheLeaseWentToAnotherNodeMeanwhile() throws IOException {
        Path folder = dropped("lost-lease", "left-for-the-other-node.pdf");
        List<FolderScan.Seen> seen = FolderScan.files(folder);

        Pickup.Result result = pickup.take(folder("lost-lease", folder), List.of("scanner"), seen, new Settling(), () -> false);

        assertEquals(Pickup.Result.NOTHING, result);
        assertTrue(Files.exists(folder.resolve("left-for-the-other-node.pdf")));
        assertEquals(List.of(), Drops.names(root.resolve("work")), "no work copy is left behind");
    }

    private static Path dropped(String name, String... files) throws IOException {
        Path folder = Files.createDirectories(root.resolve("scans").resolve(name));
        for (String file : files) Files.write(folder.resolve(file), Drops.chart().bytes());
        return folder;
    }

    private static WatchedFolder folder(String id, Path path) {
        return new WatchedFolder(id, path.toString(), "ward-station", null, null, null, null, 1);
    }
}
