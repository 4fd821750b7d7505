package org.chartvault.db;

import org.chartvault.testing.Postgres;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nodes on one PostgreSQL append to one audit chain, so they must seal it with one key: a node that would make a key
 * of its own is refused at start, before it writes anything, with the setting to configure named.
 */
class SharedAuditKeyTest {
    @TempDir
    Path data;

    @Test
    void aNodeOnPostgresWithoutAnAuditKeyRefusesToStartNamingTheSetting() throws Exception {
        Map<String, String> shared = new HashMap<>(Postgres.environment(Postgres.freshDatabase()));
        String key = shared.remove("CHARTVAULT_AUDIT_KEY");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> RunningChartVault.start(data.resolve("no-key"), shared).close());
        assertTrue(refused.getMessage().contains("set CHARTVAULT_AUDIT_KEY"), refused.getMessage());
        assertFalse(Files.exists(data.resolve("no-key").resolve("keys").resolve("audit.key")),
                "the refused node made no key of its own");

        shared.put("CHARTVAULT_AUDIT_KEY", key);
        try (RunningChartVault node = RunningChartVault.start(data.resolve("with-key"), shared)) {
            assertEquals(200, node.admin().get("/api/audit/verify").status(), "with the shared key it starts and verifies");
        }
    }
}
