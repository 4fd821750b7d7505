package org.chartvault.watch;

import org.chartvault.Config;
import org.chartvault.db.Database;
import org.chartvault.db.PostgresLeases;
import org.chartvault.testing.Postgres;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.chartvault.watch.Drops.awaitFile;
import static org.chartvault.watch.Drops.awaitRounds;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A watched folder is watched by one node, the holder of its lease in the shared PostgreSQL: while another node
 * holds it this node leaves the folder alone, and takes over once that lease runs out (the other node died).
 */
class OneNodePerFolderTest {

    @Test
    void folderWhoseLeaseAnotherNodeHoldsIsLeftAloneUntilTheLeaseRunsOut(@TempDir Path root) throws Exception {
        Config.Database shared = Postgres.freshDatabase();
        Map<String, String> settings = new HashMap<>(Postgres.environment(shared));
        settings.put("CHARTVAULT_WATCH_POLL_MS", Drops.POLL_MS);
        try (RunningChartVault server = RunningChartVault.start(root.resolve("data"), settings);
             Database database = Database.open(shared)) {
            Client admin = server.admin();
            server.user("clinic-b", "scanner");
            PostgresLeases otherNode = new PostgresLeases(database);
            String lease = FolderWatcher.LEASE + "clinic-b";
            assertTrue(otherNode.acquire(lease, "node-elsewhere", Duration.ofMinutes(10)).isPresent());

            Path folder = Files.createDirectories(root.resolve("scans/clinic-b"));
            Drops.watch(admin, "clinic-b", folder, "clinic-b", Map.of());
            Path file = folder.resolve("visit.pdf");
            Files.write(file, Drops.chart().bytes());
            awaitRounds(server, 12); // 12 looks 150 ms apart or more: well past the 1 s settle time
            assertTrue(Files.exists(file), "taken although another node holds the folder");
            assertFalse(Files.exists(folder.resolve("archived")));

            // the other node renews once more, for a second, and then is heard of no more
            assertTrue(otherNode.acquire(lease, "node-elsewhere", Duration.ofSeconds(1)).isPresent());
            awaitFile(folder.resolve("archived/visit.pdf"));
            assertFalse(Files.exists(file));
            assertTrue(otherNode.acquire(lease, "node-elsewhere", Duration.ofMinutes(10)).isEmpty(),
                    "this node holds the folder now, and renews it");
        }
    }
}
