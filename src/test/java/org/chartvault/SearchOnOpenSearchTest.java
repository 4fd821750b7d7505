package org.chartvault;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.IndexLossTest.Answer;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.OpenSearch;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ChartVault served with its search on OpenSearch ({@code CHARTVAULT_SEARCH_URL}, a real node from {@link OpenSearch}):
 * an archive OCR'd and rebuilt from storage on the embedded index is opened on OpenSearch, which is filled from
 * storage at start (the alias is new), and the same searches over HTTP (IndexLossTest's: words, a phrase, AND/OR/NOT,
 * fields, filters, a listing without words, a misspelling) give the same totals and the same pages in the same order.
 * A correction made then is found through OpenSearch.
 */
@Tag("long")
class SearchOnOpenSearchTest {
    @TempDir
    Path data;

    @Test
    void anArchiveMovedToOpenSearchAnswersTheSameSearchesOverHttp() throws Exception {
        String url = OpenSearch.url();
        List<ChartDocument> charts;
        List<String> queries;
        Map<String, Answer> embedded;
        try (RunningChartVault server = RunningChartVault.start(data)) {
            charts = IndexLossTest.archive(server.admin());
            queries = IndexLossTest.queries(charts);
        }
        // rebuilt from storage, as the OpenSearch index will be: a live index still counts replaced pages in its
        // statistics (until merges), which a rebuilt one of either engine has never seen
        try (App app = App.open(Config.from(Map.of("CHARTVAULT_DATA", data.toString())))) {
            assertEquals(charts.size(), app.reindex());
        }
        try (RunningChartVault server = RunningChartVault.start(data)) {
            embedded = IndexLossTest.answers(server.admin(), queries);
        }
        Map<String, String> onOpenSearch = Map.of("CHARTVAULT_SEARCH_URL", url,
                "CHARTVAULT_SEARCH_INDEX", "http-" + UUID.randomUUID());
        try (RunningChartVault server = RunningChartVault.start(data, onOpenSearch)) {
            Client admin = server.admin();
            Map<String, Answer> shared = IndexLossTest.answers(admin, queries);
            List<String> differences = new ArrayList<>();
            for (String query : queries) {
                Answer was = embedded.get(query);
                Answer now = shared.get(query);
                if (was.total() != now.total() || !was.hits().equals(now.hits())) {
                    differences.add(query + "\n   embedded   " + was.total() + " " + was.hits()
                            + "\n   OpenSearch " + now.total() + " " + now.hits());
                }
            }
            assertEquals(List.of(), differences, "the engines answer differently");

            String corrected = admin.get("/api/search?mrn=" + charts.get(0).indexing().mrn()).json().get("hits").get(0)
                    .get("documentId").asText();
            Response patched = admin.patch("/api/documents/" + corrected, Map.of("documentType", "Consultation"));
            assertEquals(200, patched.status(), patched.toString());
            assertTrue(awaitFound(admin, "type:consultation", corrected, Duration.ofSeconds(30)),
                    "the correction is searchable through OpenSearch");
        }
    }

    private static boolean awaitFound(Client client, String q, String documentId, Duration patience) throws InterruptedException {
        Instant until = Instant.now().plus(patience);
        while (Instant.now().isBefore(until)) {
            JsonNode hits = client.get("/api/search?limit=100&q=" + IndexLossTest.encode(q)).json().get("hits");
            for (JsonNode hit : hits) if (hit.get("documentId").asText().equals(documentId)) return true;
            Thread.sleep(100); // polling a condition, not timing an assertion
        }
        return false;
    }
}
