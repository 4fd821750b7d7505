package org.chartvault.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
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

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The published OpenAPI document against what the server really answers, field by field: every GET route of the
 * API is called with real ids on an archive holding a processed document, and each JSON answer must have a status
 * the document lists for that operation and carry only fields its schema declares, with the declared types. A field
 * added to a response without its line in {@code openapi.json}, one whose type changed or a value outside its
 * declared list fails here.
 */
class OpenApiConformanceTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator(ChartPage.Typeface.DEFAULT);

    @TempDir
    static Path data;
    static RunningChartVault server;
    static Client admin;
    static JsonNode spec;
    static Map<String, String> ids;

    @BeforeAll
    static void archiveWithOneProcessedDocument() throws Exception {
        server = RunningChartVault.start(data);
        admin = server.admin();
        try (InputStream in = OpenApiConformanceTest.class.getResourceAsStream("/openapi.json")) {
            spec = Json.mapper().readTree(in);
        }
        var document = GENERATOR.document(7301, 1);
        String mrn = document.pages().get(0).indexing().mrn();
        Response upload = admin.upload(Map.of("mrn", mrn), new Part("discharge.pdf", ChartFiles.bornDigitalPdf(document.pages())));
        assertEquals(202, upload.status(), upload.toString());
        String batchId = upload.json().get("batchId").asText();
        JsonNode batch = admin.awaitBatch(batchId, Duration.ofMinutes(3));
        String documentId = batch.get("documents").get(0).get("documentId").asText();
        admin.awaitSettled(List.of(documentId), Duration.ofMinutes(3));
        // an amendment request with every part filled in, so its answers are checked field by field too
        String amendmentId = admin.post("/api/amendments", Map.of("documentId", documentId, "requester", "The patient",
                "whatIsWrong", "Wrong date.", "requestedChange", "The right date.")).json().get("amendmentId").asText();
        admin.post("/api/amendments/" + amendmentId + "/extension", Map.of("reason", "Records off site",
                "newDueDate", java.time.LocalDate.now().plusDays(80).toString()));
        admin.post("/api/amendments/" + amendmentId + "/decision", Map.of("decision", "denied", "basis", "accurate-and-complete"));
        admin.post("/api/amendments/" + amendmentId + "/disagreement", Map.of("text", "I disagree."));
        admin.post("/api/amendments/" + amendmentId + "/rebuttal", Map.of("text", "We stand by it."));
        ids = Map.of("{documentId}", documentId, "{batchId}", batchId, "{page}", "1", "{mrn}", mrn,
                "{username}", "admin", "{loinc}", "18842-5", "{amendmentId}", amendmentId);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void everyJsonAnswerOfAGetRouteCarriesOnlyDeclaredFieldsOfTheDeclaredTypes() {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (HttpApi.Route route : server.app().http().routeTable()) {
            if (!route.method().equals("GET") || !route.path().startsWith("/api/") || route.path().endsWith("/events")) continue;
            String path = route.path();
            for (Map.Entry<String, String> id : ids.entrySet()) path = path.replace(id.getKey(), id.getValue());
            if (path.contains("{")) continue; // an object this archive does not have (a hold, a release, an export ...)
            Response answer = admin.get(path + (path.equals("/api/search") || path.equals("/api/documents") ? "?q=discharge" : ""));
            JsonNode operation = spec.path("paths").path(route.path()).path("get");
            JsonNode declared = operation.path("responses").path(String.valueOf(answer.status()));
            if (declared.isMissingNode()) {
                problems.add("GET " + route.path() + " answered " + answer.status() + ", which the document does not list");
                continue;
            }
            String type = answer.header("content-type");
            if (answer.status() >= 300 || type == null || !type.startsWith("application/json")) continue;
            JsonNode schema = declared.path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                problems.add("GET " + route.path() + " " + answer.status() + " answers JSON the document gives no schema for");
                continue;
            }
            check(answer.json(), schema, "GET " + route.path() + " " + answer.status() + " $", problems);
            checked++;
        }
        assertTrue(checked >= 20, "too few routes answered to judge: " + checked);
        assertEquals(List.of(), problems);
    }

    /** Adds to {@code problems} each place where {@code value} has a field or type that {@code schema} does not declare. */
    private static void check(JsonNode value, JsonNode schema, String where, List<String> problems) {
        schema = resolve(schema);
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.has(choice)) {
                List<String> best = null;
                for (JsonNode alternative : schema.get(choice)) {
                    List<String> found = new ArrayList<>();
                    check(value, alternative, where, found);
                    if (best == null || found.size() < best.size()) best = found;
                }
                if (best != null) problems.addAll(best);
                return;
            }
        }
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) check(value, part, where, problems);
            return;
        }
        if (schema.has("type")) {
            TreeSet<String> types = new TreeSet<>();
            if (schema.get("type").isArray()) schema.get("type").forEach(t -> types.add(t.asText()));
            else types.add(schema.get("type").asText());
            if (!types.contains(typeOf(value)) && !(typeOf(value).equals("integer") && types.contains("number"))) {
                problems.add(where + " is " + typeOf(value) + ", declared " + types);
                return;
            }
        }
        if (schema.has("enum") && !value.isNull()) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) listed |= allowed.equals(value);
            if (!listed) problems.add(where + " is " + value + ", not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            JsonNode additional = schema.path("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (properties.has(field.getKey())) {
                    check(field.getValue(), properties.get(field.getKey()), where + "." + field.getKey(), problems);
                } else if (additional.isObject()) {
                    check(field.getValue(), additional, where + "." + field.getKey(), problems);
                } else if (properties.isObject() || additional.isBoolean()) {
                    problems.add(where + "." + field.getKey() + " is not declared");
                }
            }
        } else if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) check(item, schema.get("items"), where + "[" + i++ + "]", problems);
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            if (!ref.startsWith("#/")) throw new IllegalStateException("unexpected reference " + ref);
            schema = spec.at(ref.substring(1));
        }
        return schema;
    }

    private static String typeOf(JsonNode value) {
        if (value.isNull()) return "null";
        if (value.isBoolean()) return "boolean";
        if (value.isIntegralNumber()) return "integer";
        if (value.isNumber()) return "number";
        if (value.isTextual()) return "string";
        if (value.isArray()) return "array";
        return "object";
    }
}
