package org.chartvault.imaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import org.chartvault.testing.Corpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeskewerTest {
    private static final Deskewer DESKEWER = new Deskewer();
    private static BufferedImage straight;

    @BeforeAll
    static void loadAStraightPage() throws Exception {
        Path path = Corpus.scans().resolve("s02-nursing.tif");
        try (PageSource source = PageSource.open(path, PageSource.TIFF, new PageLimits(10, 150_000_000L))) {
            straight = source.page(1).image();
        }
    }

    @ParameterizedTest(name = "turned {0} degrees clockwise")
    @ValueSource(doubles = {-4.0, -1.5, 2.2, 5.0})
    void skewedPageIsTurnedBackByTheSameAngle(double degrees) {
        Deskewer.Result result = DESKEWER.deskew(turned(straight, degrees));
        assertEquals(-degrees, result.degreesClockwise(), 0.15);
        assertEquals(straight.getWidth(), result.image().getWidth());
        // straightened, the page has no skew left to find
        assertEquals(0, DESKEWER.deskew(result.image()).degreesClockwise(), 0.15);
    }

    @Test
    void straightPageIsLeftAlone() {
        Deskewer.Result result = DESKEWER.deskew(straight);
        assertSame(straight, result.image());
        assertEquals(0, result.degreesClockwise());
    }

    @Test
    void blankPageIsLeftAlone() {
        BufferedImage blank = new BufferedImage(1200, 1600, BufferedImage.TYPE_BYTE_GRAY);
        java.util.Arrays.fill(PageImages.pixels(blank), (byte) 0xff);
        assertSame(blank, DESKEWER.deskew(blank).image());
    }

    private static BufferedImage turned(BufferedImage gray, double degreesClockwise) {
        BufferedImage turned = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = turned.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, turned.getWidth(), turned.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        // y points down, so a positive angle turns the page clockwise as seen
        g.rotate(Math.toRadians(degreesClockwise), gray.getWidth() / 2.0, gray.getHeight() / 2.0);
        g.drawImage(gray, 0, 0, null);
        g.dispose();
        return turned;
    }
}
