package org.chartvault.savedsearch;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Saved searches belong to the user who saved them: nobody else lists, finds or removes them. */
class SavedSearchesOverHttpTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client mine, theirs;

    @BeforeAll
    static void start() throws Exception {
        vault = RunningChartVault.start(data);
        mine = vault.user("ss-clerk", "roi");
        theirs = vault.user("ss-other", "legal");
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void aSavedSearchIsListedForItsOwnerOnlyAndOnlyTheOwnerRemovesIt() {
        Response saved = mine.post("/api/saved-searches", Map.of("name", "Chest pain, 2024",
                "criteria", Map.of("q", "\"chest pain\"", "from", "2024-01-01", "to", "2024-12-31", "sort", "newest")));
        assertEquals(201, saved.status(), saved.toString());
        String id = saved.json().get("savedSearchId").asText();

        JsonNode listed = mine.get("/api/saved-searches").json().get("savedSearches");
        assertEquals(1, listed.size());
        assertEquals("Chest pain, 2024", listed.get(0).get("name").asText());
        assertEquals("\"chest pain\"", listed.get(0).get("criteria").get("q").asText());
        assertEquals("newest", listed.get(0).get("criteria").get("sort").asText());

        assertEquals(0, theirs.get("/api/saved-searches").json().get("savedSearches").size(), "another user sees none of mine");
        assertEquals(404, theirs.delete("/api/saved-searches/" + id).status(), "nor removes one");
        assertEquals(1, mine.get("/api/saved-searches").json().get("savedSearches").size());
        assertEquals(404, vault.admin().delete("/api/saved-searches/" + id).status(), "not even an administrator");

        assertEquals(204, mine.delete("/api/saved-searches/" + id).status());
        assertEquals(0, mine.get("/api/saved-searches").json().get("savedSearches").size());
        assertEquals(404, mine.delete("/api/saved-searches/" + id).status());
    }

    @Test
    void savesSentAtOnceNeverPassTheLimitTogether() throws Exception {
        Client racer = vault.user("ss-racer", "indexer");
        int tries = SavedSearches.MAX_PER_USER + 12;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(tries);
        java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(tries)) {
            for (int i = 0; i < tries; i++) {
                int n = i;
                answers.add(pool.submit(() -> {
                    start.await();
                    return racer.post("/api/saved-searches", Map.of("name", "Search " + n, "criteria", Map.of("q", "word" + n))).status();
                }));
            }
            int saved = 0;
            int refused = 0;
            for (var answer : answers) {
                int status = answer.get();
                if (status == 201) saved++;
                else if (status == 400) refused++;
            }
            assertEquals(SavedSearches.MAX_PER_USER, saved);
            assertEquals(tries - SavedSearches.MAX_PER_USER, refused);
        }
        assertEquals(SavedSearches.MAX_PER_USER, racer.get("/api/saved-searches").json().get("savedSearches").size());
    }

    @Test
    void aSearchWithoutANameOrAnythingToFindIsRefusedWithAReason() {
        Response noName = mine.post("/api/saved-searches", Map.of("name", " ", "criteria", Map.of("q", "asthma")));
        assertEquals(400, noName.status());
        assertTrue(noName.json().get("message").asText().contains("name"), noName.toString());
        Response nothing = mine.post("/api/saved-searches", Map.of("name", "Empty", "criteria", Map.of("sort", "newest")));
        assertEquals(400, nothing.status());
        Response unknown = mine.post("/api/saved-searches", Map.of("name", "X", "criteria", Map.of("owner", "ss-other")));
        assertEquals(400, unknown.status());
        assertEquals(403, vault.user("ss-scanner", "scanner").get("/api/saved-searches").status());
    }
}
