package org.chartvault.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ChartPage;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Part;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reviewer fixing what the scanner got wrong: turning, reordering, splitting and joining pages, over HTTP. */
class PageEditorOverHttpTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);

    @TempDir
    static Path data;
    static RunningChartVault server;
    static Client indexer;
    static Client admin;

    @BeforeAll
    static void start() throws Exception {
        server = RunningChartVault.start(data);
        admin = server.admin();
        indexer = server.user("qa-desk", "indexer");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTurnedPageIsReadAgainAndTurningItBackRestoresIt() {
        ChartDocument note = GENERATOR.document(61, "PROGRESS NOTE", 1);
        String id = upload("turn.png", ChartFiles.png(note.pages().get(0).scan(300)), "61000061");
        JsonNode before = indexer.get("/api/documents/" + id + "/pages/1/words").json();

        Response quarter = indexer.post("/api/documents/" + id + "/pages/1/rotate", Map.of("degrees", 90));
        assertEquals(200, quarter.status(), quarter.toString());
        JsonNode sideways = indexer.get("/api/documents/" + id + "/pages/1/words").json();
        assertEquals(before.get("width").asInt(), sideways.get("height").asInt());
        assertEquals((before.get("rotation").asInt() + 90) % 360, sideways.get("rotation").asInt());

        assertEquals(200, indexer.post("/api/documents/" + id + "/pages/1/rotate", Map.of("degrees", 270)).status());
        JsonNode back = indexer.get("/api/documents/" + id + "/pages/1/words").json();
        assertEquals(before.get("rotation").asInt(), back.get("rotation").asInt());
        String word = familyName(note.pages().get(0));
        assertTrue(back.get("text").asText().toLowerCase(Locale.ROOT).contains(word), back.get("text").asText());
        Response audit = admin.get("/api/audit?action=update-document&documentId=" + id);
        assertEquals(2, audit.json().get("entries").size(), "each turn is in the audit trail: " + audit);
        assertEquals(400, indexer.post("/api/documents/" + id + "/pages/1/rotate", Map.of("degrees", 45)).status());
    }

    @Test
    void pagesAreReorderedSplitAndJoined() {
        ChartDocument two = GENERATOR.document(62, "DISCHARGE SUMMARY", 2);
        ChartDocument one = GENERATOR.document(63, "CONSULTATION", 1);
        String a = upload("two-pages.pdf", ChartFiles.bornDigitalPdf(two.pages()), "62000062");
        String b = upload("one-page.pdf", ChartFiles.bornDigitalPdf(one.pages()), "62000062");
        String secondPageText = indexer.get("/api/documents/" + a + "/pages/2/text").text();

        Response reordered = indexer.post("/api/documents/" + a + "/pages/reorder", Map.of("order", List.of(2, 1)));
        assertEquals(200, reordered.status(), reordered.toString());
        assertEquals(secondPageText, indexer.get("/api/documents/" + a + "/pages/1/text").text());
        assertEquals(409, indexer.post("/api/documents/" + a + "/pages/reorder", Map.of("order", List.of(1))).status());

        Response split = indexer.post("/api/documents/" + a + "/split", Map.of("atPage", 2));
        assertEquals(201, split.status(), split.toString());
        String cut = split.json().get("documentId").asText();
        assertEquals(1, indexer.get("/api/documents/" + a).json().get("pages").size());
        assertEquals(1, split.json().get("pages").size());
        assertEquals("needs-review", split.json().get("status").asText());

        Response joined = indexer.post("/api/documents/" + b + "/merge", Map.of("documentId", cut));
        assertEquals(200, joined.status(), joined.toString());
        assertEquals(2, joined.json().get("pages").size());
        assertEquals(404, indexer.get("/api/documents/" + cut).status());
        Response found = indexer.get("/api/search?q=" + familyName(two.pages().get(0)) + "&mrn=62000062");
        boolean onB = false;
        for (JsonNode hit : found.json().get("hits")) onB |= hit.get("documentId").asText().equals(b) && hit.get("page").asInt() == 2;
        assertTrue(onB, "the joined page is found on the document it joined: " + found);
    }

    @Test
    void pagesOfAHeldDocumentCannotBeChanged() {
        ChartDocument held = GENERATOR.document(64, "OPERATIVE REPORT", 2);
        String id = upload("held.pdf", ChartFiles.bornDigitalPdf(held.pages()), "64000064");
        Client legal = server.user("counsel", "legal");
        Response hold = legal.post("/api/holds", Map.of("name", "Smith v. Hospital", "matter", "2026-CV-12", "mrns", List.of("64000064")));
        assertEquals(201, hold.status(), hold.toString());
        for (Response refused : List.of(
                indexer.post("/api/documents/" + id + "/pages/1/rotate", Map.of("degrees", 90)),
                indexer.post("/api/documents/" + id + "/pages/reorder", Map.of("order", List.of(2, 1))),
                indexer.post("/api/documents/" + id + "/split", Map.of("atPage", 2)))) {
            assertEquals(409, refused.status(), refused.toString());
            assertEquals("on-hold", refused.json().get("error").asText());
        }
    }

    private static String upload(String name, byte[] bytes, String mrn) {
        Response answer = admin.upload(Map.of("mrn", mrn), new Part(name, bytes));
        assertEquals(202, answer.status(), answer.toString());
        admin.awaitBatch(answer.json().get("batchId").asText(), Duration.ofMinutes(2));
        return answer.json().get("documents").get(0).get("documentId").asText();
    }

    private static String familyName(ChartPage page) {
        return page.indexing().patientName().split(",")[0].strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }
}
