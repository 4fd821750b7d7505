package org.chartvault.imaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Random;

import org.chartvault.testing.Corpus;
import org.chartvault.testing.Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlankPageDetectorTest {
    private final BlankPageDetector detector = new BlankPageDetector();

    @Test
    void scannerBackWithGrainDustAndADarkEdgeIsBlank() {
        BufferedImage page = paper(new Random(7));
        byte[] pixels = PageImages.pixels(page);
        Random random = new Random(11);
        for (int speck = 0; speck < 400; speck++) { // dust: 1 to 3 pixels across
            int x = random.nextInt(2540);
            int y = random.nextInt(3290);
            int size = 1 + random.nextInt(3);
            for (int dy = 0; dy < size; dy++) for (int dx = 0; dx < size; dx++) pixels[(y + dy) * 2550 + x + dx] = 20;
        }
        for (int y = 0; y < 3300; y++) for (int x = 0; x < 60; x++) pixels[y * 2550 + x] = 30; // the scanner's edge
        assertTrue(detector.isBlank(page, 300));
    }

    @Test
    void pageWithASingleWordIsNotBlank() {
        BufferedImage page = paper(new Random(7));
        Graphics2D g = page.createGraphics();
        g.setColor(Color.BLACK);
        g.setFont(Fonts.font("Serif", false, 42)); // 10 pt at 300 DPI
        g.drawString("Void", 1200, 1600);
        g.dispose();
        assertFalse(detector.isBlank(page, 300));
    }

    @Test
    void entirelyDarkPageIsNotBlank() {
        BufferedImage page = new BufferedImage(850, 1100, BufferedImage.TYPE_BYTE_GRAY);
        assertFalse(detector.isBlank(page, 100));
    }

    @ParameterizedTest(name = "{0} page {1}: blank {2}")
    @CsvSource({
            "scans/pillow-total-pages-zero.tif, 3, false", // only a printed header and footer line: still text
            "scans/s02-nursing.tif,             1, false",
            "scans/tesseract-phototest.tif,     1, false",
            "malformed/ocrmypdf-no_contents.pdf, 1, true", // a page without content
            "malformed/pdfjs-scan-bad.pdf,      1, false", // nearly blank scan, but "pdf.js" is printed on it
    })
    void corpusPages(String file, int number, boolean blank) throws Exception {
        Path path = Corpus.file(file);
        try (PageSource source = PageSource.open(path, FileTypes.detect(path), new PageLimits(10, 150_000_000L))) {
            SourcePage page = source.page(number);
            assertTrue(blank == detector.isBlank(page.image(), page.dpi()));
        }
    }

    /** Off-white paper with scanner grain. */
    private static BufferedImage paper(Random random) {
        BufferedImage page = new BufferedImage(2550, 3300, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = PageImages.pixels(page);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) Math.max(0, Math.min(255, 240 + (int) Math.round(random.nextGaussian() * 20)));
        }
        return page;
    }
}
