package org.chartvault.watch;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.Json;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Files dropped into watched folders of a running ChartVault, and waiting on what it does with them. */
final class Drops {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    /** How often the tests' servers look into their folders (CHARTVAULT_WATCH_POLL_MS). */
    static final String POLL_MS = "150";
    private static final ChartGenerator GENERATOR = new ChartGenerator();
    private static final AtomicLong SEEDS = new AtomicLong(18_000);

    private Drops() {
    }

    /** A born-digital chart document unlike any other of the test run, and a word of its text to search for. */
    record Chart(byte[] bytes, String word) {
        String sha256() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Chart chart() {
        ChartDocument document = GENERATOR.document(SEEDS.incrementAndGet(), 1);
        String family = document.indexing().patientName().split(",")[0].strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]", "");
        return new Chart(ChartFiles.bornDigitalPdf(document.pages()), family);
    }

    /** Watches the folder under {@code account} with a 1 s settle time and the given settings; asserts it is kept. */
    static Response watch(Client admin, String id, Path folder, String account, Map<String, Object> settings) {
        Map<String, Object> body = body(folder, account);
        body.putAll(settings);
        Response answer = admin.send("PUT", "/api/watched-folders/" + id, "application/json", Json.bytes(body));
        assertEquals(200, answer.status(), answer.toString());
        return answer;
    }

    static Map<String, Object> body(Path folder, String account) {
        Map<String, Object> body = new HashMap<>();
        body.put("path", folder.toString());
        body.put("account", account);
        body.put("settleSeconds", 1);
        return body;
    }

    /** The folder's status as the API shows it. */
    static JsonNode status(Client admin, String id) {
        return admin.get("/api/watched-folders/" + id).json().get("status");
    }

    /** The batch the folder's last pickup filed its files in, once it is another than {@code before}. */
    static String lastBatchOf(Client admin, String id, String before) {
        String[] batch = new String[1];
        await(() -> {
            JsonNode last = status(admin, id).get("lastBatchId");
            batch[0] = last == null || last.isNull() ? null : last.asText(); // nulls are left out of answers
            return batch[0] != null && !batch[0].equals(before);
        }, "a pickup of " + id + " recorded");
        return batch[0];
    }

    static void awaitFile(Path file) {
        await(() -> Files.exists(file), file + " to appear");
    }

    static void awaitGone(Path file) {
        await(() -> !Files.exists(file), file + " to be taken");
    }

    /** Waits until the server's watcher has looked at every folder {@code more} more times. */
    static void awaitRounds(RunningChartVault server, int more) {
        long until = server.app().folderWatcher().rounds() + more + 1; // the round under way may have looked already
        await(() -> server.app().folderWatcher().rounds() >= until, more + " more rounds");
    }

    static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("waited in vain for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    /** The names in a folder, sorted. */
    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static Stream<JsonNode> items(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }
}
