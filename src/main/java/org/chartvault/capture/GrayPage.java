package org.chartvault.capture;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.util.Arrays;

/** A page as 8-bit luminance, one byte per pixel, rows without padding: what the barcode readers look at. */
record GrayPage(byte[] pixels, int width, int height) {

    GrayPage {
        if (pixels.length != width * height) throw new IllegalArgumentException("pixels do not fill " + width + "x" + height);
    }

    /** The page's luminance; shares the pixels of a plain 8-bit gray image instead of copying them. */
    static GrayPage of(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel model
                && model.getScanlineStride() == w && model.getPixelStride() == 1
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getOffset() == 0
                && buffer.getData().length == w * h) {
            return new GrayPage(buffer.getData(), w, h);
        }
        if (image.getColorModel() instanceof IndexColorModel colors && colors.getMapSize() == 2
                && raster.getSampleModel() instanceof MultiPixelPackedSampleModel model && model.getPixelBitStride() == 1
                && raster.getSampleModelTranslateX() == 0 && raster.getSampleModelTranslateY() == 0
                && raster.getDataBuffer() instanceof DataBufferByte buffer && buffer.getOffset() == 0) {
            return unpacked(buffer.getData(), model.getScanlineStride(), model.getDataBitOffset(), w, h,
                    (byte) colors.getGreen(0), (byte) colors.getGreen(1));
        }
        BufferedImage gray = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return new GrayPage(((DataBufferByte) gray.getRaster().getDataBuffer()).getData(), w, h);
    }

    /** A bitonal page (one bit per pixel, most significant bit first) spread out to one byte per pixel. */
    private static GrayPage unpacked(byte[] bits, int stride, int bitOffset, int w, int h, byte zero, byte one) {
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * stride, to = y * w;
            for (int x = 0; x < w; x++) {
                int bit = bitOffset + x;
                out[to + x] = ((bits[row + (bit >> 3)] >> (7 - (bit & 7))) & 1) == 0 ? zero : one;
            }
        }
        return new GrayPage(out, w, h);
    }

    /** Each {@code factor x factor} block averaged into one pixel (a bitonal page comes out with soft edges). */
    GrayPage reduced(int factor) {
        if (factor == 1) return this;
        int w = width / factor, h = height / factor, area = factor * factor;
        byte[] out = new byte[w * h];
        int[] sums = new int[w];
        for (int y = 0; y < h; y++) {
            Arrays.fill(sums, 0);
            for (int dy = 0; dy < factor; dy++) {
                int from = (y * factor + dy) * width;
                for (int x = 0; x < w * factor; x++) sums[x / factor] += pixels[from + x] & 0xff;
            }
            for (int x = 0; x < w; x++) out[y * w + x] = (byte) (sums[x] / area);
        }
        return new GrayPage(out, w, h);
    }

    GrayLuminance luminance() {
        return new GrayLuminance(pixels, width, height);
    }
}
