package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch progress stream as a browser's EventSource meets it ({@code Accept: text/event-stream}): an event
 * stream whatever state the batch is in, ending once the batch is done.
 */
class BatchEventsOverHttpTest {
    private static final String PASSWORD = "Stream-The-Scans-2026";

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static String cookie;
    static RunningChartVault.Client scanner;

    @BeforeAll
    static void start() throws Exception {
        vault = RunningChartVault.start(data);
        assertEquals(201, vault.admin().post("/api/users", Map.of("username", "scanner", "password", PASSWORD,
                "roles", List.of("scanner"))).status());
        RunningChartVault.Response session = vault.anonymous().post("/api/session",
                Map.of("username", "scanner", "password", PASSWORD));
        cookie = session.header("set-cookie").split(";", 2)[0];
        scanner = vault.browser("scanner", PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void finishedBatchStreamsItsFinalProgressAndEnds() throws Exception {
        ChartGenerator generator = new ChartGenerator();
        String batchId = scanner.upload(Map.of(), new RunningChartVault.Part("referral.pdf",
                ChartFiles.bornDigitalPdf(generator.document(71, 1).pages()))).json().get("batchId").asText();
        scanner.awaitBatch(batchId, Duration.ofSeconds(60));

        HttpResponse<String> answer = stream(batchId);
        assertEquals(200, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"),
                "an EventSource accepts only an event stream: " + answer.headers().map());
        List<JsonNode> events = progressEvents(answer.body());
        assertEquals(1, events.size(), answer.body());
        assertEquals("done", events.get(0).get("status").asText());
        assertEquals(batchId, events.get(0).get("batchId").asText());
    }

    @Test
    void processingBatchStreamsUntilItIsDone() throws Exception {
        ChartGenerator generator = new ChartGenerator();
        String batchId = scanner.upload(Map.of(),
                new RunningChartVault.Part("first.png", ChartFiles.png(generator.page(7201).scan(300))),
                new RunningChartVault.Part("second.png", ChartFiles.png(generator.page(7202).scan(300))))
                .json().get("batchId").asText();

        HttpResponse<String> answer = stream(batchId);
        assertEquals(200, answer.statusCode());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        List<JsonNode> events = progressEvents(answer.body());
        assertFalse(events.isEmpty(), answer.body());
        assertEquals("done", events.get(events.size() - 1).get("status").asText(), "the stream ends with the batch done");
        assertTrue(events.stream().limit(events.size() - 1).noneMatch(e -> e.get("status").asText().equals("done")),
                "nothing follows the last event");
    }

    @Test
    void streamOfABatchNobodyMaySeeIsANotFoundNotAnEventStream() throws Exception {
        String stranger = vault.admin().upload(Map.of(), new RunningChartVault.Part("admin-scan.pdf",
                ChartFiles.bornDigitalPdf(new ChartGenerator().document(73, 1).pages()))).json().get("batchId").asText();
        for (String batchId : List.of("bat_00000000000000000000000000", stranger)) {
            HttpResponse<String> answer = stream(batchId);
            assertEquals(404, answer.statusCode(), answer.body());
            assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            assertEquals("not-found", Json.mapper().readTree(answer.body()).get("error").asText());
        }
    }

    @Test
    void requestThatDoesNotAcceptAnEventStreamIsToldWhatToAskFor() throws Exception {
        String batchId = scanner.upload(Map.of(), new RunningChartVault.Part("consult.pdf",
                ChartFiles.bornDigitalPdf(new ChartGenerator().document(72, 1).pages()))).json().get("batchId").asText();
        RunningChartVault.Response answer = scanner.get("/api/batches/" + batchId + "/events");
        assertEquals(406, answer.status(), answer.toString());
        assertTrue(answer.json().get("message").asText().contains("text/event-stream"), answer.toString());
    }

    /** The whole stream (the server ends it once the batch is done). */
    private static HttpResponse<String> stream(String batchId) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(vault.url("/api/batches/" + batchId + "/events")))
                .header("Accept", "text/event-stream")
                .header("Cookie", cookie)
                .timeout(Duration.ofSeconds(90))
                .GET().build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /** The data of every {@code progress} event, in order. */
    private static List<JsonNode> progressEvents(String body) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String event = null;
            StringBuilder payload = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) event = line.substring(6).strip();
                else if (line.startsWith("data:")) payload.append(line.substring(5).strip());
            }
            if ("progress".equals(event)) events.add(Json.mapper().readTree(payload.toString()));
        }
        return events;
    }
}
