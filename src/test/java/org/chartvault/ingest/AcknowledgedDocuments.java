package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What the reliability suites check, over the API, of every document the service acknowledged with a 202. */
final class AcknowledgedDocuments {
    private AcknowledgedDocuments() {
    }

    /** The word the suites search a generated document by: its patient's family name, letters only. */
    static String searchWord(ChartPage page) {
        return page.indexing().patientName().split(",")[0].strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    /**
     * Null when the document is processed, its original's SHA-256 is {@code sha256}, and searching {@code word}
     * within {@code mrn} finds each of its {@code pages} pages once; else what is wrong.
     */
    static String problem(Client admin, String id, String sha256, String word, String mrn, int pages) {
        Response document = admin.get("/api/documents/" + id);
        if (document.status() != 200) return "missing: " + document;
        String status = document.json().get("status").asText();
        if (!status.matches("indexed|needs-review")) return "status " + status + ": " + document.json().get("error");
        Response original = admin.get("/api/documents/" + id + "/original");
        if (original.status() != 200 || !org.chartvault.testing.Hashes.sha256(original.body()).equals(sha256)) {
            return "original differs: " + original.status();
        }
        JsonNode hits = admin.get("/api/search?q=" + word + "&mrn=" + mrn + "&limit=100").json().get("hits");
        List<Integer> found = new ArrayList<>();
        for (JsonNode hit : hits) if (hit.get("documentId").asText().equals(id)) found.add(hit.get("page").asInt());
        Collections.sort(found);
        List<Integer> expected = new ArrayList<>();
        for (int p = 1; p <= pages; p++) expected.add(p);
        return found.equals(expected) ? null : "pages found " + found + ", expected " + expected;
    }
}
