package org.chartvault.release;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two administrators change different release settings at the same moment: each change starts from the settings
 * as stored, under the settings' lock, so neither undoes the other.
 */
class ReleaseSettingsRaceTest {
    @TempDir
    Path data;

    @Test
    void twoAdministratorsChangingDifferentSettingsAtOnceKeepBoth() throws Exception {
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            RunningChartVault.Client first = vault.admin();
            RunningChartVault.Client second = vault.user("ada.admin2", "admin");
            ExecutorService admins = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 10; round++) {
                    int dueDays = 20 + round;
                    String prefix = "RND" + round;
                    CyclicBarrier together = new CyclicBarrier(2);
                    Future<RunningChartVault.Response> due = admins.submit(() -> {
                        together.await();
                        return put(first, Map.of("dueDays", dueDays));
                    });
                    Future<RunningChartVault.Response> bates = admins.submit(() -> {
                        together.await();
                        return put(second, Map.of("batesPrefix", prefix));
                    });
                    assertEquals(200, due.get().status(), due.get()::toString);
                    assertEquals(200, bates.get().status(), bates.get()::toString);
                    JsonNode settings = first.get("/api/release-settings").json();
                    assertEquals(dueDays, settings.get("dueDays").asInt(), "round " + round + ": " + settings);
                    assertEquals(prefix, settings.get("batesPrefix").asText(), "round " + round + ": " + settings);
                }
            } finally {
                admins.shutdownNow();
            }
        }
    }

    private static RunningChartVault.Response put(RunningChartVault.Client admin, Map<String, Object> change) throws Exception {
        return admin.send("PUT", "/api/release-settings", "application/json", Json.bytes(change));
    }
}
