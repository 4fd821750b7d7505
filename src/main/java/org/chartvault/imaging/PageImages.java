package org.chartvault.imaging;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Pixel work on page images. Pages travel through ChartVault as 8-bit gray images ({@code TYPE_BYTE_GRAY}, one
 * byte per pixel, rows packed); bitonal pages are turned back into 1-bit images only when stored.
 */
public final class PageImages {
    /** Width of the thumbnails shown in page lists and the review queue. */
    public static final int THUMBNAIL_WIDTH = 200;

    private PageImages() {
    }

    /** True for 1-bit images (fax, CCITT, JBIG2 scans), which stay bitonal when stored. */
    public static boolean isBitonal(BufferedImage image) {
        return image.getColorModel().getPixelSize() == 1;
    }

    /** The image as packed 8-bit gray, transparent parts laid on white; returned as is when it already is. */
    public static BufferedImage toGray(BufferedImage image) {
        if (isPackedGray(image)) return image;
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage gray = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = pixels(gray);
        if (expandBitonal(image, out)) return gray;
        Raster raster = image.getRaster();
        if (image.getType() == BufferedImage.TYPE_USHORT_GRAY || image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
            int shift = image.getType() == BufferedImage.TYPE_USHORT_GRAY ? 8 : 0;
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) out[y * width + x] = (byte) (row[x] >> shift);
            }
            return gray;
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int alpha = argb >>> 24;
                int luma = (((argb >> 16) & 0xff) * 299 + ((argb >> 8) & 0xff) * 587 + (argb & 0xff) * 114 + 500) / 1000;
                if (alpha != 255) luma = (luma * alpha + 255 * (255 - alpha)) / 255;
                out[y * width + x] = (byte) luma;
            }
        }
        return gray;
    }

    private static boolean isPackedGray(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_BYTE_GRAY
                && image.getRaster().getSampleModel() instanceof PixelInterleavedSampleModel model
                && model.getScanlineStride() == image.getWidth() && model.getPixelStride() == 1
                && image.getRaster().getDataBuffer().getOffset() == 0
                && image.getRaster().getSampleModelTranslateX() == 0 && image.getRaster().getSampleModelTranslateY() == 0;
    }

    /** Fast path for 1-bit images with a two-colour palette: 8 pixels per byte through a table. */
    private static boolean expandBitonal(BufferedImage image, byte[] out) {
        if (!(image.getColorModel() instanceof IndexColorModel palette) || palette.getMapSize() != 2) return false;
        if (!(image.getRaster().getSampleModel() instanceof MultiPixelPackedSampleModel model)
                || model.getPixelBitStride() != 1 || model.getDataBitOffset() != 0
                || image.getRaster().getSampleModelTranslateX() != 0 || image.getRaster().getSampleModelTranslateY() != 0) {
            return false;
        }
        byte zero = (byte) luma(palette.getRGB(0));
        byte one = (byte) luma(palette.getRGB(1));
        byte[] packed = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int stride = model.getScanlineStride();
        int width = image.getWidth();
        for (int y = 0; y < image.getHeight(); y++) {
            int rowStart = y * stride;
            int outStart = y * width;
            for (int x = 0; x < width; x++) {
                int bit = (packed[rowStart + (x >> 3)] >> (7 - (x & 7))) & 1;
                out[outStart + x] = bit == 0 ? zero : one;
            }
        }
        return true;
    }

    private static int luma(int rgb) {
        return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114 + 500) / 1000;
    }

    /** The bytes of a packed gray image, one per pixel, row after row. */
    public static byte[] pixels(BufferedImage gray) {
        if (!isPackedGray(gray)) throw new IllegalArgumentException("expected a packed 8-bit gray image");
        return ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
    }

    /** The gray image turned clockwise by {@code quarterTurns} right angles. */
    public static BufferedImage rotateQuarterTurns(BufferedImage gray, int quarterTurns) {
        int turns = Math.floorMod(quarterTurns, 4);
        if (turns == 0) return gray;
        byte[] src = pixels(gray);
        int w = gray.getWidth();
        int h = gray.getHeight();
        BufferedImage rotated = turns == 2 ? new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY)
                : new BufferedImage(h, w, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = pixels(rotated);
        if (turns == 2) {
            for (int i = 0, n = src.length; i < n; i++) dst[n - 1 - i] = src[i];
        } else if (turns == 1) {
            for (int y = 0; y < h; y++) {
                int column = h - 1 - y;
                for (int x = 0; x < w; x++) dst[x * h + column] = src[y * w + x];
            }
        } else {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) dst[(w - 1 - x) * h + y] = src[y * w + x];
            }
        }
        return rotated;
    }

    /**
     * The gray image at a new size: halved by averaging while it must shrink by more than two (so thin strokes
     * survive), then bilinear to the exact size.
     */
    public static BufferedImage resize(BufferedImage gray, int width, int height) {
        if (width < 1 || height < 1) throw new IllegalArgumentException("size must be positive: " + width + "x" + height);
        BufferedImage current = gray;
        while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height
                && current.getWidth() >= 2 && current.getHeight() >= 2) {
            current = halve(current);
        }
        if (current.getWidth() == width && current.getHeight() == height) return current;
        BufferedImage resized = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Arrays.fill(pixels(resized), (byte) 0xff);
        Graphics2D g = resized.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(current, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return resized;
    }

    private static BufferedImage halve(BufferedImage gray) {
        int w = gray.getWidth() / 2;
        int h = gray.getHeight() / 2;
        int sw = gray.getWidth();
        byte[] src = pixels(gray);
        BufferedImage half = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = pixels(half);
        for (int y = 0; y < h; y++) {
            int top = 2 * y * sw;
            int bottom = top + sw;
            for (int x = 0; x < w; x++) {
                int sum = (src[top + 2 * x] & 0xff) + (src[top + 2 * x + 1] & 0xff)
                        + (src[bottom + 2 * x] & 0xff) + (src[bottom + 2 * x + 1] & 0xff);
                dst[y * w + x] = (byte) ((sum + 2) >> 2);
            }
        }
        return half;
    }

    /** Scales by a factor (1.0 returns the same image). */
    public static BufferedImage scale(BufferedImage gray, double factorX, double factorY) {
        int width = Math.max(1, (int) Math.round(gray.getWidth() * factorX));
        int height = Math.max(1, (int) Math.round(gray.getHeight() * factorY));
        return resize(gray, width, height);
    }

    /** A 1-bit copy of a gray image: pixels darker than the middle become black. */
    public static BufferedImage toBitonal(BufferedImage gray) {
        byte[] src = pixels(gray);
        int w = gray.getWidth();
        int h = gray.getHeight();
        BufferedImage bitonal = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
        var model = (MultiPixelPackedSampleModel) bitonal.getRaster().getSampleModel();
        int stride = model.getScanlineStride();
        byte[] packed = ((DataBufferByte) bitonal.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if ((src[y * w + x] & 0xff) >= 128) packed[y * stride + (x >> 3)] |= (byte) (0x80 >> (x & 7));
            }
        }
        return bitonal;
    }

    /** PNG bytes, with the resolution recorded (pHYs) so the stored page keeps its physical size. */
    public static byte[] encodePng(BufferedImage image, int dpi) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
             ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            if (dpi > 0) setResolution(metadata, dpi);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a page image as PNG failed", e);
        } finally {
            writer.dispose();
        }
    }

    private static void setResolution(IIOMetadata metadata, int dpi) throws IIOInvalidTreeException {
        String pixelsPerMetre = Integer.toString((int) Math.round(dpi / 0.0254));
        IIOMetadataNode physical = new IIOMetadataNode("pHYs");
        physical.setAttribute("pixelsPerUnitXAxis", pixelsPerMetre);
        physical.setAttribute("pixelsPerUnitYAxis", pixelsPerMetre);
        physical.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(physical);
        metadata.mergeTree("javax_imageio_png_1.0", root);
    }

    /** A small gray PNG of the page, {@link #THUMBNAIL_WIDTH} pixels wide. */
    public static byte[] thumbnailPng(BufferedImage gray) {
        int width = Math.min(THUMBNAIL_WIDTH, gray.getWidth());
        int height = Math.max(1, (int) Math.round((double) gray.getHeight() * width / gray.getWidth()));
        return encodePng(resize(gray, width, height), 0);
    }

    /**
     * Share of pixels that are dark specks standing alone (all eight neighbours light): salt-and-pepper noise from
     * a dirty scanner glass or a bad fax line. Clean scans, print and handwriting have next to none.
     */
    public static double isolatedSpeckShare(BufferedImage gray) {
        byte[] p = pixels(gray);
        int w = gray.getWidth();
        int h = gray.getHeight();
        if (w < 3 || h < 3) return 0;
        long specks = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                if ((p[i] & 0xff) >= 128) continue;
                if ((p[i - w - 1] & 0xff) >= 128 && (p[i - w] & 0xff) >= 128 && (p[i - w + 1] & 0xff) >= 128
                        && (p[i - 1] & 0xff) >= 128 && (p[i + 1] & 0xff) >= 128
                        && (p[i + w - 1] & 0xff) >= 128 && (p[i + w] & 0xff) >= 128 && (p[i + w + 1] & 0xff) >= 128) {
                    specks++;
                }
            }
        }
        return (double) specks / ((long) w * h);
    }

    /** 3x3 median filter: removes salt-and-pepper specks and keeps strokes of two pixels and more. */
    public static BufferedImage median3x3(BufferedImage gray) {
        byte[] src = pixels(gray);
        int w = gray.getWidth();
        int h = gray.getHeight();
        BufferedImage filtered = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        byte[] dst = pixels(filtered);
        System.arraycopy(src, 0, dst, 0, src.length); // the border rows and columns stay as they are
        int[] v = new int[9];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                v[0] = src[i - w - 1] & 0xff;
                v[1] = src[i - w] & 0xff;
                v[2] = src[i - w + 1] & 0xff;
                v[3] = src[i - 1] & 0xff;
                v[4] = src[i] & 0xff;
                v[5] = src[i + 1] & 0xff;
                v[6] = src[i + w - 1] & 0xff;
                v[7] = src[i + w] & 0xff;
                v[8] = src[i + w + 1] & 0xff;
                dst[i] = (byte) medianOf9(v);
            }
        }
        return filtered;
    }

    /** Median of nine values by the classic 19-exchange network (Paeth); reorders {@code v}. */
    private static int medianOf9(int[] v) {
        sort(v, 1, 2); sort(v, 4, 5); sort(v, 7, 8); sort(v, 0, 1); sort(v, 3, 4); sort(v, 6, 7);
        sort(v, 1, 2); sort(v, 4, 5); sort(v, 7, 8); sort(v, 0, 3); sort(v, 5, 8); sort(v, 4, 7);
        sort(v, 3, 6); sort(v, 1, 4); sort(v, 2, 5); sort(v, 4, 7); sort(v, 4, 2); sort(v, 6, 4);
        sort(v, 4, 2);
        return v[4];
    }

    private static void sort(int[] v, int a, int b) {
        if (v[a] > v[b]) {
            int t = v[a];
            v[a] = v[b];
            v[b] = t;
        }
    }
}
