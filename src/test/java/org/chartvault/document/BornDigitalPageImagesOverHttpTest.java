package org.chartvault.document;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.chartvault.imaging.PageImages;
import org.chartvault.imaging.PageLimits;
import org.chartvault.imaging.PageSource;
import org.chartvault.storage.ObjectStore;
import org.chartvault.testing.ArchivedCharts;
import org.chartvault.testing.ChartDocument;
import org.chartvault.testing.ChartFiles;
import org.chartvault.testing.ChartGenerator;
import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Born-digital pages that show only text are filed with their text, words and thumbnail; their page image and the
 * document's searchable PDF are made when first asked for, and are then what ingest would have stored: the same
 * pixels the words were measured on, stored under the usual keys, held with the document, deleted with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BornDigitalPageImagesOverHttpTest {
    private static final ChartGenerator GENERATOR = new ChartGenerator();

    @TempDir
    static Path data;
    private RunningChartVault vault;
    private RunningChartVault.Client admin, scanner, clerk, legal;
    private ObjectStore store;

    @BeforeAll
    void start() throws Exception {
        vault = RunningChartVault.start(data);
        admin = vault.admin();
        scanner = vault.user("sam.scanner", "scanner");
        clerk = vault.user("rita.roi", "roi");
        legal = vault.user("lena.legal", "legal");
        store = vault.app().store();
    }

    @AfterAll
    void stop() {
        if (vault != null) vault.close();
    }

    @Test
    void pageImageIsDrawnOnFirstViewWithThePixelsIngestWouldHaveStored() throws Exception {
        ChartDocument chart = GENERATOR.document(GENERATOR.patient(8101), 81, "DISCHARGE SUMMARY", 2);
        String id = ArchivedCharts.bornDigital(scanner, chart, "Discharge Summary");
        String key = StorageKeys.pageImage(id, 1);
        assertFalse(store.exists(key), "no page image is made at ingest");
        assertTrue(store.exists(StorageKeys.pageThumbnail(id, 1)), "the thumbnail is");
        assertEquals(200, clerk.get("/api/documents/" + id + "/pages/1/thumbnail").status());

        RunningChartVault.Response image = clerk.get("/api/documents/" + id + "/pages/1/image");
        assertEquals(200, image.status(), image::toString);
        assertTrue(store.exists(key), "stored on first view");
        assertArrayEquals(image.body(), clerk.get("/api/documents/" + id + "/pages/1/image").body(), "then read back");

        // exactly what ingest stored before: the page drawn at its resolution, as a PNG of that resolution
        Path pdf = Files.write(data.resolve("chart-81.pdf"), ChartFiles.bornDigitalPdf(chart.pages()));
        PageContent content = vault.app().documents().pageContent(vault.app().documents().get(id), 1);
        try (PageSource source = PageSource.open(pdf, PageSource.PDF, new PageLimits(100, 150_000_000L))) {
            var full = source.page(1);
            assertArrayEquals(PageImages.encodePng(full.image(), full.dpi()), image.body());
        }
        BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(image.body()));
        assertEquals(content.width(), drawn.getWidth());
        assertEquals(content.height(), drawn.getHeight());
        assertEquals(300, content.dpi());
    }

    @Test
    void searchablePdfIsMadeOnFirstDownloadWithEveryPageAndItsText() throws Exception {
        ChartDocument chart = GENERATOR.document(GENERATOR.patient(8102), 82, "PROGRESS NOTE", 3);
        String id = ArchivedCharts.bornDigital(scanner, chart, "Progress Note");
        String key = StorageKeys.searchablePdf(id);
        assertFalse(store.exists(key), "filed without its searchable PDF");

        RunningChartVault.Response pdf = clerk.get("/api/documents/" + id + "/pdf");
        assertEquals(200, pdf.status(), pdf::toString);
        assertTrue(store.exists(key));
        try (PDDocument read = Loader.loadPDF(pdf.body())) {
            assertEquals(3, read.getNumberOfPages());
            String text = new PDFTextStripper().getText(read);
            String firstWords = String.join(" ", Arrays.asList(chart.pages().get(0).groundTruth().get(0).trim().split("\\s+")).subList(0, 2));
            assertTrue(text.contains(firstWords), () -> "the text layer: " + text);
        }
        // the page images were drawn for the PDF, not stored: viewing them still draws them
        assertFalse(store.exists(StorageKeys.pageImage(id, 2)));
        assertArrayEquals(pdf.body(), clerk.get("/api/documents/" + id + "/pdf").body(), "the stored PDF is served again");
    }

    @Test
    void imagesAndPdfMadeForAHeldDocumentAreHeldAndDeletionRemovesThemAfterRelease() throws Exception {
        ChartDocument chart = GENERATOR.document(GENERATOR.patient(8103), 83, "CONSULTATION", 2);
        String id = ArchivedCharts.bornDigital(scanner, chart, "Consultation");
        RunningChartVault.Response placed = legal.post("/api/holds", Map.of("name", "Doe v. Northgate",
                "matter", "2026-CV-0083", "mrns", List.of(chart.indexing().mrn())));
        assertEquals(201, placed.status(), placed::toString);
        String holdId = placed.json().get("holdId").asText();

        assertEquals(200, clerk.get("/api/documents/" + id + "/pages/2/image").status());
        assertEquals(200, clerk.get("/api/documents/" + id + "/pdf").status());
        assertTrue(store.isLegalHold(StorageKeys.pageImage(id, 2)), "a page image drawn while held is held");
        assertTrue(store.isLegalHold(StorageKeys.searchablePdf(id)), "so is the searchable PDF made while held");

        RunningChartVault.Response released = legal.post("/api/holds/" + holdId + "/release", Map.of("reason", "settled"));
        assertTrue(released.status() == 200 || released.status() == 204, released::toString);
        assertFalse(store.isLegalHold(StorageKeys.pageImage(id, 2)), "released with the rest");
        assertEquals(204, admin.delete("/api/documents/" + id).status());
        assertEquals(List.of(), store.list(StorageKeys.documentPrefix(id)), "nothing of the document is left");
    }

    @Test
    void twoFirstViewsAtOnceGetTheSameImage() throws Exception {
        ChartDocument chart = GENERATOR.document(GENERATOR.patient(8104), 84, "HISTORY AND PHYSICAL", 1);
        String id = ArchivedCharts.bornDigital(scanner, chart, "History and Physical");
        int viewers = 4;
        CountDownLatch ready = new CountDownLatch(viewers);
        ExecutorService pool = Executors.newFixedThreadPool(viewers);
        try {
            List<Future<RunningChartVault.Response>> views = new ArrayList<>();
            for (int i = 0; i < viewers; i++) {
                RunningChartVault.Client viewer = vault.user("clerk.race" + i, "roi");
                Callable<RunningChartVault.Response> view = () -> {
                    ready.countDown();
                    ready.await();
                    return viewer.get("/api/documents/" + id + "/pages/1/image");
                };
                views.add(pool.submit(view));
            }
            byte[] first = null;
            for (Future<RunningChartVault.Response> view : views) {
                RunningChartVault.Response response = view.get();
                assertEquals(200, response.status(), response::toString);
                if (first == null) first = response.body();
                assertArrayEquals(first, response.body());
            }
            assertArrayEquals(first, store.getBytes(StorageKeys.pageImage(id, 1)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theOldWayStillStoresEveryPageImageAtIngest() throws Exception {
        try (RunningChartVault atIngest = RunningChartVault.start(data.resolve("at-ingest"),
                Map.of("CHARTVAULT_TEXT_PAGE_IMAGES", "at-ingest"))) {
            ChartDocument chart = GENERATOR.document(GENERATOR.patient(8105), 85, "DISCHARGE SUMMARY", 2);
            String id = ArchivedCharts.bornDigital(atIngest.user("sam.scanner", "scanner"), chart, "Discharge Summary");
            ObjectStore stored = atIngest.app().store();
            assertTrue(stored.exists(StorageKeys.pageImage(id, 1)));
            assertTrue(stored.exists(StorageKeys.pageImage(id, 2)));
            assertTrue(stored.exists(StorageKeys.searchablePdf(id)));
        }
    }
}
