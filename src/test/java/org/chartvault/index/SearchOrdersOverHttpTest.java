package org.chartvault.index;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Search results in each order the search screen offers, over HTTP, with the same exact total in every order. */
class SearchOrdersOverHttpTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client clerk;
    /** Document id → what it was filed with, for the orders expected. */
    static final Map<String, ChartDocument> archived = new LinkedHashMap<>();

    @BeforeAll
    static void archive() throws Exception {
        vault = RunningChartVault.start(data);
        Client scanner = vault.user("so-scanner", "scanner");
        clerk = vault.user("so-clerk", "roi");
        ChartGenerator generator = new ChartGenerator();
        for (int i = 0; i < 4; i++) {
            ChartDocument d = generator.document(generator.patient(5300 + i), 40 + i, "DISCHARGE SUMMARY", 1);
            archived.put(ArchivedCharts.bornDigital(scanner, d, "DISCHARGE SUMMARY"), d);
        }
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void newestAndOldestFirstFollowTheDateOfService() {
        List<String> newest = order("newest");
        List<String> byDate = new ArrayList<>(archived.keySet());
        byDate.sort(Comparator.comparing((String id) -> archived.get(id).indexing().serviceDate()).reversed());
        assertEquals(byDate, newest);
        assertEquals(byDate.reversed(), order("oldest"));
    }

    @Test
    void byPatientFollowsTheNameAtoZ() {
        List<String> byName = new ArrayList<>(archived.keySet());
        byName.sort(Comparator.comparing((String id) -> archived.get(id).indexing().patientName().toLowerCase(Locale.ROOT)));
        assertEquals(byName, order("patient"));
    }

    @Test
    void everyOrderCountsTheSameExactTotalAndAnUnknownOrderIsRefused() {
        long relevance = search("relevance").get("total").asLong();
        assertEquals(archived.size(), relevance);
        for (String sort : List.of("newest", "oldest", "patient")) assertEquals(relevance, search(sort).get("total").asLong(), sort);
        assertEquals("patient", search("patient").get("sort").asText());
        Response bad = clerk.get("/api/search?q=discharge&sort=sideways");
        assertEquals(400, bad.status());
        assertEquals("bad-query", bad.json().get("error").asText());
    }

    /** The documents of the hits, in order (one page each). */
    private static List<String> order(String sort) {
        List<String> ids = new ArrayList<>();
        search(sort).get("hits").forEach(h -> ids.add(h.get("documentId").asText()));
        return ids;
    }

    private static JsonNode search(String sort) {
        Response r = clerk.get("/api/search?q=discharge&documentType=DISCHARGE%20SUMMARY&sort=" + sort);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }
}
