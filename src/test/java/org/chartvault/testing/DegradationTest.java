package org.chartvault.testing;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DegradationTest {

    private final ChartPage page = new ChartGenerator().page(8);
    private final ScannedPage clean = page.scan(100);

    @Test
    void rotatingByNinetySwapsTheSidesAndMovesEveryPixelAQuarterTurn() {
        ScannedPage turned = clean.apply(Degradation.rotate(90));

        int w = clean.image().getWidth(), h = clean.image().getHeight();
        assertEquals(h, turned.image().getWidth());
        assertEquals(w, turned.image().getHeight());
        assertEquals(90, turned.rotation());
        Raster before = clean.image().getRaster(), after = turned.image().getRaster();
        for (int[] p : new int[][] {{0, 0}, {w / 3, h / 5}, {w - 1, h - 1}, {200, 150}}) {
            assertEquals(before.getSample(p[0], p[1], 0), after.getSample(h - 1 - p[1], p[0], 0));
        }
    }

    @Test
    void fourQuarterTurnsGiveTheSamePixelsBack() {
        ScannedPage bitonal = clean.apply(Degradation.binarize(128));
        Degradation quarter = Degradation.rotate(90);
        ScannedPage around = bitonal.apply(quarter.then(quarter).then(quarter).then(quarter));

        assertEquals(0, around.rotation());
        assertTrue(around.isBitonal());
        assertArrayEquals(bitonal.image().getRaster().getPixels(0, 0, 850, 1100, (int[]) null),
                around.image().getRaster().getPixels(0, 0, 850, 1100, (int[]) null));
    }

    @Test
    void skewKeepsTheCanvasAndRecordsTheAngle() {
        ScannedPage crooked = clean.apply(Degradation.skew(2.0).then(Degradation.skew(0.5)));

        assertEquals(clean.image().getWidth(), crooked.image().getWidth());
        assertEquals(2.5, crooked.skew(), 1e-9);
        assertTrue(inkRowsOf(crooked.image()) > inkRowsOf(clean.image()), "slanted lines cover more rows");
        assertTrue(clean.apply(Degradation.binarize(128)).apply(Degradation.skew(1)).isBitonal());
    }

    @Test
    void binarizingLeavesOnlyBlackAndWhite() {
        ScannedPage bitonal = clean.apply(Degradation.binarize(128));

        assertTrue(bitonal.isBitonal());
        assertEquals(1, bitonal.image().getColorModel().getPixelSize());
        double grayInk = share(clean.image(), 128), bitonalInk = share(bitonal.image(), 128);
        assertEquals(grayInk, bitonalInk, 1e-9);
        assertTrue(bitonalInk > 0.01 && bitonalInk < 0.2, "some ink: " + bitonalInk);
    }

    @Test
    void faxIsBitonalAt204By196() {
        ScannedPage fax = page.scan(300).apply(Degradation.fax());

        assertEquals(Resolution.FAX_FINE, fax.resolution());
        assertEquals(1734, fax.image().getWidth());
        assertEquals(2156, fax.image().getHeight());
        assertTrue(fax.isBitonal());
    }

    @Test
    void noiseDependsOnlyOnItsSeed() {
        Degradation noise = Degradation.gaussianNoise(10, 4);

        assertArrayEquals(Pixels.bytes(clean.apply(noise).image()), Pixels.bytes(clean.apply(noise).image()));
        assertFalse(Arrays.equals(Pixels.bytes(clean.apply(noise).image()),
                Pixels.bytes(clean.apply(Degradation.gaussianNoise(10, 5)).image())));
    }

    @Test
    void saltAndPepperHitsAboutTheAskedShareOfPixels() {
        ScannedPage blank = BlankPages.backOfSheet(100, 1).apply(Degradation.binarize(128));
        ScannedPage peppered = blank.apply(Degradation.saltAndPepper(0.01, 3));

        assertTrue(peppered.isBitonal());
        double black = share(peppered.image(), 128) - share(blank.image(), 128);
        assertEquals(0.005, black, 0.001);   // half the hits are pepper
    }

    @Test
    void blurAndJpegTurnBlackTypeIntoGrays() {
        ScannedPage bitonal = clean.apply(Degradation.binarize(128));
        for (Degradation soften : new Degradation[] {Degradation.blur(1.5), Degradation.jpeg(0.3f)}) {
            ScannedPage soft = bitonal.apply(soften);
            assertFalse(soft.isBitonal());
            assertTrue(share(soft.image(), 240) - share(soft.image(), 16) > 0.005, "intermediate grays appear");
        }
    }

    @Test
    void resamplingKeepsThePhysicalSize() {
        ScannedPage lower = page.scan(300).apply(Degradation.resample(Resolution.dpi(200)));

        assertEquals(1700, lower.image().getWidth());
        assertEquals(2200, lower.image().getHeight());
        assertEquals(Resolution.dpi(200), lower.resolution());
    }

    @Test
    void blankBacksHaveNoTextAndLittleInk() {
        for (ScannedPage back : new ScannedPage[] {BlankPages.backOfSheet(100, 2), BlankPages.withMark(100, 2),
                BlankPages.withMark(100, 3), BlankPages.withBleedThrough(page, 100, 2)}) {
            assertTrue(back.printed().isBlank());
            assertTrue(share(back.image(), 128) < 0.003, "almost no dark pixels");
        }
        ScannedPage ghost = BlankPages.withBleedThrough(page, 100, 2);
        assertTrue(share(ghost.image(), 245) > 0.005, "the front shows through faintly");
    }

    @Test
    void degradationsRefuseAnglesTheyDoNotModel() {
        assertThrows(IllegalArgumentException.class, () -> Degradation.rotate(45));
        assertThrows(IllegalArgumentException.class, () -> Degradation.skew(30));
    }

    /** Share of pixels darker than {@code below} (0-255). */
    private static double share(BufferedImage image, int below) {
        byte[] gray = Pixels.bytes(Pixels.gray(image));
        long dark = 0;
        for (byte b : gray) if ((b & 0xff) < below) dark++;
        return (double) dark / gray.length;
    }

    private static int inkRowsOf(BufferedImage image) {
        BufferedImage gray = Pixels.gray(image);
        byte[] px = Pixels.bytes(gray);
        int rows = 0, w = gray.getWidth();
        for (int y = 0; y < gray.getHeight(); y++) {
            for (int x = 0; x < w; x++) {
                if ((px[y * w + x] & 0xff) < 128) {
                    rows++;
                    break;
                }
            }
        }
        return rows;
    }
}
