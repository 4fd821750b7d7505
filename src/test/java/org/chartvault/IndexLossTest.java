package org.chartvault;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.Degradation;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index is derived data. The service is stopped, its index directory deleted, and started again: the index
 * is rebuilt from storage alone, and a fixed set of searches (words, a phrase, AND/OR/NOT, fields, status, filters,
 * a listing without words, a misspelling) gives the same totals, the same hits on the same pages with the same
 * scores, in the same order. The one freedom: hits of exactly equal score may come in another order (Lucene breaks
 * ties by insertion order, which a rebuild changes). Then a correction is made and an explicit {@code reindex}
 * of the stopped service's data gives the same hits again.
 */
class IndexLossTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);

    @TempDir
    Path data;

    /** What one search answered: the total and, in order, each hit as document#page with its score. */
    record Answer(long total, List<String> hits, List<Double> scores) {
        /** The hits as runs of equal score, each run as a set: the order that does not depend on ties. */
        List<Map.Entry<Double, Set<String>>> byScore() {
            List<Map.Entry<Double, Set<String>>> runs = new ArrayList<>();
            for (int i = 0; i < hits.size(); i++) {
                if (runs.isEmpty() || !runs.getLast().getKey().equals(scores.get(i))) {
                    runs.add(Map.entry(scores.get(i), new TreeSet<>()));
                }
                runs.getLast().getValue().add(hits.get(i));
            }
            return runs;
        }
    }

    @Test
    void aDeletedIndexIsRebuiltFromStorageWithIdenticalSearchResults() throws Exception {
        List<ChartDocument> charts;
        List<String> queries;
        Map<String, Answer> live;
        try (RunningChartVault server = RunningChartVault.start(data)) {
            charts = archive(server.admin());
            queries = queries(charts);
            live = answers(server.admin(), queries);
        }
        // the word, phrase, field and filter searches find something; a NOT or a status may rightly find nothing
        assertTrue(live.values().stream().filter(a -> a.total() > 0).count() >= queries.size() - 2,
                "the fixed searches should find something: " + live);
        assertTrue(queries.subList(0, 5).stream().allMatch(q -> live.get(q).total() > 0), live::toString);

        deleteRecursively(data.resolve("index"));
        assertFalse(Files.exists(data.resolve("index")));
        String corrected;
        Map<String, Answer> correctedLive;
        try (RunningChartVault server = RunningChartVault.start(data)) {
            Client admin = server.admin();
            assertSameAnswers(live, answers(admin, queries), "after the index was deleted and rebuilt at start");

            // a correction re-indexes the document's pages in place
            corrected = admin.get("/api/search?mrn=" + charts.get(0).indexing().mrn()).json().get("hits").get(0)
                    .get("documentId").asText();
            Response patched = admin.patch("/api/documents/" + corrected, Map.of("documentType", "Consultation"));
            assertEquals(200, patched.status(), patched.toString());
            Thread.sleep(1500); // searchable within the refresh interval
            correctedLive = answers(admin, queries);
        }

        // ./chartvault reindex on the stopped service's data: the same rebuild, asked for
        try (App app = App.open(Config.from(Map.of("CHARTVAULT_DATA", data.toString())))) {
            assertEquals(charts.size(), app.reindex());
        }
        try (RunningChartVault server = RunningChartVault.start(data)) {
            Client admin = server.admin();
            Map<String, Answer> rebuilt = answers(admin, queries);
            assertSameHits(correctedLive, rebuilt, "after reindex");
            JsonNode consultations = admin.get("/api/search?q=" + encode("type:consultation") + "&limit=100").json();
            boolean found = false;
            for (JsonNode hit : consultations.get("hits")) found |= hit.get("documentId").asText().equals(corrected);
            assertTrue(found, "the rebuilt index has the corrected type of " + corrected);
        }
    }

    /** Three patients, eight documents of one to three pages (one of them a scan), each uploaded with its values. */
    static List<ChartDocument> archive(Client admin) {
        List<ChartDocument> charts = new ArrayList<>();
        charts.addAll(GENERATOR.chart(71, 3));
        charts.addAll(GENERATOR.chart(72, 3));
        charts.addAll(GENERATOR.chart(73, 2));
        List<String> batches = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            ChartDocument chart = charts.get(i);
            byte[] file = i == 5
                    ? ChartFiles.png(chart.pages().get(0).scan(300).apply(Degradation.skew(0.8)))
                    : ChartFiles.bornDigitalPdf(chart.pages());
            if (i == 5) charts.set(i, new ChartDocument(chart.pages().subList(0, 1)));
            Map<String, String> fields = new HashMap<>();
            fields.put("mrn", chart.indexing().mrn());
            fields.put("patientName", chart.indexing().patientName());
            fields.put("documentType", chart.indexing().documentType());
            fields.put("serviceDate", chart.indexing().serviceDate().toString());
            Response answer = admin.upload(fields, new Part("chart-" + i + (i == 5 ? ".png" : ".pdf"), file));
            assertEquals(202, answer.status(), answer.toString());
            batches.add(answer.json().get("batchId").asText());
        }
        for (String batch : batches) {
            JsonNode done = admin.awaitBatch(batch, Duration.ofMinutes(4));
            for (JsonNode d : done.get("documents")) assertTrue(d.get("status").asText().matches("indexed|needs-review"), done.toString());
        }
        return charts;
    }

    /** Searches of every kind the API takes, over words that are really on the pages. */
    static List<String> queries(List<ChartDocument> charts) {
        ChartDocument first = charts.get(0);
        String family = familyName(first.pages().get(0));
        String otherFamily = familyName(charts.get(3).pages().get(0));
        List<String> words = bodyWords(first.pages().get(0));
        String word = words.get(words.size() / 2);
        String phrase = phraseOn(first.pages().get(0));
        String mrn = first.indexing().mrn();
        List<String> queries = new ArrayList<>();
        queries.add("q=" + family + "&limit=100");
        queries.add("q=" + word + "&limit=100");
        queries.add("q=" + encode("\"" + phrase + "\"") + "&limit=100");
        queries.add("q=" + encode(family + " AND " + word) + "&limit=100");
        queries.add("q=" + encode(family + " OR " + otherFamily) + "&limit=100");
        queries.add("q=" + encode(word + " NOT " + family) + "&limit=100");
        queries.add("q=" + encode("mrn:" + mrn) + "&limit=100");
        queries.add("q=" + encode("type:\"discharge summary\" OR type:consultation") + "&limit=100");
        queries.add("q=patient&limit=100");               // on nearly every page: many equal scores
        queries.add("mrn=" + mrn + "&limit=100");          // no words: newest service date first
        queries.add("q=patient&documentType=" + encode(first.indexing().documentType()) + "&limit=100");
        queries.add("q=patient&from=2019-01-01&to=2022-12-31&limit=100");
        queries.add("q=" + encode(word.substring(0, word.length() - 1)) + "&limit=100"); // a slip: spelling variants
        queries.add("q=" + encode("status:needs-review") + "&limit=100");
        queries.add("q=" + encode("status:indexed") + "&limit=100");
        return queries;
    }

    static Map<String, Answer> answers(Client client, List<String> queries) {
        Map<String, Answer> answers = new LinkedHashMap<>();
        for (String query : queries) {
            Response r = client.get("/api/search?" + query);
            assertEquals(200, r.status(), query + ": " + r);
            List<String> hits = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            for (JsonNode hit : r.json().get("hits")) {
                hits.add(hit.get("documentId").asText() + "#" + hit.get("page").asInt());
                scores.add(hit.get("score").asDouble());
            }
            answers.put(query, new Answer(r.json().get("total").asLong(), hits, scores));
        }
        return answers;
    }

    /** Same totals, same hits with the same scores, in the same order but for the order of exactly equal scores. */
    private static void assertSameAnswers(Map<String, Answer> before, Map<String, Answer> after, String when) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Answer> e : before.entrySet()) {
            Answer was = e.getValue();
            Answer now = after.get(e.getKey());
            if (was.total() != now.total() || !was.byScore().equals(now.byScore())) {
                differences.add(difference(e.getKey(), was, now, when));
            }
        }
        assertEquals(List.of(), differences, "search results differ " + when);
    }

    /**
     * Same totals and the same hits, pages included. Not the same scores: pages a correction replaced still count
     * in Lucene's statistics until their segment is merged, which a rebuilt index has never seen.
     */
    private static void assertSameHits(Map<String, Answer> before, Map<String, Answer> after, String when) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Answer> e : before.entrySet()) {
            Answer was = e.getValue();
            Answer now = after.get(e.getKey());
            boolean complete = was.hits().size() == was.total(); // a page of hits can hold different ones when scores move
            if (was.total() != now.total() || (complete && !new TreeSet<>(was.hits()).equals(new TreeSet<>(now.hits())))) {
                differences.add(difference(e.getKey(), was, now, when));
            }
        }
        assertEquals(List.of(), differences, "search results differ " + when);
    }

    private static String difference(String query, Answer was, Answer now, String when) {
        return query + "\n   before " + was.total() + " " + was.hits() + " " + was.scores()
                + "\n   " + when + " " + now.total() + " " + now.hits() + " " + now.scores();
    }

    private static String familyName(ChartPage page) {
        return page.indexing().patientName().split(",")[0].strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    /** Plain lower-case words of seven letters or more from the page's body text. */
    private static List<String> bodyWords(ChartPage page) {
        return page.words().stream().map(w -> w.toLowerCase(Locale.ROOT))
                .filter(w -> w.matches("[a-z]{7,}")).distinct().toList();
    }

    /** Two adjacent plain words from a line of the page's body. */
    private static String phraseOn(ChartPage page) {
        for (ChartPage.Line line : page.lines().subList(page.lines().size() / 2, page.lines().size())) {
            String[] tokens = line.text().toLowerCase(Locale.ROOT).split("\\s+");
            for (int i = 0; i + 1 < tokens.length; i++) {
                if (tokens[i].matches("[a-z]{4,}") && tokens[i + 1].matches("[a-z]{4,}")) return tokens[i] + " " + tokens[i + 1];
            }
        }
        throw new IllegalStateException("no two plain words side by side on the page");
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
