package org.chartvault.watch;

import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.RunningChartVault;
import org.chartvault.testing.RunningChartVault.Client;
import org.chartvault.testing.RunningChartVault.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.chartvault.watch.Drops.PATIENCE;
import static org.chartvault.watch.Drops.awaitFile;
import static org.chartvault.watch.Drops.awaitGone;
import static org.chartvault.watch.Drops.awaitRounds;
import static org.chartvault.watch.Drops.await;
import static org.chartvault.watch.Drops.chart;
import static org.chartvault.watch.Drops.items;
import static org.chartvault.watch.Drops.lastBatchOf;
import static org.chartvault.watch.Drops.names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Watched folders on a real server, with real folders on disk that files are dropped into as a scanner or a copy to
 * a share would: each file is filed as an upload of the folder's scanning account once it has stopped changing, and
 * leaves the folder only after it is archived.
 */
class WatchedFoldersOverHttpTest {

    @TempDir
    static Path root;
    static Path data;
    static Path scans;
    static RunningChartVault server;
    static Client admin;

    @BeforeAll
    static void start() throws IOException {
        data = root.resolve("data");
        scans = Files.createDirectories(root.resolve("scans"));
        server = RunningChartVault.start(data, Map.of("CHARTVAULT_WATCH_POLL_MS", Drops.POLL_MS));
        admin = server.admin();
        for (String[] user : new String[][]{{"er-station", "scanner"}, {"roi-desk", "roi"}}) {
            Response created = admin.post("/api/users", Map.of("username", user[0], "password", "Long-Station-Passphrase-26",
                    "roles", List.of(user[1])));
            assertEquals(201, created.status(), created.toString());
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void pdfDroppedInAWatchedFolderIsArchivedSearchableAndMovedToArchived() throws Exception {
        Path folder = folder("er");
        JsonNode configured = watch("er", folder, Map.of("documentType", "18842-5")).json();
        assertEquals("Discharge summary", configured.get("documentType").asText(), "the LOINC code is filed as its type");

        Drops.Chart chart = chart();
        Files.write(folder.resolve("discharge-0001.pdf"), chart.bytes());
        awaitFile(folder.resolve("archived/discharge-0001.pdf"));
        assertFalse(Files.exists(folder.resolve("discharge-0001.pdf")), "moved, not copied");
        assertArrayEquals(chart.bytes(), Files.readAllBytes(folder.resolve("archived/discharge-0001.pdf")));

        JsonNode batch = admin.awaitBatch(lastBatchOf(admin, "er", null), PATIENCE);
        assertEquals("er-station", batch.get("createdBy").asText(), "a batch of the station's account");
        JsonNode entry = batch.get("documents").get(0);
        assertEquals("discharge-0001.pdf", entry.get("file").asText());
        String documentId = entry.get("documentId").asText();
        JsonNode document = admin.get("/api/documents/" + documentId).json();
        assertEquals("Discharge summary", document.get("documentType").asText());
        assertEquals(chart.sha256(), document.get("sha256").asText());
        assertEquals("er-station", document.get("uploadedBy").asText());

        await(() -> items(admin.get("/api/search?q=" + chart.word()).json().get("hits"))
                .anyMatch(h -> h.get("documentId").asText().equals(documentId)), "the document to be found by its text");

        JsonNode uploads = admin.get("/api/audit?action=upload&user=er-station").json().get("entries");
        assertTrue(items(uploads).anyMatch(e -> e.get("target").get("id").asText().equals(batch.get("batchId").asText())
                && e.get("details").get("watchedFolder").asText().equals("er")), uploads.toString());
    }

    @Test
    void fileStillBeingWrittenIsNotTakenUntilItStopsChanging() throws Exception {
        Path folder = folder("growing");
        watch("growing", folder, Map.of("settleSeconds", 3));
        Drops.Chart chart = chart();
        Path file = folder.resolve("long-scan.pdf");
        int step = chart.bytes().length / 16 + 1;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < chart.bytes().length; written += step) {
                out.write(chart.bytes(), written, Math.min(step, chart.bytes().length - written));
                out.flush();
                // each part lands after at least two more looks at the folder (150 ms apart or more): the 16 parts
                // outlast the 3 s settle time, yet the file never stays unchanged for that long
                awaitRounds(server, 2);
                assertTrue(Files.exists(file), "taken while still being written");
                assertFalse(Files.exists(folder.resolve("archived")), "taken while still being written");
            }
        }
        awaitFile(folder.resolve("archived/long-scan.pdf"));
        JsonNode batch = admin.awaitBatch(lastBatchOf(admin, "growing", null), PATIENCE);
        JsonNode document = admin.get("/api/documents/" + batch.get("documents").get(0).get("documentId").asText()).json();
        assertEquals(chart.sha256(), document.get("sha256").asText(), "the whole file was archived, not a part of it");
    }

    @Test
    void partialUploadNamesAndHiddenFilesAreLeftAlone() throws Exception {
        Path folder = folder("partials");
        List<String> unfinished = List.of("scan-7.pdf.tmp", "scan-8.part", "scan-9.pdf~", ".scan-10.pdf", "scan-11.PDF.TMP");
        for (String name : unfinished) Files.write(folder.resolve(name), chart().bytes());
        Files.createDirectories(folder.resolve(".sync"));
        Files.write(folder.resolve(".sync/hidden.pdf"), chart().bytes());
        watch("partials", folder, Map.of());
        Files.write(folder.resolve("finished.pdf"), chart().bytes());

        // every file has been there, unchanged, as long as the finished one; had any been taken, it went with it
        awaitFile(folder.resolve("archived/finished.pdf"));
        awaitRounds(server, 3);
        for (String name : unfinished) assertTrue(Files.exists(folder.resolve(name)), name + " was taken");
        assertTrue(Files.exists(folder.resolve(".sync/hidden.pdf")), "a hidden folder was looked into");
        assertEquals(List.of("finished.pdf"), names(folder.resolve("archived")));
        assertFalse(Files.exists(folder.resolve("rejected")));
    }

    @Test
    void fileThatIsNotAScanGoesToRejectedWithItsReason() throws Exception {
        Path folder = folder("refusals");
        watch("refusals", folder, Map.of());
        Files.writeString(folder.resolve("shift-notes.txt"), "Handover: bed 4 needs a chart pull.\n");
        Files.write(folder.resolve("torn.pdf"), "%PDF-1.7\n1 0 obj <</Type/Catalog".getBytes(StandardCharsets.US_ASCII));

        awaitFile(folder.resolve("rejected/shift-notes.txt.reason.txt"));
        awaitFile(folder.resolve("rejected/torn.pdf.reason.txt"));
        assertTrue(Files.exists(folder.resolve("rejected/shift-notes.txt")));
        assertTrue(Files.exists(folder.resolve("rejected/torn.pdf")));
        assertFalse(Files.exists(folder.resolve("shift-notes.txt")));
        assertFalse(Files.exists(folder.resolve("archived")), "nothing was archived");
        String reason = Files.readString(folder.resolve("rejected/shift-notes.txt.reason.txt"));
        assertTrue(reason.contains("Not a supported file"), reason);
        JsonNode batch = admin.awaitBatch(lastBatchOf(admin, "refusals", null), PATIENCE);
        assertTrue(items(batch.get("documents")).allMatch(d -> d.get("status").asText().equals("rejected")), batch.toString());
    }

    @Test
    void backlogOfManyFilesIsTakenInBatchesOfAtMostFifty() throws Exception {
        Path folder = folder("backlog");
        for (int i = 1; i <= 120; i++) Files.writeString(folder.resolve("note-" + i + ".txt"), "not a scan " + i);
        watch("backlog", folder, Map.of());

        await(() -> {
            try {
                return names(folder.resolve("rejected")).size() == 240; // each file with its reason
            } catch (IOException e) {
                return false; // rejected/ not made yet
            }
        }, "all 120 files refused");
        List<Integer> batchSizes = items(admin.get("/api/audit?action=upload&user=er-station&limit=500").json().get("entries"))
                .filter(e -> e.get("details").path("watchedFolder").asText().equals("backlog"))
                .map(e -> Integer.parseInt(e.get("details").get("result").asText().split(" ")[0])).toList();
        assertEquals(120, batchSizes.stream().mapToInt(Integer::intValue).sum(), batchSizes.toString());
        assertTrue(batchSizes.stream().allMatch(n -> n <= Pickup.MAX_FILES), batchSizes.toString());
        assertEquals(List.of(), names(folder).stream().filter(n -> !n.equals("rejected")).toList());
    }

    @Test
    void sameFileDroppedTwiceIsOneDocumentAndBothAreCleared() throws Exception {
        Path folder = folder("twice");
        watch("twice", folder, Map.of("afterArchiving", "delete"));
        Drops.Chart chart = chart();
        Files.write(folder.resolve("first.pdf"), chart.bytes());
        awaitGone(folder.resolve("first.pdf"));
        String firstBatch = lastBatchOf(admin, "twice", null);
        JsonNode first = admin.awaitBatch(firstBatch, PATIENCE).get("documents").get(0);
        assertFalse(first.get("documentId").isNull(), first.toString());

        Files.write(folder.resolve("second.pdf"), chart.bytes());
        awaitGone(folder.resolve("second.pdf"));
        JsonNode second = admin.awaitBatch(lastBatchOf(admin, "twice", firstBatch), PATIENCE).get("documents").get(0);
        assertEquals("duplicate", second.get("status").asText(), second.toString());
        assertEquals(first.get("documentId").asText(), second.get("documentId").asText());
        assertEquals(List.of(), names(folder), "deleted once archived, the duplicate too");
    }

    @Test
    void fileInASubFolderIsPickedUpAndArchivedUnderTheSameSubFolder() throws Exception {
        Path folder = folder("wards");
        Path ward = Files.createDirectories(folder.resolve("ward-4/2026-12"));
        watch("wards", folder, Map.of());
        Files.write(ward.resolve("scan.pdf"), chart().bytes());
        awaitFile(folder.resolve("archived/ward-4/2026-12/scan.pdf"));

        // the station names every scan alike: the next one is kept beside it, not over it
        byte[] next = chart().bytes();
        Files.write(ward.resolve("scan.pdf"), next);
        awaitFile(folder.resolve("archived/ward-4/2026-12/scan (2).pdf"));
        assertArrayEquals(next, Files.readAllBytes(folder.resolve("archived/ward-4/2026-12/scan (2).pdf")));
        assertTrue(Files.isDirectory(ward), "the station's folders stay");
    }

    @Test
    void folderIsRefusedWithASentenceWhenItCannotBeWatchedAsAsked() throws IOException {
        Path folder = folder("refused");
        record Case(String why, Map<String, Object> body, String error, String says) {
        }
        List<Case> cases = List.of(
                new Case("an account without the scanner role", body(folder, "roi-desk"), "bad-watched-folder",
                        "does not have the scanner role"),
                new Case("an account that does not exist", body(folder, "ghost-station"), "bad-watched-folder",
                        "There is no user 'ghost-station'"),
                new Case("a folder that is not there", body(folder.resolve("missing"), "er-station"), "bad-watched-folder",
                        "There is no folder"),
                new Case("a relative path", with(body(folder, "er-station"), "path", "scans/er"), "bad-watched-folder",
                        "absolute path"),
                new Case("ChartVault's own data", body(data.resolve("store"), "er-station"), "bad-watched-folder",
                        "data directory"),
                new Case("a folder inside another watched folder", body(scans.resolve("er/inner"), "er-station"),
                        "bad-watched-folder", "inside or around the watched folder 'er'"),
                new Case("an unknown document type", with(body(folder, "er-station"), "documentType", "Grocery list"),
                        "unknown-document-type", "is not a document type"),
                new Case("an unknown way to clear files", with(body(folder, "er-station"), "afterArchiving", "shred"),
                        "bad-watched-folder", "afterArchiving must be one of 'move', 'delete'"));
        watch("er", folder("er"), Map.of("documentType", "18842-5"));
        Files.createDirectories(scans.resolve("er/inner"));
        for (Case c : cases) {
            Response answer = admin.send("PUT", "/api/watched-folders/refused", "application/json",
                    org.chartvault.Json.bytes(c.body()));
            assertEquals(400, answer.status(), c.why() + ": " + answer);
            assertEquals(c.error(), answer.json().get("error").asText(), c.why());
            assertTrue(answer.json().get("message").asText().contains(c.says()), c.why() + ": " + answer);
        }
        assertEquals(404, admin.get("/api/watched-folders/refused").status(), "nothing was kept");
    }

    @Test
    void removedFolderIsNoLongerWatched() throws Exception {
        Path folder = folder("retired");
        watch("retired", folder, Map.of());
        assertEquals(204, admin.delete("/api/watched-folders/retired").status());
        assertEquals(404, admin.delete("/api/watched-folders/retired").status());
        Files.write(folder.resolve("late.pdf"), chart().bytes());
        awaitRounds(server, 12); // 12 looks 150 ms apart or more: well past the 1 s settle time
        assertTrue(Files.exists(folder.resolve("late.pdf")));
        assertFalse(Files.exists(folder.resolve("archived")));
    }

    private static Response watch(String id, Path folder, Map<String, Object> settings) {
        return Drops.watch(admin, id, folder, "er-station", settings);
    }

    private static Map<String, Object> body(Path folder, String account) {
        return Drops.body(folder, account);
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        body.put(key, value);
        return body;
    }

    private static Path folder(String name) throws IOException {
        return Files.createDirectories(scans.resolve(name));
    }
}
