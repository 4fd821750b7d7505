package org.chartvault.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.App;
import org.chartvault.Config;
import org.chartvault.Json;
import org.chartvault.storage.ObjectStore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real ChartVault (every component, local-disk storage and index in a temporary folder) serving HTTP on a
 * free port, and a small client for its API. Tests talk to it exactly as outside scripts do.
 */
public final class RunningChartVault implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "Correct-Horse-Battery-42";

    private final App app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private Client admin;

    private RunningChartVault(App app) {
        this(app, "http://localhost:" + app.port());
    }

    private RunningChartVault(App app, String base) {
        this.app = app;
        this.base = base;
    }

    /** A client for a ChartVault running in another process (same admin password), e.g. one a test kills. */
    public static RunningChartVault remote(int port) {
        return new RunningChartVault(null, "http://localhost:" + port);
    }

    /** Starts on {@code dataDir} (reusing whatever is stored there: that is how restarts are tested). */
    public static RunningChartVault start(Path dataDir) throws IOException {
        return start(dataDir, Map.of());
    }

    public static RunningChartVault start(Path dataDir, Map<String, String> settings) throws IOException {
        return start(dataDir, settings, java.time.Clock.systemUTC());
    }

    /** With a clock the test controls, to cross session timeouts and lockouts without waiting. */
    public static RunningChartVault start(Path dataDir, Map<String, String> settings, java.time.Clock clock)
            throws IOException {
        return serve(App.open(config(dataDir, settings), clock));
    }

    /**
     * Starts on {@code dataDir} over a store the test built, e.g. the real store in a {@link FaultInjectingStore}
     * (its local root is normally {@code dataDir.resolve("store")}). The service closes the store.
     */
    public static RunningChartVault start(Path dataDir, Map<String, String> settings, ObjectStore store)
            throws IOException {
        return serve(App.open(config(dataDir, settings), store));
    }

    private static Config config(Path dataDir, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>();
        env.put("CHARTVAULT_DATA", dataDir.toString());
        env.put("CHARTVAULT_PORT", "0");
        env.put("CHARTVAULT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("CHARTVAULT_OCR_WORKERS", "2");
        // The real Argon2id, at a cost for tests: every test user logs in, and the suite has hundreds of them.
        env.put("CHARTVAULT_ARGON2_MEMORY_KIB", "8192");
        env.put("CHARTVAULT_ARGON2_ITERATIONS", "1");
        env.putAll(settings);
        return Config.from(env);
    }

    private static RunningChartVault serve(App app) throws IOException {
        try {
            app.startServing();
        } catch (IOException | RuntimeException e) {
            app.close();
            throw e;
        }
        return new RunningChartVault(app);
    }

    /** The in-process service; null for {@link #remote}. */
    public App app() {
        return app;
    }

    public String url(String path) {
        return base + path;
    }

    /** An API client logged in with a bearer token of the administrator (one login per server). */
    public synchronized Client admin() {
        if (admin == null) admin = login("admin", ADMIN_PASSWORD);
        return admin;
    }

    /** Creates a user with these roles (as admin) and returns a token client for them. */
    public Client user(String username, String... roles) {
        String password = "Pw-" + UUID.randomUUID();
        Client admin = admin();
        Response created = admin.post("/api/users", Map.of("username", username, "password", password, "roles", List.of(roles)));
        if (created.status() != 201 && created.status() != 409) throw new IllegalStateException("creating " + username + ": " + created);
        if (created.status() == 409) throw new IllegalStateException("user " + username + " exists already");
        return login(username, password);
    }

    /** Logs in and switches to a bearer token, as API clients do. */
    public Client login(String username, String password) {
        Client anonymous = anonymous();
        Response session = anonymous.post("/api/session", Map.of("username", username, "password", password));
        if (session.status() != 200) throw new IllegalStateException("login of " + username + " failed: " + session);
        String cookie = session.header("set-cookie").split(";", 2)[0];
        Client withCookie = new Client(null, cookie, session.json().get("csrfToken").asText());
        Response token = withCookie.post("/api/tokens", Map.of("name", "tests"));
        if (token.status() != 201) throw new IllegalStateException("token for " + username + " failed: " + token);
        return new Client(token.json().get("token").asText(), null, null);
    }

    /** A client sending another client's session cookie and CSRF token to this server (another node). */
    public Client withSessionOf(Client other) {
        return new Client(null, other.cookie, other.csrf);
    }

    /** A client sending this bearer token. */
    public Client withToken(String token) {
        return new Client(token, null, null);
    }

    public Client anonymous() {
        return new Client(null, null, null);
    }

    /** A session-cookie client (as the browser), with its CSRF token. */
    public Client browser(String username, String password) {
        Response session = anonymous().post("/api/session", Map.of("username", username, "password", password));
        if (session.status() != 200) throw new IllegalStateException("login of " + username + " failed: " + session);
        return new Client(null, session.header("set-cookie").split(";", 2)[0], session.json().get("csrfToken").asText());
    }

    @Override
    public void close() {
        if (app != null) app.close();
    }

    /** The answer to one request. */
    public record Response(int status, byte[] body, Map<String, List<String>> headers) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + text(), e);
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        @Override
        public String toString() {
            String shown = body.length > 500 ? new String(body, 0, 500, StandardCharsets.UTF_8) + "…" : text();
            return status + " " + shown;
        }
    }

    /** A file to upload. */
    public record Part(String fileName, byte[] content) {
    }

    /** Requests as one caller: bearer token, or session cookie plus CSRF token, or nobody. */
    public final class Client {
        private final String token;
        private final String cookie;
        private final String csrf;

        private Client(String token, String cookie, String csrf) {
            this.token = token;
            this.cookie = cookie;
            this.csrf = csrf;
        }

        public Client withoutCsrf() {
            return new Client(token, cookie, null);
        }

        /** The bearer token this client sends (null for a session client). */
        public String token() {
            return token;
        }

        public Response get(String path) {
            return send(request(path).GET());
        }

        public Response delete(String path) {
            return send(request(path).DELETE());
        }

        public Response post(String path, Object json) {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(json))));
        }

        public Response patch(String path, Object json) {
            return send(request(path).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(Json.bytes(json))));
        }

        public Response send(String method, String path, String contentType, byte[] body) {
            return sendWithHeaders(method, path, contentType, body, Map.of());
        }

        /** A request with extra headers, as a browser on another site would send (Origin, Sec-Fetch-Site …). */
        public Response sendWithHeaders(String method, String path, String contentType, byte[] body,
                                        Map<String, String> headers) {
            HttpRequest.Builder b = request(path);
            if (contentType != null) b.header("Content-Type", contentType);
            headers.forEach(b::header);
            return send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        /** {@code POST /api/batches} with the files as {@code file} parts and the given text fields. */
        public Response upload(Map<String, String> fields, Part... files) {
            return postFiles("/api/batches", fields, files);
        }

        /** A {@code multipart/form-data} POST: the files as {@code file} parts and the given text fields. */
        public Response postFiles(String path, Map<String, String> fields, Part... files) {
            String boundary = "cv-" + UUID.randomUUID();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            fields.forEach((name, value) -> write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                    + name + "\"\r\n\r\n" + value + "\r\n"));
            for (Part file : files) {
                write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                        + file.fileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
                body.writeBytes(file.content());
                write(body, "\r\n");
            }
            write(body, "--" + boundary + "--\r\n");
            return send(request(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        }

        /** Polls the batch until it is done (or the deadline passes) and returns its last state. */
        public JsonNode awaitBatch(String batchId, Duration deadline) {
            Instant until = Instant.now().plus(deadline);
            while (true) {
                Response r = get("/api/batches/" + batchId);
                if (r.status() != 200) throw new IllegalStateException("batch " + batchId + ": " + r);
                JsonNode batch = r.json();
                if ("done".equals(batch.get("status").asText())) return batch;
                if (Instant.now().isAfter(until)) throw new AssertionError("batch not done in time: " + batch);
                sleep(250);
            }
        }

        /**
         * Polls each document until it has settled (indexed, needs review or failed) and returns its status; an
         * acknowledged document that cannot be read fails at once, one still working at the deadline fails then.
         */
        public Map<String, String> awaitSettled(Iterable<String> documentIds, Duration deadline) {
            Instant until = Instant.now().plus(deadline);
            Map<String, String> statuses = new java.util.LinkedHashMap<>();
            for (String id : documentIds) {
                while (true) {
                    Response r = get("/api/documents/" + id);
                    if (r.status() != 200) throw new AssertionError("acknowledged document " + id + " is missing: " + r);
                    String status = r.json().get("status").asText();
                    if (status.matches("indexed|needs-review|failed")) {
                        statuses.put(id, status);
                        break;
                    }
                    if (Instant.now().isAfter(until)) throw new AssertionError(id + " did not settle in time: " + r);
                    sleep(250);
                }
            }
            return statuses;
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
            if (token != null) b.header("Authorization", "Bearer " + token);
            if (cookie != null) b.header("Cookie", cookie);
            if (csrf != null) b.header("X-CSRF-Token", csrf);
            return b;
        }

        private Response send(HttpRequest.Builder builder) {
            try {
                HttpResponse<byte[]> r = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(r.statusCode(), r.body(), r.headers().map());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
