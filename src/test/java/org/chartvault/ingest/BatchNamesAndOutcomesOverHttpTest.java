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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scanners name their batches (at upload, and later), and a finished batch says how it ended: complete, some to
 * review, or some refused, with the count of each, so the screen can say "Done — 1 needs review, 1 rejected".
 */
class BatchNamesAndOutcomesOverHttpTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Client scanner, otherScanner;
    static final ChartGenerator generator = new ChartGenerator();

    @BeforeAll
    static void start() throws Exception {
        vault = RunningChartVault.start(data);
        scanner = vault.user("night.scanner", "scanner");
        otherScanner = vault.user("day.scanner", "scanner");
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    /** A chart whose pages do not say whose they are: capture cannot file it, an indexer must. */
    static byte[] unidentifiable(long seed) {
        ChartDocument document = generator.document(seed, 1);
        List<ChartPage> pages = document.pages().stream().map(p -> new ChartPage(p.indexing(), p.pageNumber(), p.pageCount(),
                p.typeface(), p.lines().stream().filter(l -> !l.text().matches("(?s).*\\d.*") && !l.text().equals(l.text().toUpperCase())).toList())).toList();
        return ChartFiles.bornDigitalPdf(pages);
    }

    private static JsonNode finished(Response receipt) {
        assertEquals(202, receipt.status(), receipt.toString());
        return scanner.awaitBatch(receipt.json().get("batchId").asText(), Duration.ofMinutes(2));
    }

    @Test
    void aBatchNamedAtUploadCanBeRenamedByTheScannerWhoSentIt() {
        Response receipt = scanner.upload(Map.of("name", "  ER charts, Tuesday night "), new Part("er.pdf", unidentifiable(701)));
        assertEquals("ER charts, Tuesday night", receipt.json().get("name").asText());
        String batchId = receipt.json().get("batchId").asText();
        assertEquals("ER charts, Tuesday night", scanner.get("/api/batches/" + batchId).json().get("name").asText());
        assertTrue(scanner.get("/api/batches").json().get("batches").toString().contains("ER charts, Tuesday night"));

        Response renamed = scanner.patch("/api/batches/" + batchId, Map.of("name", "ER charts, Wednesday"));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("ER charts, Wednesday", scanner.get("/api/batches/" + batchId).json().get("name").asText());

        assertEquals(404, otherScanner.patch("/api/batches/" + batchId, Map.of("name", "Mine now")).status(),
                "another scanner's batch is not there for her");
        Response tooLong = scanner.patch("/api/batches/" + batchId, Map.of("name", "x".repeat(121)));
        assertEquals(400, tooLong.status(), tooLong.toString());
        assertTrue(tooLong.json().get("message").asText().contains("at most 120 characters"));
        Response twoLines = scanner.upload(Map.of("name", "one\ntwo"), new Part("x.pdf", unidentifiable(702)));
        assertEquals(400, twoLines.status(), "refused before anything is stored: " + twoLines);
        assertEquals("ER charts, Wednesday", scanner.get("/api/batches/" + batchId).json().get("name").asText());
    }

    @Test
    void aFinishedBatchSaysHowManyFilesNeedReviewOrWereRejected() {
        byte[] toReview = unidentifiable(703);
        JsonNode mixed = finished(scanner.upload(Map.of(), new Part("unknown.pdf", toReview),
                new Part("notes.txt", "not a scan at all".getBytes(StandardCharsets.UTF_8))));
        assertEquals("done", mixed.get("status").asText());
        assertEquals(1, mixed.get("counts").get("needsReview").asInt(), mixed.toString());
        assertEquals(1, mixed.get("counts").get("rejected").asInt(), mixed.toString());
        assertEquals("problems", mixed.get("outcome").asText(), "a rejected file outweighs one to review: " + mixed);

        JsonNode review = finished(scanner.upload(Map.of(), new Part("unknown-2.pdf", unidentifiable(704))));
        assertEquals(1, review.get("counts").get("needsReview").asInt(), review.toString());
        assertEquals("needs-review", review.get("outcome").asText(), review.toString());

        JsonNode again = finished(scanner.upload(Map.of(), new Part("unknown-again.pdf", toReview)));
        assertEquals(1, again.get("counts").get("duplicate").asInt(), again.toString());
        assertEquals("complete", again.get("outcome").asText(), "nothing in it needs anyone: " + again);
    }

    @Test
    void aBatchIsCompleteOnlyWhenEveryFileIsIndexed() {
        ChartDocument chart = generator.document(705, 1);
        var i = chart.indexing();
        JsonNode batch = finished(scanner.upload(Map.of("mrn", i.mrn(), "patientName", i.patientName(),
                "birthDate", i.birthDate().toString(), "serviceDate", i.serviceDate().toString()),
                new Part("chart.pdf", ChartFiles.bornDigitalPdf(chart.pages()))));
        String status = batch.get("documents").get(0).get("status").asText();
        assertEquals(status.equals("indexed") ? "complete" : "needs-review", batch.get("outcome").asText(), batch.toString());
        assertEquals(status.equals("indexed") ? 1 : 0, batch.get("counts").get("indexed").asInt(), batch.toString());
    }
}
