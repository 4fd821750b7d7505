package org.chartvault.imaging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageImagesTest {

    @Test
    void quarterTurnsMovePixelsClockwise() {
        BufferedImage image = gray(3, 2, new int[]{1, 2, 3, 4, 5, 6}); // rows: 1 2 3 / 4 5 6
        assertArrayEquals(new byte[]{4, 1, 5, 2, 6, 3}, PageImages.pixels(PageImages.rotateQuarterTurns(image, 1)));
        assertArrayEquals(new byte[]{6, 5, 4, 3, 2, 1}, PageImages.pixels(PageImages.rotateQuarterTurns(image, 2)));
        assertArrayEquals(new byte[]{3, 6, 2, 5, 1, 4}, PageImages.pixels(PageImages.rotateQuarterTurns(image, 3)));
        assertArrayEquals(PageImages.pixels(image), PageImages.pixels(PageImages.rotateQuarterTurns(image, -4)));
    }

    @Test
    void bitonalPageIsStoredAsOneBitPngWithItsResolution(@TempDir Path temp) throws Exception {
        BufferedImage image = gray(16, 4, new int[64]);
        for (int i = 0; i < 64; i++) PageImages.pixels(image)[i] = (byte) (i % 3 == 0 ? 0 : 255);
        byte[] png = PageImages.encodePng(PageImages.toBitonal(image), 204);
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(PageImages.isBitonal(back));
        assertArrayEquals(PageImages.pixels(image), PageImages.pixels(PageImages.toGray(back)));
        Path file = Files.write(temp.resolve("page.png"), png);
        double[] dpi = ImageFilePageSource.pngPhysicalDpi(file);
        assertEquals(204, dpi[0], 0.5);
        assertEquals(204, dpi[1], 0.5);
    }

    @Test
    void thumbnailIsTwoHundredPixelsWide() throws Exception {
        BufferedImage page = gray(2550, 3300, null);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(PageImages.thumbnailPng(page)));
        assertEquals(200, thumbnail.getWidth());
        assertEquals(259, thumbnail.getHeight());
    }

    @Test
    void medianFilterRemovesLoneSpecksAndKeepsStrokes() {
        BufferedImage page = gray(40, 40, null);
        byte[] pixels = PageImages.pixels(page);
        java.util.Arrays.fill(pixels, (byte) 255);
        pixels[5 * 40 + 5] = 0;                                           // a speck
        for (int y = 10; y < 30; y++) for (int x = 20; x < 23; x++) pixels[y * 40 + x] = 0; // a stroke 3 px wide
        assertTrue(PageImages.isolatedSpeckShare(page) > 0);
        BufferedImage filtered = PageImages.median3x3(page);
        assertEquals(255, PageImages.pixels(filtered)[5 * 40 + 5] & 0xff);
        assertEquals(0, PageImages.pixels(filtered)[20 * 40 + 21] & 0xff);
        assertEquals(0, PageImages.isolatedSpeckShare(filtered));
    }

    private static BufferedImage gray(int width, int height, int[] values) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        if (values != null) for (int i = 0; i < values.length; i++) PageImages.pixels(image)[i] = (byte) values[i];
        return image;
    }
}
