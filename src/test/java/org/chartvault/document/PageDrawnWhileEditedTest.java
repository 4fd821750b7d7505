package org.chartvault.document;

import org.chartvault.imaging.PageImages;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.storage.LocalDiskStore;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.ForwardingStore;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A born-digital page's image is drawn on first view from the page's source scan. A reviewer who reorders or splits
 * the document while it is being drawn must not leave the image of one page stored under another page's number (or
 * under a page that went to another document, which may be another patient's): the image stored is always that of
 * the page now in its place. The drawing is stopped at the moment it fetches the scan, and the edit made then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PageDrawnWhileEditedTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator();

    @TempDir
    static Path data;
    private GatedStore store;
    private RunningChartVault vault;
    private RunningChartVault.Client clerk, indexer, scanner;
    private final ExecutorService viewers = Executors.newSingleThreadExecutor();

    @BeforeAll
    void start() throws Exception {
        store = new GatedStore(new LocalDiskStore(data.resolve("store")));
        vault = RunningChartVault.start(data, Map.of(), store);
        clerk = vault.user("rita.roi", "roi");
        indexer = vault.user("ian.indexer", "indexer");
        scanner = vault.user("sam.scanner", "scanner");
    }

    @AfterAll
    void stop() {
        viewers.shutdownNow();
        if (vault != null) vault.close();
    }

    @Test
    void aPageReorderedWhileItsImageIsDrawnGetsTheImageOfThePageNowInItsPlace() throws Exception {
        ChartDocument chart = GENERATOR.document(GENERATOR.patient(8201), 91, "DISCHARGE SUMMARY", 2);
        String id = ArchivedCharts.bornDigital(scanner, chart, "Discharge Summary");
        List<byte[]> drawn = pagesOf(chart, "chart-91.pdf");

        Future<RunningChartVault.Response> view = viewWhileEditing(id, 1,
                () -> indexer.post("/api/documents/" + id + "/pages/reorder", Map.of("order", List.of(2, 1))));

        RunningChartVault.Response image = view.get(2, TimeUnit.MINUTES);
        assertEquals(200, image.status(), image::toString);
        assertArrayEquals(drawn.get(1), image.body(), "page 1 is now the scan's second page, and shows it");
        assertArrayEquals(drawn.get(1), store.getBytes(StorageKeys.pageImage(id, 1)), "and that is what is stored");
        assertArrayEquals(drawn.get(0), clerk.get("/api/documents/" + id + "/pages/2/image").body());
    }

    @Test
    void aPageSplitOffWhileItsImageIsDrawnLeavesNoImageBehind() throws Exception {
        ChartDocument chart = GENERATOR.document(GENERATOR.patient(8202), 92, "PROGRESS NOTE", 2);
        String id = ArchivedCharts.bornDigital(scanner, chart, "Progress Note");
        List<byte[]> drawn = pagesOf(chart, "chart-92.pdf");
        String[] cut = new String[1];

        Future<RunningChartVault.Response> view = viewWhileEditing(id, 2, () -> {
            RunningChartVault.Response split = indexer.post("/api/documents/" + id + "/split", Map.of("atPage", 2));
            cut[0] = split.json().get("documentId").asText();
            return split;
        });

        RunningChartVault.Response image = view.get(2, TimeUnit.MINUTES);
        assertEquals(404, image.status(), "the page is another document's now: " + image);
        assertFalse(store.exists(StorageKeys.pageImage(id, 2)), "no image is left under a page the document lost");
        assertArrayEquals(drawn.get(1), clerk.get("/api/documents/" + cut[0] + "/pages/1/image").body(),
                "the page shows in the document it went to");
    }

    private interface Edit {
        RunningChartVault.Response make();
    }

    /** Views the page; while its drawing waits for the scan, makes the edit, then lets the drawing go on. */
    private Future<RunningChartVault.Response> viewWhileEditing(String id, int page, Edit edit) throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        store.stopNextScanRead(reached, proceed);
        Future<RunningChartVault.Response> view = viewers.submit(() -> clerk.get("/api/documents/" + id + "/pages/" + page + "/image"));
        try {
            assertTrue(reached.await(1, TimeUnit.MINUTES), "the drawing fetched the scan");
            RunningChartVault.Response edited = edit.make();
            assertTrue(edited.status() == 200 || edited.status() == 201, edited::toString);
        } finally {
            proceed.countDown();
        }
        return view;
    }

    /** Each page of the chart's PDF drawn as ingest draws it: the pixels a page image must have. */
    private static List<byte[]> pagesOf(ChartDocument chart, String name) throws Exception {
        Path pdf = Files.write(data.resolve(name), ChartFiles.bornDigitalPdf(chart.pages()));
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, new PageLimits(100, 150_000_000L))) {
            var first = source.page(1);
            var second = source.page(2);
            return List.of(PageImages.encodePng(first.image(), first.dpi()), PageImages.encodePng(second.image(), second.dpi()));
        }
    }

    /** The real store, where the next read of an uploaded scan can be stopped until the test lets it go on. */
    private static final class GatedStore extends ForwardingStore {
        private record Gate(CountDownLatch reached, CountDownLatch proceed) {
        }

        private final java.util.concurrent.atomic.AtomicReference<Gate> next = new java.util.concurrent.atomic.AtomicReference<>();

        GatedStore(ObjectStore real) {
            super(real);
        }

        void stopNextScanRead(CountDownLatch reached, CountDownLatch proceed) {
            next.set(new Gate(reached, proceed));
        }

        @Override
        public InputStream get(String key) throws IOException {
            Gate gate = key.startsWith(StoredLayout.original("")) ? next.getAndSet(null) : null;
            if (gate != null) {
                gate.reached().countDown();
                try {
                    gate.proceed().await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("stopped while waiting");
                }
            }
            return real.get(key);
        }
    }
}
