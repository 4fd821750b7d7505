package org.chartvault.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The FHIR face against what an attacker controls: the request's headers, its query and its body. Requests go
 * over a plain socket, so that headers an HTTP client would refuse to forge (Host) and bytes it would refuse to
 * send (a broken escape in a query) reach the server as an attacker sends them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UntrustedFhirInputTest {
    private static final String PUBLIC_URL = "https://archive.northgate.example/chartvault";
    private static final String MRN = "61000061";

    private RunningChartVault vault;
    private String token;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        vault = RunningChartVault.start(dir.resolve("data"), Map.of("CHARTVAULT_PUBLIC_URL", PUBLIC_URL + "/"));
        token = vault.admin().post("/api/tokens", Map.of("name", "raw requests")).json().get("token").asText();
        ArchiveFixture.file(vault.app(), MRN, "QUIGLEY, ROSA", LocalDate.of(1970, 4, 5), List.of("Discharge summary"),
                LocalDate.of(2020, 1, 1), 3);
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    // ---- the request's Host header ----

    @Test
    void forgedHostHeaderDoesNotSteerFhirLinks() throws IOException {
        Map<String, String> forged = Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example",
                "X-Forwarded-Proto", "http");
        Raw search = send("GET", "/fhir/DocumentReference?patient.identifier=" + MRN + "&_count=1", forged, null);
        assertEquals(200, search.status, search.text());
        assertFalse(search.text().contains("evil.example"), search.text());
        JsonNode bundle = search.json();
        List<String> urls = new ArrayList<>();
        bundle.get("link").forEach(link -> urls.add(link.get("url").asText()));
        assertEquals(2, urls.size(), "self and next: " + urls);
        bundle.get("entry").forEach(entry -> {
            urls.add(entry.get("fullUrl").asText());
            entry.get("resource").get("content").forEach(content -> urls.add(content.get("attachment").get("url").asText()));
        });
        for (String url : urls) assertTrue(url.startsWith(PUBLIC_URL + "/fhir/"), url);

        Raw metadata = send("GET", "/fhir/metadata", forged, null);
        assertEquals(PUBLIC_URL + "/fhir", metadata.json().get("implementation").get("url").asText());
        Raw patients = send("GET", "/fhir/Patient?identifier=" + MRN, forged, null);
        assertEquals(PUBLIC_URL + "/fhir/Patient/" + MRN, patients.json().get("entry").get(0).get("fullUrl").asText());
        assertFalse(patients.text().contains("evil.example"));
    }

    // ---- raw HTTP ----

    private record Raw(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
            }
        }
    }

    /**
     * One HTTP/1.0 request as written here, byte for byte (the answer then comes without chunking and the
     * connection closes after it). A bearer token is added unless the headers carry their own Authorization.
     */
    private Raw send(String method, String target, Map<String, String> headers, byte[] body) throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", "localhost:" + vault.app().port());
        all.put("Authorization", "Bearer " + token);
        all.putAll(headers);
        if (body != null) all.put("Content-Length", Integer.toString(body.length));
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.0\r\n");
        all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (Socket socket = new Socket("localhost", vault.app().port())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        }
    }

    private static Raw parse(byte[] response) {
        int end = 0;
        while (end + 3 < response.length && !(response[end] == '\r' && response[end + 1] == '\n'
                && response[end + 2] == '\r' && response[end + 3] == '\n')) end++;
        String[] head = new String(response, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.put(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(response, Math.min(end + 4, response.length), response.length);
        return new Raw(Integer.parseInt(head[0].split(" ")[1]), headers, body);
    }
}
