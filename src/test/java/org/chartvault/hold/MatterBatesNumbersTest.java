package org.chartvault.hold;

import org.chartvault.testing.ProductionFiles;
import com.fasterxml.jackson.databind.JsonNode;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bates numbers are one sequence per matter: productions of its holds and release packets made for it never repeat a
 * number, when they are requested at the same moment, and after a restart.
 */
class MatterBatesNumbersTest {
    private static final String MATTER = "Doe v. Mercy General, 2026-CV-0913";

    @TempDir
    Path data;

    @Test
    void twoProductionsAndAPacketInOneMatterNeverRepeatANumberRacedAndAfterARestart() throws Exception {
        ChartGenerator generator = new ChartGenerator();
        ChartDocument first = generator.document(9101, "PROGRESS NOTE", 2);
        ChartDocument second = generator.document(generator.patient(9101), 9102, "DISCHARGE SUMMARY", 3);
        String mrn = first.indexing().mrn();
        String holdId;
        String releaseId;
        List<Range> ranges = new ArrayList<>();
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            RunningChartVault.Client admin = vault.admin();
            RunningChartVault.Client legal = vault.user("lane.legal", "legal");
            RunningChartVault.Client clerk = vault.user("rita.roi", "roi");
            List<String> documents = List.of(ChartUploads.ofItsPatient(admin, first, null),
                    ChartUploads.ofItsPatient(admin, second, null));
            RunningChartVault.Response hold = legal.post("/api/holds", Map.of("name", "Doe preservation",
                    "matter", MATTER, "mrns", List.of(mrn)));
            assertEquals(201, hold.status(), hold::toString);
            holdId = hold.json().get("holdId").asText();
            RunningChartVault.Response release = clerk.post("/api/releases", Map.of("mrn", mrn,
                    "requester", Map.of("name", "Clerk of Court", "organization", "County Superior Court"),
                    "purpose", "Subpoena duces tecum", "matter", MATTER,
                    "items", documents.stream().map(d -> Map.of("documentId", d)).toList()));
            assertEquals(201, release.status(), release::toString);
            releaseId = release.json().get("releaseId").asText();

            // released together: two productions and the packet claim their numbers at the same moment
            CyclicBarrier start = new CyclicBarrier(3);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                Callable<RunningChartVault.Response> exportA = () -> {
                    start.await();
                    return legal.post("/api/holds/" + holdId + "/exports", Map.of("batesPrefix", "DOE"));
                };
                Callable<RunningChartVault.Response> exportB = () -> {
                    start.await();
                    return legal.post("/api/holds/" + holdId + "/exports", Map.of("batesPrefix", "DOE"));
                };
                Callable<RunningChartVault.Response> packet = () -> {
                    start.await();
                    return clerk.post("/api/releases/" + releaseId + "/packet", Map.of());
                };
                Future<RunningChartVault.Response> a = pool.submit(exportA), b = pool.submit(exportB), p = pool.submit(packet);
                assertEquals(202, a.get().status(), () -> a.toString());
                assertEquals(202, b.get().status());
                assertEquals(201, p.get().status(), () -> {
                    try {
                        return p.get().toString();
                    } catch (Exception e) {
                        return e.toString();
                    }
                });
                for (Future<RunningChartVault.Response> export : List.of(a, b)) {
                    ranges.add(production(legal, export.get().json().get("exportId").asText()));
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode packetRecord = clerk.get("/api/releases/" + releaseId).json().get("packet");
            ranges.add(new Range("packet", number(packetRecord.get("firstBates").asText()),
                    number(packetRecord.get("lastBates").asText())));
            byte[] pdf = clerk.get("/api/releases/" + releaseId + "/packet").body();
            try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
                assertTrue(new org.apache.pdfbox.text.PDFTextStripper().getText(document)
                        .contains(packetRecord.get("lastBates").asText()), "the packet's pages carry the matter's numbers");
            }
        }

        // a restart continues the matter's sequence
        try (RunningChartVault vault = RunningChartVault.start(data)) {
            RunningChartVault.Client admin = vault.admin();
            RunningChartVault.Response later = admin.post("/api/holds/" + holdId + "/exports", Map.of("batesPrefix", "DOE"));
            assertEquals(202, later.status(), later::toString);
            ranges.add(production(admin, later.json().get("exportId").asText()));
            // a first number already used in the matter is refused, with the next free one named
            RunningChartVault.Response taken = admin.post("/api/holds/" + holdId + "/exports", Map.of("batesStart", 1));
            assertEquals(409, taken.status(), taken::toString);
            assertEquals("bates-taken", taken.json().get("error").asText());
        }

        Set<Long> seen = new HashSet<>();
        for (Range range : ranges) {
            for (long n = range.first(); n <= range.last(); n++) {
                assertTrue(seen.add(n), "Bates number " + n + " used twice: " + ranges);
            }
        }
        // nothing crashed, so nothing was skipped either: 2 + 3 pages, four times, from 1
        assertEquals(20, seen.size(), ranges::toString);
        assertEquals(1, seen.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(20, seen.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    private record Range(String what, long first, long last) {
    }

    /** Waits for the production, then reads its page numbers from the Opticon load file inside the ZIP. */
    private static Range production(RunningChartVault.Client legal, String exportId) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        JsonNode status;
        while (!(status = legal.get("/api/exports/" + exportId).json()).get("status").asText().equals("done")) {
            // one read per look: reading twice let the export finish in between, and "done" was taken for a failure
            assertTrue(status.get("status").asText().matches("queued|running"), status::toString);
            if (Instant.now().isAfter(deadline)) throw new AssertionError("export not done: " + status);
            Thread.sleep(100); // polling the job's status: the condition is the export being done
        }
        Map<String, byte[]> files = ProductionFiles.unzip(legal.get("/api/exports/" + exportId + "/download").body());
        List<Long> pages = new String(files.get("DATA/production.opt"), StandardCharsets.UTF_8).lines()
                .map(l -> number(l.split(",", -1)[0])).toList();
        for (int i = 1; i < pages.size(); i++) assertEquals(pages.get(i - 1) + 1, pages.get(i), "continuous within a production");
        return new Range(exportId, pages.get(0), pages.get(pages.size() - 1));
    }

    private static long number(String bates) {
        return Long.parseLong(bates.replaceAll("^[^0-9]*", ""));
    }
}
